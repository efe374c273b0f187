using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Emulator.Resources;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>What a sandbox holds, read (and for the test server, amended) as the API's JSON, under the emulator's lock.</summary>
    internal static class EmulatorState
    {
        /// <summary>A copy of a slot as an account sees it, or null.</summary>
        public static JsonObject? GetSlot(this CniEmulator emulator, string accountId, string slotId) =>
            emulator.InAccount(accountId, account => SlotSandbox.Find(account, slotId) is SlotJson slot ? Node(slot, SlotJsonContext.Default.SlotJson) : null);

        /// <summary>Copies of the account's slots, in order.</summary>
        public static IReadOnlyList<JsonObject> GetSlots(this CniEmulator emulator, string accountId) =>
            emulator.InAccount(accountId, account => account.Items<SlotJson>().ConvertAll(slot => Node(slot, SlotJsonContext.Default.SlotJson)));

        /// <summary>Copies of the account's interconnects, in creation order.</summary>
        public static IReadOnlyList<JsonObject> GetInterconnects(this CniEmulator emulator, string accountId) =>
            emulator.InAccount(accountId, account => account.Items<InterconnectEntry>().ConvertAll(entry => Node(entry.Body, InterconnectJsonContext.Default.InterconnectJson)));

        /// <summary>Copies of the account's CNIs, in creation order.</summary>
        public static IReadOnlyList<JsonObject> GetCnis(this CniEmulator emulator, string accountId) =>
            emulator.InAccount(accountId, account => account.Items<CniJson>().ConvertAll(cni => Node(cni, CniJsonContext.Default.CniJson)));

        /// <summary>The account's current <c>default_asn</c>.</summary>
        public static long GetDefaultAsn(this CniEmulator emulator, string accountId) =>
            emulator.InAccount(accountId, account => SettingSandbox.Of(account).DefaultAsn);

        /// <summary>Adds the fields to the stored CNI (or interconnect) with that id (or name), where it has none of that name.</summary>
        public static void AddFields(this CniEmulator emulator, string accountId, string collection, string key, JsonObject fields) =>
            emulator.InAccount(accountId, account =>
            {
                if (collection == "cnis" && account.Items<CniJson>().Find(c => c.Id == key) is CniJson cni)
                {
                    cni.Unknown = Merged(cni.Unknown, Node(cni, CniJsonContext.Default.CniJson), fields);
                }
                else if (collection == "interconnects" && account.Items<InterconnectEntry>().Find(i => i.Name == key) is InterconnectEntry entry)
                {
                    entry.Body.Unknown = Merged(entry.Body.Unknown, Node(entry.Body, InterconnectJsonContext.Default.InterconnectJson), fields);
                }
            });

        private static Dictionary<string, JsonElement> Merged(Dictionary<string, JsonElement>? unknown, JsonObject written, JsonObject fields)
        {
            var merged = unknown is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(unknown);
            foreach (KeyValuePair<string, JsonNode?> field in fields.Where(f => !written.ContainsKey(f.Key)))
            {
                using JsonDocument value = JsonDocument.Parse(field.Value?.ToJsonString() ?? "null");
                merged[field.Key] = value.RootElement.Clone();
            }

            return merged;
        }

        private static JsonObject Node<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => EmulatorJson.ToNode(value, type).AsObject();
    }
}
