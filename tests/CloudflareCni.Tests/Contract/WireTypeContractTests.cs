using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Xunit;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// The module's wire types (every type of the module with a [JsonPropertyName] property, and each closed generic its
    /// JSON context serializes, found by reflection wherever they live) against the schema components they are: each
    /// field's name and type, nested wire types included. A field of the schema the module does not model is on
    /// <see cref="NotModelled"/>; a field of a wire type that the schema does not have fails.
    /// </summary>
    public sealed class WireTypeContractTests
    {
        /// <summary>
        /// THE table: each wire type, by its name (generic arguments spelled out), and the schema it is: a component, or a
        /// place inside one (magic_messages/items). Types move and get renamed (issue 18): only this table changes.
        /// </summary>
        private static readonly IReadOnlyDictionary<string, string> WireTypes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CniJson"] = "nsc_Cni",
            ["MagicJson"] = "nsc_MagicSettings",
            ["BgpJson"] = "nsc_BgpControl",
            ["CniNewBody"] = "nsc_CniCreate",
            ["ListResponse<CniJson>"] = "nsc_CniList",
            ["InterconnectJson"] = "nsc_Interconnect",
            ["FacilityJson"] = "nsc_FacilityInfo",
            ["InterconnectNewPhysicalBody"] = "nsc_InterconnectCreate_Physical_Body",
            ["InterconnectNewGcpPartnerBody"] = "nsc_InterconnectCreate_GcpPartner_Body",
            ["ListResponse<InterconnectJson>"] = "nsc_InterconnectList",
            ["StatusJson"] = "nsc_StatusInfo",
            ["LoaDefaultNameJson"] = "nsc_DefaultNameResponse",
            ["SlotJson"] = "nsc_SlotInfo",
            ["ListResponse<SlotJson>"] = "nsc_SlotList",
            ["SettingsJson"] = "nsc_Settings",
            ["CniSettingsUpdateBody"] = "nsc_SettingsRequest",
            // The Magic tunnels of CNI interconnects (issue 20): the results sit inside Cloudflare's envelope.
            ["TunnelJson"] = "magic_interconnect",
            ["HealthCheckJson"] = "magic_health_check_base",
            ["HealthCheckTargetJson"] = "magic_health_check_target",
            ["TunnelBgpJson"] = "magic_interconnect_bgp_config",
            ["GreJson"] = "magic_gre",
            ["TunnelsResult"] = "magic_components-schemas-tunnels_collection_response/allOf/1/properties/result",
            ["TunnelResult"] = "magic_components-schemas-tunnel_single_response/allOf/1/properties/result",
            ["TunnelModifiedResult"] = "magic_components-schemas-tunnel_modified_response/allOf/1/properties/result",
            ["TunnelUpdateBody"] = "magic_interconnect_tunnel_update_request",
            // Cloudflare's envelope, as the Magic schemas spell it (the CNI schema documents no error bodies).
            ["CfErrorEnvelope"] = "magic_api-response-common",
            ["CfApiError"] = "magic_messages/items",
        };

        /// <summary>
        /// Fields of the schema the module does not model, as component.field: the module keeps each in its unknown
        /// fields (CfObject.Unknown, shown as extra properties and sent back), unless <see cref="NotKept"/> says why not.
        /// </summary>
        private static readonly IReadOnlyDictionary<string, string> NotModelled = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["magic_api-response-common.result"] = "the error envelope's result is null; a successful envelope's result is read into the operation's own wire type",
            ["magic_interconnect_bgp_config.as_no"] = "deprecated for customer_asn: kept as read (shown as BgpAsNo); a change sends it only in a session without customer_asn, where it is the only ASN",
            ["magic_interconnect_bgp_config.cloudflare_endpoint"] = "deprecated, read-only on version 1.5 tunnels (derived from interface_address): kept as read, never sent",
            ["magic_interconnect_bgp_config.customer_endpoint"] = "deprecated, read-only on version 1.5 tunnels (derived from interface_address): kept as read, never sent",
            ["magic_interconnect_tunnel_update_request.description"] = UnchangedByTunnel,
            ["magic_interconnect_tunnel_update_request.gre"] = UnchangedByTunnel,
            ["magic_interconnect_tunnel_update_request.mtu"] = UnchangedByTunnel,
            ["magic_interconnect_tunnel_update_request.name"] = UnchangedByTunnel,
        };

        private const string UnchangedByTunnel =
            "Set-CfCniTunnel never sends it: MTU and description are on the CNI too and stay Set-CfCni's (which API owns them is not shown), " +
            "and the tunnel's name and GRE endpoint are Cloudflare's (issue 20)";

        /// <summary>Not-modelled fields the module does not keep either (its wire type has no unknown-field bag), and why.</summary>
        private static readonly IReadOnlyDictionary<string, string> NotKept = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["magic_api-response-common.result"] = "an error envelope only yields the error, never an object",
            ["magic_interconnect_tunnel_update_request.description"] = "a body carries only the fields a change touches",
            ["magic_interconnect_tunnel_update_request.gre"] = "a body carries only the fields a change touches",
            ["magic_interconnect_tunnel_update_request.mtu"] = "a body carries only the fields a change touches",
            ["magic_interconnect_tunnel_update_request.name"] = "a body carries only the fields a change touches",
        };

        private static readonly ApiContract Contract = ApiContract.Active;

        public static IEnumerable<object[]> WireTypeNames() => Discover().Select(t => new object[] { NameOf(t) });

        [Fact]
        public void EveryWireTypeOfTheModule_IsInTheTable_AndEveryEntryOfTheTableIsAWireType()
        {
            string[] found = Discover().Select(NameOf).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            Assert.True(found.Length >= 10, "Reflection found only " + found.Length + " wire types: " + string.Join(", ", found));
            Assert.Equal(WireTypes.Keys.OrderBy(n => n, StringComparer.Ordinal), found);
        }

        [Theory]
        [MemberData(nameof(WireTypeNames))]
        public void TheFieldsOfEachWireType_AreTheSchemasFields_WithTheirTypes(string wireType)
        {
            Type type = Discover().Single(t => NameOf(t) == wireType);
            Assert.True(WireTypes.TryGetValue(wireType, out string? place), wireType + " is not in the table");
            JsonObject schema = Place(place!);
            Dictionary<string, List<JsonObject>> fields = FieldsOf(schema);
            var problems = new List<string>();

            PropertyInfo[] properties = WireProperties(type);
            foreach (PropertyInfo property in properties)
            {
                string name = property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;
                if (!fields.TryGetValue(name, out List<JsonObject>? candidates))
                {
                    problems.Add($"{wireType}.{property.Name} is '{name}', which {place} does not have");
                    continue;
                }

                foreach (JsonObject candidate in candidates)
                {
                    string? mismatch = TypeMismatch(property.PropertyType, candidate, place + "." + name);
                    if (mismatch != null)
                    {
                        problems.Add($"{wireType}.{property.Name} ({Friendly(property.PropertyType)}): {mismatch}");
                    }
                }
            }

            string[] modelled = properties.Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name).ToArray();
            bool keepsUnknown = type.GetProperties().Any(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() != null);
            foreach (string field in fields.Keys.Except(modelled, StringComparer.Ordinal))
            {
                string entry = place + "." + field;
                if (!NotModelled.ContainsKey(entry))
                {
                    problems.Add($"{place} has '{field}', which {wireType} does not model: model it, or list {entry} in NotModelled");
                }
                else if (!keepsUnknown && !NotKept.ContainsKey(entry))
                {
                    problems.Add($"{entry} is not modelled, and {wireType} has no [JsonExtensionData] to keep it");
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryEntryOfTheNotModelledList_IsAFieldOfTheSchema_ThatItsWireTypeDoesNotModel()
        {
            foreach (string entry in NotModelled.Keys)
            {
                string place = entry.Substring(0, entry.LastIndexOf('.'));
                string field = entry.Substring(entry.LastIndexOf('.') + 1);
                Assert.Contains(field, FieldsOf(Place(place)).Keys);
                string wireType = Assert.Single(WireTypes, w => w.Value == place).Key;
                Type type = Discover().Single(t => NameOf(t) == wireType);
                Assert.DoesNotContain(field, WireProperties(type).Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name));
            }

            Assert.All(NotKept.Keys, entry => Assert.Contains(entry, NotModelled.Keys));
        }

        [Fact]
        public void TheCheck_FindsAFieldTheSchemaDoesNotHave_AndATypeThatCannotHoldTheSchemasValues()
        {
            JsonObject magic = Place("nsc_MagicSettings");
            Dictionary<string, List<JsonObject>> fields = FieldsOf(magic);

            Assert.False(fields.ContainsKey("ttl"));
            Assert.Null(TypeMismatch(typeof(int), fields["mtu"].Single(), "mtu"));
            Assert.Contains("integer", TypeMismatch(typeof(string), fields["mtu"].Single(), "mtu"));
            Assert.Contains("range", TypeMismatch(typeof(short), fields["mtu"].Single(), "mtu"));
            // The ASN exemption: 0..4294967295 needs a long, an int cannot hold it.
            Assert.Contains("range", TypeMismatch(typeof(int), FieldsOf(Place("nsc_BgpControl"))["customer_asn"].Single(), "customer_asn"));
            Assert.Contains("MagicJson", TypeMismatch(typeof(CloudflareCni.Api.Json.MagicJson), FieldsOf(Place("nsc_Cni"))["bgp"].Single(), "bgp"));
        }

        /// <summary>The module's wire types: every type with a [JsonPropertyName] property, and the closed generics its JSON contexts serialize.</summary>
        private static IReadOnlyList<Type> Discover()
        {
            Assembly module = typeof(CfObject).Assembly;
            Type[] all = module.GetTypes();
            var types = all.Where(t => !t.IsGenericTypeDefinition && WireProperties(t).Length > 0).ToList();
            Type[] generics = all.Where(t => t.IsGenericTypeDefinition && WireProperties(t).Length > 0).ToArray();
            foreach (Type context in all.Where(t => typeof(JsonSerializerContext).IsAssignableFrom(t)))
            {
                foreach (CustomAttributeData data in context.GetCustomAttributesData().Where(a => a.AttributeType == typeof(JsonSerializableAttribute)))
                {
                    if (data.ConstructorArguments[0].Value is Type closed && closed.IsGenericType && generics.Contains(closed.GetGenericTypeDefinition()) && !types.Contains(closed))
                    {
                        types.Add(closed);
                    }
                }
            }

            return types;
        }

        private static PropertyInfo[] WireProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() != null)
                .ToArray();

        private static string NameOf(Type type) =>
            type.IsGenericType ? type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(",", type.GetGenericArguments().Select(NameOf)) + ">" : type.Name;

        /// <summary>A component, or a place inside one (component/items, component/allOf/1), of the contract's facts (exemptions applied).</summary>
        private static JsonObject Place(string place)
        {
            string[] parts = place.Split('/');
            JsonNode? node = Contract.Facts["components"]?["schemas"]?[parts[0]];
            foreach (string part in parts.Skip(1))
            {
                node = int.TryParse(part, out int index) ? node?[index] : node?[part];
            }

            return node as JsonObject ?? throw new KeyNotFoundException("The contract has no " + place + ".");
        }

        /// <summary>The place a schema is, following references: a component's name, or a place inside one.</summary>
        private static (JsonObject Schema, string Place) Resolve(JsonObject schema, string place)
        {
            for (int depth = 0; depth < 16; depth++)
            {
                if (schema["$ref"] is JsonNode reference)
                {
                    place = ((string)reference!).Substring("#/components/schemas/".Length);
                    schema = Place(place);
                }
                else if (schema["allOf"] is JsonArray { Count: 1 } single && single[0]?["$ref"] != null && schema["properties"] is null)
                {
                    schema = (JsonObject)single[0]!;
                }
                else
                {
                    break;
                }
            }

            return (schema, place);
        }

        /// <summary>Each field an object schema can have (through references, allOf, and every oneOf/anyOf branch), with each schema it has there.</summary>
        private static Dictionary<string, List<JsonObject>> FieldsOf(JsonObject schema)
        {
            var fields = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
            Collect(schema, 0);
            return fields;

            void Collect(JsonObject node, int depth)
            {
                if (depth > 16)
                {
                    return;
                }

                node = Resolve(node, string.Empty).Schema;
                foreach (KeyValuePair<string, JsonNode?> property in node["properties"] as JsonObject ?? new JsonObject())
                {
                    if (!fields.TryGetValue(property.Key, out List<JsonObject>? list))
                    {
                        fields[property.Key] = list = new List<JsonObject>();
                    }

                    list.Add((JsonObject)property.Value!);
                }

                foreach (string composition in new[] { "allOf", "oneOf", "anyOf" })
                {
                    foreach (JsonObject branch in (node[composition] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    {
                        Collect(branch, depth + 1);
                    }
                }
            }
        }

        /// <summary>Why a CLR type cannot hold every value of a field's schema, or null when it can.</summary>
        private static string? TypeMismatch(Type clr, JsonObject fieldSchema, string where)
        {
            clr = Nullable.GetUnderlyingType(clr) ?? clr;
            (JsonObject schema, string place) = Resolve(fieldSchema, where);
            string? type = (string?)schema["type"];
            if (type is null && schema["enum"] is JsonArray values)
            {
                type = values.All(v => v?.GetValueKind() == JsonValueKind.String) ? "string" : null;
            }

            if (clr == typeof(JsonElement) || clr == typeof(object) || type is null)
            {
                return null;
            }

            if (WireTypes.Values.Contains(place) || WireProperties(clr).Length > 0)
            {
                string? mapped = WireTypes.FirstOrDefault(w => w.Key == NameOf(clr)).Value;
                return type != "object" ? $"{where} is {type}, not an object"
                    : mapped != place ? $"{where} is {place}, but the table says {NameOf(clr)} is {mapped ?? "nothing"}"
                    : null;
            }

            switch (type)
            {
                case "string":
                    return clr == typeof(string) ? null : $"{where} is a string";
                case "boolean":
                    return clr == typeof(bool) ? null : $"{where} is a boolean";
                case "number":
                    return clr == typeof(double) || clr == typeof(decimal) ? null : $"{where} is a number";
                case "integer":
                    (decimal Min, decimal Max)? range = IntegerRange(clr);
                    if (range is null)
                    {
                        return $"{where} is an integer";
                    }

                    (decimal low, decimal high) = SchemaRange(schema);
                    return low >= range.Value.Min && high <= range.Value.Max ? null : $"{where} ranges {low}..{high}, beyond the range of {Friendly(clr)}";
                case "array":
                    Type? item = clr.IsArray ? clr.GetElementType()
                        : clr.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(clr) ? clr.GetGenericArguments()[0] : null;
                    if (item is null || clr == typeof(string))
                    {
                        return $"{where} is an array";
                    }

                    return schema["items"] is JsonObject items ? TypeMismatch(item, items, place + "/items") : null;
                case "object":
                    return typeof(System.Collections.IDictionary).IsAssignableFrom(clr) ? null : $"{where} is an object";
                default:
                    return $"{where} has the type {type}, which this test does not know";
            }
        }

        private static (decimal Min, decimal Max)? IntegerRange(Type clr) =>
            clr == typeof(long) ? (long.MinValue, long.MaxValue)
            : clr == typeof(int) ? (int.MinValue, int.MaxValue)
            : clr == typeof(short) ? (short.MinValue, short.MaxValue)
            : clr == typeof(uint) ? (uint.MinValue, uint.MaxValue)
            : clr == typeof(ulong) ? (ulong.MinValue, ulong.MaxValue)
            : ((decimal, decimal)?)null;

        /// <summary>The values an integer schema allows: its bounds, within its format's (an integer without either is a long).</summary>
        private static (decimal Low, decimal High) SchemaRange(JsonObject schema)
        {
            (decimal low, decimal high) = (string?)schema["format"] == "int32" ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
            if (schema["minimum"] is JsonNode minimum)
            {
                low = Math.Max(low, decimal.Parse(minimum.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
            }

            if (schema["maximum"] is JsonNode maximum)
            {
                high = Math.Min(high, decimal.Parse(maximum.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
            }

            return (low, high);
        }

        private static string Friendly(Type type) => NameOf(Nullable.GetUnderlyingType(type) ?? type);
    }
}
