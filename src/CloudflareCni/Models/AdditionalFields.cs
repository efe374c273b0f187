using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace CloudflareCni
{
    /// <summary>
    /// Turns the JSON fields the module does not know into PowerShell property names and plain values, so that new API
    /// fields show up on the objects (and in CSV and JSON) without a module update.
    /// </summary>
    internal static class AdditionalFields
    {
        private static readonly ConcurrentDictionary<Type, string[]> KnownPropertyNames = new ConcurrentDictionary<Type, string[]>();

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

        /// <summary>
        /// JSON to values that read well in PowerShell and export without type names: strings, long or double, bool,
        /// null, a <see cref="CfList{T}"/> for an array, and a PSCustomObject for an object.
        /// </summary>
        public static object? ToPlainValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Array:
                    return new CfList<object?>(element.EnumerateArray().Select(ToPlainValue));
                case JsonValueKind.Object:
                    var bag = new PSObject();
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        bag.Properties.Add(new PSNoteProperty(property.Name, ToPlainValue(property.Value)));
                    }

                    return bag;
                default:
                    return null;
            }
        }

        /// <summary>A plain value (as <see cref="ToPlainValue"/> makes, or as a user set it) back to JSON.</summary>
        public static JsonElement ToJson(object? value)
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value);
                }

                using (JsonDocument document = JsonDocument.Parse(buffer.ToArray()))
                {
                    return document.RootElement.Clone();
                }
            }
        }

        /// <summary>True when two JSON values say the same, whatever their spacing.</summary>
        public static bool SameJson(JsonElement a, JsonElement b) =>
            ToJson(ToPlainValue(a)).GetRawText() == ToJson(ToPlainValue(b)).GetRawText();

        private static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte:
                    writer.WriteNumberValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case PSObject bag when bag.BaseObject is PSCustomObject:
                    writer.WriteStartObject();
                    foreach (PSPropertyInfo property in bag.Properties)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case PSObject wrapped:
                    Write(writer, wrapped.BaseObject);
                    break;
                case System.Collections.IDictionary map:
                    writer.WriteStartObject();
                    foreach (System.Collections.DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case System.Collections.IEnumerable items:
                    writer.WriteStartArray();
                    foreach (object? item in items)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        /// <summary>The JSON names of the fields the module does not model (a nested one as part.name, such as magic.foo).</summary>
        public static IEnumerable<string> Names(CfObject item) =>
            item.Unknown is null
                ? Enumerable.Empty<string>()
                : item.Unknown.SelectMany(part => part.Value.Keys.Select(name => part.Key.Length == 0 ? name : part.Key + "." + name));

        /// <summary>
        /// The extra properties of one object: a unique name for each unknown field (prefixed with its part, such as
        /// MagicFoo for magic.foo) that does not hide a real property, and its plain value.
        /// </summary>
        public static IReadOnlyList<AdditionalField> For(CfObject item)
        {
            var result = new List<AdditionalField>();
            if (item.Unknown is null)
            {
                // The common case, on every object of every listing: no reflection, no allocation beyond this list.
                return result;
            }

            var taken = new HashSet<string>(KnownPropertyNames.GetOrAdd(item.GetType(), type => type.GetProperties().Select(p => p.Name).ToArray()), StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, Dictionary<string, JsonElement>> part in item.Unknown)
            {
                string prefix = ToPropertyName(part.Key);
                foreach (KeyValuePair<string, JsonElement> field in part.Value)
                {
                    string name = prefix + ToPropertyName(field.Key);
                    // A name that would hide a known property keeps its JSON spelling instead.
                    if (!taken.Add(name) && !taken.Add(name = (part.Key.Length == 0 ? string.Empty : part.Key + ".") + field.Key))
                    {
                        continue;
                    }

                    result.Add(new AdditionalField(name, part.Key, field.Key, field.Value));
                }
            }

            return result;
        }
    }

    /// <summary>One unknown JSON field as the object shows it.</summary>
    internal sealed class AdditionalField
    {
        private System.Runtime.CompilerServices.StrongBox<object?>? value;

        public AdditionalField(string name, string part, string jsonName, JsonElement json)
        {
            Name = name;
            Part = part;
            JsonName = jsonName;
            Json = json;
        }

        /// <summary>The property name users see.</summary>
        public string Name { get; }

        /// <summary>The part of the object it belongs to (<see cref="CfObject.TopLevel"/>, "magic", ...).</summary>
        public string Part { get; }

        public string JsonName { get; }

        public JsonElement Json { get; }

        /// <summary>The plain value, made once, so that an edit inside it (a nested object) is what the object shows.</summary>
        public object? Value => (value ??= new System.Runtime.CompilerServices.StrongBox<object?>(AdditionalFields.ToPlainValue(Json))).Value;
    }
}
