using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>The contract check is not vacuous: what breaks the schema is reported, on the request and on the answer, and fails the test.</summary>
    public sealed class ContractCheckTests
    {
        private const string Account = ApiHarness.AccountId;

        [Fact]
        public async Task MalformedRequestsOfTheModule_FailTheTestThatSentThem_WhenTheServerIsDisposed()
        {
            TestServer server = await TestServer.StartAsync(options: new TestServerOptions { Token = ApiHarness.Token });
            using (HttpClient module = ModuleClient())
            {
                await module.PostAsync(server.CniUri(Account, "cnis"), Json(
                    "{\"account\":\"" + Account + "\",\"interconnect\":\"icon-1\",\"magic\":{\"conduit_name\":\"a\",\"description\":\"d\",\"mtu\":\"1500\"},\"bgp\":{\"customer_asn\":65000}}"));
                await module.GetAsync(server.CniUri(Account, "slots?occupied=maybe&colour=red"));
                await module.GetAsync(server.CniUri(Account, "cnis/not-a-uuid"));
                await module.PutAsync(server.CniUri(Account, "settings"), Json("{\"default_asn\":4294967296}"));
                await module.DeleteAsync(server.CniUri(Account, "settings"));
            }

            ContractViolationException thrown = await Assert.ThrowsAsync<ContractViolationException>(async () => await server.DisposeAsync());

            string[] problems = thrown.Violations.Select(v => v.Operation + " " + v.Part + ": " + v.Problem).ToArray();
            Assert.Contains(problems, p => p.StartsWith("create_cni request body: /magic/mtu:", StringComparison.Ordinal) && p.Contains("integer"));
            Assert.Contains(problems, p => p.StartsWith("create_cni request body: /bgp:", StringComparison.Ordinal) && p.Contains("extra_prefixes"));
            Assert.Contains("list_slots query parameter occupied: 'maybe' is not a boolean", problems);
            Assert.Contains("list_slots query: the parameter 'colour' is not in the contract", problems);
            Assert.Contains(problems, p => p.StartsWith("get_cni path parameter cni: 'not-a-uuid'", StringComparison.Ordinal) && p.Contains("uuid"));
            Assert.Contains(problems, p => p.StartsWith("update_settings request body: /default_asn:", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("? path: no operation DELETE /accounts/" + Account + "/cni/settings", StringComparison.Ordinal));
            Assert.Contains("break the API contract", thrown.Message);
        }

        [Fact]
        public async Task AnAnswerOfTheEmulatorThatBreaksTheSchema_IsReported_WithItsField()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            string other = harness.AddSlot();
            harness.Emulator.Seed(Account, new JsonObject
            {
                ["interconnects"] = new JsonArray(
                    new JsonObject { ["name"] = "icon-extra", ["type"] = "direct", ["slot_id"] = slot, ["port_count"] = 4 },
                    new JsonObject { ["name"] = "icon-wrong", ["type"] = "direct", ["slot_id"] = other, ["virtual_port_reservation_id"] = "not-a-uuid" }),
            });

            await harness.Connection.Interconnects().GetAsync(Account, "icon-extra", TestCalls.Silent);
            await harness.Connection.Interconnects().GetAsync(Account, "icon-wrong", TestCalls.Silent);

            IReadOnlyList<ContractViolation> violations = harness.Server.Contract.TakeViolations();
            Assert.True(violations.Count == 2, string.Join("\n", violations));
            Assert.Equal(("get_interconnect", "answer", "/port_count: the field 'port_count' is not in the schema"), (violations[0].Operation, violations[0].Part, violations[0].Problem));
            Assert.StartsWith("/virtual_port_reservation_id: ", violations[1].Problem, StringComparison.Ordinal);
            Assert.Contains("icon-wrong", violations[1].Exchange.RawPath, StringComparison.Ordinal);
        }

        [Fact]
        public async Task OtherClients_AreNotTheModule_AndAreNotChecked()
        {
            await using TestServer server = await TestServer.StartAsync(options: new TestServerOptions { Token = ApiHarness.Token });
            using var other = new HttpClient();
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHarness.Token);

            await other.DeleteAsync(server.CniUri(Account, "settings"));

            Assert.Empty(server.Contract.Exchanges);
            Assert.Empty(server.Contract.Violations);
        }

        [Fact]
        public void AWellFormedExchange_PassesAndCountsItsOperation_AndFaultAnswersAreExempt()
        {
            ApiContract contract = ApiContract.Active;
            string body = "{\"default_asn\":65000}";
            var ok = new ContractExchange("PUT", "/client/v4/accounts/" + Account + "/cni/settings", string.Empty, JsonHeaders(), Encoding.UTF8.GetBytes(body), 200, "application/json", Encoding.UTF8.GetBytes(body), null);

            Assert.Empty(ContractChecker.Check(contract, ok, ContractSettings.Default, out ContractOperation? operation));
            Assert.Equal("update_settings", operation?.Id);

            // A 200 whose body is cut in half: a violation, unless a broken-body fault answered it on purpose.
            ContractExchange cut = ok with { ResponseBody = Encoding.UTF8.GetBytes("{\"default_as") };
            Assert.Contains(ContractChecker.Check(contract, cut, ContractSettings.Default, out _), v => v.Part == "answer" && v.Problem.StartsWith("not JSON", StringComparison.Ordinal));
            Assert.Empty(ContractChecker.Check(contract, cut with { Fault = "TruncatedJson" }, ContractSettings.Default, out _));
            // An error answer is no contract answer; the request is still checked.
            Assert.Empty(ContractChecker.Check(contract, cut with { Status = 503 }, ContractSettings.Default, out _));
            Assert.NotEmpty(ContractChecker.Check(contract, cut with { Status = 503, RequestBody = Encoding.UTF8.GetBytes("{\"default_asn\":\"x\"}") }, ContractSettings.Default, out _));
        }

        [Fact]
        public void AnEnvelopedAnswer_IsCheckedOnItsResult_AndMustBeASuccessfulEnvelope()
        {
            ApiContract contract = ApiContract.Active;
            var enveloped = new ContractSettings("/client/v4", true, Array.Empty<string>());
            ContractExchange Get(string answer) => new ContractExchange(
                "GET", "/client/v4/accounts/" + Account + "/cni/settings", string.Empty, new Dictionary<string, string>(), Array.Empty<byte>(),
                200, "application/json", Encoding.UTF8.GetBytes(answer), null);

            Assert.Empty(ContractChecker.Check(contract, Get("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"default_asn\":65000}}"), enveloped, out _));
            Assert.Contains(
                ContractChecker.Check(contract, Get("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"default_asn\":-1}}"), enveloped, out _),
                v => v.Problem.StartsWith("/default_asn:", StringComparison.Ordinal));
            Assert.Contains(
                ContractChecker.Check(contract, Get("{\"success\":false,\"errors\":[],\"messages\":[],\"result\":{\"default_asn\":1}}"), enveloped, out _),
                v => v.Problem.Contains("successful envelope", StringComparison.Ordinal));
            Assert.NotEmpty(ContractChecker.Check(contract, Get("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"default_asn\":1}}"), ContractSettings.Default, out _));
        }

        [Fact]
        public void FixtureFields_AreLeftOut_OnTheObjectAndOnEachListedItem_AndNowhereElse()
        {
            ApiContract contract = ApiContract.Active;
            var settings = new ContractSettings("/client/v4", false, new[] { "port_count" });
            string slot = "{\"id\":\"0f7a4c9e-2b1d-4e8f-9a3b-5c6d7e8f9a0b\",\"occupied\":false,\"site\":\"AMS01\",\"speed\":\"10G\",\"facility\":{\"name\":\"n\",\"address\":[]},\"port_count\":4}";
            ContractExchange List(string answer) => new ContractExchange(
                "GET", "/client/v4/accounts/" + Account + "/cni/slots", "limit=1000", new Dictionary<string, string>(), Array.Empty<byte>(),
                200, "application/json", Encoding.UTF8.GetBytes(answer), null);

            Assert.Empty(ContractChecker.Check(contract, List("{\"items\":[" + slot + "]}"), settings, out _));
            Assert.NotEmpty(ContractChecker.Check(contract, List("{\"items\":[" + slot + "]}"), ContractSettings.Default, out _));
            Assert.NotEmpty(ContractChecker.Check(contract, List("{\"items\":[" + slot.Replace("\"name\":\"n\"", "\"name\":\"n\",\"port_count\":1") + "]}"), settings, out _));
        }

        [Fact]
        public void TheFieldsATestAddsToNewObjects_AreFixtures_AndNothingElse()
        {
            var options = new TestServerOptions();
            Assert.Empty(ContractLog.SettingsOf(options).FixtureFields.Except(ContractExemptions.FixtureFields));

            options.CniFieldsOnCreate = new JsonObject { ["vni"] = 7 };
            Assert.Contains("vni", ContractLog.SettingsOf(options).FixtureFields);
            Assert.DoesNotContain("ccr_device_name", ContractLog.SettingsOf(options).FixtureFields);
        }

        private static HttpClient ModuleClient()
        {
            var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHarness.Token);
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", HttpTransport.UserAgent);
            return client;
        }

        private static StringContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

        private static Dictionary<string, string> JsonHeaders() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json; charset=utf-8" };
    }
}
