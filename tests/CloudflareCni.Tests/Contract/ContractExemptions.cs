using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>One named exception the contract tests make, and why. A schema patch changes the contract's facts before they are converted.</summary>
    internal sealed class ContractExemption
    {
        public ContractExemption(string name, string reason, Action<JsonObject>? patch = null)
        {
            Name = name;
            Reason = reason;
            Patch = patch;
        }

        public string Name { get; }

        public string Reason { get; }

        /// <summary>Changes the contract's facts (the OpenAPI document); throws when the schema no longer has what it changes.</summary>
        public Action<JsonObject>? Patch { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// Every exception the contract tests make, in one place. <see cref="Permanent"/> ones are how the tests read the
    /// contract, and stay. <see cref="Pending"/> ones would be today's mismatches between the module or its sandbox and
    /// the published schema, each to be fixed and deleted; the contract coverage test fails while an entry is no longer
    /// needed, so the list cannot outlive its reasons. Nothing else is exempt: a new mismatch fails the test that caused it.
    /// </summary>
    internal static class ContractExemptions
    {
        // ------------------------------------------------------------------ permanent

        public static readonly ContractExemption NonSuccessAnswers = new ContractExemption(
            "non-success-answers",
            "Only 2xx answers are checked. The CNI schema describes no error bodies, so the emulator's error envelopes and the " +
            "scripted faults' 4xx and 5xx (HTML included) are not contract answers. The request that got one is still checked.");

        public static readonly ContractExemption BrokenBodyFaults = new ContractExemption(
            "broken-body-faults",
            "The TruncatedJson and EmptyBody faults answer 200 with a cut or empty JSON body on purpose, to test the module's " +
            "CfApi.InvalidResponse; the emulator names the fault on its answer (EmulatorResponse.Fault).");

        public static readonly ContractExemption EnvelopeAroundBareBodies = new ContractExemption(
            "envelope-around-bare-bodies",
            "The CNI schema describes bare bodies; the test server's Envelope option wraps them in Cloudflare's v4 envelope " +
            "(success, errors, messages, result), to test that the module reads both. Such an answer must be a successful " +
            "envelope, and its result is checked against the schema.");

        /// <summary>Fields tests invent on purpose, placed on the server behind the module's back (ConnectedShell.ChangeOnServer), to test that they are kept.</summary>
        public static readonly IReadOnlyList<string> FixtureFields = new[] { "flags", "vlan_tag" };

        /// <summary>
        /// Interconnect types the API does not publish, which tests use on purpose for an interconnect of a kind Cloudflare
        /// may add (issue 17, point 3): neither slot_id nor region, fields of its own.
        /// </summary>
        public static readonly IReadOnlyList<string> FixtureInterconnectTypes = new[] { "aws_partner" };

        /// <summary>Link states the API does not publish, which tests use on purpose for a state Cloudflare may add.</summary>
        public static readonly IReadOnlyList<string> FixtureLinkStates = new[] { "Degraded" };

        /// <summary>BGP modes the API does not publish, which tests use on purpose for a mode Cloudflare may add.</summary>
        public static readonly IReadOnlyList<string> FixtureBgpModes = new[] { "route_reflector" };

        private const string FixtureKind = "contract_fixture_OtherKind";

        public static readonly ContractExemption ForwardCompatibilityFixtures = new ContractExemption(
            "forward-compatibility-fixtures",
            "What the API may add, which tests add on purpose to check that the module lists, shows and keeps it, is let " +
            "through: the fields a test adds through TestServerOptions.InterconnectFieldsOnCreate or CniFieldsOnCreate " +
            "(shaped as the test likes), and those of FixtureFields, are left out of the checks, in answers (each object and " +
            "each listed item) and in the bodies the module sends back; an interconnect of a type of FixtureInterconnectTypes " +
            "is a third shape of nsc_Interconnect, with the name, type and account of the others and any other field; a " +
            "status may have a state of FixtureLinkStates, with a reason; a CNI's bgp_mode may be one of FixtureBgpModes. " +
            "The sandbox's own fields are no fixtures, and are checked.",
            facts =>
            {
                var schemas = (JsonObject)facts["components"]!["schemas"]!;
                if (schemas.ContainsKey(FixtureKind))
                {
                    throw new InvalidOperationException("The schema has a component " + FixtureKind + ": revisit ContractExemptions.");
                }

                schemas[FixtureKind] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["account"] = new JsonObject { ["type"] = "string" },
                        ["name"] = new JsonObject { ["type"] = "string" },
                        ["type"] = new JsonObject { ["type"] = "string" },
                    },
                    ["required"] = new JsonArray("type", "name", "account"),
                    ["additionalProperties"] = new JsonObject(),
                };
                JsonObject interconnect = Facts.Component(facts, "nsc_Interconnect");
                Facts.Branches(interconnect, "oneOf").Add(new JsonObject { ["$ref"] = "#/components/schemas/" + FixtureKind });
                foreach (string type in FixtureInterconnectTypes)
                {
                    Facts.MapDiscriminatorValue(interconnect, type, FixtureKind);
                }

                var modes = Facts.Component(facts, "nsc_BgpMode")["enum"] as JsonArray ?? throw new InvalidOperationException("nsc_BgpMode has no enum: revisit ContractExemptions.");
                foreach (string mode in FixtureBgpModes)
                {
                    modes.Add(mode);
                }

                Facts.Branches(Facts.Component(facts, "nsc_StatusInfo"), "oneOf").Add(new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["state"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(FixtureLinkStates.Select(state => (JsonNode?)JsonValue.Create(state)).ToArray()) },
                        ["reason"] = new JsonObject { ["type"] = "string", ["nullable"] = true },
                    },
                    ["required"] = new JsonArray("state"),
                });
            });

        public static readonly ContractExemption AsnBeyondInt32 = new ContractExemption(
            "asn-beyond-int32",
            "The schema types customer_asn and default_asn as int32 (minimum 0), but 4-byte ASNs reach 4294967295 and private " +
            "ones (4200000000 and up) are common: the module sends them (issue 17, point 4). On the ASN fields the contract " +
            "checks 0 to 4294967295 instead of the int32 bound.",
            facts =>
            {
                foreach ((string component, string field) in new[]
                {
                    ("nsc_BgpControl", "customer_asn"),
                    ("nsc_Settings", "default_asn"),
                    ("nsc_SettingsRequest", "default_asn"),
                    ("magic_interconnect_bgp_config", "customer_asn"),
                    ("magic_interconnect_bgp_config", "as_no"),
                })
                {
                    JsonObject asn = Facts.Property(Facts.Component(facts, component), field);
                    Facts.Expect(asn, "format", "int32", component + "." + field);
                    asn.Remove("format");
                    asn["maximum"] = 4294967295L;
                }
            });

        public static readonly ContractExemption ValidateOnlyQuery = new ContractExemption(
            "validate-only-query",
            "The Magic API's two updates of cf_interconnects say in their text to 'use ?validate_only=true as an optional query " +
            "parameter to only run validation without persisting changes', but do not declare it as a parameter; " +
            "Set-CfCniTunnel -ValidateOnly sends it (issue 20). The contract declares it on both, as an optional boolean query parameter.",
            facts =>
            {
                foreach (string path in new[] { "/accounts/{account_id}/magic/cf_interconnects", "/accounts/{account_id}/magic/cf_interconnects/{cf_interconnect_id}" })
                {
                    JsonArray parameters = Facts.Parameters(facts, path, "put");
                    if (parameters.Any(p => (string?)p?["name"] == "validate_only"))
                    {
                        throw new InvalidOperationException("A contract exemption no longer fits the schema (PUT " + path + " declares validate_only now): revisit ContractExemptions.");
                    }

                    parameters.Add(new JsonObject
                    {
                        ["in"] = "query",
                        ["name"] = "validate_only",
                        ["required"] = false,
                        ["schema"] = new JsonObject { ["type"] = "boolean" },
                    });
                }
            });

        /// <summary>How the tests read the contract; these stay.</summary>
        public static IReadOnlyList<ContractExemption> Permanent { get; } = new[]
        {
            NonSuccessAnswers, BrokenBodyFaults, EnvelopeAroundBareBodies, ForwardCompatibilityFixtures, AsnBeyondInt32, ValidateOnlyQuery,
        };

        /// <summary>
        /// Today's mismatches between the module or its sandbox and the published schema, each to be fixed and its entry
        /// deleted (the coverage test fails while an entry is no longer needed). Issue 17 emptied it.
        /// </summary>
        public static IReadOnlyList<ContractExemption> Pending { get; } = new ContractExemption[0];

        public static IReadOnlyList<ContractExemption> All { get; } = Permanent.Concat(Pending).ToArray();

        /// <summary>Edits of the contract's facts that fail loudly when the schema no longer has what they edit.</summary>
        internal static class Facts
        {
            private const string Prefix = "#/components/schemas/";

            public static JsonObject Component(JsonObject facts, string name) =>
                facts["components"]?["schemas"]?[name] as JsonObject ?? throw Stale("component " + name + " is gone");

            /// <summary>The parameters of an operation (its method in lower case, as the schema writes it).</summary>
            public static JsonArray Parameters(JsonObject facts, string path, string method) =>
                facts["paths"]?[path]?[method]?["parameters"] as JsonArray ?? throw Stale(method.ToUpperInvariant() + " " + path + " is gone");

            public static JsonObject Property(JsonObject schema, string name) =>
                schema["properties"]?[name] as JsonObject ?? throw Stale("field " + name + " is gone");

            public static void Expect(JsonObject schema, string keyword, string value, string where)
            {
                if ((string?)schema[keyword] != value)
                {
                    throw Stale(where + " has " + keyword + " " + (schema[keyword]?.ToJsonString() ?? "(none)") + ", not " + value);
                }
            }

            public static JsonArray Branches(JsonObject schema, string composition) =>
                schema[composition] as JsonArray ?? throw Stale(composition + " is gone");

            /// <summary>Maps a discriminator value the schema does not map to a component (one an exemption adds).</summary>
            public static void MapDiscriminatorValue(JsonObject schema, string value, string component)
            {
                var mapping = schema["discriminator"]?["mapping"] as JsonObject ?? throw Stale("the discriminator mapping is gone");
                if (mapping.ContainsKey(value))
                {
                    throw Stale("the discriminator maps '" + value + "' now");
                }

                mapping[value] = Prefix + component;
            }

            private static InvalidOperationException Stale(string what) =>
                new InvalidOperationException("A contract exemption no longer fits the schema (" + what + "): revisit ContractExemptions.");
        }
    }
}
