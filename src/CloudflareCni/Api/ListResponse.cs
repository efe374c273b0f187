using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>A list response: one page of items and the cursor of the next page, absent or null on the last.</summary>
    internal sealed class ListResponse<T> : IJsonOnDeserialized
    {
        // Required: a page without its items array is a shape the module does not know, not an empty page.
        [JsonPropertyName("items")]
        [JsonRequired]
        public List<T> Items { get; set; } = new List<T>();

        [JsonPropertyName("next")]
        public long? Next { get; set; }

        void IJsonOnDeserialized.OnDeserialized()
        {
            // JsonRequired catches a missing array; an explicit null arrives here.
            if (Items is null)
            {
                throw new JsonException("The list response has no items array.");
            }
        }
    }
}
