using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>
    /// The Magic tunnel behind a CNI interconnect, as the Magic API writes it (<c>/magic/cf_interconnects</c>, which the
    /// Magic API calls an interconnect); <see cref="CniTunnel"/> is its flat, public form.
    /// </summary>
    internal sealed class TunnelJson
    {
        [JsonPropertyName(Names.Id)]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName(Names.Name)]
        public string? Name { get; set; }

        [JsonPropertyName(Names.Description)]
        public string? Description { get; set; }

        [JsonPropertyName(Names.ColoName)]
        public string? ColoName { get; set; }

        [JsonPropertyName(Names.Version)]
        public string? Version { get; set; }

        [JsonPropertyName(Names.VirtualPortReservationId)]
        public string? VirtualPortReservationId { get; set; }

        [JsonPropertyName(Names.InterfaceAddress)]
        public string? InterfaceAddress { get; set; }

        [JsonPropertyName(Names.InterfaceAddress6)]
        public string? InterfaceAddress6 { get; set; }

        /// <summary>An integer without a bound in the schema (its text says at least 576).</summary>
        [JsonPropertyName(Names.Mtu)]
        public long? Mtu { get; set; }

        [JsonPropertyName(Names.HealthCheck)]
        public HealthCheckJson? HealthCheck { get; set; }

        [JsonPropertyName(Names.AutomaticReturnRouting)]
        public bool? AutomaticReturnRouting { get; set; }

        [JsonPropertyName(Names.Bgp)]
        public TunnelBgpJson? Bgp { get; set; }

        [JsonPropertyName(Names.Gre)]
        public GreJson? Gre { get; set; }

        [JsonPropertyName(Names.CreatedOn)]
        public string? CreatedOn { get; set; }

        [JsonPropertyName(Names.ModifiedOn)]
        public string? ModifiedOn { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        /// <summary>The tunnel as the module shows it; the Magic API names no account in it, so the one it was read from is given.</summary>
        public CniTunnel ToModel(string account)
        {
            if (string.IsNullOrEmpty(Id))
            {
                throw new JsonException($"The interconnect tunnel has no {Names.Id}.");
            }

            HealthCheckTargetJson? target = HealthCheckTargetJson.Read(HealthCheck?.Target);
            var tunnel = new CniTunnel
            {
                TunnelId = Id,
                Name = Name ?? string.Empty,
                Description = Description,
                ColoName = ColoName,
                Version = Version,
                VirtualPortReservationId = VirtualPortReservationId,
                InterfaceAddress = InterfaceAddress,
                InterfaceAddress6 = InterfaceAddress6,
                Mtu = Mtu is long mtu ? (mtu >= int.MinValue && mtu <= int.MaxValue ? (int)mtu : throw new JsonException($"The {Names.Mtu} {mtu} is out of range.")) : (int?)null,
                HealthCheckEnabled = HealthCheck?.Enabled,
                HealthCheckRate = HealthCheck?.Rate,
                HealthCheckType = HealthCheck?.Type,
                HealthCheckTarget = target?.Saved,
                HealthCheckEffectiveTarget = target?.Effective,
                AutomaticReturnRouting = AutomaticReturnRouting,
                CustomerAsn = Bgp?.CustomerAsn,
                ExtraPrefix = Bgp?.ExtraPrefixes is null ? null : new CfList<string>(Bgp.ExtraPrefixes),
                Md5Key = Bgp?.Md5Key,
                BgpImportFilterId = Bgp?.ImportFilterId,
                BgpExportFilterId = Bgp?.ExportFilterId,
                GreCloudflareEndpoint = Gre?.CloudflareEndpoint,
                CreatedOn = Date(CreatedOn),
                ModifiedOn = Date(ModifiedOn),
                Account = account,
            };
            tunnel.KeepUnknown(CfObject.TopLevel, Unknown);
            tunnel.KeepUnknown(Names.HealthCheck, HealthCheck?.Unknown);
            tunnel.KeepUnknown(Names.Bgp, Bgp?.Unknown);
            tunnel.KeepUnknown(Names.Gre, Gre?.Unknown);
            return tunnel.RememberAsRead();
        }

        /// <summary>
        /// The tunnel's fields as the model holds them (with any edits), the fields it does not model included, and the
        /// health check's target in the object form the module asks for (only what was saved: the effective target is
        /// the server's). Two of these, before and after the edits, give the change (<see cref="TunnelUpdateBody.Changes"/>).
        /// </summary>
        public static TunnelJson From(CniTunnel tunnel)
        {
            var healthCheck = new HealthCheckJson
            {
                Enabled = tunnel.HealthCheckEnabled,
                Rate = tunnel.HealthCheckRate,
                Type = tunnel.HealthCheckType,
                Target = tunnel.HealthCheckTarget is null ? (JsonElement?)null : HealthCheckTargetJson.Write(new HealthCheckTargetJson { Saved = tunnel.HealthCheckTarget }),
                Unknown = tunnel.UnknownIn(Names.HealthCheck),
            };
            var bgp = new TunnelBgpJson
            {
                CustomerAsn = tunnel.CustomerAsn,
                ExtraPrefixes = tunnel.ExtraPrefix is null ? null : new List<string>(tunnel.ExtraPrefix),
                Md5Key = tunnel.Md5Key,
                ImportFilterId = tunnel.BgpImportFilterId,
                ExportFilterId = tunnel.BgpExportFilterId,
                Unknown = tunnel.UnknownIn(Names.Bgp),
            };
            var gre = new GreJson { CloudflareEndpoint = tunnel.GreCloudflareEndpoint, Unknown = tunnel.UnknownIn(Names.Gre) };
            return new TunnelJson
            {
                Id = tunnel.TunnelId,
                Name = tunnel.Name,
                Description = tunnel.Description,
                ColoName = tunnel.ColoName,
                Version = tunnel.Version,
                VirtualPortReservationId = tunnel.VirtualPortReservationId,
                InterfaceAddress = tunnel.InterfaceAddress,
                InterfaceAddress6 = tunnel.InterfaceAddress6,
                Mtu = tunnel.Mtu,
                HealthCheck = healthCheck.Enabled is null && healthCheck.Rate is null && healthCheck.Type is null && healthCheck.Target is null && healthCheck.Unknown is null ? null : healthCheck,
                AutomaticReturnRouting = tunnel.AutomaticReturnRouting,
                Bgp = tunnel.HasBgp ? bgp : null,
                Gre = gre.CloudflareEndpoint is null && gre.Unknown is null ? null : gre,
                Unknown = tunnel.UnknownIn(CfObject.TopLevel),
            };
        }

        /// <summary>A shallow copy with another BGP session.</summary>
        public TunnelJson WithBgp(TunnelBgpJson? bgp)
        {
            var copy = (TunnelJson)MemberwiseClone();
            copy.Bgp = bgp;
            return copy;
        }

        private static DateTimeOffset? Date(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date) ? date : (DateTimeOffset?)null;

        /// <summary>The API's names of the fields, each written once.</summary>
        internal static class Names
        {
            public const string Id = "id";
            public const string Name = "name";
            public const string Description = "description";
            public const string ColoName = "colo_name";
            public const string Version = "version";
            public const string VirtualPortReservationId = "virtual_port_reservation_id";
            public const string InterfaceAddress = "interface_address";
            public const string InterfaceAddress6 = "interface_address6";
            public const string Mtu = "mtu";
            public const string HealthCheck = "health_check";
            public const string AutomaticReturnRouting = "automatic_return_routing";
            public const string Bgp = "bgp";
            public const string Gre = "gre";
            public const string CreatedOn = "created_on";
            public const string ModifiedOn = "modified_on";
        }
    }

    /// <summary>A tunnel's health check.</summary>
    internal sealed class HealthCheckJson
    {
        [JsonPropertyName(Names.Enabled)]
        public bool? Enabled { get; set; }

        [JsonPropertyName(Names.Rate)]
        public string? Rate { get; set; }

        [JsonPropertyName(Names.Type)]
        public string? Type { get; set; }

        /// <summary>
        /// One of two forms, which the <see cref="TunnelHeaders.ObjectTarget"/> header chooses: an object (<see cref="HealthCheckTargetJson"/>), or
        /// the older plain text. Kept as JSON, and read with <see cref="HealthCheckTargetJson.Read"/>.
        /// </summary>
        [JsonPropertyName(Names.Target)]
        public JsonElement? Target { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        internal static class Names
        {
            public const string Enabled = "enabled";
            public const string Rate = "rate";
            public const string Type = "type";
            public const string Target = "target";
        }

        /// <summary>The values the API takes for rate and type.</summary>
        internal static class Values
        {
            public static readonly string[] Rates = { "low", "mid", "high" };

            public static readonly string[] Types = { "reply", "request" };
        }
    }

    /// <summary>The health check's target in its object form: what was saved (empty for the calculated default), and what is in effect.</summary>
    internal sealed class HealthCheckTargetJson
    {
        /// <summary>Read-only: the API ignores it in a change.</summary>
        [JsonPropertyName(Names.Effective)]
        public string? Effective { get; set; }

        [JsonPropertyName(Names.Saved)]
        public string? Saved { get; set; }

        /// <summary>The target in either form: the older plain text is the saved target, with no effective one known.</summary>
        public static HealthCheckTargetJson? Read(JsonElement? target)
        {
            switch (target?.ValueKind)
            {
                case null:
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                case JsonValueKind.String:
                    return new HealthCheckTargetJson { Saved = target.Value.GetString() };
                case JsonValueKind.Object:
                    return target.Value.Deserialize(TunnelJsonContext.Default.HealthCheckTargetJson);
                default:
                    throw new JsonException($"The health check's {HealthCheckJson.Names.Target} is neither text nor an object.");
            }
        }

        public static JsonElement Write(HealthCheckTargetJson target) => JsonSerializer.SerializeToElement(target, TunnelJsonContext.Default.HealthCheckTargetJson);

        internal static class Names
        {
            public const string Effective = "effective";
            public const string Saved = "saved";
        }
    }

    /// <summary>A tunnel's BGP session.</summary>
    internal sealed class TunnelBgpJson
    {
        [JsonPropertyName(Names.CustomerAsn)]
        public long? CustomerAsn { get; set; }

        [JsonPropertyName(Names.ExtraPrefixes)]
        public List<string>? ExtraPrefixes { get; set; }

        /// <summary>Not nullable in the API: absent, or a key.</summary>
        [JsonPropertyName(Names.Md5Key)]
        public string? Md5Key { get; set; }

        [JsonPropertyName(Names.ImportFilterId)]
        public string? ImportFilterId { get; set; }

        [JsonPropertyName(Names.ExportFilterId)]
        public string? ExportFilterId { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        /// <summary>
        /// The deprecated fields of this session that a change never sends, each with why: the endpoints are read-only
        /// (derived from interface_address), and as_no only restates customer_asn, so a stale one beside it could undo a
        /// change of customer_asn (without customer_asn, as_no is the session's only ASN, and is sent).
        /// </summary>
        public IEnumerable<(string Field, string Why)> NotSent()
        {
            yield return (Names.CloudflareEndpoint, "read-only, derived from interface_address");
            yield return (Names.CustomerEndpoint, "read-only, derived from interface_address");
            if (CustomerAsn != null)
            {
                yield return (Names.AsNo, "deprecated, and customer_asn is sent");
            }
        }

        /// <summary>A copy without these fields.</summary>
        public TunnelBgpJson Without(IEnumerable<string> fields)
        {
            var copy = (TunnelBgpJson)MemberwiseClone();
            copy.Unknown = Unknown?.Where(field => !fields.Contains(field.Key, StringComparer.Ordinal)).ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);
            copy.Unknown = copy.Unknown?.Count > 0 ? copy.Unknown : null;
            return copy;
        }

        /// <summary>The value of an unmodelled field, null when absent.</summary>
        public JsonElement? UnknownField(string field) => Unknown != null && Unknown.TryGetValue(field, out JsonElement value) ? value : (JsonElement?)null;

        internal static class Names
        {
            public const string AsNo = "as_no";
            public const string CloudflareEndpoint = "cloudflare_endpoint";
            public const string CustomerEndpoint = "customer_endpoint";
            public const string CustomerAsn = BgpJson.Names.CustomerAsn;
            public const string ExtraPrefixes = BgpJson.Names.ExtraPrefixes;
            public const string Md5Key = BgpJson.Names.Md5Key;
            public const string ImportFilterId = "import_filter_id";
            public const string ExportFilterId = "export_filter_id";

            /// <summary>Deprecated fields of the schema (as_no for customer_asn; the endpoints, read-only, derived from interface_address), kept unmodelled (see <see cref="NotSent"/>).</summary>
            public static readonly string[] Deprecated = { AsNo, CloudflareEndpoint, CustomerEndpoint };

            public static readonly string[] All = new[] { CustomerAsn, ExtraPrefixes, Md5Key, ImportFilterId, ExportFilterId }.Concat(Deprecated).ToArray();
        }
    }

    /// <summary>The GRE part of an older tunnel.</summary>
    internal sealed class GreJson
    {
        [JsonPropertyName(Names.CloudflareEndpoint)]
        public string? CloudflareEndpoint { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        internal static class Names
        {
            public const string CloudflareEndpoint = "cloudflare_endpoint";
        }
    }

    /// <summary>
    /// The result of GET /magic/cf_interconnects: every tunnel, in one answer (no paging), read as a listing's page is
    /// (<see cref="ResponseReader.ReadPage"/>): a tunnel the module cannot read never fails the others.
    /// </summary>
    internal sealed class TunnelsResult : IListPayload<TunnelJson>
    {
        [JsonPropertyName(Names.Interconnects)]
        public List<TunnelJson>? Interconnects { get; set; }

        List<TunnelJson>? IListPayload<TunnelJson>.Items => Interconnects;

        long? IListPayload<TunnelJson>.Next => null;

        internal static class Names
        {
            public const string Interconnects = "interconnects";
        }
    }

    /// <summary>The result of GET /magic/cf_interconnects/{id}.</summary>
    internal sealed class TunnelResult
    {
        [JsonPropertyName(Names.Interconnect)]
        public TunnelJson? Interconnect { get; set; }

        public CniTunnel ToModel(string account) => (Interconnect ?? throw new JsonException($"The result has no {Names.Interconnect}.")).ToModel(account);

        internal static class Names
        {
            public const string Interconnect = "interconnect";
        }
    }

    /// <summary>The result of PUT /magic/cf_interconnects/{id}: the tunnel as it is after the change (or would be, when only validated).</summary>
    internal sealed class TunnelModifiedResult
    {
        [JsonPropertyName(Names.Modified)]
        public bool? Modified { get; set; }

        [JsonPropertyName(Names.ModifiedInterconnect)]
        public TunnelJson? ModifiedInterconnect { get; set; }

        public CniTunnel ToModel(string account) => (ModifiedInterconnect ?? throw new JsonException($"The result has no {Names.ModifiedInterconnect}.")).ToModel(account);

        internal static class Names
        {
            public const string Modified = "modified";
            public const string ModifiedInterconnect = "modified_interconnect";
        }
    }

    /// <summary>
    /// PUT /magic/cf_interconnects/{id} body: the fields of the update request that a change touches, each whole (a
    /// nested object such as the health check with every field it has), and no others, so that a field nobody changed
    /// is never sent, and so never reverts someone else's change.
    /// </summary>
    internal sealed class TunnelUpdateBody
    {
        /// <summary>The fields of the update request this body carries: the update request's own, as the tunnel names them.</summary>
        public static readonly string[] Fields =
        {
            TunnelJson.Names.AutomaticReturnRouting, TunnelJson.Names.Bgp, TunnelJson.Names.HealthCheck,
            TunnelJson.Names.InterfaceAddress, TunnelJson.Names.InterfaceAddress6,
        };

        /// <summary>The update request's other fields, which the module never changes (see Set-CfCniTunnel).</summary>
        public static readonly string[] Unchanged =
        {
            TunnelJson.Names.Description, TunnelJson.Names.Gre, TunnelJson.Names.Mtu, TunnelJson.Names.Name,
        };

        [JsonPropertyName(TunnelJson.Names.AutomaticReturnRouting)]
        public bool? AutomaticReturnRouting { get; set; }

        [JsonPropertyName(TunnelJson.Names.Bgp)]
        public TunnelBgpJson? Bgp { get; set; }

        [JsonPropertyName(TunnelJson.Names.HealthCheck)]
        public HealthCheckJson? HealthCheck { get; set; }

        [JsonPropertyName(TunnelJson.Names.InterfaceAddress)]
        public string? InterfaceAddress { get; set; }

        [JsonPropertyName(TunnelJson.Names.InterfaceAddress6)]
        public string? InterfaceAddress6 { get; set; }

        /// <summary>
        /// The body that takes <paramref name="before"/> to <paramref name="after"/>: each field of <see cref="Fields"/>
        /// that differs, whole. A field that differs but that the body cannot carry (one the update request does not
        /// have, or one removed) is named in <paramref name="refused"/>, and nothing should be sent.
        /// </summary>
        public static TunnelUpdateBody Changes(TunnelJson before, TunnelJson after, out IReadOnlyList<string> refused)
        {
            // The BGP session is sent whole, but never with its deprecated fields that a change must not send: an edit of
            // one of them is refused, and one that was only read is left out.
            var notSent = new List<string>();
            var unsendable = new List<string>();
            foreach ((string field, string why) in after.Bgp?.NotSent() ?? Enumerable.Empty<(string, string)>())
            {
                notSent.Add(field);
                JsonElement? was = before.Bgp?.UnknownField(field);
                JsonElement? @is = after.Bgp!.UnknownField(field);
                if (was.HasValue != @is.HasValue || (was.HasValue && !AdditionalFields.SameJson(was!.Value, @is!.Value)))
                {
                    unsendable.Add($"{TunnelJson.Names.Bgp}.{field} ({why})");
                }
            }

            before = before.WithBgp(before.Bgp?.Without(notSent));
            after = after.WithBgp(after.Bgp?.Without(notSent));
            JsonElement old = JsonSerializer.SerializeToElement(before, TunnelJsonContext.Default.TunnelJson);
            JsonElement now = JsonSerializer.SerializeToElement(after, TunnelJsonContext.Default.TunnelJson);
            var changed = new List<string>();
            foreach (string field in old.EnumerateObject().Select(p => p.Name).Union(now.EnumerateObject().Select(p => p.Name)))
            {
                bool had = old.TryGetProperty(field, out JsonElement was);
                bool has = now.TryGetProperty(field, out JsonElement @is);
                if (had != has || (had && !AdditionalFields.SameJson(was, @is)))
                {
                    changed.Add(field);
                }
            }

            // A removed field cannot be said in this body: leaving it out keeps it.
            refused = changed.Where(field => !Fields.Contains(field, StringComparer.Ordinal) || !now.TryGetProperty(field, out _)).Concat(unsendable).ToList();
            return new TunnelUpdateBody
            {
                AutomaticReturnRouting = changed.Contains(TunnelJson.Names.AutomaticReturnRouting) ? after.AutomaticReturnRouting : null,
                Bgp = changed.Contains(TunnelJson.Names.Bgp) ? after.Bgp : null,
                HealthCheck = changed.Contains(TunnelJson.Names.HealthCheck) ? after.HealthCheck : null,
                InterfaceAddress = changed.Contains(TunnelJson.Names.InterfaceAddress) ? after.InterfaceAddress : null,
                InterfaceAddress6 = changed.Contains(TunnelJson.Names.InterfaceAddress6) ? after.InterfaceAddress6 : null,
            };
        }
    }

    /// <summary>The query parameter of the updates that only validates (described in the operations' text, not declared as a parameter).</summary>
    internal static class TunnelUpdateParams
    {
        public const string ValidateOnly = "validate_only";
    }

    /// <summary>The header every request to the tunnels carries: the health check's target in its object form, in answers and in changes.</summary>
    internal static class TunnelHeaders
    {
        public const string ObjectTarget = "x-magic-new-hc-target";
    }

    /// <summary>
    /// How a tunnel belongs to its CNI interconnect: the same virtual port reservation, a UUID on the interconnect and an
    /// identifier of up to 32 characters on the tunnel (version 2 tunnels only), compared with dashes removed, in any
    /// letter case.
    /// </summary>
    internal static class TunnelLink
    {
        /// <summary>The form both sides are compared in: without dashes, lower case (culture-invariant); null for none.</summary>
        public static string? Key(string? reservation)
        {
            string? key = reservation?.Replace("-", string.Empty).ToLowerInvariant();
            return string.IsNullOrEmpty(key) ? null : key;
        }

        public static bool SameReservation(string? interconnect, string? tunnel) =>
            Key(interconnect) is string key && string.Equals(key, Key(tunnel), StringComparison.Ordinal);
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = CfJson.Ignore, NumberHandling = CfJson.Numbers)]
    [JsonSerializable(typeof(TunnelJson))]
    [JsonSerializable(typeof(TunnelsResult))]
    [JsonSerializable(typeof(TunnelResult))]
    [JsonSerializable(typeof(TunnelModifiedResult))]
    [JsonSerializable(typeof(TunnelUpdateBody))]
    [JsonSerializable(typeof(HealthCheckTargetJson))]
    internal sealed partial class TunnelJsonContext : JsonSerializerContext
    {
    }
}
