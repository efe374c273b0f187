using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using CloudflareCni.Api.Json;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>An interconnect the sandbox holds, and the link status it reports.</summary>
    internal sealed class InterconnectEntry
    {
        public InterconnectEntry(InterconnectJson body)
        {
            Body = body;
        }

        public InterconnectJson Body { get; }

        public string Name => Body.Name;

        /// <summary>Status reads so far, for the built-in countdown (Pending for <see cref="CniEmulator.PendingStatusReads"/> reads, then Healthy).</summary>
        public int StatusReads { get; set; }

        /// <summary>The state it reports when set; null while the built-in countdown applies.</summary>
        public string? State { get; set; }

        public string? Reason { get; set; }

        /// <summary>The state it switches to after <see cref="ReadsBeforeNext"/> more reads; null for none.</summary>
        public string? NextState { get; set; }

        public string? NextReason { get; set; }

        public int ReadsBeforeNext { get; set; }
    }

    /// <summary>
    /// /accounts/{account_id}/cni/interconnects: list, get, create (physical on a slot, or GCP partner, told apart by the
    /// type as the schema's discriminator does), delete, the link status, the Letter of Authorization (with a custom name)
    /// and its default name. Seed section <c>interconnects</c>, whose items may carry a <c>status</c>, and may be of a kind
    /// the API does not publish (any type, neither slot_id nor region), so that tests can see how scripts handle new kinds.
    /// </summary>
    internal sealed class InterconnectSandbox : SandboxResource
    {
        private const string Loa = "loa";
        private const string LoaDefault = "default";
        private const string Status = "status";

        public override string Route => "cni/interconnects";

        public override string SeedSection => "interconnects";

        public override int SeedOrder => 1;

        public override EmulatorResponse Handle(SandboxRequest request)
        {
            string[] path = request.Path;
            if (path.Length == 0)
            {
                Allow(request, "GET, POST");
                return request.Method == "GET" ? List(request) : Create(request);
            }

            if (path.Length == 1)
            {
                Allow(request, "GET, DELETE");
                return request.Method == "GET" ? request.Json(Require(request.Account, path[0]).Body, InterconnectJsonContext.Default.InterconnectJson) : Delete(request, path[0]);
            }

            if (path.Length == 2 && path[1] == Loa)
            {
                Allow(request, "GET");
                return LetterOfAuthorization(request, Require(request.Account, path[0]));
            }

            if (path.Length == 3 && path[1] == Loa && path[2] == LoaDefault)
            {
                Allow(request, "GET");
                Require(request.Account, path[0]);
                return request.Json(new LoaDefaultNameJson { Name = DefaultLoaName(request.Account) }, InterconnectJsonContext.Default.LoaDefaultNameJson);
            }

            if (path.Length == 2 && path[1] == Status)
            {
                Allow(request, "GET");
                return request.Json(NextStatus(Require(request.Account, path[0])), InterconnectJsonContext.Default.StatusJson);
            }

            throw CniEmulator.NoRoute();
        }

        /// <summary>The account's interconnect of that name (compared exactly), or null.</summary>
        public static InterconnectEntry? Find(SandboxAccount account, string name) =>
            account.Items<InterconnectEntry>().Find(entry => string.Equals(entry.Name, name, StringComparison.Ordinal));

        /// <summary>Sets the status an interconnect reports: from the next read on, or after N more reads (see <see cref="CniEmulator.SetInterconnectStatus(string, string, string, string?, int)"/>).</summary>
        public void SetStatus(SandboxAccount account, string name, string state, string? reason, int afterStatusReads)
        {
            InterconnectEntry entry = Find(account, name)
                ?? throw new KeyNotFoundException("No interconnect '" + name + "' in account '" + account.Id + "'.");
            if (afterStatusReads == 0)
            {
                entry.State = state;
                entry.Reason = reason;
                entry.NextState = null;
                entry.NextReason = null;
                entry.ReadsBeforeNext = 0;
            }
            else
            {
                // Freeze what it reports now, so the countdown alone decides when it changes.
                if (entry.State == null)
                {
                    entry.State = entry.StatusReads < Emulator.PendingStatusReads ? "Pending" : "Healthy";
                    entry.Reason = null;
                }

                entry.NextState = state;
                entry.NextReason = reason;
                entry.ReadsBeforeNext = afterStatusReads;
            }
        }

        public override void Seed(SandboxAccount account, JsonNode section)
        {
            foreach ((JsonObject icon, string path) in SeedItems(section, SeedSection!))
            {
                SeedOne(account, icon, path);
            }
        }

        private static InterconnectEntry Require(SandboxAccount account, string name) =>
            Find(account, name) ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "Interconnect '" + name + "' not found.");

        private static EmulatorResponse List(SandboxRequest request)
        {
            string? site = request.Query(InterconnectListParams.Names.Site);
            string? type = request.Query(InterconnectListParams.Names.Type);
            List<InterconnectJson> items = request.Account.Items<InterconnectEntry>()
                .FindAll(entry =>
                    (site is null || string.Equals(entry.Body.Site, site, StringComparison.Ordinal)) &&
                    (type is null || string.Equals(entry.Body.Type, type, StringComparison.Ordinal)))
                .ConvertAll(entry => entry.Body);
            return request.Page(items, InterconnectJsonContext.Default.ListResponseInterconnectJson);
        }

        private EmulatorResponse Create(SandboxRequest request)
        {
            JsonObject body = request.Body();
            string accountId = request.Account.Id;
            string bodyAccount = EmulatorJson.RequireString(body, InterconnectJson.Names.Account, InterconnectJson.Names.Account);
            if (!string.Equals(bodyAccount, accountId, StringComparison.Ordinal))
            {
                throw EmulatorApiException.Invalid(InterconnectJson.Names.Account + " '" + bodyAccount + "' does not match the account in the path ('" + accountId + "').");
            }

            bool physical = EmulatorJson.Has(body, InterconnectJson.Names.SlotId);
            bool partner = EmulatorJson.Has(body, InterconnectNewGcpPartnerBody.Names.PairingKey) || EmulatorJson.Has(body, InterconnectNewGcpPartnerBody.Names.Bandwidth);
            if (physical && partner)
            {
                throw EmulatorApiException.Invalid("Give either slot_id (a physical interconnect) or bandwidth and pairing_key (a GCP partner interconnect), not both.");
            }

            if (!physical && !partner)
            {
                throw EmulatorApiException.Invalid("slot_id is required for a physical interconnect (or bandwidth and pairing_key for a GCP partner interconnect).");
            }

            string type = EmulatorJson.RequireString(body, InterconnectJson.Names.Type, InterconnectJson.Names.Type);
            string bodyType = physical ? InterconnectTypes.Direct : InterconnectTypes.GcpPartner;
            if (type != bodyType)
            {
                // The type is the create body's discriminator: it must name the shape the body has.
                string shape = physical ? "slot_id (a physical interconnect, type direct)" : "bandwidth and pairing_key (a GCP partner interconnect, type gcp_partner)";
                throw EmulatorApiException.Invalid(
                    Array.IndexOf(InterconnectTypes.Published, type) >= 0
                        ? InterconnectJson.Names.Type + " '" + type + "' does not match the body, which has " + shape + "."
                        : InterconnectJson.Names.Type + " '" + type + "' is not an interconnect type: expected direct (with slot_id) or gcp_partner (with bandwidth and pairing_key).");
            }

            InterconnectJson created;
            if (physical)
            {
                string slotId = EmulatorJson.RequireString(body, InterconnectJson.Names.SlotId, InterconnectJson.Names.SlotId);
                string? speed = EmulatorJson.OptionalString(body, InterconnectJson.Names.Speed, InterconnectJson.Names.Speed);
                if (speed != null && speed.Trim().Length == 0)
                {
                    throw EmulatorApiException.Invalid(InterconnectJson.Names.Speed + " must not be empty.");
                }

                SlotJson slot = SlotSandbox.Find(request.Account, slotId)
                    ?? throw new EmulatorApiException(400, EmulatorErrorCodes.NotFound, InterconnectJson.Names.SlotId + ": slot '" + slotId + "' not found.");
                if (slot.Occupied)
                {
                    throw new EmulatorApiException(409, EmulatorErrorCodes.Conflict, InterconnectJson.Names.SlotId + ": slot '" + slotId + "' is occupied.");
                }

                created = new InterconnectJson
                {
                    Account = bodyAccount,
                    Facility = EmulatorJson.Copy(slot.Facility, SlotJsonContext.Default.FacilityJson),
                    Name = NewName(request.Account),
                    Site = slot.Site,
                    SlotId = slot.Id,
                    Speed = speed ?? slot.Speed,
                    Type = type,
                    CcrDeviceName = slot.CcrDeviceName,
                };

                slot.Occupied = true;
                slot.Account = accountId;
            }
            else
            {
                string bandwidth = EmulatorJson.RequireString(body, InterconnectNewGcpPartnerBody.Names.Bandwidth, InterconnectNewGcpPartnerBody.Names.Bandwidth);
                if (!ApiRules.IsBandwidth(bandwidth))
                {
                    throw EmulatorApiException.Invalid(InterconnectNewGcpPartnerBody.Names.Bandwidth + " must be one of 50M, 100M, 200M, 300M, 400M, 500M, 1G, 2G, 5G, 10G, 20G, 50G.");
                }

                string pairingKey = EmulatorJson.RequireString(body, InterconnectNewGcpPartnerBody.Names.PairingKey, InterconnectNewGcpPartnerBody.Names.PairingKey);
                string region = RegionOfPairingKey(pairingKey)
                    ?? throw EmulatorApiException.Invalid(InterconnectNewGcpPartnerBody.Names.PairingKey + " is not a GCP pairing key (expected <uuid>/<region>/<1 or 2>).");
                created = new InterconnectJson
                {
                    Account = bodyAccount,
                    Name = NewName(request.Account),
                    Region = region,
                    Type = type,
                    Speed = bandwidth,
                };
            }

            created.VirtualPortReservationId = CniEmulator.NewGuid(Emulator.Ids);
            request.Account.Items<InterconnectEntry>().Add(new InterconnectEntry(created));
            return request.Json(created, InterconnectJsonContext.Default.InterconnectJson);
        }

        private static EmulatorResponse Delete(SandboxRequest request, string name)
        {
            InterconnectEntry entry = Require(request.Account, name);
            CniJson? hosted = request.Account.Items<CniJson>().Find(cni => string.Equals(cni.Interconnect, entry.Name, StringComparison.Ordinal));
            if (hosted != null)
            {
                throw new EmulatorApiException(409, EmulatorErrorCodes.Conflict,
                    "Interconnect '" + entry.Name + "' still hosts CNI '" + hosted.Id + "'; delete its CNIs first.");
            }

            request.Account.Items<InterconnectEntry>().Remove(entry);
            if (entry.Body.SlotId != null && SlotSandbox.Find(request.Account, entry.Body.SlotId) is SlotJson slot)
            {
                slot.Occupied = false;
                slot.Account = null;
            }

            return request.Empty();
        }

        /// <summary>The status a read reports now, counting the read.</summary>
        private StatusJson NextStatus(InterconnectEntry entry)
        {
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

            if (entry.State != null)
            {
                return new StatusJson { State = entry.State, Reason = entry.Reason };
            }

            if (entry.StatusReads < Emulator.PendingStatusReads)
            {
                entry.StatusReads++;
                return new StatusJson { State = "Pending" };
            }

            return new StatusJson { State = "Healthy" };
        }

        /// <summary>The name the LOA is made out to when its name query gives none: the account's name (the sandbox's accounts have no other).</summary>
        private static string DefaultLoaName(SandboxAccount account) => "Sandbox account " + account.Id;

        private static EmulatorResponse LetterOfAuthorization(SandboxRequest request, InterconnectEntry entry)
        {
            InterconnectJson icon = entry.Body;
            if (icon.Kind == InterconnectKinds.GcpPartner)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.LoaUnavailable,
                    "Interconnect '" + entry.Name + "' is a GCP partner interconnect; a Letter of Authorization exists only for cross-connects.");
            }

            string? customName = request.Query(LoaQuery.Name);
            if (customName != null && customName.Length > ApiRules.MaxLoaNameLength)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, LoaQuery.Name + " has " + customName.Length + " characters; the limit is " + ApiRules.MaxLoaNameLength + ".");
            }

            var lines = new List<string>
            {
                "Letter of Authorization and Connecting Facility Assignment (LOA-CFA)",
                string.Empty,
                "Cloudflare, Inc. authorizes the customer below to order a cross-connect to this port.",
                string.Empty,
                "Customer: " + (string.IsNullOrEmpty(customName) ? DefaultLoaName(request.Account) : customName),
                "Customer account: " + icon.Account,
                "Interconnect: " + entry.Name,
                "Type: " + icon.Type,
                "Speed: " + (icon.Speed ?? string.Empty),
                "Site: " + (icon.Site ?? string.Empty),
                "Facility: " + (icon.Facility?.Name ?? string.Empty),
            };

            bool first = true;
            foreach (string? line in icon.Facility?.Address ?? new List<string>())
            {
                lines.Add((first ? "Address: " : "         ") + (line ?? string.Empty));
                first = false;
            }

            lines.Add("Slot: " + (icon.SlotId ?? string.Empty));
            lines.Add(string.Empty);
            lines.Add("Produced by the CloudflareCni emulator (sandbox). Not valid for a real cross-connect order.");

            return new EmulatorResponse
            {
                Status = 200,
                ContentType = LoaDocument.ContentType,
                Body = LoaDocument.Create(lines),
            };
        }

        private void SeedOne(SandboxAccount account, JsonObject icon, string path)
        {
            SeedAccount(icon, InterconnectJson.Names.Account, account.Id, path);
            string type = Checked(path, () => EmulatorJson.RequireString(icon, InterconnectJson.Names.Type, InterconnectJson.Names.Type));

            string? name = Checked(path, () => EmulatorJson.OptionalString(icon, InterconnectJson.Names.Name, InterconnectJson.Names.Name));
            if (name != null && (name.Length == 0 || name.IndexOf('/') >= 0))
            {
                throw new SandboxDataException(path + "." + InterconnectJson.Names.Name + " must be a non-empty name without '/', such as icon-4c1d2e3f.");
            }

            name ??= NewName(account);
            if (Find(account, name) != null)
            {
                throw new SandboxDataException(path + "." + InterconnectJson.Names.Name + ": interconnect '" + name + "' is given twice.");
            }

            icon[InterconnectJson.Names.Name] = name;
            string? slotId = SeedUuid(icon, InterconnectJson.Names.SlotId, path);
            bool hasRegion = EmulatorJson.Has(icon, InterconnectJson.Names.Region);
            SlotJson? slot = null;
            if (slotId != null)
            {
                if (hasRegion)
                {
                    throw new SandboxDataException(path + ": give slot_id (a physical interconnect) or region (a GCP partner interconnect), not both.");
                }

                slot = SlotSandbox.Find(account, slotId)
                    ?? throw new SandboxDataException(path + "." + InterconnectJson.Names.SlotId + ": no slot '" + slotId + "' in the data's slots.");
                InterconnectEntry? other = account.Items<InterconnectEntry>().Find(entry => string.Equals(entry.Body.SlotId, slotId, StringComparison.Ordinal));
                if (other != null)
                {
                    throw new SandboxDataException(path + "." + InterconnectJson.Names.SlotId + ": slot '" + slotId + "' already holds interconnect '" + other.Name + "'.");
                }

                icon[InterconnectJson.Names.SlotId] = slotId;
                JsonObject fromSlot = EmulatorJson.ToNode(slot, SlotJsonContext.Default.SlotJson).AsObject();
                foreach (string field in new[] { InterconnectJson.Names.Facility, InterconnectJson.Names.Site, InterconnectJson.Names.Speed, InterconnectJson.Names.CcrDeviceName })
                {
                    if (!EmulatorJson.Has(icon, field))
                    {
                        icon[field] = fromSlot[field]?.DeepClone();
                    }
                }
            }
            else if (hasRegion)
            {
                Checked(path, () => EmulatorJson.RequireString(icon, InterconnectJson.Names.Region, InterconnectJson.Names.Region));
                string? speed = Checked(path, () => EmulatorJson.OptionalString(icon, InterconnectJson.Names.Speed, InterconnectJson.Names.Speed));
                if (speed != null && !ApiRules.IsBandwidth(speed))
                {
                    throw new SandboxDataException(path + "." + InterconnectJson.Names.Speed + " of a GCP partner interconnect must be one of " + string.Join(", ", ApiRules.Bandwidths) + ".");
                }
            }
            else if (Array.IndexOf(InterconnectTypes.Published, type) >= 0)
            {
                // A published type needs the fields of its shape; neither, with another type, is a kind the API does not
                // publish (the type says which), seeded as given.
                throw new SandboxDataException(path + ": give slot_id (a physical interconnect on one of the data's slots) or region (a GCP partner interconnect).");
            }

            string state = "Healthy";
            string? reason = null;
            if (icon.TryGetPropertyValue(Status, out JsonNode? statusNode))
            {
                icon.Remove(Status);
                if (!(statusNode is JsonObject status))
                {
                    throw new SandboxDataException(path + "." + Status + " must be an object, such as {\"state\": \"Down\", \"reason\": \"Loss of light\"}.");
                }

                // Any state: one the API publishes (Pending, Down, Unhealthy, Healthy), or one a test makes up as a state Cloudflare might add.
                state = Checked(path + "." + Status, () => EmulatorJson.RequireString(status, StatusJson.Names.State, StatusJson.Names.State));

                reason = Checked(path + "." + Status, () => EmulatorJson.OptionalString(status, StatusJson.Names.Reason, StatusJson.Names.Reason));
            }

            InterconnectJson seeded = Typed(icon, InterconnectJsonContext.Default.InterconnectJson, path);
            if (seeded.Kind != InterconnectKinds.Other && seeded.VirtualPortReservationId is null)
            {
                // The API gives both published kinds a port reservation.
                seeded.VirtualPortReservationId = CniEmulator.NewGuid(Emulator.Ids);
            }

            if (slot != null)
            {
                slot.Occupied = true;
                slot.Account = account.Id;
            }

            account.Items<InterconnectEntry>().Add(new InterconnectEntry(seeded) { State = state, Reason = reason });
        }

        private string NewName(SandboxAccount account)
        {
            while (true)
            {
                string name = "icon-" + Emulator.Ids.Next(0, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture).Substring(0, 8);
                if (Find(account, name) == null)
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
    }
}
