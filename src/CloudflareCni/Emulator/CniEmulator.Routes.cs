using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator
{
    // Matching is exact and case-sensitive (ordinal) everywhere: ids and names in paths, the id in a PUT body, and
    // every filter (site, type, speed, slot, tunnel_id, and address_contains, a case-sensitive substring of the
    // facility's name or of an address line). The API's docs do not say whether it ignores case, so the sandbox
    // takes the strictest reading: a script that passes here does not depend on a leniency the API may not have.
    internal sealed partial class CniEmulator
    {
        // The API's own number rules (int32, minimum 0; ASNs are 32-bit unsigned): the sandbox is never stricter than the API.
        private const long MaxMtu = int.MaxValue;

        // 100.64.0.0/10: every CNI gets the next /31 (p2p_ip = even address, cust_ip = odd address).
        private const uint LinkPoolBase = 0x64400000u;
        private const long LinkPoolPairs = 1L << 21;


        private EmulatorResponse Process(EmulatorRequest request, string method)
        {
            try
            {
                Authenticate(request);

                string[] route = ParseRoute(request.Path ?? string.Empty, out string accountId);
                if (Options.ForbiddenAccountIds.Contains(accountId))
                {
                    throw new EmulatorApiException(403, EmulatorErrorCodes.Forbidden, "Authorization error: you may not use account '" + accountId + "'.");
                }

                lock (_gate)
                {
                    return Dispatch(request, method, accountId, route);
                }
            }
            catch (EmulatorApiException ex)
            {
                EmulatorResponse response = Error(ex.Status, ex.Code, ex.Message);
                if (ex.Allow != null)
                {
                    response.Headers["Allow"] = ex.Allow;
                }

                return response;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // A defect in the emulator (or in state a test seeded) answers 500 rather than breaking the transport.
                return Error(500, EmulatorErrorCodes.ServerError, "Internal emulator error: " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        private void Authenticate(EmulatorRequest request)
        {
            IReadOnlyDictionary<string, string> headers = request.Headers ?? new Dictionary<string, string>();
            string? token = null;
            if (headers.TryGetValue("Authorization", out string? authorization) && authorization != null
                && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                token = authorization.Substring("Bearer ".Length).Trim();
            }

            bool ok;
            string? expected = Options.ExpectedToken;
            if (expected != null)
            {
                ok = string.Equals(token, expected, StringComparison.Ordinal);
            }
            else
            {
                ok = !string.IsNullOrEmpty(token)
                    || (headers.TryGetValue("X-Auth-Email", out string? email) && !string.IsNullOrWhiteSpace(email)
                        && headers.TryGetValue("X-Auth-Key", out string? key) && !string.IsNullOrWhiteSpace(key));
            }

            if (!ok)
            {
                throw new EmulatorApiException(401, EmulatorErrorCodes.AuthenticationError, "Authentication error");
            }
        }

        /// <summary>Splits <c>{BasePath}/accounts/{id}/cni/...</c>; returns the segments after <c>cni</c>, unescaped.</summary>
        private string[] ParseRoute(string path, out string accountId)
        {
            string basePath = (Options.BasePath ?? string.Empty).TrimEnd('/');
            if (basePath.Length > 0 && basePath[0] != '/')
            {
                basePath = "/" + basePath;
            }

            string prefix = basePath + "/accounts/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw NoRoute(path);
            }

            string[] raw = path.Substring(prefix.Length).Split('/');
            if (raw.Length < 2 || raw[1] != "cni")
            {
                throw NoRoute(path);
            }

            var segments = new string[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                string segment;
                try
                {
                    segment = Uri.UnescapeDataString(raw[i]);
                }
                catch (UriFormatException)
                {
                    throw NoRoute(path);
                }

                if (segment.Length == 0)
                {
                    throw NoRoute(path);
                }

                segments[i] = segment;
            }

            accountId = segments[0];
            var rest = new string[segments.Length - 2];
            Array.Copy(segments, 2, rest, 0, rest.Length);
            return rest;
        }

        private static EmulatorApiException NoRoute(string path) =>
            new EmulatorApiException(404, EmulatorErrorCodes.NoRoute, "No route for that URI: " + path);

        private EmulatorResponse Dispatch(EmulatorRequest request, string method, string accountId, string[] route)
        {
            AccountState account = Account(accountId);
            string path = request.Path ?? string.Empty;
            if (route.Length == 0)
            {
                throw NoRoute(path);
            }

            switch (route[0])
            {
                case "interconnects":
                    if (route.Length == 1)
                    {
                        Allow(method, "GET, POST");
                        return method == "GET" ? ListInterconnects(account, request) : CreateInterconnect(account, accountId, request);
                    }

                    if (route.Length == 2)
                    {
                        Allow(method, "GET, DELETE");
                        return method == "GET" ? GetInterconnect(account, route[1]) : DeleteInterconnect(account, route[1]);
                    }

                    if (route.Length == 3 && route[2] == "loa")
                    {
                        Allow(method, "GET");
                        return GetLoa(account, route[1]);
                    }

                    if (route.Length == 3 && route[2] == "status")
                    {
                        Allow(method, "GET");
                        return GetStatus(account, route[1]);
                    }

                    break;

                case "cnis":
                    if (route.Length == 1)
                    {
                        Allow(method, "GET, POST");
                        return method == "GET" ? ListCnis(account, request) : CreateCni(account, accountId, request);
                    }

                    if (route.Length == 2)
                    {
                        Allow(method, "GET, PUT, DELETE");
                        switch (method)
                        {
                            case "GET": return Json(RequireCni(account, route[1]));
                            case "PUT": return UpdateCni(account, accountId, route[1], request);
                            default: return DeleteCni(account, route[1]);
                        }
                    }

                    break;

                case "settings":
                    if (route.Length == 1)
                    {
                        Allow(method, "GET, PUT");
                        return method == "GET" ? Json(Settings(account)) : UpdateSettings(account, request);
                    }

                    break;

                case "slots":
                    if (route.Length == 1)
                    {
                        Allow(method, "GET");
                        return ListSlots(account, request);
                    }

                    if (route.Length == 2)
                    {
                        Allow(method, "GET");
                        JsonObject slot = FindSlot(account, route[1])
                            ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "Slot '" + route[1] + "' not found.");
                        return Json(slot);
                    }

                    break;
            }

            throw NoRoute(path);
        }

        private static void Allow(string method, string allowed)
        {
            foreach (string candidate in allowed.Split(','))
            {
                if (candidate.Trim() == method)
                {
                    return;
                }
            }

            throw new EmulatorApiException(405, EmulatorErrorCodes.MethodNotAllowed, "Method " + method + " not allowed for this route; allowed: " + allowed + ".")
            {
                Allow = allowed,
            };
        }

        // ---------------------------------------------------------------- interconnects

        private EmulatorResponse ListInterconnects(AccountState account, EmulatorRequest request)
        {
            string? site = QueryValue(request, "site");
            string? type = QueryValue(request, "type");
            var items = new List<JsonObject>();
            foreach (InterconnectEntry entry in account.Interconnects)
            {
                if (site != null && !string.Equals(StringField(entry.Body, "site"), site, StringComparison.Ordinal))
                {
                    continue;
                }

                if (type != null && !string.Equals(StringField(entry.Body, "type"), type, StringComparison.Ordinal))
                {
                    continue;
                }

                items.Add(entry.Body);
            }

            return Page(items, request);
        }

        private EmulatorResponse GetInterconnect(AccountState account, string name) => Json(RequireInterconnect(account, name).Body);

        private EmulatorResponse CreateInterconnect(AccountState account, string accountId, EmulatorRequest request)
        {
            JsonObject body = EmulatorJson.ParseObject(request.Body);
            string bodyAccount = EmulatorJson.RequireString(body, "account", "account");
            if (!string.Equals(bodyAccount, accountId, StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid("account '" + bodyAccount + "' does not match the account in the path ('" + accountId + "').");
            }

            bool physical = EmulatorJson.Has(body, "slot_id");
            bool partner = EmulatorJson.Has(body, "pairing_key") || EmulatorJson.Has(body, "bandwidth");
            if (physical && partner)
            {
                throw EmulatorApiException.Invalid("Give either slot_id (a physical interconnect) or bandwidth and pairing_key (a GCP partner interconnect), not both.");
            }

            if (!physical && !partner)
            {
                throw EmulatorApiException.Invalid("slot_id is required for a physical interconnect (or bandwidth and pairing_key for a GCP partner interconnect).");
            }

            string type = EmulatorJson.RequireString(body, "type", "type");
            JsonObject created;
            if (physical)
            {
                string slotId = EmulatorJson.RequireString(body, "slot_id", "slot_id");
                string? speed = EmulatorJson.OptionalString(body, "speed", "speed");
                if (speed != null && speed.Trim().Length == 0)
                {
                    throw EmulatorApiException.Invalid("speed must not be empty.");
                }

                JsonObject slot = FindSlot(account, slotId)
                    ?? throw new EmulatorApiException(400, EmulatorErrorCodes.NotFound, "slot_id: slot '" + slotId + "' not found.");
                if (slot["occupied"]?.GetValue<bool>() == true)
                {
                    throw new EmulatorApiException(409, EmulatorErrorCodes.Conflict, "slot_id: slot '" + slotId + "' is occupied.");
                }

                created = new JsonObject
                {
                    ["account"] = bodyAccount,
                    ["facility"] = slot["facility"]?.DeepClone(),
                    ["name"] = NewInterconnectName(account),
                    ["site"] = slot["site"]?.DeepClone(),
                    ["slot_id"] = slot["id"]?.DeepClone(),
                    ["speed"] = speed ?? StringField(slot, "speed"),
                    ["type"] = type,
                };

                slot["occupied"] = true;
                slot["account"] = accountId;
            }
            else
            {
                string bandwidth = EmulatorJson.RequireString(body, "bandwidth", "bandwidth");
                if (!ApiRules.IsBandwidth(bandwidth))
                {
                    throw EmulatorApiException.Invalid("bandwidth must be one of 50M, 100M, 200M, 300M, 400M, 500M, 1G, 2G, 5G, 10G, 20G, 50G.");
                }

                string pairingKey = EmulatorJson.RequireString(body, "pairing_key", "pairing_key");
                string region = RegionOfPairingKey(pairingKey)
                    ?? throw EmulatorApiException.Invalid("pairing_key is not a GCP pairing key (expected <uuid>/<region>/<1 or 2>).");
                created = new JsonObject
                {
                    ["account"] = bodyAccount,
                    ["name"] = NewInterconnectName(account),
                    ["region"] = region,
                    ["type"] = type,
                    ["speed"] = bandwidth,
                };
            }

            EmulatorJson.MergeMissing(created, Options.ExtraInterconnectFields);
            account.Interconnects.Add(new InterconnectEntry(created));
            return Json(created);
        }

        private EmulatorResponse DeleteInterconnect(AccountState account, string name)
        {
            InterconnectEntry entry = RequireInterconnect(account, name);
            foreach (JsonObject cni in account.Cnis)
            {
                if (string.Equals(StringField(cni, "interconnect"), entry.Name, StringComparison.Ordinal))
                {
                    throw new EmulatorApiException(409, EmulatorErrorCodes.Conflict,
                        "Interconnect '" + entry.Name + "' still hosts CNI '" + StringField(cni, "id") + "'; delete its CNIs first.");
                }
            }

            account.Interconnects.Remove(entry);
            string? slotId = StringField(entry.Body, "slot_id");
            if (slotId != null)
            {
                JsonObject? slot = FindSlot(account, slotId);
                if (slot != null)
                {
                    slot["occupied"] = false;
                    slot.Remove("account");
                }
            }

            return Empty();
        }

        private EmulatorResponse GetStatus(AccountState account, string name)
        {
            InterconnectEntry entry = RequireInterconnect(account, name);
            if (entry.NextState != null && entry.ReadsBeforeNext <= 0)
            {
                entry.State = entry.NextState;
                entry.Reason = entry.NextReason;
                entry.NextState = null;
                entry.NextReason = null;
            }
            else if (entry.NextState != null)
            {
                entry.ReadsBeforeNext--;
            }

            var status = new JsonObject();
            if (entry.State != null)
            {
                status["state"] = entry.State;
                if (entry.Reason != null)
                {
                    status["reason"] = entry.Reason;
                }
            }
            else if (entry.StatusReads < Options.PendingStatusReads)
            {
                entry.StatusReads++;
                status["state"] = "Pending";
            }
            else
            {
                status["state"] = "Healthy";
            }

            return Json(status);
        }

        private EmulatorResponse GetLoa(AccountState account, string name)
        {
            InterconnectEntry entry = RequireInterconnect(account, name);
            JsonObject icon = entry.Body;
            if (StringField(icon, "slot_id") == null || !(icon["facility"] is JsonObject facility))
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.LoaUnavailable,
                    "Interconnect '" + entry.Name + "' is a GCP partner interconnect; a Letter of Authorization exists only for physical interconnects.");
            }

            var lines = new List<string>
            {
                "Letter of Authorization and Connecting Facility Assignment (LOA-CFA)",
                string.Empty,
                "Cloudflare, Inc. authorizes the customer below to order a cross-connect to this port.",
                string.Empty,
                "Customer account: " + (StringField(icon, "account") ?? string.Empty),
                "Interconnect: " + entry.Name,
                "Type: " + (StringField(icon, "type") ?? string.Empty),
                "Speed: " + (StringField(icon, "speed") ?? string.Empty),
                "Site: " + (StringField(icon, "site") ?? string.Empty),
                "Facility: " + (StringField(facility, "name") ?? string.Empty),
            };

            if (facility["address"] is JsonArray address)
            {
                bool first = true;
                foreach (JsonNode? line in address)
                {
                    string text = line != null && EmulatorJson.KindOf(line) == JsonValueKind.String ? line.GetValue<string>() : string.Empty;
                    lines.Add((first ? "Address: " : "         ") + text);
                    first = false;
                }
            }

            lines.Add("Slot: " + (StringField(icon, "slot_id") ?? string.Empty));
            lines.Add(string.Empty);
            lines.Add("Produced by the CloudflareCni emulator (sandbox). Not valid for a real cross-connect order.");

            return new EmulatorResponse
            {
                Status = 200,
                ContentType = LoaDocument.ContentType,
                Body = LoaDocument.Create(lines),
            };
        }

        private string NewInterconnectName(AccountState account)
        {
            Random random = IdRandom();
            while (true)
            {
                string name = "icon-" + random.Next(0, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture).Substring(0, 8);
                if (FindInterconnect(account, name) == null)
                {
                    return name;
                }
            }
        }

        /// <summary>GCP pairing keys look like <c>7e51371e-72a3-40b5-b844-2e3efefaee59/us-central1/2</c>.</summary>
        private static string? RegionOfPairingKey(string key)
        {
            string[] parts = key.Split('/');
            if (parts.Length != 3 || !Guid.TryParse(parts[0], out _) || parts[1].Length == 0)
            {
                return null;
            }

            foreach (char c in parts[1])
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok)
                {
                    return null;
                }
            }

            if (parts[2].Length == 0)
            {
                return null;
            }

            foreach (char c in parts[2])
            {
                if (c < '0' || c > '9')
                {
                    return null;
                }
            }

            return parts[1];
        }

        private static InterconnectEntry? FindInterconnect(AccountState account, string name)
        {
            foreach (InterconnectEntry entry in account.Interconnects)
            {
                if (string.Equals(entry.Name, name, StringComparison.Ordinal))
                {
                    return entry;
                }
            }

            return null;
        }

        private static InterconnectEntry RequireInterconnect(AccountState account, string name) =>
            FindInterconnect(account, name) ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "Interconnect '" + name + "' not found.");

        // ---------------------------------------------------------------- CNIs

        private EmulatorResponse ListCnis(AccountState account, EmulatorRequest request)
        {
            string? slot = QueryValue(request, "slot");
            string? tunnelId = QueryValue(request, "tunnel_id");
            var items = new List<JsonObject>();
            foreach (JsonObject cni in account.Cnis)
            {
                if (slot != null)
                {
                    InterconnectEntry? host = FindInterconnect(account, StringField(cni, "interconnect") ?? string.Empty);
                    if (host == null || !string.Equals(StringField(host.Body, "slot_id"), slot, StringComparison.Ordinal))
                    {
                        continue;
                    }
                }

                if (tunnelId != null)
                {
                    cni.TryGetPropertyValue("tunnel_id", out JsonNode? value);
                    if (value == null || !string.Equals(ScalarText(value), tunnelId, StringComparison.Ordinal))
                    {
                        continue;
                    }
                }

                items.Add(cni);
            }

            return Page(items, request);
        }

        private EmulatorResponse CreateCni(AccountState account, string accountId, EmulatorRequest request)
        {
            JsonObject body = EmulatorJson.ParseObject(request.Body);
            ValidateCni(account, accountId, body);

            long index = _nextLink++ % LinkPoolPairs;
            uint p2p = LinkPoolBase + (uint)(index * 2);
            JsonObject magic = (JsonObject)body["magic"]!;
            var storedMagic = new JsonObject
            {
                ["conduit_name"] = magic["conduit_name"]?.DeepClone(),
                ["description"] = magic["description"]?.DeepClone() ?? JsonValue.Create(string.Empty),
                ["mtu"] = magic["mtu"]?.DeepClone(),
            };
            CopyUnknown(magic, storedMagic);

            var cni = new JsonObject
            {
                ["id"] = NewGuid(IdRandom()),
                ["account"] = body["account"]?.DeepClone(),
                ["cust_ip"] = ApiRules.FormatIPv4(p2p + 1) + "/31",
                ["interconnect"] = body["interconnect"]?.DeepClone(),
                ["magic"] = storedMagic,
                ["p2p_ip"] = ApiRules.FormatIPv4(p2p) + "/31",
            };

            if (body["bgp"] is JsonObject bgp)
            {
                var storedBgp = new JsonObject
                {
                    ["customer_asn"] = bgp["customer_asn"]?.DeepClone(),
                    ["extra_prefixes"] = bgp["extra_prefixes"]?.DeepClone() ?? new JsonArray(),
                };
                if (bgp["md5_key"] != null)
                {
                    storedBgp["md5_key"] = bgp["md5_key"]!.DeepClone();
                }

                CopyUnknown(bgp, storedBgp);
                cni["bgp"] = storedBgp;
            }

            // Fields this emulator does not know are kept (a newer service would know them); generated ones are not taken from the body.
            foreach (KeyValuePair<string, JsonNode?> pair in Snapshot(body))
            {
                if (!cni.ContainsKey(pair.Key) && pair.Key != "bgp")
                {
                    cni[pair.Key] = pair.Value?.DeepClone();
                }
            }

            EmulatorJson.MergeMissing(cni, Options.ExtraCniFields);
            account.Cnis.Add(cni);
            return Json(cni);
        }

        private EmulatorResponse UpdateCni(AccountState account, string accountId, string id, EmulatorRequest request)
        {
            JsonObject existing = RequireCni(account, id);
            JsonObject body = EmulatorJson.ParseObject(request.Body);
            string bodyId = EmulatorJson.RequireString(body, "id", "id");
            if (!string.Equals(bodyId, StringField(existing, "id"), StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid("id '" + bodyId + "' does not match the CNI in the path ('" + id + "').");
            }

            ValidateCni(account, accountId, body);
            string p2pText = EmulatorJson.RequireString(body, "p2p_ip", "p2p_ip");
            string custText = EmulatorJson.RequireString(body, "cust_ip", "cust_ip");
            if (!ApiRules.TryParseCidr(p2pText, out uint p2p, out int p2pLength))
            {
                throw EmulatorApiException.Invalid("p2p_ip must be an IPv4 prefix A.B.C.D/N.");
            }

            if (!ApiRules.TryParseCidr(custText, out uint cust, out int custLength))
            {
                throw EmulatorApiException.Invalid("cust_ip must be an IPv4 prefix A.B.C.D/N.");
            }

            uint mask = p2pLength == 0 ? 0u : uint.MaxValue << (32 - p2pLength);
            if (custLength != p2pLength || (p2p & mask) != (cust & mask) || p2p == cust)
            {
                throw EmulatorApiException.Invalid("cust_ip must be another address inside the same prefix as p2p_ip.");
            }

            // Full replacement: the stored object becomes the body, unknown fields included.
            int at = account.Cnis.IndexOf(existing);
            account.Cnis[at] = body;
            return Json(body);
        }

        private EmulatorResponse DeleteCni(AccountState account, string id)
        {
            account.Cnis.Remove(RequireCni(account, id));
            return Empty();
        }

        private void ValidateCni(AccountState account, string accountId, JsonObject body)
        {
            string bodyAccount = EmulatorJson.RequireString(body, "account", "account");
            if (!string.Equals(bodyAccount, accountId, StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid("account '" + bodyAccount + "' does not match the account in the path ('" + accountId + "').");
            }

            string interconnect = EmulatorJson.RequireString(body, "interconnect", "interconnect");
            if (FindInterconnect(account, interconnect) == null)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.NotFound, "interconnect: interconnect '" + interconnect + "' not found.");
            }

            JsonObject magic = EmulatorJson.RequireObject(body, "magic", "magic");
            EmulatorJson.RequireString(magic, "conduit_name", "magic.conduit_name");
            EmulatorJson.OptionalString(magic, "description", "magic.description");
            EmulatorJson.RequireInteger(magic, "mtu", "magic.mtu", 0, MaxMtu);

            JsonObject? bgp = EmulatorJson.OptionalObject(body, "bgp", "bgp");
            if (bgp == null)
            {
                return;
            }

            EmulatorJson.RequireInteger(bgp, "customer_asn", "bgp.customer_asn", 0, ApiRules.MaxAsn);
            bgp.TryGetPropertyValue("extra_prefixes", out JsonNode? prefixes);
            if (prefixes != null)
            {
                if (!(prefixes is JsonArray list))
                {
                    throw EmulatorApiException.Invalid("bgp.extra_prefixes must be an array of A.B.C.D/N strings.");
                }

                for (int i = 0; i < list.Count; i++)
                {
                    JsonNode? item = list[i];
                    if (item == null || EmulatorJson.KindOf(item) != JsonValueKind.String
                        || !ApiRules.TryParseCidr(item.GetValue<string>(), out _, out _))
                    {
                        throw EmulatorApiException.Invalid("bgp.extra_prefixes[" + i.ToString(CultureInfo.InvariantCulture) + "] must be an IPv4 prefix A.B.C.D/N.");
                    }
                }
            }

            string? md5 = EmulatorJson.OptionalString(bgp, "md5_key", "bgp.md5_key");
            if (md5 != null && ApiRules.Md5KeyFault(md5) != null)
            {
                throw EmulatorApiException.Invalid(
                    "bgp.md5_key must be non-empty printable ASCII without newline, tab, vertical tab, form feed, carriage return, '\"' or '?'.");
            }
        }

        private static JsonObject? FindCni(AccountState account, string id)
        {
            foreach (JsonObject cni in account.Cnis)
            {
                if (string.Equals(StringField(cni, "id"), id, StringComparison.Ordinal))
                {
                    return cni;
                }
            }

            return null;
        }

        private static JsonObject RequireCni(AccountState account, string id) =>
            FindCni(account, id) ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "CNI '" + id + "' not found.");

        private static void CopyUnknown(JsonObject source, JsonObject target)
        {
            foreach (KeyValuePair<string, JsonNode?> pair in Snapshot(source))
            {
                if (!target.ContainsKey(pair.Key))
                {
                    target[pair.Key] = pair.Value?.DeepClone();
                }
            }
        }

        // ---------------------------------------------------------------- settings

        private static JsonObject Settings(AccountState account) => new JsonObject { ["default_asn"] = account.DefaultAsn };

        private EmulatorResponse UpdateSettings(AccountState account, EmulatorRequest request)
        {
            JsonObject body = EmulatorJson.ParseObject(request.Body);
            account.DefaultAsn = EmulatorJson.RequireInteger(body, "default_asn", "default_asn", 0, ApiRules.MaxAsn);
            return Json(Settings(account));
        }

        // ---------------------------------------------------------------- slots

        private EmulatorResponse ListSlots(AccountState account, EmulatorRequest request)
        {
            string? contains = QueryValue(request, "address_contains");
            string? occupiedText = QueryValue(request, "occupied");
            string? site = QueryValue(request, "site");
            string? speed = QueryValue(request, "speed");
            bool? occupied = null;
            if (occupiedText != null)
            {
                if (string.Equals(occupiedText, "true", StringComparison.OrdinalIgnoreCase))
                {
                    occupied = true;
                }
                else if (string.Equals(occupiedText, "false", StringComparison.OrdinalIgnoreCase))
                {
                    occupied = false;
                }
                else
                {
                    throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, "occupied must be true or false.");
                }
            }

            var items = new List<JsonObject>();
            foreach (JsonObject slot in account.Slots)
            {
                if (site != null && !string.Equals(StringField(slot, "site"), site, StringComparison.Ordinal))
                {
                    continue;
                }

                if (speed != null && !string.Equals(StringField(slot, "speed"), speed, StringComparison.Ordinal))
                {
                    continue;
                }

                if (occupied.HasValue && (slot["occupied"]?.GetValue<bool>() ?? false) != occupied.Value)
                {
                    continue;
                }

                if (contains != null && !AddressContains(slot, contains))
                {
                    continue;
                }

                items.Add(slot);
            }

            return Page(items, request);
        }

        private static bool AddressContains(JsonObject slot, string text)
        {
            if (!(slot["facility"] is JsonObject facility))
            {
                return false;
            }

            string? name = StringField(facility, "name");
            if (name != null && name.IndexOf(text, StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            if (facility["address"] is JsonArray lines)
            {
                foreach (JsonNode? line in lines)
                {
                    if (line != null && EmulatorJson.KindOf(line) == JsonValueKind.String
                        && line.GetValue<string>().IndexOf(text, StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static JsonObject? FindSlot(AccountState account, string id)
        {
            foreach (JsonObject slot in account.Slots)
            {
                if (string.Equals(StringField(slot, "id"), id, StringComparison.Ordinal))
                {
                    return slot;
                }
            }

            return null;
        }

        // ---------------------------------------------------------------- paging and responses

        private EmulatorResponse Page(List<JsonObject> items, EmulatorRequest request)
        {
            long cursor = 0;
            string? cursorText = QueryValue(request, "cursor");
            if (cursorText != null && (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) || cursor < 0))
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, "cursor must be a number returned as next by a previous page.");
            }

            long limit = Math.Max(1, Options.DefaultPageSize);
            string? limitText = QueryValue(request, "limit");
            if (limitText != null)
            {
                if (!long.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit < 1)
                {
                    throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, "limit must be a whole number of at least 1.");
                }
            }

            limit = Math.Min(limit, Math.Max(1, Options.MaxPageSize));
            var page = new JsonArray();
            long end = Math.Min(items.Count, cursor + limit);
            for (long i = cursor; i < end; i++)
            {
                page.Add(items[(int)i].DeepClone());
            }

            var result = new JsonObject { ["items"] = page };
            if (end < items.Count)
            {
                result["next"] = end;
            }
            else if (Options.EndOfListAsNull)
            {
                result["next"] = null;
            }

            return Json(result);
        }

        private static string? QueryValue(EmulatorRequest request, string name)
        {
            if (request.Query == null)
            {
                return null;
            }

            foreach (KeyValuePair<string, string> pair in request.Query)
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        private static string? StringField(JsonObject obj, string name)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            return value != null && EmulatorJson.KindOf(value) == JsonValueKind.String ? value.GetValue<string>() : null;
        }

        private static string ScalarText(JsonNode value) =>
            EmulatorJson.KindOf(value) == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

        private static List<KeyValuePair<string, JsonNode?>> Snapshot(JsonObject obj)
        {
            var list = new List<KeyValuePair<string, JsonNode?>>();
            foreach (KeyValuePair<string, JsonNode?> pair in obj)
            {
                list.Add(pair);
            }

            return list;
        }

        private EmulatorResponse Json(JsonNode node) => new EmulatorResponse
        {
            Status = 200,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(Options.UseEnvelope ? EmulatorJson.SuccessEnvelope(node.DeepClone()) : node),
        };

        private EmulatorResponse Empty()
        {
            if (Options.UseEnvelope)
            {
                return new EmulatorResponse
                {
                    Status = 200,
                    ContentType = EmulatorJson.JsonContentType,
                    Body = EmulatorJson.ToBytes(EmulatorJson.SuccessEnvelope(null)),
                };
            }

            return new EmulatorResponse { Status = 200 };
        }

        private static EmulatorResponse Error(int status, int code, string message) => new EmulatorResponse
        {
            Status = status,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(EmulatorJson.ErrorEnvelope(code, message)),
        };
    }
}
