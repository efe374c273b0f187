namespace CloudflareCni
{
    /// <summary>A port at a Cloudflare site that a physical interconnect can occupy.</summary>
    public sealed class CniSlot : CfObject
    {
        public string Id { get; set; } = string.Empty;

        public string Site { get; set; } = string.Empty;

        public string Speed { get; set; } = string.Empty;

        public bool Occupied { get; set; }

        /// <summary>The colocation facility (facility.name).</summary>
        public string FacilityName { get; set; } = string.Empty;

        /// <summary>The facility's address lines (facility.address).</summary>
        public CfList<string> FacilityAddress { get; set; } = new CfList<string>();

        /// <summary>
        /// The account that occupies the slot, when the API says (the API's "account"). Not named Account, because a
        /// piped object's Account binds -AccountId, and a slot occupied by another customer belongs to nobody's account here.
        /// </summary>
        public string? OccupiedBy { get; set; }

        /// <summary>The Cloudflare router the slot's port is on (ccr_device_name), when the API says.</summary>
        public string? CcrDeviceName { get; set; }

        public override string ToString() => Id;
    }
}
