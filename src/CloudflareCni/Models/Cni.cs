using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>A Cloudflare Network Interconnect: a Magic WAN tunnel over an interconnect, with optional BGP.</summary>
    public sealed class Cni : CfObject
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        /// <summary>The interconnect hosting this CNI.</summary>
        [JsonPropertyName("interconnect")]
        public string Interconnect { get; set; } = string.Empty;

        /// <summary>Customer end of the point-to-point link (A.B.C.D/N), inside the prefix of <see cref="CloudflareIp"/>.</summary>
        [JsonPropertyName("cust_ip")]
        public string CustomerIp { get; set; } = string.Empty;

        /// <summary>Cloudflare end of the point-to-point link (A.B.C.D/N); the API calls it p2p_ip.</summary>
        [JsonPropertyName("p2p_ip")]
        public string CloudflareIp { get; set; } = string.Empty;

        [JsonPropertyName("magic")]
        public CniMagic Magic { get; set; } = new CniMagic();

        [JsonPropertyName("bgp")]
        public CniBgp? Bgp { get; set; }

        internal override IEnumerable<CfObject> NestedObjects =>
            Bgp is null ? new CfObject[] { Magic } : new CfObject[] { Magic, Bgp };

        public override string ToString() => Id;
    }

    /// <summary>The Magic WAN side of a CNI.</summary>
    public sealed class CniMagic : CfObject
    {
        [JsonPropertyName("conduit_name")]
        public string ConduitName { get; set; } = string.Empty;

        [JsonPropertyName("description")]
        public string Description { get; set; } = string.Empty;

        [JsonPropertyName("mtu")]
        public int Mtu { get; set; }

        public override string ToString() => ConduitName;
    }

    /// <summary>The BGP session of a CNI.</summary>
    public sealed class CniBgp : CfObject
    {
        /// <summary>The customer's ASN; 4-byte ASNs up to 4294967295 are accepted.</summary>
        [JsonPropertyName("customer_asn")]
        public long CustomerAsn { get; set; }

        [JsonPropertyName("extra_prefixes")]
        public string[] ExtraPrefixes { get; set; } = new string[0];

        /// <summary>Not a secret by Cloudflare's own statement, but kept out of the default views.</summary>
        [JsonPropertyName("md5_key")]
        public string? Md5Key { get; set; }

        public override string ToString() => "AS" + CustomerAsn;
    }
}
