using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Api.Json;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>A Magic tunnel the sandbox holds, and the interconnect it belongs to (null for one seeded on its own).</summary>
    internal sealed class TunnelEntry
    {
        public TunnelEntry(TunnelJson body, InterconnectEntry? owner)
        {
            Body = body;
            Owner = owner;
        }

        public TunnelJson Body { get; set; }

        public InterconnectEntry? Owner { get; }
    }

    /// <summary>The account's Magic account flags, such as coupler_integration.</summary>
    internal sealed class MagicAccountFlags
    {
        public HashSet<string> Flags { get; } = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// /accounts/{account_id}/magic/cf_interconnects: the Magic tunnel Cloudflare keeps for each CNI interconnect. The
    /// sandbox makes one with each interconnect (a version 2 tunnel named after it, with the interconnect's virtual port
    /// reservation, the next /31 of 10.213.0.0/16 and a mid-rate reply health check) and drops it with the interconnect,
    /// as the tunnel exists for the interconnect. List, get and update one, in Cloudflare's envelope; the update of many
    /// at once is not modelled (the module does not use it). An update changes the top-level fields it gives and keeps
    /// the others, as Cloudflare documents for its Magic tunnels; a nested object it gives (health_check, bgp, gre)
    /// replaces the stored one whole, its missing fields taking the API's defaults (the strictest reading: a client that
    /// sends part of a health check loses the rest). <c>?validate_only=true</c> checks and answers without saving.
    /// Seed section <c>magic</c>: <c>{"account_flags": ["coupler_integration"], "cf_interconnects": [...]}</c>, where an
    /// item with <c>"interconnect": "&lt;name&gt;"</c> shapes that interconnect's tunnel, and one without is a tunnel of its own.
    /// </summary>
    internal sealed class TunnelSandbox : SandboxResource
    {
        /// <summary>The account flag automatic return routing needs.</summary>
        public const string ReturnRoutingFlag = "coupler_integration";

        /// <summary>The seed item's name of the interconnect whose tunnel it shapes (not a field of the API).</summary>
        public const string SeedInterconnect = "interconnect";

        public const string SeedFlags = "account_flags";

        public const string SeedTunnels = "cf_interconnects";

        private const int MinMtu = 576;
        private const int DefaultMtu = 1476;
        private const string DefaultRate = "mid";
        private const string DefaultType = "reply";

        // 10.213.0.0/16: every tunnel the sandbox makes gets the next /31, the Cloudflare end the even address.
        private const uint InterfacePoolBase = 0x0AD50000u;
        private const long InterfacePoolPairs = 1L << 15;

        private long nextInterface;

        public override string Route => "magic/cf_interconnects";

        public override string SeedSection => "magic";

        public override int SeedOrder => 4;

        public override EmulatorResponse Handle(SandboxRequest request)
        {
            Reconcile(request.Account);
            bool objectTarget = string.Equals(request.Header(TunnelHeaders.ObjectTarget), "true", StringComparison.OrdinalIgnoreCase);
            switch (request.Path.Length)
            {
                case 0:
                    Allow(request, "GET");
                    return request.Enveloped(
                        new TunnelsResult { Interconnects = request.Account.Items<TunnelEntry>().ConvertAll(entry => Shown(entry.Body, objectTarget)) },
                        TunnelJsonContext.Default.TunnelsResult);
                case 1:
                    Allow(request, "GET, PUT");
                    TunnelEntry entry = Require(request.Account, request.Path[0]);
                    return request.Method == "GET"
                        ? request.Enveloped(new TunnelResult { Interconnect = Shown(entry.Body, objectTarget) }, TunnelJsonContext.Default.TunnelResult)
                        : Update(request, entry, objectTarget);
                default:
                    throw CniEmulator.NoRoute();
            }
        }

        /// <summary>The name of the interconnect whose tunnel has this id (compared exactly), or null.</summary>
        public static string? InterconnectOf(SandboxAccount account, string tunnelId) =>
            account.Items<TunnelEntry>().Find(entry => string.Equals(entry.Body.Id, tunnelId, StringComparison.Ordinal))?.Owner?.Name;

        public override void Seed(SandboxAccount account, JsonNode section)
        {
            if (!(section is JsonObject magic))
            {
                throw new SandboxDataException(SeedSection + " must be an object, such as {\"" + SeedFlags + "\": [\"" + ReturnRoutingFlag + "\"], \"" + SeedTunnels + "\": [...]}.");
            }

            foreach (KeyValuePair<string, JsonNode?> part in magic)
            {
                if (part.Key != SeedFlags && part.Key != SeedTunnels)
                {
                    throw new SandboxDataException(SeedSection + " has an unknown part '" + part.Key + "': it takes " + SeedFlags + " and " + SeedTunnels + ".");
                }
            }

            if (magic[SeedFlags] is JsonNode flags)
            {
                string path = SeedSection + "." + SeedFlags;
                if (!(flags is JsonArray list) || list.Any(flag => flag is null || EmulatorJson.KindOf(flag) != JsonValueKind.String))
                {
                    throw new SandboxDataException(path + " must be an array of account flags, such as [\"" + ReturnRoutingFlag + "\"].");
                }

                Flags(account).UnionWith(list.Select(flag => flag!.GetValue<string>()));
            }

            Reconcile(account);
            if (magic[SeedTunnels] is JsonNode tunnels)
            {
                foreach ((JsonObject item, string path) in SeedItems(tunnels, SeedSection + "." + SeedTunnels))
                {
                    SeedOne(account, item, path);
                }
            }
        }

        private static HashSet<string> Flags(SandboxAccount account) => account.Single(() => new MagicAccountFlags()).Flags;

        private static TunnelEntry Require(SandboxAccount account, string id) =>
            account.Items<TunnelEntry>().Find(entry => string.Equals(entry.Body.Id, id, StringComparison.Ordinal))
            ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "Interconnect '" + id + "' not found.");

        /// <summary>A tunnel for each interconnect that has none yet; none for an interconnect that is gone.</summary>
        private void Reconcile(SandboxAccount account)
        {
            List<InterconnectEntry> interconnects = account.Items<InterconnectEntry>();
            List<TunnelEntry> tunnels = account.Items<TunnelEntry>();
            tunnels.RemoveAll(tunnel => tunnel.Owner != null && !interconnects.Contains(tunnel.Owner));
            foreach (InterconnectEntry interconnect in interconnects)
            {
                if (!tunnels.Exists(tunnel => tunnel.Owner == interconnect))
                {
                    tunnels.Add(new TunnelEntry(NewTunnel(account, interconnect), interconnect));
                }
            }
        }

        /// <summary>A version 2 tunnel for the interconnect, with its virtual port reservation; or, without one, a version 1 tunnel of its own.</summary>
        private TunnelJson NewTunnel(SandboxAccount account, InterconnectEntry? interconnect)
        {
            string now = Now();
            long pair = nextInterface++ % InterfacePoolPairs;
            return new TunnelJson
            {
                Id = NewId(account),
                Name = interconnect?.Name ?? "tunnel-" + (account.Items<TunnelEntry>().Count + 1).ToString(CultureInfo.InvariantCulture),
                Description = string.Empty,
                ColoName = interconnect?.Body.Site ?? interconnect?.Body.Region,
                Version = interconnect is null ? "1" : "2",
                VirtualPortReservationId = TunnelLink.Key(interconnect?.Body.VirtualPortReservationId),
                InterfaceAddress = ApiRules.FormatIPv4(InterfacePoolBase + (uint)(pair * 2)) + "/31",
                Mtu = DefaultMtu,
                HealthCheck = DefaultHealthCheck(),
                AutomaticReturnRouting = false,
                CreatedOn = now,
                ModifiedOn = now,
            };
        }

        private string NewId(SandboxAccount account)
        {
            while (true)
            {
                var bytes = new byte[16];
                Emulator.Ids.NextBytes(bytes);
                string id = string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
                if (!account.Items<TunnelEntry>().Exists(entry => entry.Body.Id == id))
                {
                    return id;
                }
            }
        }

        private static HealthCheckJson DefaultHealthCheck() => new HealthCheckJson
        {
            Enabled = true,
            Rate = DefaultRate,
            Type = DefaultType,
            Target = HealthCheckTargetJson.Write(new HealthCheckTargetJson { Saved = string.Empty }),
        };

        private static EmulatorResponse Update(SandboxRequest request, TunnelEntry entry, bool objectTarget)
        {
            bool validateOnly = false;
            string? validate = request.Query(TunnelUpdateParams.ValidateOnly);
            if (validate != null && !bool.TryParse(validate, out validateOnly))
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, TunnelUpdateParams.ValidateOnly + " must be true or false.");
            }

            TunnelJson updated = Updated(request.Account, entry.Body, request.Body(), objectTarget, seeding: false);
            if (!validateOnly)
            {
                updated.ModifiedOn = Now();
                entry.Body = updated;
            }

            return request.Enveloped(
                new TunnelModifiedResult { Modified = !validateOnly, ModifiedInterconnect = Shown(updated, objectTarget) },
                TunnelJsonContext.Default.TunnelModifiedResult);
        }

        /// <summary>
        /// The tunnel after the fields of an update request (or a seed item): each checked by the API's rules, top-level
        /// fields given replacing the stored ones and the others kept, a nested object replacing its stored one whole.
        /// </summary>
        private static TunnelJson Updated(SandboxAccount account, TunnelJson stored, JsonObject body, bool objectTarget, bool seeding)
        {
            TunnelJson updated = EmulatorJson.Copy(stored, TunnelJsonContext.Default.TunnelJson);
            foreach (KeyValuePair<string, JsonNode?> field in body)
            {
                string name = field.Key;
                JsonNode? value = field.Value;
                switch (name)
                {
                    case TunnelJson.Names.AutomaticReturnRouting:
                        updated.AutomaticReturnRouting = Boolean(value, name);
                        if (updated.AutomaticReturnRouting == true && !Flags(account).Contains(ReturnRoutingFlag))
                        {
                            throw EmulatorApiException.Invalid(
                                name + " cannot be true: automatic return routing requires the '" + ReturnRoutingFlag + "' account flag, which this account does not have.");
                        }

                        break;
                    case TunnelJson.Names.Description:
                        updated.Description = Text(value, name, allowEmpty: true);
                        break;
                    case TunnelJson.Names.Name:
                        string newName = Text(value, name, allowEmpty: false);
                        TunnelEntry? other = account.Items<TunnelEntry>().Find(entry => entry.Body.Name == newName && entry.Body.Id != stored.Id);
                        if (other != null)
                        {
                            throw new EmulatorApiException(409, EmulatorErrorCodes.Conflict, name + ": interconnect '" + other.Body.Id + "' already has the name '" + newName + "'.");
                        }

                        updated.Name = newName;
                        break;
                    case TunnelJson.Names.Mtu:
                        updated.Mtu = EmulatorJson.RequireInteger(body, name, name, MinMtu, int.MaxValue);
                        break;
                    case TunnelJson.Names.InterfaceAddress:
                        string address = Text(value, name, allowEmpty: false);
                        if (ApiRules.InterfaceAddressFault(address) is string fault)
                        {
                            throw EmulatorApiException.Invalid(name + ": " + fault);
                        }

                        if (address.EndsWith("/29", StringComparison.Ordinal) && updated.Version != "1.5")
                        {
                            throw EmulatorApiException.Invalid(name + ": a /29 is only allowed on version 1.5 interconnects; this one is version " + (updated.Version ?? "unknown") + ".");
                        }

                        updated.InterfaceAddress = address;
                        break;
                    case TunnelJson.Names.InterfaceAddress6:
                        string address6 = Text(value, name, allowEmpty: false);
                        if (ApiRules.InterfaceAddress6Fault(address6) is string fault6)
                        {
                            throw EmulatorApiException.Invalid(name + ": " + fault6);
                        }

                        updated.InterfaceAddress6 = address6;
                        break;
                    case TunnelJson.Names.HealthCheck:
                        updated.HealthCheck = HealthCheck(Object(value, name), objectTarget);
                        break;
                    case TunnelJson.Names.Bgp:
                        updated.Bgp = Bgp(Object(value, name));
                        break;
                    case TunnelJson.Names.Gre:
                        JsonObject gre = Object(value, name);
                        Closed(gre, name, GreJson.Names.CloudflareEndpoint);
                        updated.Gre = new GreJson { CloudflareEndpoint = EmulatorJson.OptionalString(gre, GreJson.Names.CloudflareEndpoint, name + "." + GreJson.Names.CloudflareEndpoint) };
                        break;
                    default:
                        if (!seeding)
                        {
                            throw EmulatorApiException.Invalid(name + " is not a field of an interconnect update (the update request takes " + string.Join(", ", UpdateFields) + ").");
                        }

                        break;
                }
            }

            return updated;
        }

        private static readonly string[] UpdateFields =
        {
            TunnelJson.Names.AutomaticReturnRouting, TunnelJson.Names.Bgp, TunnelJson.Names.Description, TunnelJson.Names.Gre, TunnelJson.Names.HealthCheck,
            TunnelJson.Names.InterfaceAddress, TunnelJson.Names.InterfaceAddress6, TunnelJson.Names.Mtu, TunnelJson.Names.Name,
        };

        /// <summary>A health check as given, its missing fields the API's defaults; the target in the form the header says.</summary>
        private static HealthCheckJson HealthCheck(JsonObject given, bool objectTarget)
        {
            const string Part = TunnelJson.Names.HealthCheck + ".";
            Closed(given, TunnelJson.Names.HealthCheck, HealthCheckJson.Names.Enabled, HealthCheckJson.Names.Rate, HealthCheckJson.Names.Type, HealthCheckJson.Names.Target);
            HealthCheckJson check = DefaultHealthCheck();
            if (given.TryGetPropertyValue(HealthCheckJson.Names.Enabled, out JsonNode? enabled))
            {
                check.Enabled = Boolean(enabled, Part + HealthCheckJson.Names.Enabled);
            }

            if (given.TryGetPropertyValue(HealthCheckJson.Names.Rate, out JsonNode? rate))
            {
                check.Rate = OneOf(rate, Part + HealthCheckJson.Names.Rate, HealthCheckJson.Values.Rates);
            }

            if (given.TryGetPropertyValue(HealthCheckJson.Names.Type, out JsonNode? type))
            {
                check.Type = OneOf(type, Part + HealthCheckJson.Names.Type, HealthCheckJson.Values.Types);
            }

            if (given.TryGetPropertyValue(HealthCheckJson.Names.Target, out JsonNode? target))
            {
                string where = Part + HealthCheckJson.Names.Target;
                string saved;
                if (objectTarget)
                {
                    // The effective target is read-only: ignored in a change, as the API says.
                    JsonObject form = target as JsonObject ?? throw EmulatorApiException.Invalid(where + " must be an object ({\"saved\": \"...\"}) when the " + TunnelHeaders.ObjectTarget + " header is true.");
                    Closed(form, where, HealthCheckTargetJson.Names.Saved, HealthCheckTargetJson.Names.Effective);
                    saved = EmulatorJson.OptionalString(form, HealthCheckTargetJson.Names.Saved, where + "." + HealthCheckTargetJson.Names.Saved) ?? string.Empty;
                }
                else
                {
                    saved = target is JsonValue && EmulatorJson.KindOf(target) == JsonValueKind.String
                        ? target.GetValue<string>()
                        : throw EmulatorApiException.Invalid(where + " must be text without the " + TunnelHeaders.ObjectTarget + " header (an object with it).");
                }

                if (saved.Length > 0 && !ApiRules.IsIpAddress(saved))
                {
                    throw EmulatorApiException.Invalid(where + " must be an IPv4 or IPv6 address, or empty for the calculated default.");
                }

                check.Target = HealthCheckTargetJson.Write(new HealthCheckTargetJson { Saved = saved });
            }

            return check;
        }

        private static TunnelBgpJson Bgp(JsonObject given)
        {
            const string Part = TunnelJson.Names.Bgp + ".";
            Closed(given, TunnelJson.Names.Bgp, TunnelBgpJson.Names.All);
            JsonObject bgp = (JsonObject)given.DeepClone();
            bgp.TryGetPropertyValue(TunnelBgpJson.Names.CustomerAsn, out JsonNode? asn);
            if (asn != null)
            {
                EmulatorJson.RequireInteger(bgp, TunnelBgpJson.Names.CustomerAsn, Part + TunnelBgpJson.Names.CustomerAsn, 0, ApiRules.MaxAsn);
            }

            if (bgp.TryGetPropertyValue(TunnelBgpJson.Names.ExtraPrefixes, out JsonNode? prefixes))
            {
                if (!(prefixes is JsonArray list))
                {
                    throw EmulatorApiException.Invalid(Part + TunnelBgpJson.Names.ExtraPrefixes + " must be an array of prefixes.");
                }

                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is null || EmulatorJson.KindOf(list[i]) != JsonValueKind.String || !ApiRules.IsCidr(list[i]!.GetValue<string>()))
                    {
                        throw EmulatorApiException.Invalid(Part + TunnelBgpJson.Names.ExtraPrefixes + "[" + i.ToString(CultureInfo.InvariantCulture) + "] must be an IPv4 or IPv6 prefix.");
                    }
                }
            }

            if (bgp.TryGetPropertyValue(TunnelBgpJson.Names.Md5Key, out JsonNode? key))
            {
                // Not nullable here, unlike a CNI's: a key, or no field.
                if (key is null || EmulatorJson.KindOf(key) != JsonValueKind.String || ApiRules.Md5KeyFault(key.GetValue<string>()) != null)
                {
                    throw EmulatorApiException.Invalid(
                        Part + TunnelBgpJson.Names.Md5Key + " must be non-empty printable ASCII without newline, tab, vertical tab, form feed, carriage return, '\"' or '?'.");
                }
            }

            foreach (string filter in new[] { TunnelBgpJson.Names.ImportFilterId, TunnelBgpJson.Names.ExportFilterId })
            {
                EmulatorJson.OptionalString(bgp, filter, Part + filter);
            }

            try
            {
                return bgp.Deserialize(TunnelJsonContext.Default.TunnelBgpJson)!;
            }
            catch (JsonException ex)
            {
                throw EmulatorApiException.Invalid(TunnelJson.Names.Bgp + " does not have the API's types: " + ex.Message);
            }
        }

        /// <summary>The tunnel as an answer shows it: the health check's target in the form the header asks for, its effective value worked out.</summary>
        private static TunnelJson Shown(TunnelJson stored, bool objectTarget)
        {
            TunnelJson shown = EmulatorJson.Copy(stored, TunnelJsonContext.Default.TunnelJson);
            if (shown.HealthCheck != null)
            {
                string saved = HealthCheckTargetJson.Read(shown.HealthCheck.Target)?.Saved ?? string.Empty;
                string? effective = saved.Length > 0 ? saved : DefaultTarget(shown.InterfaceAddress);
                shown.HealthCheck.Target = objectTarget
                    ? HealthCheckTargetJson.Write(new HealthCheckTargetJson { Effective = effective, Saved = saved })
                    : AdditionalFields.ToJson(effective ?? string.Empty);
            }

            return shown;
        }

        /// <summary>The calculated default target: the customer's end of the interface address's subnet.</summary>
        private static string? DefaultTarget(string? interfaceAddress)
        {
            if (!ApiRules.TryParseCidr(interfaceAddress, out uint address, out int length) || length < 29)
            {
                return null;
            }

            uint network = address & ApiRules.Mask(length);
            uint other = length == 31 ? address ^ 1u : address - network == 1 ? network + 2 : network + 1;
            return ApiRules.FormatIPv4(other);
        }

        private void SeedOne(SandboxAccount account, JsonObject item, string path)
        {
            TunnelEntry entry;
            string? interconnect = Checked(path, () => EmulatorJson.OptionalString(item, SeedInterconnect, SeedInterconnect));
            item.Remove(SeedInterconnect);
            if (interconnect != null)
            {
                entry = account.Items<TunnelEntry>().Find(tunnel => tunnel.Owner?.Name == interconnect)
                    ?? throw new SandboxDataException(path + "." + SeedInterconnect + ": no interconnect '" + interconnect + "' in the data's interconnects.");
            }
            else
            {
                entry = new TunnelEntry(NewTunnel(account, null), null);
                account.Items<TunnelEntry>().Add(entry);
            }

            if (Checked(path, () => EmulatorJson.OptionalString(item, TunnelJson.Names.Id, TunnelJson.Names.Id)) is string id)
            {
                if (id.Length == 0 || id.Length > 32 || account.Items<TunnelEntry>().Exists(tunnel => tunnel != entry && tunnel.Body.Id == id))
                {
                    throw new SandboxDataException(path + "." + TunnelJson.Names.Id + " must be an identifier of 1 to 32 characters that no other tunnel has.");
                }

                entry.Body.Id = id;
            }

            foreach (string text in new[] { TunnelJson.Names.ColoName, TunnelJson.Names.Version, TunnelJson.Names.VirtualPortReservationId, TunnelJson.Names.CreatedOn, TunnelJson.Names.ModifiedOn })
            {
                Checked(path, () => EmulatorJson.OptionalString(item, text, text));
            }

            // The version first: the interface address's rule depends on it.
            TunnelJson seeded = Typed(Without(item, UpdateFields), TunnelJsonContext.Default.TunnelJson, path);
            entry.Body.Version = seeded.Version ?? entry.Body.Version;
            entry.Body.ColoName = seeded.ColoName ?? entry.Body.ColoName;
            // An explicit null is a tunnel without a reservation (a version 1 tunnel carries none), not "the interconnect's".
            entry.Body.VirtualPortReservationId = item.ContainsKey(TunnelJson.Names.VirtualPortReservationId) ? seeded.VirtualPortReservationId : entry.Body.VirtualPortReservationId;
            entry.Body.CreatedOn = seeded.CreatedOn ?? entry.Body.CreatedOn;
            entry.Body.ModifiedOn = seeded.ModifiedOn ?? entry.Body.ModifiedOn;
            entry.Body.Unknown = seeded.Unknown;
            bool objectTarget = item[TunnelJson.Names.HealthCheck]?[HealthCheckJson.Names.Target] is JsonObject;
            entry.Body = Checked(path, () => Updated(account, entry.Body, Only(item, UpdateFields), objectTarget, seeding: true));
        }

        private static JsonObject Without(JsonObject item, string[] fields)
        {
            var rest = (JsonObject)item.DeepClone();
            foreach (string field in fields.Concat(new[] { TunnelJson.Names.Id }))
            {
                rest.Remove(field);
            }

            return rest;
        }

        private static JsonObject Only(JsonObject item, string[] fields)
        {
            var only = new JsonObject();
            foreach (string field in fields)
            {
                if (item.TryGetPropertyValue(field, out JsonNode? value))
                {
                    only[field] = value?.DeepClone();
                }
            }

            return only;
        }

        /// <summary>Refuses a field a nested object of the API does not have.</summary>
        private static void Closed(JsonObject value, string where, params string[] fields)
        {
            foreach (KeyValuePair<string, JsonNode?> field in value)
            {
                if (Array.IndexOf(fields, field.Key) < 0)
                {
                    throw EmulatorApiException.Invalid(where + "." + field.Key + " is not a field of " + where + ".");
                }
            }
        }

        private static JsonObject Object(JsonNode? value, string where) =>
            value as JsonObject ?? throw EmulatorApiException.Invalid(where + " must be an object.");

        private static bool Boolean(JsonNode? value, string where) =>
            EmulatorJson.KindOf(value) == JsonValueKind.True ? true
            : EmulatorJson.KindOf(value) == JsonValueKind.False ? false
            : throw EmulatorApiException.Invalid(where + " must be true or false.");

        private static string Text(JsonNode? value, string where, bool allowEmpty)
        {
            if (value is null || EmulatorJson.KindOf(value) != JsonValueKind.String)
            {
                throw EmulatorApiException.Invalid(where + " must be a string.");
            }

            string text = value.GetValue<string>();
            return allowEmpty || text.Trim().Length > 0 ? text : throw EmulatorApiException.Invalid(where + " must not be empty.");
        }

        private static string OneOf(JsonNode? value, string where, string[] allowed)
        {
            string? text = value != null && EmulatorJson.KindOf(value) == JsonValueKind.String ? value.GetValue<string>() : null;
            return text != null && Array.IndexOf(allowed, text) >= 0 ? text : throw EmulatorApiException.Invalid(where + " must be one of " + string.Join(", ", allowed) + ".");
        }

        private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
