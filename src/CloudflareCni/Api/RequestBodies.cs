using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>POST /interconnects body for a physical interconnect.</summary>
    internal sealed class InterconnectNewPhysicalBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("slot_id")]
        public string SlotId { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("speed")]
        public string? Speed { get; set; }
    }

    /// <summary>POST /interconnects body for a GCP partner interconnect.</summary>
    internal sealed class InterconnectNewGcpPartnerBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("bandwidth")]
        public string Bandwidth { get; set; } = string.Empty;

        [JsonPropertyName("pairing_key")]
        public string PairingKey { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;
    }

    /// <summary>POST /cnis body.</summary>
    internal sealed class CniNewBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("interconnect")]
        public string Interconnect { get; set; } = string.Empty;

        [JsonPropertyName("magic")]
        public CniMagic Magic { get; set; } = new CniMagic();

        [JsonPropertyName("bgp")]
        public CniBgp? Bgp { get; set; }
    }

    /// <summary>PUT /settings body.</summary>
    internal sealed class CniSettingsUpdateBody
    {
        [JsonPropertyName("default_asn")]
        public long DefaultAsn { get; set; }
    }
}
