using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using CloudflareCni.Tests.Helpers;
using Json.Schema;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// The published schema as the tests hold the module to it: the pinned facts (tests/Contract), with the exemptions'
    /// patches, converted to JSON Schema 2020-12 and built once, and the operations found by method and path.
    /// </summary>
    internal sealed class ApiContract
    {
        /// <summary>Points the tests at another contract file than the pinned one (what the extraction tool's --test sets).</summary>
        public const string Variable = "CLOUDFLARECNI_CONTRACT";

        /// <summary>Set to 1, leaves out the pending exemptions (ContractExemptions.Pending, empty since issue 17): what is still to fix fails its tests.</summary>
        public const string StrictVariable = "CLOUDFLARECNI_CONTRACT_STRICT";

        private static readonly Lazy<ApiContract> LazyActive = new Lazy<ApiContract>(() => Load(
            ActivePath,
            Environment.GetEnvironmentVariable(StrictVariable) == "1" ? ContractExemptions.Permanent : ContractExemptions.All));
        private static int documents;

        private readonly Dictionary<string, JsonSchema> components = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        private readonly BuildOptions buildOptions;
        private readonly OpenApiSchemaConverter converter;

        private ApiContract(string source, JsonObject facts)
        {
            Source = source;
            Facts = facts;
            // Each contract gets its own document URI and registry, so that contracts built from other facts never mix.
            string uri = "https://cloudflarecni.contract.invalid/" + Interlocked.Increment(ref documents) + "/api";
            converter = new OpenApiSchemaConverter(uri);
            buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

            var defs = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> component in facts["components"]?["schemas"] as JsonObject ?? new JsonObject())
            {
                defs[component.Key] = converter.Convert(component.Value, "#/components/schemas/" + component.Key);
            }

            Document = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = uri,
                ["$defs"] = defs,
            };
            JsonSchema.Build(ToElement(Document), buildOptions);

            var operations = new List<ContractOperation>();
            foreach (KeyValuePair<string, JsonNode?> path in facts["paths"] as JsonObject ?? new JsonObject())
            {
                foreach (KeyValuePair<string, JsonNode?> operation in (JsonObject)path.Value!)
                {
                    operations.Add(new ContractOperation(this, operation.Key.ToUpperInvariant(), path.Key, (JsonObject)operation.Value!));
                }
            }

            Operations = operations;
        }

        /// <summary>The contract the xunit tests check against: the pinned one, or the file <see cref="Variable"/> names.</summary>
        public static ApiContract Active => LazyActive.Value;

        public static string PinnedPath => Path.Combine(RepoPaths.Root, "tests", "Contract", "cloudflare-api-contract.json");

        public static string ActivePath => Environment.GetEnvironmentVariable(Variable) is string path && path.Length > 0 ? Path.GetFullPath(path) : PinnedPath;

        /// <summary>Where the facts came from (a file), for messages.</summary>
        public string Source { get; }

        public string SourceCommit => (string?)Facts["info"]?["x-source-commit"] ?? "unknown";

        /// <summary>The OpenAPI facts, patched by the exemptions.</summary>
        public JsonObject Facts { get; }

        /// <summary>The components as one JSON Schema 2020-12 document.</summary>
        public JsonObject Document { get; }

        public IReadOnlyList<ContractOperation> Operations { get; }

        public EvaluationOptions EvaluationOptions { get; } = new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            RequireFormatValidation = true,
            FormatRegistry = ContractFormats.CreateRegistry(),
        };

        public static ApiContract Load(string path, IEnumerable<ContractExemption> exemptions)
        {
            JsonObject facts = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException(path + " is not a JSON object.");
            return FromFacts(path, facts, exemptions);
        }

        public static ApiContract FromFacts(string source, JsonObject facts, IEnumerable<ContractExemption> exemptions)
        {
            var patched = (JsonObject)facts.DeepClone();
            foreach (ContractExemption exemption in exemptions)
            {
                exemption.Patch?.Invoke(patched);
            }

            return new ApiContract(source, patched);
        }

        /// <summary>The operation a request goes to: the one whose path template fits the path's segments (unescaped) with the most literal segments.</summary>
        public ContractOperation? Match(string method, IReadOnlyList<string> segments, out IReadOnlyDictionary<string, string> pathValues)
        {
            ContractOperation? best = null;
            Dictionary<string, string>? bestValues = null;
            int bestLiterals = -1;
            foreach (ContractOperation operation in Operations.Where(o => o.Method == method && o.Segments.Count == segments.Count))
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                int literals = 0;
                bool fits = true;
                for (int i = 0; i < segments.Count && fits; i++)
                {
                    string template = operation.Segments[i];
                    if (template.StartsWith("{", StringComparison.Ordinal) && template.EndsWith("}", StringComparison.Ordinal))
                    {
                        values[template.Substring(1, template.Length - 2)] = segments[i];
                    }
                    else if (template == segments[i])
                    {
                        literals++;
                    }
                    else
                    {
                        fits = false;
                    }
                }

                if (fits && literals > bestLiterals)
                {
                    (best, bestValues, bestLiterals) = (operation, values, literals);
                }
            }

            pathValues = bestValues ?? new Dictionary<string, string>();
            return best;
        }

        /// <summary>A component as a schema of its own (for the wire-type tests and the conversion's tests).</summary>
        public JsonSchema Component(string name)
        {
            lock (components)
            {
                if (!components.TryGetValue(name, out JsonSchema? schema))
                {
                    if (Facts["components"]?["schemas"]?[name] is null)
                    {
                        throw new KeyNotFoundException("The contract has no component " + name + ".");
                    }

                    schema = Build(new JsonObject { ["$ref"] = converter.ComponentUri(name) });
                    components.Add(name, schema);
                }

                return schema;
            }
        }

        /// <summary>Validates a value against a schema of this contract; fields no schema declares are problems too.</summary>
        public IReadOnlyList<ContractProblem> Validate(JsonSchema schema, JsonElement instance) => ContractValidator.Validate(schema, instance, EvaluationOptions);

        /// <summary>Converts and builds one schema of an operation (parameter, body or answer); its references point into <see cref="Document"/>.</summary>
        internal JsonSchema BuildInline(JsonNode? openApiSchema, string where) => Build(converter.Convert(openApiSchema, where));

        private JsonSchema Build(JsonObject converted)
        {
            converted["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            return JsonSchema.Build(ToElement(converted), buildOptions);
        }

        private static JsonElement ToElement(JsonNode node)
        {
            using JsonDocument document = JsonDocument.Parse(node.ToJsonString());
            return document.RootElement.Clone();
        }
    }

    /// <summary>One operation of the contract: its parameters, request body and 2xx answers, with their schemas built.</summary>
    internal sealed class ContractOperation
    {
        public ContractOperation(ApiContract contract, string method, string path, JsonObject facts)
        {
            Method = method;
            Path = path;
            Id = (string?)facts["operationId"] ?? method + " " + path;
            Segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

            var parameters = new List<ContractParameter>();
            foreach (JsonObject parameter in (facts["parameters"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                string name = (string)parameter["name"]!;
                string place = (string)parameter["in"]!;
                string where = Id + " " + place + " parameter " + name;
                parameters.Add(new ContractParameter(
                    name,
                    place,
                    (bool?)parameter["required"] ?? false,
                    contract.BuildInline(parameter["schema"], where),
                    TypeOf(contract.Facts, parameter["schema"])));
            }

            Parameters = parameters;
            if (facts["requestBody"] is JsonObject body)
            {
                RequestRequired = (bool?)body["required"] ?? false;
                RequestBody = Media(contract, body["content"] as JsonObject, Id + " request body");
            }

            var responses = new Dictionary<string, IReadOnlyDictionary<string, JsonSchema?>>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonNode?> response in facts["responses"] as JsonObject ?? new JsonObject())
            {
                responses[response.Key] = Media(contract, response.Value?["content"] as JsonObject, Id + " response " + response.Key);
            }

            Responses = responses;
        }

        public string Method { get; }

        /// <summary>The path template, such as <c>/accounts/{account_id}/cni/cnis/{cni}</c>.</summary>
        public string Path { get; }

        public string Id { get; }

        public IReadOnlyList<string> Segments { get; }

        public IReadOnlyList<ContractParameter> Parameters { get; }

        public bool RequestRequired { get; }

        /// <summary>The request body's media types and schemas; null when the operation takes no body.</summary>
        public IReadOnlyDictionary<string, JsonSchema?>? RequestBody { get; }

        /// <summary>Each 2xx status (or 2XX) with its media types and schemas; an answer without content has none.</summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonSchema?>> Responses { get; }

        public override string ToString() => Method + " " + Path + " (" + Id + ")";

        private static IReadOnlyDictionary<string, JsonSchema?> Media(ApiContract contract, JsonObject? content, string where)
        {
            var media = new Dictionary<string, JsonSchema?>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, JsonNode?> type in content ?? new JsonObject())
            {
                media[type.Key] = type.Value?["schema"] is JsonNode schema ? contract.BuildInline(schema, where + " " + type.Key) : null;
            }

            return media;
        }

        /// <summary>The JSON type a parameter's text stands for (following references), so that <c>cursor=2</c> is checked as the number 2.</summary>
        private static string? TypeOf(JsonObject facts, JsonNode? schema)
        {
            for (int depth = 0; depth < 16 && schema is JsonObject obj; depth++)
            {
                if (obj["$ref"] is JsonNode reference)
                {
                    schema = facts["components"]?["schemas"]?[((string)reference!).Substring("#/components/schemas/".Length)];
                    continue;
                }

                return (string?)obj["type"];
            }

            return null;
        }
    }

    /// <summary>A path, query or header parameter.</summary>
    internal sealed record ContractParameter(string Name, string In, bool Required, JsonSchema Schema, string? Type);
}
