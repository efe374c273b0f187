using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>A list response: one page of items and the cursor of the next page, absent or null on the last.</summary>
    internal sealed class CfList<T>
    {
        [JsonPropertyName("items")]
        public List<T> Items { get; set; } = new List<T>();

        [JsonPropertyName("next")]
        public long? Next { get; set; }
    }
}
