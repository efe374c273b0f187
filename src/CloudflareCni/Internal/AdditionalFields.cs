using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CloudflareCni.Internal
{
    /// <summary>
    /// Turns the JSON fields the module does not know into names and plain values fit for PowerShell note
    /// properties, so that new API fields show up on the objects without a module update.
    /// </summary>
    internal static class AdditionalFields
    {
        /// <summary>snake_case or kebab-case to PascalCase, the way the module names its known properties.</summary>
        public static string ToPropertyName(string jsonName)
        {
            var name = new StringBuilder(jsonName.Length);
            bool upper = true;
            foreach (char c in jsonName)
            {
                if (c == '_' || c == '-' || c == ' ' || c == '.')
                {
                    upper = true;
                    continue;
                }

                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            return name.Length == 0 ? jsonName : name.ToString();
        }

        /// <summary>JSON to plain .NET values: strings, long or double, bool, null, object[] and ordered dictionaries.</summary>
        public static object? ToPlainValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long whole))
                    {
                        return whole;
                    }

                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(ToPlainValue).ToArray();
                case JsonValueKind.Object:
                    var map = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        map[property.Name] = ToPlainValue(property.Value);
                    }

                    return map;
                default:
                    return null;
            }
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> KnownPropertyNames =
            new System.Collections.Concurrent.ConcurrentDictionary<Type, string[]>();

        private static string[] NamesOf(Type type) => type.GetProperties().Select(p => p.Name).ToArray();

        /// <summary>The note properties to add to one object: unique names that do not hide a real property.</summary>
        public static IReadOnlyList<KeyValuePair<string, object?>> For(CfObject item)
        {
            var result = new List<KeyValuePair<string, object?>>();
            if (item.ExtensionData is null || item.ExtensionData.Count == 0)
            {
                // The common case, on every object of every listing: no reflection, no allocation beyond this list.
                return result;
            }

            var taken = new HashSet<string>(KnownPropertyNames.GetOrAdd(item.GetType(), NamesOf), StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, JsonElement> field in item.AdditionalFields)
            {
                string name = ToPropertyName(field.Key);
                // A name that would hide a known property keeps its JSON spelling instead.
                if (!taken.Add(name))
                {
                    name = field.Key;
                    if (!taken.Add(name))
                    {
                        continue;
                    }
                }

                result.Add(new KeyValuePair<string, object?>(name, ToPlainValue(field.Value)));
            }

            return result;
        }
    }
}
