using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace CloudflareCni.SchemaExtract
{
    /// <summary>One OpenAPI document given to the extractor, and the name it is reported by (its file name).</summary>
    internal sealed record ContractSource(string Name, JsonObject Document);

    /// <summary>
    /// Keeps the facts of the operations the module uses: every operation under the module's path prefixes, with its
    /// parameters, request body and 2xx responses, and every component schema they reach through <c>$ref</c>. Facts are
    /// what a request or an answer must look like (types, formats, enums, required lists, bounds, patterns, nullable,
    /// composition and discriminators); prose (descriptions, summaries, titles, examples), tags, security and vendor
    /// extensions are dropped. A keyword that is neither kept nor known as prose is an error, so that nothing the API
    /// starts to say is dropped unseen. The result is sorted (paths, methods, parameters, properties, required lists),
    /// so two extractions of the same facts are byte for byte the same.
    /// </summary>
    internal static class ContractExtractor
    {
        /// <summary>The module's operations: the CNI API and the Magic tunnels of CNI interconnects.</summary>
        public static readonly IReadOnlyList<string> ModulePathPrefixes = new[]
        {
            "/accounts/{account_id}/cni",
            "/accounts/{account_id}/magic/cf_interconnects",
        };

        public const string ComponentSchemaPrefix = "#/components/schemas/";

        private static readonly string[] Methods = { "delete", "get", "head", "options", "patch", "post", "put", "trace" };

        // Schema keywords that state what a value must be: copied.
        private static readonly HashSet<string> SchemaFactKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "$ref", "additionalProperties", "allOf", "anyOf", "const", "default", "deprecated", "discriminator", "enum",
            "exclusiveMaximum", "exclusiveMinimum", "format", "items", "maxItems", "maxLength", "maxProperties", "maximum",
            "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not", "nullable", "oneOf", "pattern",
            "properties", "readOnly", "required", "type", "uniqueItems", "writeOnly",
        };

        // Prose and presentation: dropped (so are x-* extensions).
        private static readonly HashSet<string> SchemaProseKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "description", "example", "examples", "externalDocs", "title", "xml",
        };

        private static readonly HashSet<string> OperationProse = new HashSet<string>(StringComparer.Ordinal)
        {
            "description", "externalDocs", "security", "servers", "summary", "tags",
        };

        private static readonly HashSet<string> ParameterFactKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "allowEmptyValue", "allowReserved", "content", "deprecated", "explode", "in", "name", "required", "schema", "style",
        };

        /// <summary>Extracts the facts of the operations under <paramref name="prefixes"/> from one or more documents.</summary>
        /// <exception cref="InvalidDataException">The documents disagree, or say something the extractor does not know.</exception>
        public static JsonObject Extract(IReadOnlyList<ContractSource> sources, IReadOnlyList<string> prefixes, string? sourceCommit)
        {
            if (sources.Count == 0)
            {
                throw new InvalidDataException("no input document.");
            }

            string openapi = Single(sources, s => (string?)s.Document["openapi"], "openapi version");
            if (!openapi.StartsWith("3.0.", StringComparison.Ordinal))
            {
                // 3.1 changed nullable into type arrays; the contract tests convert 3.0 deliberately, and would need the same care for 3.1.
                throw new InvalidDataException("openapi " + openapi + ": only OpenAPI 3.0.x is supported.");
            }

            var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            var pathOrigin = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (ContractSource source in sources)
            {
                var context = new Context(source);
                foreach (KeyValuePair<string, JsonNode?> path in AsObject(source.Document["paths"], "paths"))
                {
                    if (!prefixes.Any(prefix => path.Key == prefix || path.Key.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    JsonObject facts = PathFacts(context, path.Key, AsObject(path.Value, path.Key));
                    if (paths.TryGetValue(path.Key, out JsonObject? earlier))
                    {
                        if (!JsonNode.DeepEquals(earlier, facts))
                        {
                            throw new InvalidDataException($"path {path.Key} differs between {pathOrigin[path.Key]} and {source.Name}.");
                        }

                        continue;
                    }

                    paths.Add(path.Key, facts);
                    pathOrigin.Add(path.Key, source.Name);
                }
            }

            if (paths.Count == 0)
            {
                throw new InvalidDataException("no path starts with " + string.Join(" or ", prefixes) + ".");
            }

            var components = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            var queue = new Queue<string>(paths.Values.SelectMany(ReferencedComponents));
            while (queue.Count > 0)
            {
                string name = queue.Dequeue();
                if (components.ContainsKey(name))
                {
                    continue;
                }

                JsonObject facts = ComponentFacts(sources, name);
                components.Add(name, facts);
                foreach (string next in ReferencedComponents(facts))
                {
                    queue.Enqueue(next);
                }
            }

            string? commit = sourceCommit ?? SourceCommitOf(sources);
            if (string.IsNullOrWhiteSpace(commit))
            {
                throw new InvalidDataException("the source commit is unknown: give --source-commit <sha> (the api-schemas commit the openapi.yaml comes from).");
            }

            var info = new JsonObject
            {
                ["title"] = "Cloudflare API: the operations CloudflareCni uses (facts only)",
                ["version"] = Single(sources, s => (string?)s.Document["info"]?["version"], "info.version"),
                ["license"] = new JsonObject
                {
                    ["name"] = "BSD-3-Clause",
                    ["url"] = "https://opensource.org/licenses/BSD-3-Clause",
                },
                ["x-copyright"] = "Copyright (c) 2022, Cloudflare; see LICENSE-cloudflare-api-schemas beside this file",
                ["x-source-repository"] = "https://github.com/cloudflare/api-schemas",
                ["x-source-path"] = "openapi.yaml",
                ["x-source-commit"] = commit,
                ["x-extracted-by"] = "tools/CloudflareCni.SchemaExtract",
                ["x-path-prefixes"] = new JsonArray(prefixes.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            };

            var pathsNode = new JsonObject();
            foreach (KeyValuePair<string, JsonObject> path in paths)
            {
                pathsNode[path.Key] = path.Value;
            }

            var schemas = new JsonObject();
            foreach (KeyValuePair<string, JsonObject> component in components)
            {
                schemas[component.Key] = component.Value;
            }

            return new JsonObject
            {
                ["openapi"] = openapi,
                ["info"] = info,
                ["paths"] = pathsNode,
                ["components"] = new JsonObject { ["schemas"] = schemas },
            };
        }

        /// <summary>The api-schemas commit the inputs name (info.x-source-commit, as the extracts in shared/reference carry), or null.</summary>
        public static string? SourceCommitOf(IReadOnlyList<ContractSource> sources) =>
            SingleOrNull(sources, s => (string?)s.Document["info"]?["x-source-commit"], "x-source-commit");

        /// <summary>The names of the component schemas a facts tree refers to.</summary>
        public static IEnumerable<string> ReferencedComponents(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (KeyValuePair<string, JsonNode?> pair in obj)
                    {
                        if (pair.Key == "$ref" && pair.Value is JsonValue reference && reference.TryGetValue(out string? target))
                        {
                            if (target.StartsWith(ComponentSchemaPrefix, StringComparison.Ordinal))
                            {
                                yield return target.Substring(ComponentSchemaPrefix.Length);
                            }
                        }
                        else if (pair.Key == "mapping" && pair.Value is JsonObject mapping && mapping.All(entry => entry.Value is JsonValue))
                        {
                            foreach (KeyValuePair<string, JsonNode?> entry in mapping)
                            {
                                if (entry.Value is JsonValue value && value.TryGetValue(out string? mapped) && mapped.StartsWith(ComponentSchemaPrefix, StringComparison.Ordinal))
                                {
                                    yield return mapped.Substring(ComponentSchemaPrefix.Length);
                                }
                            }
                        }
                        else
                        {
                            foreach (string name in ReferencedComponents(pair.Value))
                            {
                                yield return name;
                            }
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (JsonNode? item in array)
                    {
                        foreach (string name in ReferencedComponents(item))
                        {
                            yield return name;
                        }
                    }

                    break;
            }
        }

        private static JsonObject PathFacts(Context context, string path, JsonObject item)
        {
            JsonArray? shared = null;
            foreach (KeyValuePair<string, JsonNode?> pair in item)
            {
                if (pair.Key == "parameters")
                {
                    shared = AsArray(pair.Value, path + " parameters");
                }
                else if (!Methods.Contains(pair.Key) && pair.Key is not ("summary" or "description" or "servers") && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{context.Source.Name}: {path}: unknown key '{pair.Key}'.");
                }
            }

            var facts = new JsonObject();
            foreach (string method in Methods)
            {
                if (item[method] is JsonNode operation)
                {
                    facts[method] = OperationFacts(context, method.ToUpperInvariant() + " " + path, AsObject(operation, path + " " + method), shared);
                }
            }

            return facts;
        }

        private static JsonObject OperationFacts(Context context, string where, JsonObject operation, JsonArray? shared)
        {
            var facts = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> pair in operation)
            {
                switch (pair.Key)
                {
                    case "operationId":
                    case "deprecated":
                        facts[pair.Key] = pair.Value?.DeepClone();
                        break;
                    case "parameters":
                    case "requestBody":
                    case "responses":
                        break;
                    default:
                        if (!OperationProse.Contains(pair.Key) && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
                        {
                            throw new InvalidDataException($"{context.Source.Name}: {where}: unknown operation key '{pair.Key}'.");
                        }

                        break;
                }
            }

            // Operation parameters replace path-level ones of the same name and place.
            var parameters = new SortedDictionary<(string In, string Name), JsonObject>();
            foreach (JsonArray? list in new[] { shared, operation["parameters"] as JsonArray })
            {
                foreach (JsonNode? parameter in list ?? new JsonArray())
                {
                    JsonObject p = ParameterFacts(context, where, context.Resolve(AsObject(parameter, where + " parameter"), where));
                    parameters[((string)p["in"]!, (string)p["name"]!)] = p;
                }
            }

            facts["parameters"] = new JsonArray(parameters.Values.Select(p => (JsonNode?)p).ToArray());

            if (operation["requestBody"] is JsonNode bodyNode)
            {
                JsonObject body = context.Resolve(AsObject(bodyNode, where + " requestBody"), where);
                var bodyFacts = new JsonObject { ["required"] = (bool?)body["required"] ?? false };
                if (body["content"] is JsonObject content)
                {
                    bodyFacts["content"] = ContentFacts(context, where + " requestBody", content);
                }

                facts["requestBody"] = bodyFacts;
            }

            var responses = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> response in AsObject(operation["responses"], where + " responses").OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                // Only the answers a request succeeds with: the error bodies are not part of the contract.
                if (!response.Key.StartsWith("2", StringComparison.Ordinal))
                {
                    continue;
                }

                JsonObject answer = context.Resolve(AsObject(response.Value, where + " " + response.Key), where);
                var answerFacts = new JsonObject();
                if (answer["content"] is JsonObject content)
                {
                    answerFacts["content"] = ContentFacts(context, where + " " + response.Key, content);
                }

                if (answer["headers"] is JsonObject headers)
                {
                    var headerFacts = new JsonObject();
                    foreach (KeyValuePair<string, JsonNode?> header in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
                    {
                        JsonObject h = context.Resolve(AsObject(header.Value, where + " header " + header.Key), where);
                        headerFacts[header.Key] = new JsonObject
                        {
                            ["required"] = (bool?)h["required"] ?? false,
                            ["schema"] = SchemaFacts(context, where + " header " + header.Key, h["schema"]),
                        };
                    }

                    answerFacts["headers"] = headerFacts;
                }

                responses[response.Key] = answerFacts;
            }

            facts["responses"] = responses;
            return facts;
        }

        private static JsonObject ParameterFacts(Context context, string where, JsonObject parameter)
        {
            var facts = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> pair in parameter)
            {
                if (ParameterFactKeys.Contains(pair.Key))
                {
                    facts[pair.Key] = pair.Key switch
                    {
                        "schema" => SchemaFacts(context, where + " parameter " + parameter["name"], pair.Value),
                        "content" => ContentFacts(context, where + " parameter " + parameter["name"], AsObject(pair.Value, "content")),
                        _ => pair.Value?.DeepClone(),
                    };
                }
                else if (pair.Key is not ("description" or "example" or "examples") && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{context.Source.Name}: {where}: unknown parameter key '{pair.Key}'.");
                }
            }

            if (facts["name"] is null || facts["in"] is null)
            {
                throw new InvalidDataException($"{context.Source.Name}: {where}: a parameter without name or in.");
            }

            facts["required"] = (bool?)facts["required"] ?? false;
            return facts;

        }

        private static JsonObject ContentFacts(Context context, string where, JsonObject content)
        {
            var facts = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> media in content.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var mediaFacts = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> pair in AsObject(media.Value, where + " " + media.Key))
                {
                    if (pair.Key == "schema")
                    {
                        mediaFacts["schema"] = SchemaFacts(context, where + " " + media.Key, pair.Value);
                    }
                    else if (pair.Key is not ("example" or "examples") && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        throw new InvalidDataException($"{context.Source.Name}: {where} {media.Key}: unknown media type key '{pair.Key}'.");
                    }
                }

                facts[media.Key] = mediaFacts;
            }

            return facts;
        }

        private static JsonObject ComponentFacts(IReadOnlyList<ContractSource> sources, string name)
        {
            JsonObject? facts = null;
            string? origin = null;
            foreach (ContractSource source in sources)
            {
                if (source.Document["components"]?["schemas"]?[name] is JsonNode schema)
                {
                    JsonObject candidate = SchemaFacts(new Context(source), "component " + name, schema);
                    if (facts != null && !JsonNode.DeepEquals(facts, candidate))
                    {
                        throw new InvalidDataException($"component schema {name} differs between {origin} and {source.Name}.");
                    }

                    facts ??= candidate;
                    origin ??= source.Name;
                }
            }

            return facts ?? throw new InvalidDataException("component schema " + name + " is referred to but defined in no input.");
        }

        /// <summary>The facts of one schema object, recursively; the required list is sorted (it is a set).</summary>
        private static JsonObject SchemaFacts(Context context, string where, JsonNode? node)
        {
            JsonObject schema = AsObject(node, where);
            var facts = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> pair in schema)
            {
                if (!SchemaFactKeywords.Contains(pair.Key))
                {
                    if (!SchemaProseKeywords.Contains(pair.Key) && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        throw new InvalidDataException($"{context.Source.Name}: {where}: unknown schema keyword '{pair.Key}' (decide whether it is a fact, in ContractExtractor).");
                    }

                    continue;
                }

                string inner = where + "." + pair.Key;
                switch (pair.Key)
                {
                    case "$ref":
                        string target = (string)pair.Value!;
                        if (!target.StartsWith(ComponentSchemaPrefix, StringComparison.Ordinal))
                        {
                            throw new InvalidDataException($"{context.Source.Name}: {where}: $ref '{target}' is not a component schema of the same document.");
                        }

                        facts["$ref"] = target;
                        break;
                    case "properties":
                        var properties = new JsonObject();
                        foreach (KeyValuePair<string, JsonNode?> property in AsObject(pair.Value, inner).OrderBy(p => p.Key, StringComparer.Ordinal))
                        {
                            properties[property.Key] = SchemaFacts(context, where + "." + property.Key, property.Value);
                        }

                        facts["properties"] = properties;
                        break;
                    case "items":
                    case "not":
                        facts[pair.Key] = SchemaFacts(context, inner, pair.Value);
                        break;
                    case "additionalProperties":
                        facts[pair.Key] = pair.Value is JsonObject ? SchemaFacts(context, inner, pair.Value) : pair.Value?.DeepClone();
                        break;
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        var branches = new JsonArray();
                        int index = 0;
                        foreach (JsonNode? branch in AsArray(pair.Value, inner))
                        {
                            branches.Add(SchemaFacts(context, inner + "[" + index++ + "]", branch));
                        }

                        facts[pair.Key] = branches;
                        break;
                    case "required":
                        facts["required"] = new JsonArray(AsArray(pair.Value, inner).Select(r => (string)r!).Distinct().OrderBy(r => r, StringComparer.Ordinal)
                            .Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
                        break;
                    case "discriminator":
                        JsonObject discriminator = AsObject(pair.Value, inner);
                        var discriminatorFacts = new JsonObject { ["propertyName"] = discriminator["propertyName"]?.DeepClone() };
                        if (discriminator["mapping"] is JsonObject mapping)
                        {
                            var mappingFacts = new JsonObject();
                            foreach (KeyValuePair<string, JsonNode?> entry in mapping.OrderBy(m => m.Key, StringComparer.Ordinal))
                            {
                                mappingFacts[entry.Key] = entry.Value?.DeepClone();
                            }

                            discriminatorFacts["mapping"] = mappingFacts;
                        }

                        facts["discriminator"] = discriminatorFacts;
                        break;
                    default:
                        facts[pair.Key] = pair.Value?.DeepClone();
                        break;
                }
            }

            return facts;

        }

        private static string Single(IReadOnlyList<ContractSource> sources, Func<ContractSource, string?> read, string what) =>
            SingleOrNull(sources, read, what) ?? throw new InvalidDataException("no input has " + what + ".");

        private static string? SingleOrNull(IReadOnlyList<ContractSource> sources, Func<ContractSource, string?> read, string what)
        {
            string[] values = sources.Select(read).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToArray();
            if (values.Length > 1)
            {
                throw new InvalidDataException("the inputs disagree on " + what + ": " + string.Join(", ", values) + ".");
            }

            return values.SingleOrDefault();
        }

        internal static JsonObject AsObject(JsonNode? node, string where) =>
            node as JsonObject ?? throw new InvalidDataException(where + ": expected an object.");

        private static JsonArray AsArray(JsonNode? node, string where) =>
            node as JsonArray ?? throw new InvalidDataException(where + ": expected a list.");

        /// <summary>One input document, for resolving its parameter, request body, response and header references.</summary>
        private sealed class Context
        {
            public Context(ContractSource source)
            {
                Source = source;
            }

            public ContractSource Source { get; }

            /// <summary>
            /// A parameter, request body, response or header given by <c>$ref</c> to the document's components, inlined:
            /// only schemas stay references in the contract.
            /// </summary>
            public JsonObject Resolve(JsonObject node, string where)
            {
                for (int depth = 0; node["$ref"] is JsonNode reference; depth++)
                {
                    string target = (string)reference!;
                    if (depth > 16 || !target.StartsWith("#/components/", StringComparison.Ordinal))
                    {
                        throw new InvalidDataException($"{Source.Name}: {where}: cannot follow $ref '{target}'.");
                    }

                    JsonNode? found = Source.Document;
                    foreach (string part in target.Substring(2).Split('/'))
                    {
                        found = found?[part.Replace("~1", "/").Replace("~0", "~")];
                    }

                    node = found as JsonObject ?? throw new InvalidDataException($"{Source.Name}: {where}: $ref '{target}' points to nothing.");
                }

                return node;
            }
        }
    }
}
