using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>A port at a Cloudflare site that a physical interconnect can occupy.</summary>
    public sealed class CniSlot : CfObject
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName("site")]
        public string Site { get; set; } = string.Empty;

        [JsonPropertyName("speed")]
        public string Speed { get; set; } = string.Empty;

        [JsonPropertyName("occupied")]
        public bool Occupied { get; set; }

        [JsonPropertyName("facility")]
        public Facility Facility { get; set; } = new Facility();

        [JsonPropertyName("account")]
        public string? Account { get; set; }

        internal override IEnumerable<CfObject> NestedObjects => new CfObject[] { Facility };

        public override string ToString() => Id;
    }
}
