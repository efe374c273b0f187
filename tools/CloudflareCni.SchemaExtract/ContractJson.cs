using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudflareCni.SchemaExtract
{
    /// <summary>
    /// The contract's one spelling: the document's own sections first (openapi, info, paths, components), every other
    /// object's keys sorted (ordinal), two-space indents, \n line ends, a final newline, and no
    /// escaping beyond what JSON needs. Array order is kept (the extractor sorts the lists that are sets).
    /// </summary>
    internal static class ContractJson
    {
        public static string Write(JsonNode node)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Indented = true,
                IndentSize = 2,
                NewLine = "\n",
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }))
            {
                WriteNode(writer, node, root: true);
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        public static JsonObject Read(string path) =>
            JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException(path + ": not a JSON object.");

        private static readonly string[] Sections = { "openapi", "info", "paths", "components" };

        private static void WriteNode(Utf8JsonWriter writer, JsonNode? node, bool root = false)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var pair in obj.OrderBy(p => root ? Array.IndexOf(Sections, p.Key) : 0).ThenBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(pair.Key);
                        WriteNode(writer, pair.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (JsonNode? item in array)
                    {
                        WriteNode(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }
}
