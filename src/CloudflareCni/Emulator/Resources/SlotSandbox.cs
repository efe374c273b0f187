using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>
    /// /accounts/{account_id}/cni/slots: list and get. Slots added without an account are copied into every account the
    /// first time it is used, so occupying one in account A leaves it free in account B. Seed section <c>slots</c>.
    /// </summary>
    internal sealed class SlotSandbox : SandboxResource
    {
        /// <summary>The slots every account sees, each account with its own copy (and occupancy).</summary>
        private readonly List<SlotJson> everyAccounts = new List<SlotJson>();

        public override string Route => "cni/slots";

        public override string SeedSection => "slots";

        public override int SeedOrder => 0;

        public override EmulatorResponse Handle(SandboxRequest request)
        {
            Allow(request, "GET");
            switch (request.Path.Length)
            {
                case 0:
                    return List(request);
                case 1:
                    SlotJson slot = Find(request.Account, request.Path[0])
                        ?? throw new EmulatorApiException(404, EmulatorErrorCodes.NotFound, "Slot '" + request.Path[0] + "' not found.");
                    return request.Json(slot, SlotJsonContext.Default.SlotJson);
                default:
                    throw CniEmulator.NoRoute();
            }
        }

        /// <summary>
        /// Adds a slot: with <paramref name="account"/> null, visible in every account; otherwise only in that account.
        /// </summary>
        public void Add(SandboxAccount? account, SlotJson slot, IEnumerable<SandboxAccount> existing)
        {
            if (account is null)
            {
                everyAccounts.Add(slot);
                foreach (SandboxAccount other in existing)
                {
                    other.Items<SlotJson>().Add(ForAccount(slot));
                }
            }
            else
            {
                account.Items<SlotJson>().Add(ForAccount(slot));
            }
        }

        public override void OnNewAccount(SandboxAccount account)
        {
            foreach (SlotJson slot in everyAccounts)
            {
                account.Items<SlotJson>().Add(ForAccount(slot));
            }
        }

        /// <summary>The account's slot with that id (compared exactly), or null.</summary>
        public static SlotJson? Find(SandboxAccount account, string id) =>
            account.Items<SlotJson>().Find(slot => string.Equals(slot.Id, id, StringComparison.Ordinal));

        public override void Seed(SandboxAccount account, JsonNode section)
        {
            foreach ((JsonObject item, string path) in SeedItems(section, SeedSection!))
            {
                string id = SeedUuid(item, SlotJson.Names.Id, path) ?? CniEmulator.NewGuid(Emulator.Ids);
                item[SlotJson.Names.Id] = id;
                if (everyAccounts.Exists(slot => string.Equals(slot.Id, id, StringComparison.Ordinal)))
                {
                    throw new SandboxDataException(path + "." + SlotJson.Names.Id + ": slot '" + id + "' is given twice.");
                }

                Checked(path, () =>
                {
                    string addressRule = SlotJson.Names.Facility + "." + FacilityJson.Names.Address + " must be an array of strings (the address lines).";
                    JsonObject facility = EmulatorJson.RequireObject(item, SlotJson.Names.Facility, SlotJson.Names.Facility);
                    EmulatorJson.RequireString(facility, FacilityJson.Names.Name, SlotJson.Names.Facility + "." + FacilityJson.Names.Name);
                    if (!(facility[FacilityJson.Names.Address] is JsonArray address))
                    {
                        throw EmulatorApiException.Invalid(addressRule);
                    }

                    foreach (JsonNode? line in address)
                    {
                        if (line == null || EmulatorJson.KindOf(line) != JsonValueKind.String)
                        {
                            throw EmulatorApiException.Invalid(addressRule);
                        }
                    }

                    EmulatorJson.RequireString(item, SlotJson.Names.Site, SlotJson.Names.Site);
                    EmulatorJson.RequireString(item, SlotJson.Names.Speed, SlotJson.Names.Speed);
                    return 0;
                });

                if (!item.TryGetPropertyValue(SlotJson.Names.Occupied, out JsonNode? occupied) || occupied == null)
                {
                    item[SlotJson.Names.Occupied] = false;
                }
                else if (EmulatorJson.KindOf(occupied) != JsonValueKind.True && EmulatorJson.KindOf(occupied) != JsonValueKind.False)
                {
                    throw new SandboxDataException(path + "." + SlotJson.Names.Occupied + " must be true or false.");
                }

                Add(null, Typed(item, SlotJsonContext.Default.SlotJson, path), Emulator.Accounts);
            }
        }

        private EmulatorResponse List(SandboxRequest request)
        {
            string? contains = request.Query(SlotListParams.Names.AddressContains);
            string? occupiedText = request.Query(SlotListParams.Names.Occupied);
            string? site = request.Query(SlotListParams.Names.Site);
            string? speed = request.Query(SlotListParams.Names.Speed);
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
                    throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, SlotListParams.Names.Occupied + " must be true or false.");
                }
            }

            List<SlotJson> items = request.Account.Items<SlotJson>().FindAll(slot =>
                (site is null || string.Equals(slot.Site, site, StringComparison.Ordinal)) &&
                (speed is null || string.Equals(slot.Speed, speed, StringComparison.Ordinal)) &&
                (occupied is null || slot.Occupied == occupied.Value) &&
                (contains is null || AddressContains(slot, contains)));
            return request.Page(items, SlotJsonContext.Default.ListResponseSlotJson);
        }

        /// <summary>A case-sensitive substring of the facility's name or of an address line.</summary>
        private static bool AddressContains(SlotJson slot, string text) =>
            (slot.Facility?.Name ?? string.Empty).IndexOf(text, StringComparison.Ordinal) >= 0 ||
            (slot.Facility?.Address ?? new List<string>()).Exists(line => (line ?? string.Empty).IndexOf(text, StringComparison.Ordinal) >= 0);

        /// <summary>An account's own copy of a slot, with the router of its port (the slot's own, when seeded with one).</summary>
        private static SlotJson ForAccount(SlotJson slot)
        {
            SlotJson copy = EmulatorJson.Copy(slot, SlotJsonContext.Default.SlotJson);
            copy.CcrDeviceName ??= SandboxCcrDevice;
            return copy;
        }
    }
}
