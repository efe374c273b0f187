using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// Turns OpenAPI 3.0 schema objects into JSON Schema 2020-12, which the validator speaks. The two differ, and each
    /// difference is converted on purpose:
    /// <list type="bullet">
    /// <item><c>nullable: true</c> adds <c>"null"</c> to <c>type</c> (<c>string</c> becomes <c>["string", "null"]</c>). As
    /// OpenAPI 3.0.3 says, it does so only where <c>type</c> is given, and the other keywords still apply: with an
    /// <c>enum</c>, null is valid only when the enum lists null; beside <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c> without a type,
    /// or beside a <c>$ref</c>, it has no effect.</item>
    /// <item><c>$ref</c> replaces its schema object: OpenAPI 3.0 ignores the keywords beside it, so they are dropped.
    /// References to <c>#/components/schemas/X</c> point into the converted document's <c>$defs</c>.</item>
    /// <item>A <c>discriminator</c> is enforced, not just an annotation: each <c>oneOf</c>/<c>anyOf</c> branch that is a
    /// reference requires the discriminating property, with the values that map to it (the mapping's, or the component's
    /// name where the mapping names none). Inline branches keep their own rules (the status' state enum).</item>
    /// <item>Boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become the 2020-12 numbers.</item>
    /// <item>Every <c>format</c> must have a rule in <see cref="ContractFormats"/>.</item>
    /// </list>
    /// </summary>
    internal sealed class OpenApiSchemaConverter
    {
        private const string ComponentPrefix = "#/components/schemas/";

        // Keywords with the same meaning in both: copied as they are.
        private static readonly HashSet<string> Same = new HashSet<string>(StringComparer.Ordinal)
        {
            "const", "default", "deprecated", "enum", "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength",
            "minProperties", "minimum", "multipleOf", "pattern", "readOnly", "required", "uniqueItems", "writeOnly",
        };

        private readonly string documentUri;

        /// <param name="documentUri">The <c>$id</c> of the converted document whose <c>$defs</c> hold the components.</param>
        public OpenApiSchemaConverter(string documentUri)
        {
            this.documentUri = documentUri;
        }

        /// <summary>The URI of a component in the converted document.</summary>
        public string ComponentUri(string name) => documentUri + "#/$defs/" + name.Replace("~", "~0").Replace("/", "~1");

        public JsonObject Convert(JsonNode? node, string where)
        {
            if (node is not JsonObject schema)
            {
                throw new NotSupportedException(where + ": a schema must be an object.");
            }

            if (schema["$ref"] is JsonNode reference)
            {
                return new JsonObject { ["$ref"] = Reference((string)reference!, where) };
            }

            var converted = new JsonObject();
            bool nullable = (bool?)schema["nullable"] ?? false;
            foreach (KeyValuePair<string, JsonNode?> pair in schema)
            {
                string inner = where + "/" + pair.Key;
                switch (pair.Key)
                {
                    case "nullable":
                    case "discriminator":
                        break;
                    case "type":
                        string type = (string)pair.Value!;
                        converted["type"] = nullable ? new JsonArray(type, "null") : JsonValue.Create(type);
                        break;
                    case "format":
                        string format = (string)pair.Value!;
                        if (!ContractFormats.Rules.ContainsKey(format))
                        {
                            throw new NotSupportedException($"{where}: format '{format}' has no rule in ContractFormats; add one (the contract asserts every format).");
                        }

                        converted["format"] = format;
                        break;
                    case "exclusiveMinimum":
                    case "exclusiveMaximum":
                        if ((bool?)pair.Value == true)
                        {
                            string bound = pair.Key == "exclusiveMinimum" ? "minimum" : "maximum";
                            converted[pair.Key] = schema[bound]?.DeepClone() ?? throw new NotSupportedException(inner + " without " + bound + ".");
                        }

                        break;
                    case "properties":
                        var properties = new JsonObject();
                        foreach (KeyValuePair<string, JsonNode?> property in (JsonObject)pair.Value!)
                        {
                            properties[property.Key] = Convert(property.Value, inner + "/" + property.Key);
                        }

                        converted["properties"] = properties;
                        break;
                    case "items":
                    case "not":
                        converted[pair.Key] = Convert(pair.Value, inner);
                        break;
                    case "additionalProperties":
                        converted[pair.Key] = pair.Value is JsonObject ? Convert(pair.Value, inner) : pair.Value?.DeepClone();
                        break;
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        var branches = new JsonArray();
                        int index = 0;
                        foreach (JsonNode? branch in (JsonArray)pair.Value!)
                        {
                            branches.Add(Convert(branch, inner + "/" + index++));
                        }

                        converted[pair.Key] = branches;
                        break;
                    default:
                        if (!Same.Contains(pair.Key))
                        {
                            throw new NotSupportedException($"{where}: keyword '{pair.Key}' has no conversion to JSON Schema.");
                        }

                        converted[pair.Key] = pair.Value?.DeepClone();
                        break;
                }
            }

            if (schema["discriminator"] is JsonObject discriminator)
            {
                Discriminate(converted, schema, discriminator, where);
            }

            return converted;
        }

        private void Discriminate(JsonObject converted, JsonObject schema, JsonObject discriminator, string where)
        {
            string property = (string?)discriminator["propertyName"] ?? throw new NotSupportedException(where + ": a discriminator without propertyName.");
            string composition = schema["oneOf"] != null ? "oneOf" : schema["anyOf"] != null ? "anyOf"
                : throw new NotSupportedException(where + ": a discriminator without oneOf or anyOf (allOf inheritance) has no conversion.");
            var mapping = (discriminator["mapping"] as JsonObject ?? new JsonObject())
                .Select(entry => (Value: entry.Key, Target: (string)entry.Value!))
                .ToList();

            var original = (JsonArray)schema[composition]!;
            var branches = (JsonArray)converted[composition]!;
            for (int i = 0; i < original.Count; i++)
            {
                if (original[i]?["$ref"] is not JsonNode reference)
                {
                    continue;
                }

                string target = (string)reference!;
                var values = mapping.Where(m => m.Target == target).Select(m => m.Value).ToList();
                if (values.Count == 0)
                {
                    // OpenAPI's implicit mapping: the component's own name.
                    values.Add(target.Substring(target.LastIndexOf('/') + 1));
                }

                var branch = (JsonObject)branches[i]!;
                branch["properties"] = new JsonObject { [property] = new JsonObject { ["enum"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) } };
                branch["required"] = new JsonArray(property);
            }
        }

        private string Reference(string target, string where)
        {
            if (!target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"{where}: $ref '{target}' is not a component schema.");
            }

            return ComponentUri(target.Substring(ComponentPrefix.Length));
        }
    }
}
