using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>
    /// One API resource of the sandbox: its routes, the API's rules for it, and the section of -SandboxData that seeds it.
    /// The emulator finds every subclass of this assembly by reflection (once per process) and makes one of each per
    /// emulator, so a new resource is one new file: no routing switch or section list names it.
    /// </summary>
    internal abstract class SandboxResource
    {
        /// <summary>The emulator this resource answers for (set when the emulator makes it).</summary>
        protected internal CniEmulator Emulator { get; internal set; } = null!;

        /// <summary>The path of the resource under <c>/accounts/{account_id}/</c>, such as <c>cni/interconnects</c>.</summary>
        public abstract string Route { get; }

        /// <summary>The section of the seed data, in the API's own name (such as <c>interconnects</c>); null for none.</summary>
        public virtual string? SeedSection => null;

        /// <summary>Where the section is seeded among the others: what an item refers to is seeded before it.</summary>
        public virtual int SeedOrder => 0;

        /// <summary>
        /// Answers a request to the resource: <see cref="SandboxRequest.Path"/> holds the segments after <see cref="Route"/>.
        /// Runs under the emulator's lock.
        /// </summary>
        public abstract EmulatorResponse Handle(SandboxRequest request);

        /// <summary>Seeds the section into the account, under the emulator's lock; a <see cref="SandboxDataException"/> names the item and field.</summary>
        public virtual void Seed(SandboxAccount account, JsonNode section)
        {
        }

        /// <summary>Called once for each account, the first time it is used.</summary>
        public virtual void OnNewAccount(SandboxAccount account)
        {
        }

        /// <summary>The router the sandbox's slots (and the physical interconnects on them) name in ccr_device_name, unless seeded with another.</summary>
        protected const string SandboxCcrDevice = "ccr01-sandbox";

        /// <summary>Refuses a method the route does not take, with a 405 and an Allow header.</summary>
        protected static void Allow(SandboxRequest request, string allowed)
        {
            foreach (string candidate in allowed.Split(','))
            {
                if (candidate.Trim() == request.Method)
                {
                    return;
                }
            }

            throw new EmulatorApiException(405, EmulatorErrorCodes.MethodNotAllowed, "Method " + request.Method + " not allowed for this route; allowed: " + allowed + ".")
            {
                Allow = allowed,
            };
        }

        /// <summary>The items of a list section: an array of objects, or one object (PowerShell's @{...} without @(...) around it).</summary>
        protected static IEnumerable<(JsonObject Item, string Path)> SeedItems(JsonNode section, string name)
        {
            if (section is JsonObject single)
            {
                section = new JsonArray(single.DeepClone());
            }

            if (!(section is JsonArray list))
            {
                throw new SandboxDataException(name + " must be an array of objects.");
            }

            for (int i = 0; i < list.Count; i++)
            {
                string path = name + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                if (!(list[i] is JsonObject item))
                {
                    throw new SandboxDataException(path + " must be an object.");
                }

                yield return ((JsonObject)item.DeepClone(), path);
            }
        }

        /// <summary>Runs an API rule check, turning its failure into a seed error that names the item.</summary>
        protected static T Checked<T>(string path, Func<T> check)
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

        /// <summary>A UUID field in its canonical lower-case form, as the API writes UUIDs; null when absent.</summary>
        protected static string? SeedUuid(JsonObject item, string field, string path)
        {
            item.TryGetPropertyValue(field, out JsonNode? node);
            if (node == null)
            {
                return null;
            }

            if (EmulatorJson.KindOf(node) != JsonValueKind.String || !Guid.TryParseExact(node.GetValue<string>(), "D", out Guid uuid))
            {
                throw new SandboxDataException(path + "." + field + " must be a UUID (8-4-4-4-12 hexadecimal digits), such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.");
            }

            return uuid.ToString("D");
        }

        /// <summary>The item's account: the seeded one, which the item may name but not another.</summary>
        protected static void SeedAccount(JsonObject item, string field, string accountId, string path)
        {
            string? given = Checked(path, () => EmulatorJson.OptionalString(item, field, field));
            if (given != null && !string.Equals(given, accountId, StringComparison.Ordinal))
            {
                throw new SandboxDataException(path + "." + field + " is '" + given + "', but the sandbox is seeded for account '" + accountId + "'. Leave " + field + " out, or connect with -AccountId " + given + ".");
            }

            item[field] = accountId;
        }

        /// <summary>The checked item as its wire type; a field whose JSON does not fit the API's type is named.</summary>
        protected static T Typed<T>(JsonObject item, JsonTypeInfo<T> type, string path)
        {
            try
            {
                return item.Deserialize(type) ?? throw new SandboxDataException(path + " must be an object.");
            }
            catch (JsonException ex)
            {
                string field = ex.Path is string at && at.Length > 2 ? at.Substring(1) : string.Empty;
                throw new SandboxDataException(path + field + " does not have the API's type: " + ex.Message);
            }
        }
    }
}
