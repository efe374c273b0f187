using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Bench.Raw
{
    /// <summary>
    /// The listing baseline: what a plain HttpClient + System.Text.Json cursor loop costs when it writes each item to
    /// the PowerShell pipeline. One request at a time, one pass over each body (source-generated deserializer), no
    /// retries, no debug text, no prefetch: the floor the module's listing is compared with.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RawInterconnect")]
    [OutputType(typeof(RawInterconnect))]
    public sealed class GetRawInterconnectCommand : PSCmdlet
    {
        /// <summary>The API base, e.g. http://127.0.0.1:5000/client/v4</summary>
        [Parameter(Mandatory = true)]
        public string BaseUri { get; set; } = "";

        [Parameter(Mandatory = true)]
        public string AccountId { get; set; } = "";

        [Parameter(Mandatory = true)]
        public string Token { get; set; } = "";

        [Parameter]
        [ValidateRange(1, 100000)]
        public int PageSize { get; set; } = 100;

        protected override void EndProcessing()
        {
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            string listUri = BaseUri.TrimEnd('/') + "/accounts/" + Uri.EscapeDataString(AccountId) + "/cni/interconnects?limit=" + PageSize;
            long? cursor = null;
            do
            {
                string uri = cursor is null ? listUri : listUri + "&cursor=" + cursor.Value;
                using HttpResponseMessage response = client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                RawPage page;
                using (Stream body = response.Content.ReadAsStream())
                {
                    page = JsonSerializer.Deserialize(body, RawJsonContext.Default.RawPage)
                        ?? throw new InvalidDataException("The page was null.");
                }

                foreach (RawInterconnect item in page.Items)
                {
                    WriteObject(item);
                }

                cursor = page.Next;
            }
            while (cursor != null);
        }
    }

    public sealed class RawPage
    {
        [JsonPropertyName("items")]
        public List<RawInterconnect> Items { get; set; } = new List<RawInterconnect>();

        [JsonPropertyName("next")]
        public long? Next { get; set; }
    }

    /// <summary>Both shapes of the interconnect union in one flat class: the raw loop does not tell them apart.</summary>
    public sealed class RawInterconnect
    {
        [JsonPropertyName("account")]
        public string? Account { get; set; }

        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("speed")]
        public string? Speed { get; set; }

        [JsonPropertyName("site")]
        public string? Site { get; set; }

        [JsonPropertyName("slot_id")]
        public string? SlotId { get; set; }

        [JsonPropertyName("region")]
        public string? Region { get; set; }

        [JsonPropertyName("facility")]
        public RawFacility? Facility { get; set; }
    }

    public sealed class RawFacility
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("address")]
        public string[]? Address { get; set; }
    }

    [JsonSerializable(typeof(RawPage))]
    internal sealed partial class RawJsonContext : JsonSerializerContext
    {
    }
}
