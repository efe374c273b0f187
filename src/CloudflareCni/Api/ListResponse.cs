using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>A JSON payload that keeps the fields it does not model, so that the reader can tell a v4 envelope from a bare object.</summary>
    internal interface IJsonPayload
    {
        Dictionary<string, JsonElement>? Unknown { get; }
    }

    /// <summary>A list response as the API writes it: one page of items and the cursor of the next page, absent or null on the last.</summary>
    internal sealed class ListResponse<T> : IJsonPayload
    {
        [JsonPropertyName("items")]
        public List<T>? Items { get; set; }

        [JsonPropertyName("next")]
        public long? Next { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }
}
