using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudflareCni.Api;

namespace CloudflareCni
{
    /// <summary>How an interconnect reaches Cloudflare. Told apart by the fields the API returns, not by its free-form type.</summary>
    public enum InterconnectKind
    {
        Physical,
        GcpPartner,
    }

    /// <summary>An interconnect: either a physical cross-connect on a slot, or a Google Cloud partner interconnect.</summary>
    [JsonConverter(typeof(InterconnectJsonConverter))]
    public abstract class Interconnect : CfObject
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;

        [JsonIgnore]
        public abstract InterconnectKind Kind { get; }

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("owner")]
        public string? Owner { get; set; }

        [JsonPropertyName("speed")]
        public string? Speed { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A physical interconnect: a cross-connect into a Cloudflare slot at a facility.</summary>
    public sealed class PhysicalInterconnect : Interconnect
    {
        public override InterconnectKind Kind => InterconnectKind.Physical;

        [JsonPropertyName("site")]
        public string Site { get; set; } = string.Empty;

        [JsonPropertyName("slot_id")]
        public string SlotId { get; set; } = string.Empty;

        [JsonPropertyName("facility")]
        public Facility Facility { get; set; } = new Facility();

        internal override IEnumerable<CfObject> NestedObjects => new CfObject[] { Facility };
    }

    /// <summary>A Google Cloud Platform partner interconnect.</summary>
    public sealed class GcpPartnerInterconnect : Interconnect
    {
        public override InterconnectKind Kind => InterconnectKind.GcpPartner;

        [JsonPropertyName("region")]
        public string Region { get; set; } = string.Empty;
    }
}
