using System;

namespace CloudflareCni
{
    /// <summary>
    /// The Magic WAN/Transit tunnel that Cloudflare keeps for a CNI interconnect (the Magic API's cf_interconnect): its
    /// health check, interface addresses, BGP filters and return routing. The API nests the health check, BGP session
    /// and GRE part; here they are flat, settable properties, so that they filter, sort and export as columns, and
    /// Set-CfCniTunnel binds them by name.
    /// </summary>
    public sealed class CniTunnel : CfObject
    {
        /// <summary>
        /// The tunnel's id (up to 32 characters). Named TunnelId, as Get-CfCni's -TunnelId, so that a tunnel piped to
        /// Get-CfCni binds as -TunnelId (its CNIs), and never as a CNI's -Id.
        /// </summary>
        public string TunnelId { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        /// <summary>The colocation the tunnel is at (colo_name).</summary>
        public string? ColoName { get; set; }

        /// <summary>The tunnel's version, fixed at creation: "1", "1.5" or "2".</summary>
        public string? Version { get; set; }

        /// <summary>The virtual port reservation of its CNI interconnect (version 2 tunnels only): the interconnect's, without dashes.</summary>
        public string? VirtualPortReservationId { get; set; }

        /// <summary>The IPv4 interface address, A.B.C.D/N (interface_address).</summary>
        public string? InterfaceAddress { get; set; }

        /// <summary>The IPv6 interface address, a /127 (interface_address6).</summary>
        public string? InterfaceAddress6 { get; set; }

        public int? Mtu { get; set; }

        /// <summary>Whether the tunnel is health-checked (health_check.enabled).</summary>
        public bool? HealthCheckEnabled { get; set; }

        /// <summary>How often: low, mid or high (health_check.rate).</summary>
        public string? HealthCheckRate { get; set; }

        /// <summary>reply or request (health_check.type).</summary>
        public string? HealthCheckType { get; set; }

        /// <summary>The saved target of a request health check (health_check.target.saved); empty for the calculated default.</summary>
        public string? HealthCheckTarget { get; set; }

        /// <summary>The target in effect (health_check.target.effective): the saved one, or the calculated default. Read-only.</summary>
        public string? HealthCheckEffectiveTarget { get; set; }

        /// <summary>Automatic stateful return routing; true needs the account flag coupler_integration.</summary>
        public bool? AutomaticReturnRouting { get; set; }

        /// <summary>The customer's ASN of the BGP session (bgp.customer_asn).</summary>
        public long? CustomerAsn { get; set; }

        /// <summary>Prefixes advertised to the customer besides the Magic routes (bgp.extra_prefixes).</summary>
        public CfList<string>? ExtraPrefix { get; set; }

        /// <summary>The BGP session's MD5 key (bgp.md5_key). Not a secret by Cloudflare's own statement, but kept out of the default views.</summary>
        public string? Md5Key { get; set; }

        /// <summary>The BGP filter profile for the routes received from the customer (bgp.import_filter_id).</summary>
        public string? BgpImportFilterId { get; set; }

        /// <summary>The BGP filter profile for the routes advertised to the customer (bgp.export_filter_id).</summary>
        public string? BgpExportFilterId { get; set; }

        /// <summary>The Cloudflare end of an older GRE tunnel (gre.cloudflare_endpoint).</summary>
        public string? GreCloudflareEndpoint { get; set; }

        public DateTimeOffset? CreatedOn { get; set; }

        public DateTimeOffset? ModifiedOn { get; set; }

        /// <summary>The account it was read from (the Magic API names none in the tunnel): a piped tunnel binds -AccountId with it.</summary>
        public string Account { get; set; } = string.Empty;

        /// <summary>The tunnel as it was read, before any edit to this object (see <see cref="Cni.AsRead"/>).</summary>
        internal CniTunnel? AsRead { get; private set; }

        /// <summary>True when the tunnel has a BGP session (any of its fields).</summary>
        internal bool HasBgp =>
            CustomerAsn != null || ExtraPrefix != null || Md5Key != null || BgpImportFilterId != null || BgpExportFilterId != null || UnknownIn(Api.Json.TunnelJson.Names.Bgp) != null;

        public override string ToString() => TunnelId;

        /// <summary>Marks this object as freshly read: its current values become what it was read as.</summary>
        internal CniTunnel RememberAsRead()
        {
            AsRead = Copy();
            return this;
        }

        /// <summary>A copy whose fields and lists can change without touching this object.</summary>
        internal CniTunnel Copy()
        {
            var copy = (CniTunnel)MemberwiseClone();
            copy.ExtraPrefix = ExtraPrefix is null ? null : new CfList<string>(ExtraPrefix);
            copy.CopyUnknownFrom(this);
            copy.AsRead = null;
            return copy;
        }
    }

    /// <summary>
    /// How often a Magic tunnel is health-checked. The members are the API's own values, in its spelling: their text is
    /// what is sent, shown and compared.
    /// </summary>
#pragma warning disable SA1300, IDE1006 // The API's spelling, on purpose.
    public enum HealthCheckRate
    {
        low,
        mid,
        high,
    }

    /// <summary>The health check's probe: an ICMP echo reply that the customer's end routes back (reply), or an echo request to the target (request). The API's values.</summary>
    public enum HealthCheckType
    {
        reply,
        request,
    }
#pragma warning restore SA1300, IDE1006
}
