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
    /// contract, and stay. <see cref="PendingIssue17"/> ones are today's mismatches between the module or its sandbox and
    /// the published schema: issue 17 fixes each, and deletes its entry; the contract coverage test fails while an entry
    /// is no longer needed, so the list cannot outlive its reasons. Nothing else is exempt: a new mismatch fails the test
    /// that caused it.
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

        /// <summary>Interconnect types the API does not publish, which tests use on purpose to show that an unknown kind is still read.</summary>
        public static readonly IReadOnlyList<string> FixtureInterconnectTypes = new[] { "anything-goes" };

        public static readonly ContractExemption ForwardCompatibilityFixtures = new ContractExemption(
            "forward-compatibility-fixtures",
            "Fields the API may add, which tests add on purpose to check that the module shows and keeps them, are left out of " +
            "the checks, in answers (each object and each listed item) and in the bodies the module sends back: the fields a " +
            "test adds through TestServerOptions.InterconnectFieldsOnCreate or CniFieldsOnCreate (shaped as the " +
            "test likes), and those of FixtureFields. The sandbox's own extra field (ccr_device_name, which " +
            "every sandbox adds) is no fixture, and is checked. The interconnect types of FixtureInterconnectTypes " +
            "count as discriminator values of both interconnect shapes (whose fields are still checked).",
            facts =>
            {
                foreach (string type in FixtureInterconnectTypes)
                {
                    Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_Interconnect"), type, "nsc_Interconnect_Physical_Body");
                    Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_Interconnect"), type, "nsc_Interconnect_GcpPartner_Body");
                    Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_InterconnectCreate"), type, "nsc_InterconnectCreate_Physical_Body");
                    Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_InterconnectCreate"), type, "nsc_InterconnectCreate_GcpPartner_Body");
                }
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

        // ------------------------------------------------------------------ pending, fixed by issue 17

        public static readonly ContractExemption PartnerType = new ContractExemption(
            "pending-partner-type",
            "Issue 17, point 2: the docs and tests create and seed GCP partner interconnects with type 'partner' " +
            "(New-CfInterconnect -Type partner), where the schema's discriminator says gcp_partner. Until then 'partner' " +
            "counts as the GCP partner shape's value, in create bodies and in interconnects.",
            facts =>
            {
                Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_InterconnectCreate"), "partner", "nsc_InterconnectCreate_GcpPartner_Body");
                Facts.AcceptDiscriminatorValue(Facts.Component(facts, "nsc_Interconnect"), "partner", "nsc_Interconnect_GcpPartner_Body");
            });

        public static readonly ContractExemption NoVirtualPortReservationId = new ContractExemption(
            "pending-no-virtual-port-reservation-id",
            "Issue 17, the sandbox's answers: it never sends virtual_port_reservation_id, which the schema requires on both " +
            "interconnect kinds.",
            facts =>
            {
                Facts.RemoveRequired(Facts.Branch(Facts.Component(facts, "nsc_Interconnect_Physical_Body"), "allOf", 1), "virtual_port_reservation_id");
                Facts.RemoveRequired(Facts.Branch(Facts.Component(facts, "nsc_Interconnect_GcpPartner_Body"), "allOf", 1), "virtual_port_reservation_id");
            });

        public static readonly ContractExemption CcrDeviceNameOnGcp = new ContractExemption(
            "pending-ccr-device-name-on-gcp",
            "Issue 17, the sandbox's answers: it puts ccr_device_name on GCP partner interconnects too (it adds it to every " +
            "interconnect); the schema has it on physical ones only.",
            facts => Facts.AddProperty(
                Facts.Branch(Facts.Component(facts, "nsc_Interconnect_GcpPartner_Body"), "allOf", 1),
                "ccr_device_name",
                new JsonObject { ["nullable"] = true, ["type"] = "string" }));

        public static readonly ContractExemption OptionalMagicDescription = new ContractExemption(
            "pending-optional-magic-description",
            "Issue 17, the sandbox's answers: it takes magic.description as optional, and answers a CNI seeded without one " +
            "without it; the schema requires it.",
            facts => Facts.RemoveRequired(Facts.Component(facts, "nsc_MagicSettings"), "description"));

        /// <summary>How the tests read the contract; these stay.</summary>
        public static IReadOnlyList<ContractExemption> Permanent { get; } = new[]
        {
            NonSuccessAnswers, BrokenBodyFaults, EnvelopeAroundBareBodies, ForwardCompatibilityFixtures, AsnBeyondInt32, ValidateOnlyQuery,
        };

        /// <summary>Pending, fixed by issue 17: empty this list as the module and its sandbox come to match the schema.</summary>
        public static IReadOnlyList<ContractExemption> PendingIssue17 { get; } = new[]
        {
            PartnerType, NoVirtualPortReservationId, CcrDeviceNameOnGcp, OptionalMagicDescription,
        };

        public static IReadOnlyList<ContractExemption> All { get; } = Permanent.Concat(PendingIssue17).ToArray();

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

            public static JsonObject Branch(JsonObject schema, string composition, int index) =>
                (schema[composition] as JsonArray)?.ElementAtOrDefault(index) as JsonObject ?? throw Stale(composition + "[" + index + "] is gone");

            public static void Expect(JsonObject schema, string keyword, string value, string where)
            {
                if ((string?)schema[keyword] != value)
                {
                    throw Stale(where + " has " + keyword + " " + (schema[keyword]?.ToJsonString() ?? "(none)") + ", not " + value);
                }
            }

            public static void RemoveRequired(JsonObject schema, string field)
            {
                var required = schema["required"] as JsonArray;
                JsonNode? entry = required?.FirstOrDefault(r => (string?)r == field);
                if (entry is null)
                {
                    throw Stale(field + " is no longer required");
                }

                required!.Remove(entry);
            }

            public static void AddProperty(JsonObject schema, string field, JsonObject fieldSchema)
            {
                var properties = schema["properties"] as JsonObject ?? throw Stale("no properties to add " + field + " to");
                if (properties.ContainsKey(field))
                {
                    throw Stale(field + " is in the schema now");
                }

                properties[field] = fieldSchema;
            }

            /// <summary>Lets a discriminator value through for one of the schema's branches, beside the values the mapping gives it.</summary>
            public static void AcceptDiscriminatorValue(JsonObject schema, string value, string component)
            {
                var discriminator = schema["discriminator"] as JsonObject ?? throw Stale("the discriminator is gone");
                var mapping = discriminator["mapping"] as JsonObject ?? throw Stale("the discriminator mapping is gone");
                if (mapping.ContainsKey(value))
                {
                    throw Stale("the discriminator maps '" + value + "' now");
                }

                if (!mapping.Any(entry => (string?)entry.Value == Prefix + component))
                {
                    throw Stale("the discriminator no longer maps to " + component);
                }

                var also = discriminator[OpenApiSchemaConverter.AlsoAccepted] as JsonObject ?? new JsonObject();
                discriminator[OpenApiSchemaConverter.AlsoAccepted] = also;
                var values = also[Prefix + component] as JsonArray ?? new JsonArray();
                also[Prefix + component] = values;
                values.Add(value);
            }

            private static InvalidOperationException Stale(string what) =>
                new InvalidOperationException("A contract exemption no longer fits the schema (" + what + "): revisit ContractExemptions.");
        }
    }
}
