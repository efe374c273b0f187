using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>A CNI as the API writes it; <see cref="Cni"/> is its flat, public form.</summary>
    internal sealed class CniJson : IJsonPayload
    {
        [JsonPropertyName(Names.Id)]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName(Names.Account)]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName(Names.Interconnect)]
        public string Interconnect { get; set; } = string.Empty;

        [JsonPropertyName(Names.CustomerIp)]
        public string CustomerIp { get; set; } = string.Empty;

        [JsonPropertyName(Names.CloudflareIp)]
        public string CloudflareIp { get; set; } = string.Empty;

        [JsonPropertyName(Names.Magic)]
        public MagicJson Magic { get; set; } = new MagicJson();

        [JsonPropertyName(Names.Bgp)]
        public BgpJson? Bgp { get; set; }

        /// <summary>How the BGP session exchanges routes (<see cref="BgpModes"/>); set by an update only, never by a create.</summary>
        [JsonPropertyName(Names.BgpMode)]
        public string? BgpMode { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public Cni ToModel()
        {
            if (string.IsNullOrEmpty(Id) || Magic is null)
            {
                // A CNI without its id cannot be addressed, and one without its magic part has no tunnel to show.
                throw new JsonException($"The CNI has no {(string.IsNullOrEmpty(Id) ? Names.Id : Names.Magic)}.");
            }

            var cni = new Cni
            {
                Id = Id,
                Account = Account,
                Interconnect = Interconnect,
                CustomerIp = CustomerIp,
                CloudflareIp = CloudflareIp,
                ConduitName = Magic.ConduitName,
                Description = Magic.Description ?? string.Empty,
                Mtu = Magic.Mtu,
                CustomerAsn = Bgp?.CustomerAsn,
                ExtraPrefix = Bgp is null ? null : new CfList<string>(Bgp.ExtraPrefixes ?? new List<string>()),
                Md5Key = Bgp?.Md5Key,
                BgpMode = BgpMode,
            };
            cni.KeepUnknown(CfObject.TopLevel, Unknown);
            cni.KeepUnknown(Names.Magic, Magic.Unknown);
            cni.KeepUnknown(Names.Bgp, Bgp?.Unknown);
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
            Magic = new MagicJson { ConduitName = cni.ConduitName, Description = cni.Description, Mtu = cni.Mtu, Unknown = cni.UnknownIn(Names.Magic) },
            Bgp = cni.CustomerAsn is long asn
                ? new BgpJson { CustomerAsn = asn, ExtraPrefixes = new List<string>(cni.ExtraPrefix ?? new CfList<string>()), Md5Key = cni.Md5Key, Unknown = cni.UnknownIn(Names.Bgp) }
                : null,
            BgpMode = cni.BgpMode,
            Unknown = cni.UnknownIn(CfObject.TopLevel),
        };

        internal static class Names
        {
            public const string Id = "id";
            public const string Account = "account";
            public const string Interconnect = "interconnect";
            public const string CustomerIp = "cust_ip";
            public const string CloudflareIp = "p2p_ip";
            public const string Magic = "magic";
            public const string Bgp = "bgp";
            public const string BgpMode = "bgp_mode";
        }
    }

    /// <summary>The values of a CNI's bgp_mode the published schema lists.</summary>
    internal static class BgpModes
    {
        /// <summary>Full BGP: routes are exchanged with the Magic WAN conduit.</summary>
        public const string DynamicRouteExchange = "dynamic_route_exchange";

        /// <summary>Static advertisement only: no routes are exchanged with the conduit.</summary>
        public const string AdvertiseOnly = "advertise_only";

        public static readonly string[] All = { DynamicRouteExchange, AdvertiseOnly };

        /// <summary>The API's spelling of a mode given in any case, or null when it is none.</summary>
        public static string? Canonical(string? value) =>
            value is null ? null : System.Array.Find(All, mode => string.Equals(mode, value, System.StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The Magic WAN part of a CNI.</summary>
    internal sealed class MagicJson
    {
        [JsonPropertyName(Names.ConduitName)]
        public string ConduitName { get; set; } = string.Empty;

        /// <summary>Required by the schema, and sent empty when there is none; null only when an answer says null.</summary>
        [JsonPropertyName(Names.Description)]
        public string? Description { get; set; } = string.Empty;

        [JsonPropertyName(Names.Mtu)]
        public int Mtu { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        internal static class Names
        {
            public const string ConduitName = "conduit_name";
            public const string Description = "description";
            public const string Mtu = "mtu";
        }
    }

    /// <summary>The BGP part of a CNI.</summary>
    internal sealed class BgpJson
    {
        [JsonPropertyName(Names.CustomerAsn)]
        public long CustomerAsn { get; set; }

        /// <summary>Null when the field is absent; the module reads that as no prefixes.</summary>
        [JsonPropertyName(Names.ExtraPrefixes)]
        public List<string>? ExtraPrefixes { get; set; }

        [JsonPropertyName(Names.Md5Key)]
        public string? Md5Key { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        internal static class Names
        {
            public const string CustomerAsn = "customer_asn";
            public const string ExtraPrefixes = "extra_prefixes";
            public const string Md5Key = "md5_key";
        }
    }

    /// <summary>POST /cnis body.</summary>
    internal sealed class CniNewBody
    {
        [JsonPropertyName(CniJson.Names.Account)]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName(CniJson.Names.Interconnect)]
        public string Interconnect { get; set; } = string.Empty;

        [JsonPropertyName(CniJson.Names.Magic)]
        public MagicJson Magic { get; set; } = new MagicJson();

        [JsonPropertyName(CniJson.Names.Bgp)]
        public BgpJson? Bgp { get; set; }
    }

    /// <summary>Filters of GET /cnis.</summary>
    internal sealed class CniListParams
    {
        public string? Slot { get; set; }

        public string? TunnelId { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param(Names.Slot, Slot),
            CfRequest.Param(Names.TunnelId, TunnelId),
        };

        internal static class Names
        {
            public const string Slot = "slot";
            public const string TunnelId = "tunnel_id";
        }
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = CfJson.Ignore, NumberHandling = CfJson.Numbers)]
    [JsonSerializable(typeof(CniJson))]
    [JsonSerializable(typeof(ListResponse<CniJson>))]
    [JsonSerializable(typeof(CniNewBody))]
    internal sealed partial class CniJsonContext : JsonSerializerContext
    {
    }
}
