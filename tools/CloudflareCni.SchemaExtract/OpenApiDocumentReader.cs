using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudflareCni.SchemaExtract
{
    /// <summary>
    /// Reads an OpenAPI document (YAML, or JSON) into a JSON tree. Plain YAML scalars are typed by the YAML 1.2 core
    /// schema (null, true/false, integers, floats); quoted ones are always text, so '200' stays a status code string.
    /// </summary>
    internal static class OpenApiDocumentReader
    {
        private static readonly Regex Integer = new Regex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Float = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

        public static JsonObject ReadFile(string path)
        {
            string text = File.ReadAllText(path);
            try
            {
                return Read(text);
            }
            catch (Exception ex) when (ex is YamlException || ex is JsonException || ex is InvalidDataException)
            {
                throw new InvalidDataException(path + ": " + ex.Message, ex);
            }
        }

        public static JsonObject Read(string text)
        {
            string trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            JsonNode? root;
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                root = JsonNode.Parse(trimmed);
            }
            else
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count != 1)
                {
                    throw new InvalidDataException("expected one YAML document, found " + stream.Documents.Count.ToString(CultureInfo.InvariantCulture) + ".");
                }

                root = ToJson(stream.Documents[0].RootNode);
            }

            return root as JsonObject ?? throw new InvalidDataException("the document is not an object.");
        }

        private static JsonNode? ToJson(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    var obj = new JsonObject();
                    foreach (var pair in mapping.Children)
                    {
                        string key = pair.Key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty
                            : throw new InvalidDataException("a mapping key at " + pair.Key.Start + " is not a scalar.");
                        obj[key] = ToJson(pair.Value);
                    }

                    return obj;
                case YamlSequenceNode sequence:
                    var array = new JsonArray();
                    foreach (YamlNode item in sequence.Children)
                    {
                        array.Add(ToJson(item));
                    }

                    return array;
                case YamlScalarNode scalar:
                    return Scalar(scalar);
                default:
                    throw new InvalidDataException("unsupported YAML node at " + node.Start + ".");
            }
        }

        private static JsonNode? Scalar(YamlScalarNode scalar)
        {
            string value = scalar.Value ?? string.Empty;
            if (scalar.Style != ScalarStyle.Plain)
            {
                return JsonValue.Create(value);
            }

            switch (value)
            {
                case "":
                case "~":
                case "null":
                case "Null":
                case "NULL":
                    return null;
                case "true":
                case "True":
                case "TRUE":
                    return JsonValue.Create(true);
                case "false":
                case "False":
                case "FALSE":
                    return JsonValue.Create(false);
            }

            if (Integer.IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            {
                return JsonValue.Create(whole);
            }

            if (Float.IsMatch(value) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
            {
                return JsonValue.Create(number);
            }

            return JsonValue.Create(value);
        }
    }
}
