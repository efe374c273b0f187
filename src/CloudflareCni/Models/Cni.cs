namespace CloudflareCni
{
    /// <summary>
    /// A Cloudflare Network Interconnect: a Magic WAN tunnel over an interconnect, with an optional BGP session. The
    /// API nests the tunnel's fields under "magic" and the session's under "bgp"; here they are flat, settable
    /// properties, so that they filter, sort and export as columns, and Set-CfCni binds them by name.
    /// </summary>
    public sealed class Cni : CfObject
    {
        public string Id { get; set; } = string.Empty;

        /// <summary>The interconnect hosting this CNI.</summary>
        public string Interconnect { get; set; } = string.Empty;

        /// <summary>The tunnel's name (magic.conduit_name).</summary>
        public string ConduitName { get; set; } = string.Empty;

        /// <summary>magic.description.</summary>
        public string Description { get; set; } = string.Empty;

        /// <summary>magic.mtu.</summary>
        public int Mtu { get; set; }

        /// <summary>Customer end of the point-to-point link (A.B.C.D/N), inside the prefix of <see cref="CloudflareIp"/>.</summary>
        public string CustomerIp { get; set; } = string.Empty;

        /// <summary>Cloudflare end of the point-to-point link (A.B.C.D/N); the API calls it p2p_ip.</summary>
        public string CloudflareIp { get; set; } = string.Empty;

        /// <summary>The customer's ASN of the BGP session (bgp.customer_asn); null when the CNI has no BGP session.</summary>
        public long? CustomerAsn { get; set; }

        /// <summary>Static prefixes advertised to the customer's end of the BGP session (bgp.extra_prefixes).</summary>
        public CfList<string>? ExtraPrefix { get; set; }

        /// <summary>The BGP session's MD5 key (bgp.md5_key). Not a secret by Cloudflare's own statement, but kept out of the default views.</summary>
        public string? Md5Key { get; set; }

        /// <summary>
        /// How the BGP session exchanges routes (bgp_mode): dynamic_route_exchange (full BGP) or advertise_only (static
        /// advertisement, no routes from the conduit), or a mode added to the API later, as it came; null when the API
        /// sends none. Set-CfCni -BgpMode changes it; a create cannot set it.
        /// </summary>
        public string? BgpMode { get; set; }

        public string Account { get; set; } = string.Empty;

        /// <summary>
        /// The CNI as it was read, before any edit to this object: Set-CfCni compares with it to tell the fields a user
        /// changed on a piped CNI from the ones that are merely old.
        /// </summary>
        internal Cni? AsRead { get; private set; }

        public override string ToString() => Id;

        /// <summary>Marks this object as freshly read: its current values become what it was read as.</summary>
        internal Cni RememberAsRead()
        {
            AsRead = Copy();
            return this;
        }

        /// <summary>A copy whose fields and lists can change without touching this object.</summary>
        internal Cni Copy()
        {
            var copy = (Cni)MemberwiseClone();
            copy.ExtraPrefix = ExtraPrefix is null ? null : new CfList<string>(ExtraPrefix);
            copy.CopyUnknownFrom(this);
            copy.AsRead = null;
            return copy;
        }
    }
}
