using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>How OpenAPI 3.0 schemas become JSON Schema: nullable, references, discriminators, formats, and the fields an object may have.</summary>
    public sealed class OpenApiConversionTests
    {
        private static readonly Lazy<ApiContract> Sample = new Lazy<ApiContract>(() => ApiContract.FromFacts("sample", Facts(new JsonObject
        {
            ["NullableString"] = Schema("{\"type\":\"string\",\"nullable\":true}"),
            ["PlainString"] = Schema("{\"type\":\"string\"}"),
            ["NullableEnum"] = Schema("{\"type\":\"string\",\"nullable\":true,\"enum\":[\"a\",\"b\"]}"),
            ["NullOnly"] = Schema("{\"type\":\"object\",\"nullable\":true,\"enum\":[null]}"),
            ["NullableAllOf"] = Schema("{\"allOf\":[{\"$ref\":\"#/components/schemas/PlainString\"}],\"nullable\":true}"),
            ["RefBesideNullable"] = Schema("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/components/schemas/PlainString\",\"nullable\":true}}}"),
            ["Exclusive"] = Schema("{\"type\":\"integer\",\"minimum\":0,\"exclusiveMinimum\":true}"),
            ["Pet"] = Schema("{\"oneOf\":[{\"$ref\":\"#/components/schemas/Cat\"},{\"$ref\":\"#/components/schemas/Dog\"}],\"discriminator\":{\"propertyName\":\"kind\"}}"),
            ["Cat"] = Schema("{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\"},\"meow\":{\"type\":\"boolean\"}},\"required\":[\"kind\"]}"),
            ["Dog"] = Schema("{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\"},\"bark\":{\"type\":\"boolean\"}},\"required\":[\"kind\"]}"),
            ["FreeForm"] = Schema("{\"type\":\"object\"}"),
        }), Array.Empty<ContractExemption>()));

        [Theory]
        [InlineData("NullableString", "null", true)]
        [InlineData("NullableString", "\"x\"", true)]
        [InlineData("NullableString", "1", false)]
        [InlineData("PlainString", "null", false)]
        // Other keywords still apply: an enum without null refuses null.
        [InlineData("NullableEnum", "null", false)]
        [InlineData("NullableEnum", "\"a\"", true)]
        // The Magic failure envelope's result: only null.
        [InlineData("NullOnly", "null", true)]
        [InlineData("NullOnly", "{}", false)]
        // nullable without a type beside it, or beside a $ref (which OpenAPI 3.0 reads alone), has no effect.
        [InlineData("NullableAllOf", "null", false)]
        [InlineData("NullableAllOf", "\"x\"", true)]
        [InlineData("RefBesideNullable", "{\"x\":null}", false)]
        [InlineData("Exclusive", "0", false)]
        [InlineData("Exclusive", "1", true)]
        // The implicit discriminator mapping (the component's name) is enforced, and a branch's fields are its own.
        [InlineData("Pet", "{\"kind\":\"Cat\",\"meow\":true}", true)]
        [InlineData("Pet", "{\"kind\":\"Dog\",\"meow\":true}", false)]
        [InlineData("Pet", "{\"kind\":\"Cat\",\"bark\":true}", false)]
        [InlineData("Pet", "{\"kind\":\"Bird\"}", false)]
        [InlineData("FreeForm", "{\"anything\":1}", true)]
        public void NullableReferencesAndDiscriminators_AreConvertedAsOpenApi303Reads(string component, string json, bool valid)
        {
            Assert.Equal(valid, Valid(Sample.Value, component, json));
        }

        [Fact]
        public void NullableBecomesATypeList_InTheConvertedDocument()
        {
            JsonNode converted = Sample.Value.Document["$defs"]!["NullableString"]!;
            Assert.Equal("{\"type\":[\"string\",\"null\"]}", converted.ToJsonString());
            Assert.Equal("{\"allOf\":[{\"$ref\":\"" + Uri(Sample.Value) + "#/$defs/PlainString\"}]}", Sample.Value.Document["$defs"]!["NullableAllOf"]!.ToJsonString());
        }

        [Theory]
        [InlineData("{\"type\":\"string\",\"format\":\"ipv6-zone\"}", "format 'ipv6-zone'")]
        [InlineData("{\"type\":\"string\",\"xml\":{}}", "keyword 'xml'")]
        [InlineData("{\"type\":\"object\",\"discriminator\":{\"propertyName\":\"k\"}}", "without oneOf or anyOf")]
        public void WhatTheConversionDoesNotKnow_StopsTheContractFromLoading(string schema, string named)
        {
            NotSupportedException refused = Assert.Throws<NotSupportedException>(() =>
                ApiContract.FromFacts("sample", Facts(new JsonObject { ["X"] = Schema(schema) }), Array.Empty<ContractExemption>()));
            Assert.Contains(named, refused.Message);
        }

        [Theory]
        [InlineData("nsc_SlotInfo", "{\"id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"occupied\":false,\"site\":\"AMS01\",\"speed\":\"10G\",\"facility\":{\"name\":\"n\",\"address\":[]}}", true)]
        [InlineData("nsc_SlotInfo", "{\"id\":\"not-a-uuid\",\"occupied\":false,\"site\":\"AMS01\",\"speed\":\"10G\",\"facility\":{\"name\":\"n\",\"address\":[]}}", false)]
        [InlineData("nsc_MagicSettings", "{\"conduit_name\":\"a\",\"description\":\"\",\"mtu\":2147483647}", true)]
        [InlineData("nsc_MagicSettings", "{\"conduit_name\":\"a\",\"description\":\"\",\"mtu\":2147483648}", false)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":4294967295,\"extra_prefixes\":[\"192.0.2.0/24\"]}", true)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":4294967296,\"extra_prefixes\":[]}", false)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":-1,\"extra_prefixes\":[]}", false)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":1,\"extra_prefixes\":[\"192.0.2.300/24\"]}", false)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":1,\"extra_prefixes\":[\"192.0.2.0\"]}", false)]
        [InlineData("nsc_BgpControl", "{\"customer_asn\":1,\"extra_prefixes\":[],\"md5_key\":null}", true)]
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"direct\",\"slot_id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\"}", true)]
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"gcp_partner\",\"slot_id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\"}", false)]
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"gcp_partner\",\"bandwidth\":\"1G\",\"pairing_key\":\"k\"}", true)]
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"gcp_partner\",\"bandwidth\":\"1g\",\"pairing_key\":\"k\"}", false)]
        // A type the schema does not publish matches neither shape (the module's old docs sent it: issue 17).
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"partner\",\"bandwidth\":\"1G\",\"pairing_key\":\"k\"}", false)]
        // A field of the other shape is no field of this one, through allOf and the discriminator.
        [InlineData("nsc_InterconnectCreate", "{\"account\":\"a\",\"type\":\"direct\",\"slot_id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"bandwidth\":\"1G\"}", false)]
        [InlineData("nsc_Cni", "{\"id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"account\":\"a\",\"interconnect\":\"i\",\"p2p_ip\":\"100.64.0.0/31\",\"cust_ip\":\"100.64.0.1/31\",\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":1500},\"bgp_mode\":\"advertise_only\"}", true)]
        [InlineData("nsc_Cni", "{\"id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"account\":\"a\",\"interconnect\":\"i\",\"p2p_ip\":\"100.64.0.0/31\",\"cust_ip\":\"100.64.0.1/31\",\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":1500,\"ttl\":64}}", false)]
        [InlineData("nsc_StatusInfo", "{\"state\":\"Down\",\"reason\":null}", true)]
        [InlineData("nsc_StatusInfo", "{\"state\":\"Healthy\",\"reason\":\"x\"}", false)]
        [InlineData("nsc_StatusInfo", "{\"state\":\"Sleeping\"}", false)]
        // The forward-compatibility fixtures: a state and a kind the API may add, which tests use on purpose.
        [InlineData("nsc_StatusInfo", "{\"state\":\"Degraded\",\"reason\":\"one of two links\"}", true)]
        [InlineData("nsc_Interconnect", "{\"account\":\"a\",\"name\":\"n\",\"type\":\"aws_partner\",\"aws_region\":\"eu-west-1\"}", true)]
        [InlineData("nsc_Interconnect", "{\"account\":\"a\",\"name\":\"n\",\"type\":\"azure_partner\",\"azure_region\":\"westeurope\"}", false)]
        [InlineData("nsc_Interconnect", "{\"account\":\"a\",\"type\":\"aws_partner\"}", false)]
        [InlineData("nsc_BgpMode", "\"route_reflector\"", true)]
        [InlineData("nsc_BgpMode", "\"sometimes\"", false)]
        public void ThePublishedSchema_WithThePermanentExemptions_HoldsWhatTheApiDocuments(string component, string json, bool valid)
        {
            Assert.Equal(valid, Valid(Permanent.Value, component, json));
        }

        [Fact]
        public void AnUndeclaredField_IsNamedWithItsPlace()
        {
            IReadOnlyList<ContractProblem> problems = Permanent.Value.Validate(
                Permanent.Value.Component("nsc_Cni"),
                Element("{\"id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"account\":\"a\",\"interconnect\":\"i\",\"p2p_ip\":\"100.64.0.0/31\",\"cust_ip\":\"100.64.0.1/31\",\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":1500,\"ttl\":64}}"));

            Assert.Equal("/magic/ttl: the field 'ttl' is not in the schema", Assert.Single(problems).ToString());
        }

        private static readonly Lazy<ApiContract> Permanent = new Lazy<ApiContract>(() => ApiContract.Load(ApiContract.ActivePath, ContractExemptions.Permanent));

        private static bool Valid(ApiContract contract, string component, string json) =>
            contract.Validate(contract.Component(component), Element(json)).Count == 0;

        private static JsonElement Element(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        private static string Uri(ApiContract contract) => (string)contract.Document["$id"]!;

        private static JsonObject Schema(string json) => (JsonObject)JsonNode.Parse(json)!;

        private static JsonObject Facts(JsonObject schemas) => new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["x-source-commit"] = "sample" },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
