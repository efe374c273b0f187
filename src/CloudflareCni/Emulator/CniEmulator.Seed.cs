using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator
{
    /// <summary>Seed data that cannot be loaded; the message names the item and field, such as <c>interconnects[1].slot_id</c>.</summary>
    internal sealed class SandboxDataException : Exception
    {
        public SandboxDataException(string message)
            : base(message)
        {
        }
    }

    internal sealed partial class CniEmulator
    {
        /// <summary>The sections seed data may have, in the API's own field names.</summary>
        public static readonly string[] SeedSections = { "slots", "interconnects", "cnis", "settings" };

        private static readonly string[] LinkStates = { "Pending", "Down", "Unhealthy", "Healthy" };

        /// <summary>
        /// Loads seed data into a new emulator, in the API's own field names:
        /// <c>{"slots":[...], "interconnects":[...], "cnis":[...], "settings":{"default_asn":n}}</c>, every section optional.
        /// Slots are visible in every account; interconnects, CNIs and settings belong to <paramref name="accountId"/>.
        /// Objects are kept as given (fields the emulator does not know included), with what the API would add filled in:
        /// generated ids and names, a physical interconnect's facility, site and speed from its slot, a CNI's /31 from the
        /// link pool. An interconnect may carry <c>"status": {"state": ..., "reason": ...}</c> (taken out of the object): the
        /// status it reports; without one it reports Healthy, as an interconnect that is already up.
        /// Values follow the API's rules (<see cref="ApiRules"/>): never stricter. UUIDs are stored in lower case, as the
        /// API writes them.
        /// </summary>
        /// <exception cref="SandboxDataException">The data breaks a rule; the message names the item and field.</exception>
        public void Seed(string accountId, JsonObject data)
        {
            if (accountId == null) throw new ArgumentNullException(nameof(accountId));
            if (data == null) throw new ArgumentNullException(nameof(data));

            foreach (KeyValuePair<string, JsonNode?> section in Snapshot(data))
            {
                if (Array.IndexOf(SeedSections, section.Key) < 0)
                {
                    throw new SandboxDataException(
                        "The sandbox data has an unknown section '" + section.Key + "'. The sections are " + string.Join(", ", SeedSections) +
                        " (the API's own field names, in lower case).");
                }
            }

            lock (_gate)
            {
                AccountState account = Account(accountId);
                foreach ((JsonObject item, string path) in Items(data, "slots"))
                {
                    SeedSlot(item, path);
                }

                foreach ((JsonObject item, string path) in Items(data, "interconnects"))
                {
                    SeedInterconnect(account, accountId, item, path);
                }

                foreach ((JsonObject item, string path) in Items(data, "cnis"))
                {
                    SeedCni(account, accountId, item, path);
                }

                if (data.TryGetPropertyValue("settings", out JsonNode? settingsNode) && settingsNode != null)
                {
                    if (!(settingsNode is JsonObject settings))
                    {
                        throw new SandboxDataException("settings must be an object, such as {\"default_asn\": 65000}.");
                    }

                    account.DefaultAsn = Checked("settings", () => EmulatorJson.RequireInteger(settings, "default_asn", "default_asn", 0, ApiRules.MaxAsn));
                }
            }
        }

        private static IEnumerable<(JsonObject Item, string Path)> Items(JsonObject data, string section)
        {
            if (!data.TryGetPropertyValue(section, out JsonNode? node) || node == null)
            {
                yield break;
            }

            if (node is JsonObject single)
            {
                // One object where a list belongs (PowerShell's @{...} without @(...) around it): a list of one.
                node = new JsonArray(single.DeepClone());
            }

            if (!(node is JsonArray list))
            {
                throw new SandboxDataException(section + " must be an array of objects.");
            }

            for (int i = 0; i < list.Count; i++)
            {
                string path = section + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                if (!(list[i] is JsonObject item))
                {
                    throw new SandboxDataException(path + " must be an object.");
                }

                yield return ((JsonObject)item.DeepClone(), path);
            }
        }

        private void SeedSlot(JsonObject slot, string path)
        {
            string id = SeedUuid(slot, "id", path, required: false) ?? NewGuid(IdRandom());
            slot["id"] = id;
            foreach (JsonObject existing in _globalSlots)
            {
                if (string.Equals(StringField(existing, "id"), id, StringComparison.Ordinal))
                {
                    throw new SandboxDataException(path + ".id: slot '" + id + "' is given twice.");
                }
            }

            Checked(path, () =>
            {
                JsonObject facility = EmulatorJson.RequireObject(slot, "facility", "facility");
                EmulatorJson.RequireString(facility, "name", "facility.name");
                if (!(facility["address"] is JsonArray address))
                {
                    throw EmulatorApiException.Invalid("facility.address must be an array of strings (the address lines).");
                }

                foreach (JsonNode? line in address)
                {
                    if (line == null || EmulatorJson.KindOf(line) != JsonValueKind.String)
                    {
                        throw EmulatorApiException.Invalid("facility.address must be an array of strings (the address lines).");
                    }
                }

                EmulatorJson.RequireString(slot, "site", "site");
                EmulatorJson.RequireString(slot, "speed", "speed");
                return 0;
            });

            if (!slot.TryGetPropertyValue("occupied", out JsonNode? occupied) || occupied == null)
            {
                slot["occupied"] = false;
            }
            else if (EmulatorJson.KindOf(occupied) != JsonValueKind.True && EmulatorJson.KindOf(occupied) != JsonValueKind.False)
            {
                throw new SandboxDataException(path + ".occupied must be true or false.");
            }

            _globalSlots.Add(slot);
            foreach (AccountState state in _accounts.Values)
            {
                state.Slots.Add(CopySlotForAccount(slot));
            }
        }

        private void SeedInterconnect(AccountState account, string accountId, JsonObject icon, string path)
        {
            SeedAccount(icon, accountId, path);
            Checked(path, () => EmulatorJson.RequireString(icon, "type", "type"));

            string? name = Checked(path, () => EmulatorJson.OptionalString(icon, "name", "name"));
            if (name != null && (name.Length == 0 || name.IndexOf('/') >= 0))
            {
                throw new SandboxDataException(path + ".name must be a non-empty name without '/', such as icon-4c1d2e3f.");
            }

            name ??= NewInterconnectName(account);
            if (FindInterconnect(account, name) != null)
            {
                throw new SandboxDataException(path + ".name: interconnect '" + name + "' is given twice.");
            }

            icon["name"] = name;
            string? slotId = SeedUuid(icon, "slot_id", path, required: false);
            bool hasRegion = EmulatorJson.Has(icon, "region");
            if (slotId != null)
            {
                if (hasRegion)
                {
                    throw new SandboxDataException(path + ": give slot_id (a physical interconnect) or region (a GCP partner interconnect), not both.");
                }

                JsonObject slot = FindSlot(account, slotId)
                    ?? throw new SandboxDataException(path + ".slot_id: no slot '" + slotId + "' in the data's slots.");
                foreach (InterconnectEntry other in account.Interconnects)
                {
                    if (string.Equals(StringField(other.Body, "slot_id"), slotId, StringComparison.Ordinal))
                    {
                        throw new SandboxDataException(path + ".slot_id: slot '" + slotId + "' already holds interconnect '" + other.Name + "'.");
                    }
                }

                icon["slot_id"] = slotId;
                foreach (string field in new[] { "facility", "site", "speed" })
                {
                    if (!EmulatorJson.Has(icon, field))
                    {
                        icon[field] = slot[field]?.DeepClone();
                    }
                }

                slot["occupied"] = true;
                slot["account"] = accountId;
            }
            else if (hasRegion)
            {
                Checked(path, () => EmulatorJson.RequireString(icon, "region", "region"));
                string? speed = Checked(path, () => EmulatorJson.OptionalString(icon, "speed", "speed"));
                if (speed != null && !ApiRules.IsBandwidth(speed))
                {
                    throw new SandboxDataException(path + ".speed of a GCP partner interconnect must be one of " + string.Join(", ", ApiRules.Bandwidths) + ".");
                }
            }
            else
            {
                throw new SandboxDataException(path + ": give slot_id (a physical interconnect on one of the data's slots) or region (a GCP partner interconnect).");
            }

            string state = "Healthy";
            string? reason = null;
            if (icon.TryGetPropertyValue("status", out JsonNode? statusNode))
            {
                icon.Remove("status");
                if (!(statusNode is JsonObject status))
                {
                    throw new SandboxDataException(path + ".status must be an object, such as {\"state\": \"Down\", \"reason\": \"Loss of light\"}.");
                }

                state = Checked(path + ".status", () => EmulatorJson.RequireString(status, "state", "state"));
                if (Array.IndexOf(LinkStates, state) < 0)
                {
                    throw new SandboxDataException(path + ".status.state must be one of " + string.Join(", ", LinkStates) + " (as the API writes them).");
                }

                reason = Checked(path + ".status", () => EmulatorJson.OptionalString(status, "reason", "reason"));
            }

            EmulatorJson.MergeMissing(icon, Options.ExtraInterconnectFields);
            account.Interconnects.Add(new InterconnectEntry(icon) { State = state, Reason = reason });
        }

        private void SeedCni(AccountState account, string accountId, JsonObject cni, string path)
        {
            SeedAccount(cni, accountId, path);
            string id = SeedUuid(cni, "id", path, required: false) ?? NewGuid(IdRandom());
            if (FindCni(account, id) != null)
            {
                throw new SandboxDataException(path + ".id: CNI '" + id + "' is given twice.");
            }

            cni["id"] = id;
            Checked(path, () =>
            {
                ValidateCni(account, accountId, cni);
                return 0;
            });

            bool hasP2p = EmulatorJson.Has(cni, "p2p_ip");
            bool hasCust = EmulatorJson.Has(cni, "cust_ip");
            if (hasP2p != hasCust)
            {
                throw new SandboxDataException(path + ": give both p2p_ip and cust_ip (the two ends of the link), or neither for the next /31 of 100.64.0.0/10.");
            }

            if (hasP2p)
            {
                string p2pText = Checked(path, () => EmulatorJson.RequireString(cni, "p2p_ip", "p2p_ip"));
                string custText = Checked(path, () => EmulatorJson.RequireString(cni, "cust_ip", "cust_ip"));
                if (!ApiRules.TryParseCidr(p2pText, out uint p2p, out int p2pLength) || !ApiRules.TryParseCidr(custText, out uint cust, out int custLength))
                {
                    throw new SandboxDataException(path + ": p2p_ip and cust_ip must be IPv4 prefixes A.B.C.D/N.");
                }

                uint mask = ApiRules.Mask(p2pLength);
                if (custLength != p2pLength || (p2p & mask) != (cust & mask) || p2p == cust)
                {
                    throw new SandboxDataException(path + ".cust_ip must be another address inside the same prefix as p2p_ip.");
                }
            }
            else
            {
                long index = _nextLink++ % LinkPoolPairs;
                uint p2p = LinkPoolBase + (uint)(index * 2);
                cni["p2p_ip"] = ApiRules.FormatIPv4(p2p) + "/31";
                cni["cust_ip"] = ApiRules.FormatIPv4(p2p + 1) + "/31";
            }

            EmulatorJson.MergeMissing(cni, Options.ExtraCniFields);
            account.Cnis.Add(cni);
        }

        private static void SeedAccount(JsonObject item, string accountId, string path)
        {
            string? given = Checked(path, () => EmulatorJson.OptionalString(item, "account", "account"));
            if (given != null && !string.Equals(given, accountId, StringComparison.Ordinal))
            {
                throw new SandboxDataException(path + ".account is '" + given + "', but the sandbox is seeded for account '" + accountId + "'. Leave account out, or connect with -AccountId " + given + ".");
            }

            item["account"] = accountId;
        }

        /// <summary>A UUID field in its canonical lower-case form, as the API writes UUIDs; null when absent and not required.</summary>
        private static string? SeedUuid(JsonObject item, string field, string path, bool required)
        {
            item.TryGetPropertyValue(field, out JsonNode? node);
            if (node == null)
            {
                if (required)
                {
                    throw new SandboxDataException(path + "." + field + " is required.");
                }

                return null;
            }

            if (EmulatorJson.KindOf(node) != JsonValueKind.String || !Guid.TryParseExact(node.GetValue<string>(), "D", out Guid uuid))
            {
                throw new SandboxDataException(path + "." + field + " must be a UUID (8-4-4-4-12 hexadecimal digits), such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.");
            }

            return uuid.ToString("D");
        }

        /// <summary>Runs an API rule check, turning its failure into a seed error that names the item.</summary>
        private static T Checked<T>(string path, Func<T> check)
        {
            try
            {
                return check();
            }
            catch (EmulatorApiException ex)
            {
                throw new SandboxDataException(path + ": " + ex.Message);
            }
        }
    }
}
