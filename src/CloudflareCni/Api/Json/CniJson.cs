using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudflareCni.Api;

namespace CloudflareCni.Api.Json
{
    /// <summary>A CNI as the API writes it; <see cref="Cni"/> is its flat, public form.</summary>
    internal sealed class CniJson : IJsonPayload
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("interconnect")]
        public string Interconnect { get; set; } = string.Empty;

        [JsonPropertyName("cust_ip")]
        public string CustomerIp { get; set; } = string.Empty;

        [JsonPropertyName("p2p_ip")]
        public string CloudflareIp { get; set; } = string.Empty;

        [JsonPropertyName("magic")]
        public MagicJson Magic { get; set; } = new MagicJson();

        [JsonPropertyName("bgp")]
        public BgpJson? Bgp { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public Cni ToModel()
        {
            var cni = new Cni
            {
                Id = Id,
                Account = Account,
                Interconnect = Interconnect,
                CustomerIp = CustomerIp,
                CloudflareIp = CloudflareIp,
                ConduitName = Magic.ConduitName,
                Description = Magic.Description,
                Mtu = Magic.Mtu,
                CustomerAsn = Bgp?.CustomerAsn,
                ExtraPrefix = Bgp is null ? null : new CfList<string>(Bgp.ExtraPrefixes ?? new List<string>()),
                Md5Key = Bgp?.Md5Key,
            };
            cni.KeepUnknown(CfObject.TopLevel, Unknown);
            cni.KeepUnknown(MagicJson.Part, Magic.Unknown);
            cni.KeepUnknown(BgpJson.Part, Bgp?.Unknown);
            return cni.RememberAsRead();
        }

        /// <summary>The whole CNI, unknown fields included, as a PUT replaces it.</summary>
        public static CniJson From(Cni cni) => new CniJson
        {
            Id = cni.Id,
            Account = cni.Account,
            Interconnect = cni.Interconnect,
            CustomerIp = cni.CustomerIp,
            CloudflareIp = cni.CloudflareIp,
            Magic = new MagicJson { ConduitName = cni.ConduitName, Description = cni.Description, Mtu = cni.Mtu, Unknown = cni.UnknownIn(MagicJson.Part) },
            Bgp = cni.CustomerAsn is long asn
                ? new BgpJson { CustomerAsn = asn, ExtraPrefixes = new List<string>(cni.ExtraPrefix ?? new CfList<string>()), Md5Key = cni.Md5Key, Unknown = cni.UnknownIn(BgpJson.Part) }
                : null,
            Unknown = cni.UnknownIn(CfObject.TopLevel),
        };
    }

    /// <summary>The Magic WAN part of a CNI.</summary>
    internal sealed class MagicJson
    {
        public const string Part = "magic";

        [JsonPropertyName("conduit_name")]
        public string ConduitName { get; set; } = string.Empty;

        [JsonPropertyName("description")]
        public string Description { get; set; } = string.Empty;

        [JsonPropertyName("mtu")]
        public int Mtu { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    /// <summary>The BGP part of a CNI.</summary>
    internal sealed class BgpJson
    {
        public const string Part = "bgp";

        [JsonPropertyName("customer_asn")]
        public long CustomerAsn { get; set; }

        [JsonPropertyName("extra_prefixes")]
        public List<string>? ExtraPrefixes { get; set; } = new List<string>();

        [JsonPropertyName("md5_key")]
        public string? Md5Key { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    /// <summary>POST /cnis body.</summary>
    internal sealed class CniNewBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("interconnect")]
        public string Interconnect { get; set; } = string.Empty;

        [JsonPropertyName("magic")]
        public MagicJson Magic { get; set; } = new MagicJson();

        [JsonPropertyName("bgp")]
        public BgpJson? Bgp { get; set; }
    }
}
