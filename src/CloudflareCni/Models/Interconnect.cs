namespace CloudflareCni
{
    /// <summary>How an interconnect reaches Cloudflare. Told apart by the fields the API returns, not by its free-form type.</summary>
    public enum InterconnectKind
    {
        Physical,
        GcpPartner,
    }

    /// <summary>
    /// An interconnect: a physical cross-connect on a slot, or a Google Cloud partner interconnect. Both kinds carry the
    /// same properties, null where a field does not apply, so that a mixed listing keeps every column in a CSV file.
    /// </summary>
    public abstract class Interconnect : CfObject
    {
        private protected Interconnect(InterconnectKind kind)
        {
            Kind = kind;
        }

        public string Name { get; set; } = string.Empty;

        public InterconnectKind Kind { get; }

        /// <summary>The free-form type the interconnect was created with.</summary>
        public string Type { get; set; } = string.Empty;

        /// <summary>Where it is: the facility's name for a physical interconnect, the Google Cloud region for a partner one.</summary>
        public string? Location => Kind == InterconnectKind.Physical ? FacilityName : Region;

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

        public string? Owner { get; set; }

        public string Account { get; set; } = string.Empty;

        public override string ToString() => Name;
    }

    /// <summary>A physical interconnect: a cross-connect into a Cloudflare slot at a facility.</summary>
    public sealed class PhysicalInterconnect : Interconnect
    {
        public PhysicalInterconnect()
            : base(InterconnectKind.Physical)
        {
        }
    }

    /// <summary>A Google Cloud Platform partner interconnect.</summary>
    public sealed class GcpPartnerInterconnect : Interconnect
    {
        public GcpPartnerInterconnect()
            : base(InterconnectKind.GcpPartner)
        {
        }
    }
}
