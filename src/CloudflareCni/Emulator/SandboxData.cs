using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudflareCni.Emulator;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// Reads Connect-CfAccount -SandboxData: a hashtable (or any dictionary), an object (ConvertFrom-Json's), JSON text,
    /// or the path of a .json file, into the JSON the emulator seeds itself from. Failures are SandboxDataExceptions
    /// whose message names the place, such as <c>slots[0].occupied</c>.
    /// </summary>
    internal static class SandboxData
    {
        private const int MaxDepth = 32;

        private static readonly JsonDocumentOptions ParseOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        /// <summary>The data as a JSON object. <paramref name="resolvePath"/> turns a PowerShell path into a file system path.</summary>
        public static JsonObject Read(object data, Func<string, string> resolvePath)
        {
            object value = data is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : data;
            if (value is FileInfo file)
            {
                return FromFile(file.FullName);
            }

            if (value is string text)
            {
                string trimmed = text.Trim();
                if (trimmed.StartsWith("{", StringComparison.Ordinal))
                {
                    return Parse(trimmed, "The -SandboxData text");
                }

                if (trimmed.Length == 0)
                {
                    throw new SandboxDataException("-SandboxData is an empty string: give a hashtable, JSON text, or the path of a .json file.");
                }

                string path;
                try
                {
                    path = resolvePath(trimmed);
                }
                catch (Exception ex) when (ex is ArgumentException || ex is RuntimeException || ex is NotSupportedException || ex is IOException)
                {
                    throw new SandboxDataException($"-SandboxData {Api.DiagnosticText.Quote(trimmed)} is neither JSON text nor the path of a file: {Api.DiagnosticText.Escape(ex.Message)}");
                }

                return FromFile(path);
            }

            JsonNode? node = ToNode(data, "the data", 0);
            if (node is JsonObject obj)
            {
                return obj;
            }

            throw new SandboxDataException(
                $"-SandboxData must be a hashtable (or an object) with the sections {Sections()}; JSON text; or the path of a .json file.");
        }

        private static JsonObject FromFile(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new SandboxDataException($"The sandbox data file {Api.DiagnosticText.Quote(path)} cannot be read: {Api.DiagnosticText.Escape(ex.Message)}");
            }

            return Parse(text, $"The sandbox data file {Api.DiagnosticText.Quote(path)}");
        }

        private static JsonObject Parse(string text, string what)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text, documentOptions: ParseOptions);
            }
            catch (JsonException ex)
            {
                throw new SandboxDataException($"{what} is not valid JSON: {ex.Message}");
            }

            return node as JsonObject ?? throw new SandboxDataException($"{what} must hold one JSON object, such as {{\"slots\": [...]}}.");
        }

        /// <summary>A PowerShell value as JSON: dictionaries and objects become objects, lists arrays, and scalars values.</summary>
        private static JsonNode? ToNode(object? value, string where, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new SandboxDataException($"The sandbox data nests deeper than {MaxDepth} levels at {where}.");
            }

            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var fromObject = new JsonObject();
                    foreach (PSPropertyInfo property in wrapped.Properties)
                    {
                        fromObject[property.Name] = ToNode(property.Value, Child(where, property.Name), depth + 1);
                    }

                    return fromObject;
                }

                value = wrapped.BaseObject;
            }

            switch (value)
            {
                case null:
                    return null;
                case JsonNode node:
                    return node.DeepClone();
                case string text:
                    return JsonValue.Create(text);
                case char c:
                    return JsonValue.Create(c.ToString());
                case bool flag:
                    return JsonValue.Create(flag);
                case Guid guid:
                    return JsonValue.Create(guid.ToString("D"));
                case Enum enumValue:
                    return JsonValue.Create(enumValue.ToString());
                case byte _:
                case sbyte _:
                case short _:
                case ushort _:
                case int _:
                case uint _:
                case long _:
                    return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong big:
                    return JsonValue.Create(big);
                case float _:
                case double _:
                case decimal _:
                {
                    decimal number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                    return number == decimal.Truncate(number) && number >= long.MinValue && number <= long.MaxValue
                        ? JsonValue.Create((long)number)
                        : JsonValue.Create(number);
                }

                case IDictionary dictionary:
                {
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        obj[key] = ToNode(entry.Value, Child(where, key), depth + 1);
                    }

                    return obj;
                }

                case IEnumerable items:
                {
                    var array = new JsonArray();
                    int index = 0;
                    foreach (object? item in items)
                    {
                        array.Add(ToNode(item, where + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", depth + 1));
                        index++;
                    }

                    return array;
                }

                default:
                    throw new SandboxDataException(
                        $"The sandbox data holds a {value.GetType().FullName} at {where}: use strings, numbers, booleans, hashtables and arrays, as JSON has.");
            }
        }

        /// <summary>The sections, as "slots, interconnects, cnis and settings".</summary>
        private static string Sections()
        {
            IReadOnlyList<string> all = CniEmulator.SeedSections;
            return all.Count < 2 ? string.Join(string.Empty, all) : string.Join(", ", all.Take(all.Count - 1)) + " and " + all[all.Count - 1];
        }

        private static string Child(string where, string key) => where == "the data" ? key : where + "." + key;
    }
}
