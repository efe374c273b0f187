using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CloudflareCni.SchemaExtract;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>tools/CloudflareCni.SchemaExtract: the pinned contract is what it writes, and it names what changed.</summary>
    public sealed class SchemaExtractTests
    {
        private const string Sample = @"openapi: 3.0.3
info:
  title: sample
  version: 4.0.0
  x-source-commit: abc123
paths:
  /accounts/{account_id}/cni/widgets/{widget}:
    parameters:
      - name: widget
        in: path
        required: true
        description: the widget
        schema:
          type: string
    get:
      operationId: get_widget
      summary: Get a widget
      tags: [Widgets]
      x-fern-sdk-method-name: get
      parameters:
        - $ref: '#/components/parameters/account'
        - name: verbose
          in: query
          example: true
          schema:
            type: boolean
            nullable: true
      responses:
        '200':
          description: The widget
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Widget'
        4XX:
          description: Failure
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Failure'
  /accounts/{account_id}/cnis-elsewhere:
    get:
      operationId: not_ours
      responses:
        '200':
          description: not selected
  /accounts/{account_id}/other:
    get:
      operationId: other
      responses:
        '200':
          description: not selected
components:
  parameters:
    account:
      name: account_id
      in: path
      required: true
      schema:
        $ref: '#/components/schemas/Tag'
  schemas:
    Widget:
      description: A widget
      title: Widget
      type: object
      required: [size, name]
      properties:
        name:
          type: string
          example: w-1
          x-auditable: true
        size:
          $ref: '#/components/schemas/Size'
    Size:
      type: string
      enum: [50M, 1G, true]
    Tag:
      type: string
      maxLength: 32
    Failure:
      type: object
    Unused:
      type: string
";

        // Skipped, and reported as skipped, where Cloudflare's extracts are not beside the clone (a CI clone elsewhere):
        // they are the tool's input, and the repository keeps only the facts drawn from them.
        [SkippableFact]
        public void ThePinnedContract_IsWhatTheToolWritesFromTheReferenceExtracts()
        {
            string? reference = ReferenceFolder();
            Skip.If(reference is null, "Cloudflare's OpenAPI extracts (shared/reference) are not beside this clone.");
            var output = new StringWriter();

            int exit = Program.Run(
                new[]
                {
                    "--from", Path.Combine(reference, "cloudflare-openapi-cni.yaml"),
                    "--from", Path.Combine(reference, "cloudflare-openapi-magic-cf-interconnects.yaml"),
                    "--pinned", ApiContract.PinnedPath, "--check",
                },
                output,
                output);

            Assert.True(exit == Program.ExitOk, "The pinned contract is not what the extracts give; run the tool (tests/Contract/README.md):\n" + output);
            Assert.Contains("no changes", output.ToString());
        }

        [Fact]
        public void Extraction_KeepsTheFactsOfTheSelectedOperations_AndTheComponentsTheyReach_Sorted()
        {
            JsonObject contract = Extract(Sample);

            Assert.Equal(new[] { "/accounts/{account_id}/cni/widgets/{widget}" }, ((JsonObject)contract["paths"]!).Select(p => p.Key));
            JsonObject get = (JsonObject)contract["paths"]!["/accounts/{account_id}/cni/widgets/{widget}"]!["get"]!;
            Assert.Equal(
                "{\"operationId\":\"get_widget\",\"parameters\":[" +
                "{\"in\":\"path\",\"name\":\"account_id\",\"required\":true,\"schema\":{\"$ref\":\"#/components/schemas/Tag\"}}," +
                "{\"in\":\"path\",\"name\":\"widget\",\"required\":true,\"schema\":{\"type\":\"string\"}}," +
                "{\"in\":\"query\",\"name\":\"verbose\",\"required\":false,\"schema\":{\"nullable\":true,\"type\":\"boolean\"}}]," +
                "\"responses\":{\"200\":{\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Widget\"}}}}}}",
                Canonical(get));
            Assert.Equal(new[] { "Size", "Tag", "Widget" }, ((JsonObject)contract["components"]!["schemas"]!).Select(s => s.Key));
            Assert.Equal(
                "{\"properties\":{\"name\":{\"type\":\"string\"},\"size\":{\"$ref\":\"#/components/schemas/Size\"}},\"required\":[\"name\",\"size\"],\"type\":\"object\"}",
                Canonical(contract["components"]!["schemas"]!["Widget"]!));
            // Plain YAML scalars are typed; quoted ones ('200') stay text.
            Assert.Equal("[\"50M\",\"1G\",true]", contract["components"]!["schemas"]!["Size"]!["enum"]!.ToJsonString());
            Assert.Equal("abc123", (string?)contract["info"]!["x-source-commit"]);
        }

        [Fact]
        public void TheSameFacts_GiveTheSameBytes_WhateverTheirOrderInTheInput()
        {
            string reordered = Sample
                .Replace("      required: [size, name]\n      properties:", "      properties:")
                .Replace("        size:\n          $ref: '#/components/schemas/Size'\n", "        size:\n          $ref: '#/components/schemas/Size'\n      required: [name, size]\n");

            Assert.NotEqual(Sample, reordered);
            Assert.Equal(ContractJson.Write(Extract(Sample)), ContractJson.Write(Extract(reordered)));
        }

        [Theory]
        [InlineData("      type: string\n      maxLength: 32", "      type: string\n      maxLength: 32\n      if: {}", "unknown schema keyword 'if'")]
        [InlineData("openapi: 3.0.3", "openapi: 3.1.0", "only OpenAPI 3.0.x")]
        [InlineData("        size:\n          $ref: '#/components/schemas/Size'", "        size:\n          $ref: '#/components/schemas/Gone'", "Gone is referred to but defined in no input")]
        public void WhatTheExtractorDoesNotKnow_IsAnError_NotDropped(string find, string replace, string named)
        {
            Assert.Contains(find, Sample);
            InvalidDataException refused = Assert.Throws<InvalidDataException>(() => Extract(Sample.Replace(find, replace)));
            Assert.Contains(named, refused.Message);
        }

        [Fact]
        public void TwoInputsThatDisagreeOnAComponent_AreAnError()
        {
            var sources = new[]
            {
                new ContractSource("a.yaml", OpenApiDocumentReader.Read(Sample)),
                new ContractSource("b.yaml", OpenApiDocumentReader.Read(Sample.Replace("maxLength: 32", "maxLength: 64"))),
            };

            InvalidDataException refused = Assert.Throws<InvalidDataException>(() => ContractExtractor.Extract(sources, ContractExtractor.ModulePathPrefixes, null));
            Assert.Contains("differs between a.yaml and b.yaml", refused.Message);
        }

        [Fact]
        public void TheDiff_NamesOperationsParametersFieldsEnumsRequiredAndFormats()
        {
            JsonObject pinned = ContractJson.Read(ApiContract.PinnedPath);
            var newer = (JsonObject)pinned.DeepClone();
            JsonObject paths = (JsonObject)newer["paths"]!;
            JsonObject schemas = (JsonObject)newer["components"]!["schemas"]!;
            paths.Remove("/accounts/{account_id}/cni/interconnects/{icon}/loa/default");
            ((JsonArray)paths["/accounts/{account_id}/cni/cnis"]!["get"]!["parameters"]!).Add(JsonNode.Parse("{\"in\":\"query\",\"name\":\"interconnect\",\"required\":false,\"schema\":{\"type\":\"string\"}}"));
            ((JsonArray)schemas["nsc_ApiBandwidth"]!["enum"]!).Add("100G");
            ((JsonArray)schemas["nsc_Cni"]!["required"]!).Add("bgp_mode");
            schemas["nsc_SlotInfo"]!["properties"]!["id"]!["format"] = "uuidv7";
            ((JsonObject)schemas["nsc_SlotInfo"]!["properties"]!).Add("port_count", JsonNode.Parse("{\"type\":\"integer\",\"format\":\"int32\"}"));
            newer["info"]!["x-source-commit"] = "newer";

            string[] changes = ContractDiff.Compare(pinned, newer).Select(c => c.ToString()).ToArray();

            Assert.Equal(
                new[]
                {
                    "~ source commit 004e306af7836c7edd2b39d286c8cdd3d0508702 -> newer",
                    "+ parameter GET /accounts/{account_id}/cni/cnis: query interconnect (string, optional)",
                    "- operation GET /accounts/{account_id}/cni/interconnects/{icon}/loa/default (get_interconnect_loa_default_name)",
                    "+ enum value nsc_ApiBandwidth: 100G",
                    "+ required nsc_Cni: bgp_mode",
                    "~ nsc_SlotInfo.id: format uuid -> uuidv7",
                    "+ field nsc_SlotInfo.port_count (integer, int32)",
                },
                changes);
            Assert.Empty(ContractDiff.Compare(pinned, (JsonObject)pinned.DeepClone()));
        }

        [Fact]
        public void TheTool_WritesTheContract_ChecksIt_AndNeedsASourceCommitOnlyToWriteIt()
        {
            using var folder = new TempFolder();
            string input = Path.Combine(folder.Path, "openapi.yaml");
            File.WriteAllText(input, Sample.Replace("  x-source-commit: abc123\n", string.Empty));
            string pinned = Path.Combine(folder.Path, "contract.json");
            var output = new StringWriter();

            Assert.Equal(Program.ExitUsage, Program.Run(new[] { "--from", input, "--out", pinned }, output, output));
            Assert.Contains("--source-commit", output.ToString());

            Assert.Equal(Program.ExitOk, Program.Run(new[] { "--from", input, "--out", pinned, "--source-commit", "abc123" }, output, output));
            Assert.Equal("abc123", (string?)ContractJson.Read(pinned)["info"]!["x-source-commit"]);

            File.WriteAllText(input, Sample.Replace("  x-source-commit: abc123\n", string.Empty).Replace("maxLength: 32", "maxLength: 40"));
            output = new StringWriter();
            Assert.Equal(Program.ExitOk, Program.Run(new[] { "--from", input, "--pinned", pinned, "--diff" }, output, output));
            Assert.Contains("~ Tag: maxLength 32 -> 40", output.ToString());
            Assert.Equal(Program.ExitChanged, Program.Run(new[] { "--from", input, "--pinned", pinned, "--check", "--source-commit", "abc123" }, output, output));
        }

        private static JsonObject Extract(string yaml) =>
            ContractExtractor.Extract(new[] { new ContractSource("sample.yaml", OpenApiDocumentReader.Read(yaml)) }, ContractExtractor.ModulePathPrefixes, null);

        private static string Canonical(JsonNode node) => JsonNode.Parse(ContractJson.Write(node))!.ToJsonString();

        /// <summary>Cloudflare's extracts, in shared/reference up to three folders above the repository; null when absent.</summary>
        private static string? ReferenceFolder()
        {
            int looked = 0;
            for (DirectoryInfo? folder = new DirectoryInfo(RepoPaths.Root); folder != null && looked++ < 4; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "shared", "reference");
                if (File.Exists(Path.Combine(candidate, "cloudflare-openapi-cni.yaml")))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
