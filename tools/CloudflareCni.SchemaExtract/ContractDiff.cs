using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace CloudflareCni.SchemaExtract
{
    /// <summary>One difference between two contracts: '+' added, '-' removed, '~' changed.</summary>
    internal sealed record ContractChange(char Sign, string What)
    {
        public override string ToString() => Sign + " " + What;
    }

    /// <summary>
    /// Names what changed between two contracts, in the API's terms: operations, parameters, request bodies, responses,
    /// component schemas, fields, types and formats, enum values, required fields, bounds, composition and discriminators.
    /// Required lists and enums compare as sets, so a reordering is no change.
    /// </summary>
    internal static class ContractDiff
    {
        private static readonly string[] Nested = { "properties", "required", "enum", "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "discriminator" };

        public static IReadOnlyList<ContractChange> Compare(JsonObject older, JsonObject newer)
        {
            var changes = new List<ContractChange>();
            Operations(changes, Operations(older), Operations(newer));

            JsonObject oldSchemas = older["components"]?["schemas"] as JsonObject ?? new JsonObject();
            JsonObject newSchemas = newer["components"]?["schemas"] as JsonObject ?? new JsonObject();
            foreach (string name in Union(oldSchemas, newSchemas))
            {
                JsonNode? a = oldSchemas[name];
                JsonNode? b = newSchemas[name];
                if (a is null)
                {
                    changes.Add(new ContractChange('+', "component " + name + " (" + Summary(b) + ")"));
                }
                else if (b is null)
                {
                    changes.Add(new ContractChange('-', "component " + name));
                }
                else
                {
                    Schema(changes, name, a, b);
                }
            }

            string? oldCommit = (string?)older["info"]?["x-source-commit"];
            string? newCommit = (string?)newer["info"]?["x-source-commit"];
            if (changes.Count > 0 && oldCommit != newCommit)
            {
                changes.Insert(0, new ContractChange('~', "source commit " + (oldCommit ?? "(none)") + " -> " + (newCommit ?? "(none)")));
            }

            return changes;
        }

        private static SortedDictionary<string, JsonObject> Operations(JsonObject contract)
        {
            var operations = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonNode?> path in contract["paths"] as JsonObject ?? new JsonObject())
            {
                foreach (KeyValuePair<string, JsonNode?> operation in path.Value as JsonObject ?? new JsonObject())
                {
                    operations[operation.Key.ToUpperInvariant() + " " + path.Key] = (JsonObject)operation.Value!;
                }
            }

            return operations;
        }

        private static void Operations(List<ContractChange> changes, SortedDictionary<string, JsonObject> older, SortedDictionary<string, JsonObject> newer)
        {
            foreach (string key in older.Keys.Union(newer.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                older.TryGetValue(key, out JsonObject? a);
                newer.TryGetValue(key, out JsonObject? b);
                if (a is null)
                {
                    changes.Add(new ContractChange('+', "operation " + key + " (" + b!["operationId"] + ")"));
                    continue;
                }

                if (b is null)
                {
                    changes.Add(new ContractChange('-', "operation " + key + " (" + a["operationId"] + ")"));
                    continue;
                }

                Scalar(changes, "operation " + key, "operationId", a["operationId"], b["operationId"]);
                Scalar(changes, "operation " + key, "deprecated", a["deprecated"], b["deprecated"]);
                Parameters(changes, key, a["parameters"] as JsonArray, b["parameters"] as JsonArray);
                Body(changes, key, a["requestBody"] as JsonObject, b["requestBody"] as JsonObject);
                Responses(changes, key, a["responses"] as JsonObject ?? new JsonObject(), b["responses"] as JsonObject ?? new JsonObject());
            }
        }

        private static void Parameters(List<ContractChange> changes, string operation, JsonArray? older, JsonArray? newer)
        {
            Dictionary<string, JsonObject> a = ByPlace(older);
            Dictionary<string, JsonObject> b = ByPlace(newer);
            foreach (string place in a.Keys.Union(b.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                string where = "parameter " + operation + ": " + place;
                if (!a.TryGetValue(place, out JsonObject? before))
                {
                    JsonObject added = b[place];
                    changes.Add(new ContractChange('+', where + " (" + Summary(added["schema"]) + ((bool?)added["required"] == true ? ", required" : ", optional") + ")"));
                }
                else if (!b.TryGetValue(place, out JsonObject? after))
                {
                    changes.Add(new ContractChange('-', where));
                }
                else
                {
                    foreach (string key in Union(before, after).Where(k => k != "schema" && k != "content"))
                    {
                        Scalar(changes, where, key, before[key], after[key]);
                    }

                    Schema(changes, where, before["schema"], after["schema"]);
                }
            }

            static Dictionary<string, JsonObject> ByPlace(JsonArray? list) =>
                (list ?? new JsonArray()).OfType<JsonObject>().ToDictionary(p => p["in"] + " " + p["name"], StringComparer.Ordinal);
        }

        private static void Body(List<ContractChange> changes, string operation, JsonObject? older, JsonObject? newer)
        {
            string where = "request body of " + operation;
            if (older is null && newer is null)
            {
                return;
            }

            if (older is null || newer is null)
            {
                changes.Add(new ContractChange(older is null ? '+' : '-', where));
                return;
            }

            Scalar(changes, where, "required", older["required"], newer["required"]);
            Content(changes, where, older["content"] as JsonObject, newer["content"] as JsonObject);
        }

        private static void Responses(List<ContractChange> changes, string operation, JsonObject older, JsonObject newer)
        {
            foreach (string status in Union(older, newer))
            {
                string where = "response " + status + " of " + operation;
                if (older[status] is not JsonObject a)
                {
                    changes.Add(new ContractChange('+', where));
                }
                else if (newer[status] is not JsonObject b)
                {
                    changes.Add(new ContractChange('-', where));
                }
                else
                {
                    Content(changes, where, a["content"] as JsonObject, b["content"] as JsonObject);
                    if (!JsonNode.DeepEquals(a["headers"], b["headers"]))
                    {
                        changes.Add(new ContractChange('~', where + ": headers"));
                    }
                }
            }
        }

        private static void Content(List<ContractChange> changes, string where, JsonObject? older, JsonObject? newer)
        {
            older ??= new JsonObject();
            newer ??= new JsonObject();
            foreach (string media in Union(older, newer))
            {
                if (older[media] is null)
                {
                    changes.Add(new ContractChange('+', where + ": " + media + " (" + Summary(newer[media]?["schema"]) + ")"));
                }
                else if (newer[media] is null)
                {
                    changes.Add(new ContractChange('-', where + ": " + media));
                }
                else
                {
                    Schema(changes, where, older[media]?["schema"], newer[media]?["schema"]);
                }
            }
        }

        private static void Schema(List<ContractChange> changes, string where, JsonNode? older, JsonNode? newer)
        {
            if (JsonNode.DeepEquals(older, newer))
            {
                return;
            }

            if (older is not JsonObject a || newer is not JsonObject b)
            {
                changes.Add(new ContractChange('~', where + ": " + Summary(older) + " -> " + Summary(newer)));
                return;
            }

            foreach (string key in Union(a, b).Where(k => !Nested.Contains(k)))
            {
                Scalar(changes, where, key, a[key], b[key]);
            }

            JsonObject aProperties = a["properties"] as JsonObject ?? new JsonObject();
            JsonObject bProperties = b["properties"] as JsonObject ?? new JsonObject();
            foreach (string name in Union(aProperties, bProperties))
            {
                if (aProperties[name] is null)
                {
                    changes.Add(new ContractChange('+', "field " + where + "." + name + " (" + Summary(bProperties[name]) + ")"));
                }
                else if (bProperties[name] is null)
                {
                    changes.Add(new ContractChange('-', "field " + where + "." + name));
                }
                else
                {
                    Schema(changes, where + "." + name, aProperties[name], bProperties[name]);
                }
            }

            Set(changes, "required", where, a["required"], b["required"]);
            Set(changes, "enum value", where, a["enum"], b["enum"]);
            Schema(changes, where + "[]", a["items"], b["items"]);
            Schema(changes, where + ".not", a["not"], b["not"]);
            if (a["additionalProperties"] is JsonObject || b["additionalProperties"] is JsonObject)
            {
                Schema(changes, where + "{*}", a["additionalProperties"], b["additionalProperties"]);
            }
            else
            {
                Scalar(changes, where, "additionalProperties", a["additionalProperties"], b["additionalProperties"]);
            }

            foreach (string composition in new[] { "allOf", "anyOf", "oneOf" })
            {
                JsonArray aBranches = a[composition] as JsonArray ?? new JsonArray();
                JsonArray bBranches = b[composition] as JsonArray ?? new JsonArray();
                for (int i = 0; i < Math.Max(aBranches.Count, bBranches.Count); i++)
                {
                    string branch = where + "." + composition + "[" + i + "]";
                    if (i >= aBranches.Count)
                    {
                        changes.Add(new ContractChange('+', branch + " (" + Summary(bBranches[i]) + ")"));
                    }
                    else if (i >= bBranches.Count)
                    {
                        changes.Add(new ContractChange('-', branch + " (" + Summary(aBranches[i]) + ")"));
                    }
                    else
                    {
                        Schema(changes, branch, aBranches[i], bBranches[i]);
                    }
                }
            }

            JsonObject? aDiscriminator = a["discriminator"] as JsonObject;
            JsonObject? bDiscriminator = b["discriminator"] as JsonObject;
            if (!JsonNode.DeepEquals(aDiscriminator, bDiscriminator))
            {
                Scalar(changes, where + " discriminator", "propertyName", aDiscriminator?["propertyName"], bDiscriminator?["propertyName"]);
                JsonObject aMapping = aDiscriminator?["mapping"] as JsonObject ?? new JsonObject();
                JsonObject bMapping = bDiscriminator?["mapping"] as JsonObject ?? new JsonObject();
                foreach (string value in Union(aMapping, bMapping))
                {
                    if (!JsonNode.DeepEquals(aMapping[value], bMapping[value]))
                    {
                        char sign = aMapping[value] is null ? '+' : bMapping[value] is null ? '-' : '~';
                        changes.Add(new ContractChange(sign, "discriminator value " + where + ": " + value + " -> " + (bMapping[value] ?? aMapping[value])));
                    }
                }
            }
        }

        private static void Set(List<ContractChange> changes, string what, string where, JsonNode? older, JsonNode? newer)
        {
            string[] a = Values(older);
            string[] b = Values(newer);
            foreach (string added in b.Except(a, StringComparer.Ordinal))
            {
                changes.Add(new ContractChange('+', what + " " + where + ": " + added));
            }

            foreach (string removed in a.Except(b, StringComparer.Ordinal))
            {
                changes.Add(new ContractChange('-', what + " " + where + ": " + removed));
            }

            static string[] Values(JsonNode? node) => (node as JsonArray ?? new JsonArray()).Select(v => v?.ToJsonString() ?? "null").Select(t => t.Trim('"')).ToArray();
        }

        private static void Scalar(List<ContractChange> changes, string where, string key, JsonNode? older, JsonNode? newer)
        {
            if (!JsonNode.DeepEquals(older, newer))
            {
                changes.Add(new ContractChange('~', where + ": " + key + " " + Text(older) + " -> " + Text(newer)));
            }

            static string Text(JsonNode? node) => node is null ? "(none)" : node.ToJsonString().Trim('"');
        }

        /// <summary>A schema in a few words: its reference, or its type, format, nullability and enum.</summary>
        internal static string Summary(JsonNode? node)
        {
            if (node is not JsonObject schema)
            {
                return node?.ToJsonString() ?? "no schema";
            }

            if (schema["$ref"] is JsonNode reference)
            {
                return ((string)reference!).Replace(ContractExtractor.ComponentSchemaPrefix, string.Empty, StringComparison.Ordinal);
            }

            var parts = new List<string>();
            parts.Add(schema["type"]?.ToJsonString().Trim('"') ?? (schema["oneOf"] != null ? "oneOf" : schema["anyOf"] != null ? "anyOf" : schema["allOf"] != null ? "allOf" : "any"));
            if (schema["format"] is JsonNode format)
            {
                parts.Add((string)format!);
            }

            if ((bool?)schema["nullable"] == true)
            {
                parts.Add("nullable");
            }

            if (schema["enum"] is JsonArray values)
            {
                parts.Add("enum " + string.Join("|", values.Select(v => v?.ToJsonString().Trim('"') ?? "null")));
            }

            return string.Join(", ", parts);
        }

        private static IEnumerable<string> Union(JsonObject a, JsonObject b) =>
            a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal);
    }
}
