using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Api.Json;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>
    /// /accounts/{account_id}/cni/cnis: list, get, create, replace and delete. Every new CNI gets the next /31 of
    /// 100.64.0.0/10 (p2p_ip the even address, cust_ip the odd one). Seed section <c>cnis</c>.
    /// </summary>
    internal sealed class CniSandbox : SandboxResource
    {
        // The API's own number rules (int32, minimum 0; ASNs are 32-bit unsigned): the sandbox is never stricter than the API.
        private const long MaxMtu = int.MaxValue;

        // 100.64.0.0/10: every CNI gets the next /31.
        private const uint LinkPoolBase = 0x64400000u;
        private const long LinkPoolPairs = 1L << 21;

        private long nextLink;

        public override string Route => "cni/cnis";

        public override string SeedSection => "cnis";

        public override int SeedOrder => 2;

        public override EmulatorResponse Handle(SandboxRequest request)
        {
            switch (request.Path.Length)
            {
                case 0:
                    Allow(request, "GET, POST");
                    return request.Method == "GET" ? List(request) : Create(request);
                case 1:
                    Allow(request, "GET, PUT, DELETE");
                    switch (request.Method)
                    {
                        case "GET": return request.Json(Require(request.Account, request.Path[0]), CniJsonContext.Default.CniJson);
                        case "PUT": return Update(request, request.Path[0]);
                        default: return Delete(request, request.Path[0]);
                    }

                default:
                    throw CniEmulator.NoRoute();
            }
        }

        public override void Seed(SandboxAccount account, JsonNode section)
        {
            foreach ((JsonObject cni, string path) in SeedItems(section, SeedSection!))
            {
                SeedAccount(cni, CniJson.Names.Account, account.Id, path);
                string id = SeedUuid(cni, CniJson.Names.Id, path) ?? CniEmulator.NewGuid(Emulator.Ids);
                if (Find(account, id) != null)
                {
                    throw new SandboxDataException(path + "." + CniJson.Names.Id + ": CNI '" + id + "' is given twice.");
                }

                cni[CniJson.Names.Id] = id;
                if (cni[CniJson.Names.Magic] is JsonObject seededMagic && !EmulatorJson.Has(seededMagic, MagicJson.Names.Description))
                {
                    // A test's data may leave the description out; the API always has one (the schema requires it).
                    seededMagic[MagicJson.Names.Description] = string.Empty;
                }

                Checked(path, () =>
                {
                    Validate(account, cni);
                    return 0;
                });

                bool hasP2p = EmulatorJson.Has(cni, CniJson.Names.CloudflareIp);
                bool hasCust = EmulatorJson.Has(cni, CniJson.Names.CustomerIp);
                if (hasP2p != hasCust)
                {
                    throw new SandboxDataException(path + ": give both p2p_ip and cust_ip (the two ends of the link), or neither for the next /31 of 100.64.0.0/10.");
                }

                if (hasP2p)
                {
                    string p2pText = Checked(path, () => EmulatorJson.RequireString(cni, CniJson.Names.CloudflareIp, CniJson.Names.CloudflareIp));
                    string custText = Checked(path, () => EmulatorJson.RequireString(cni, CniJson.Names.CustomerIp, CniJson.Names.CustomerIp));
                    if (!ApiRules.TryParseCidr(p2pText, out uint p2p, out int p2pLength) || !ApiRules.TryParseCidr(custText, out uint cust, out int custLength))
                    {
                        throw new SandboxDataException(path + ": p2p_ip and cust_ip must be IPv4 prefixes A.B.C.D/N.");
                    }

                    uint mask = ApiRules.Mask(p2pLength);
                    if (custLength != p2pLength || (p2p & mask) != (cust & mask) || p2p == cust)
                    {
                        throw new SandboxDataException(path + "." + CniJson.Names.CustomerIp + " must be another address inside the same prefix as p2p_ip.");
                    }
                }
                else
                {
                    (cni[CniJson.Names.CloudflareIp], cni[CniJson.Names.CustomerIp]) = NextLink();
                }

                account.Items<CniJson>().Add(Typed(cni, CniJsonContext.Default.CniJson, path));
            }
        }

        private static CniJson? Find(SandboxAccount account, string id) =>
            account.Items<CniJson>().Find(cni => string.Equals(cni.Id, id, StringComparison.Ordinal));

        private static CniJson Require(SandboxAccount account, string id) =>
            Find(account, id) ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "CNI '" + id + "' not found.");

        private static EmulatorResponse List(SandboxRequest request)
        {
            string? slot = request.Query(CniListParams.Names.Slot);
            string? tunnelId = request.Query(CniListParams.Names.TunnelId);
            List<CniJson> items = request.Account.Items<CniJson>().FindAll(cni =>
            {
                if (slot != null)
                {
                    InterconnectEntry? host = InterconnectSandbox.Find(request.Account, cni.Interconnect);
                    if (host == null || !string.Equals(host.Body.SlotId, slot, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                // A CNI belongs to the Magic tunnel of its interconnect. The API has no tunnel field on a CNI; a CNI that
                // carries one (given on a create or a seed) is matched by it too.
                return tunnelId is null ||
                    string.Equals(TunnelSandbox.InterconnectOf(request.Account, tunnelId), cni.Interconnect, StringComparison.Ordinal) ||
                    (cni.Unknown != null && cni.Unknown.TryGetValue(CniListParams.Names.TunnelId, out JsonElement value) &&
                     value.ValueKind != JsonValueKind.Null && string.Equals(ScalarText(value), tunnelId, StringComparison.Ordinal));
            });
            return request.Page(items, CniJsonContext.Default.ListResponseCniJson);
        }

        private EmulatorResponse Create(SandboxRequest request)
        {
            JsonObject body = request.Body();
            Validate(request.Account, body);

            // Fields this emulator does not know are kept (a newer service would know them); generated ones are not taken
            // from the body, nor bgp_mode, which a create does not take (the schema's CniCreate has none): an update sets it.
            CniJson cni = body.Deserialize(CniJsonContext.Default.CniJson)!;
            cni.BgpMode = null;
            cni.Id = CniEmulator.NewGuid(Emulator.Ids);
            (JsonNode p2p, JsonNode cust) = NextLink();
            cni.CloudflareIp = p2p.GetValue<string>();
            cni.CustomerIp = cust.GetValue<string>();
            if (cni.Bgp != null)
            {
                cni.Bgp.ExtraPrefixes ??= new List<string>();
            }

            request.Account.Items<CniJson>().Add(cni);
            return request.Json(cni, CniJsonContext.Default.CniJson);
        }

        private static EmulatorResponse Update(SandboxRequest request, string id)
        {
            CniJson existing = Require(request.Account, id);
            JsonObject body = request.Body();
            string bodyId = EmulatorJson.RequireString(body, CniJson.Names.Id, CniJson.Names.Id);
            if (!string.Equals(bodyId, existing.Id, StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid(CniJson.Names.Id + " '" + bodyId + "' does not match the CNI in the path ('" + id + "').");
            }

            Validate(request.Account, body);
            // A published mode, or the one the CNI has (seeded data may hold a mode Cloudflare adds later; its API knows it).
            string? mode = EmulatorJson.OptionalString(body, CniJson.Names.BgpMode, CniJson.Names.BgpMode);
            if (mode != null && Array.IndexOf(BgpModes.All, mode) < 0 && mode != existing.BgpMode)
            {
                throw EmulatorApiException.Invalid(CniJson.Names.BgpMode + " must be one of " + string.Join(", ", BgpModes.All) + ".");
            }

            string p2pText = EmulatorJson.RequireString(body, CniJson.Names.CloudflareIp, CniJson.Names.CloudflareIp);
            string custText = EmulatorJson.RequireString(body, CniJson.Names.CustomerIp, CniJson.Names.CustomerIp);
            if (!ApiRules.TryParseCidr(p2pText, out uint p2p, out int p2pLength))
            {
                throw EmulatorApiException.Invalid(CniJson.Names.CloudflareIp + " must be an IPv4 prefix A.B.C.D/N.");
            }

            if (!ApiRules.TryParseCidr(custText, out uint cust, out int custLength))
            {
                throw EmulatorApiException.Invalid(CniJson.Names.CustomerIp + " must be an IPv4 prefix A.B.C.D/N.");
            }

            uint mask = p2pLength == 0 ? 0u : uint.MaxValue << (32 - p2pLength);
            if (custLength != p2pLength || (p2p & mask) != (cust & mask) || p2p == cust)
            {
                throw EmulatorApiException.Invalid(CniJson.Names.CustomerIp + " must be another address inside the same prefix as p2p_ip.");
            }

            // Full replacement: the stored object becomes the body, unknown fields included.
            CniJson replaced = body.Deserialize(CniJsonContext.Default.CniJson)!;
            List<CniJson> all = request.Account.Items<CniJson>();
            all[all.IndexOf(existing)] = replaced;
            return request.Json(replaced, CniJsonContext.Default.CniJson);
        }

        private static EmulatorResponse Delete(SandboxRequest request, string id)
        {
            request.Account.Items<CniJson>().Remove(Require(request.Account, id));
            return request.Empty();
        }

        /// <summary>The API's rules for a CNI's account, interconnect, magic and bgp (a create's body, a replace's, a seeded item).</summary>
        private static void Validate(SandboxAccount account, JsonObject body)
        {
            string bodyAccount = EmulatorJson.RequireString(body, CniJson.Names.Account, CniJson.Names.Account);
            if (!string.Equals(bodyAccount, account.Id, StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid(CniJson.Names.Account + " '" + bodyAccount + "' does not match the account in the path ('" + account.Id + "').");
            }

            string interconnect = EmulatorJson.RequireString(body, CniJson.Names.Interconnect, CniJson.Names.Interconnect);
            if (InterconnectSandbox.Find(account, interconnect) == null)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.NotFound, CniJson.Names.Interconnect + ": interconnect '" + interconnect + "' not found.");
            }

            const string Magic = CniJson.Names.Magic + ".";
            JsonObject magic = EmulatorJson.RequireObject(body, CniJson.Names.Magic, CniJson.Names.Magic);
            EmulatorJson.RequireString(magic, MagicJson.Names.ConduitName, Magic + MagicJson.Names.ConduitName);
            EmulatorJson.RequireString(magic, MagicJson.Names.Description, Magic + MagicJson.Names.Description, allowEmpty: true);
            EmulatorJson.RequireInteger(magic, MagicJson.Names.Mtu, Magic + MagicJson.Names.Mtu, 0, MaxMtu);

            JsonObject? bgp = EmulatorJson.OptionalObject(body, CniJson.Names.Bgp, CniJson.Names.Bgp);
            if (bgp == null)
            {
                return;
            }

            const string Bgp = CniJson.Names.Bgp + ".";
            EmulatorJson.RequireInteger(bgp, BgpJson.Names.CustomerAsn, Bgp + BgpJson.Names.CustomerAsn, 0, ApiRules.MaxAsn);
            bgp.TryGetPropertyValue(BgpJson.Names.ExtraPrefixes, out JsonNode? prefixes);
            if (prefixes != null)
            {
                if (!(prefixes is JsonArray list))
                {
                    throw EmulatorApiException.Invalid(Bgp + BgpJson.Names.ExtraPrefixes + " must be an array of A.B.C.D/N strings.");
                }

                for (int i = 0; i < list.Count; i++)
                {
                    JsonNode? item = list[i];
                    if (item == null || EmulatorJson.KindOf(item) != JsonValueKind.String || !ApiRules.TryParseCidr(item.GetValue<string>(), out _, out _))
                    {
                        throw EmulatorApiException.Invalid(Bgp + BgpJson.Names.ExtraPrefixes + "[" + i.ToString(CultureInfo.InvariantCulture) + "] must be an IPv4 prefix A.B.C.D/N.");
                    }
                }
            }

            string? md5 = EmulatorJson.OptionalString(bgp, BgpJson.Names.Md5Key, Bgp + BgpJson.Names.Md5Key);
            if (md5 != null && ApiRules.Md5KeyFault(md5) != null)
            {
                throw EmulatorApiException.Invalid(
                    Bgp + BgpJson.Names.Md5Key + " must be non-empty printable ASCII without newline, tab, vertical tab, form feed, carriage return, '\"' or '?'.");
            }
        }

        /// <summary>The two ends of the next /31 of the link pool: the Cloudflare end (p2p_ip) and the customer's (cust_ip).</summary>
        private (JsonNode CloudflareIp, JsonNode CustomerIp) NextLink()
        {
            long index = nextLink++ % LinkPoolPairs;
            uint p2p = LinkPoolBase + (uint)(index * 2);
            return (JsonValue.Create(ApiRules.FormatIPv4(p2p) + "/31"), JsonValue.Create(ApiRules.FormatIPv4(p2p + 1) + "/31"));
        }

        private static string ScalarText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}
