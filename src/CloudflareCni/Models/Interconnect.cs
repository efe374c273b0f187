namespace CloudflareCni
{
    /// <summary>
    /// The kinds of interconnect this version of the module knows; <see cref="Interconnect.Kind"/> is one of their names,
    /// as text. Other is an interconnect of a kind Cloudflare added after this version (its Type says which).
    /// </summary>
    public enum InterconnectKind
    {
        Physical,
        GcpPartner,
        Other,
    }

    /// <summary>The names of <see cref="InterconnectKind"/>, as <see cref="Interconnect.Kind"/> holds them.</summary>
    internal static class InterconnectKinds
    {
        public const string Physical = nameof(InterconnectKind.Physical);
        public const string GcpPartner = nameof(InterconnectKind.GcpPartner);
        public const string Other = nameof(InterconnectKind.Other);
    }

    /// <summary>
    /// An interconnect: a physical cross-connect on a slot, a Google Cloud partner interconnect, or one of a kind this
    /// version of the module does not know. Every kind carries the same properties, null where a field does not apply,
    /// so that a mixed listing keeps every column in a CSV file; fields the module does not model are kept as well.
    /// </summary>
    public abstract class Interconnect : CfObject
    {
        private protected Interconnect(string kind)
        {
            Kind = kind;
        }

        public string Name { get; set; } = string.Empty;

        /// <summary>
        /// Physical, GcpPartner or Other (see <see cref="InterconnectKind"/>): from the published type (direct,
        /// gcp_partner), else from the fields the API sent. Text, so that it reads the same in JSON and CSV.
        /// </summary>
        public string Kind { get; }

        /// <summary>The type as the API wrote it: direct or gcp_partner as Cloudflare publishes them, or another it added.</summary>
        public string Type { get; set; } = string.Empty;

        /// <summary>Where it is: the facility's name for a physical interconnect, the Google Cloud region for a partner one.</summary>
        public string? Location => FacilityName ?? Region;

        /// <summary>The speed as the API wrote it (such as 10G or 500M), whatever new speeds it adds.</summary>
        public string? Speed { get; set; }

        /// <summary>The Cloudflare site of a physical interconnect.</summary>
        public string? Site { get; set; }

        /// <summary>The slot a physical interconnect occupies.</summary>
        public string? SlotId { get; set; }

        /// <summary>The colocation facility of a physical interconnect (facility.name).</summary>
        public string? FacilityName { get; set; }

        /// <summary>The facility's address lines (facility.address).</summary>
        public CfList<string>? FacilityAddress { get; set; }

        /// <summary>The Google Cloud region of a partner interconnect.</summary>
        public string? Region { get; set; }

        /// <summary>The reservation of the virtual port (virtual_port_reservation_id, a UUID), which the API gives both kinds.</summary>
        public string? VirtualPortReservationId { get; set; }

        /// <summary>The Cloudflare router the port of a physical interconnect is on (ccr_device_name).</summary>
        public string? CcrDeviceName { get; set; }

        public string? Owner { get; set; }

        public string Account { get; set; } = string.Empty;

        /// <summary>True when the interconnect is of the given kind.</summary>
        public bool Is(InterconnectKind kind) => string.Equals(Kind, kind.ToString(), System.StringComparison.Ordinal);

        public override string ToString() => Name;
    }

    /// <summary>A physical interconnect: a cross-connect into a Cloudflare slot at a facility (type direct).</summary>
    public sealed class PhysicalInterconnect : Interconnect
    {
        public PhysicalInterconnect()
            : base(InterconnectKinds.Physical)
        {
        }
    }

    /// <summary>A Google Cloud Platform partner interconnect (type gcp_partner).</summary>
    public sealed class GcpPartnerInterconnect : Interconnect
    {
        public GcpPartnerInterconnect()
            : base(InterconnectKinds.GcpPartner)
        {
        }
    }

    /// <summary>
    /// An interconnect of a kind this version of the module does not know (another cloud's partner interconnect, say):
    /// its <see cref="Interconnect.Type"/> and all its fields are kept, and it is listed, shown, exported and acted on by
    /// name like the others.
    /// </summary>
    public sealed class OtherInterconnect : Interconnect
    {
        public OtherInterconnect()
            : base(InterconnectKinds.Other)
        {
        }
    }
}
