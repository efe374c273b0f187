using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;
using static CloudflareCni.Tests.Sandbox.EmulatorTests;

namespace CloudflareCni.Tests.Sandbox
{
    /// <summary>The emulator's test-facing surface behind the sandbox cmdlets: seed data, status shaping, fault matching.</summary>
    public sealed class SandboxShapingTests
    {
        private const string SlotA = "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
        private const string SlotB = "7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c";

        private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

        private static string SampleData => @"{
            ""slots"": [
                { ""id"": """ + SlotA + @""", ""site"": ""AMS01"", ""speed"": ""10G"", ""facility"": { ""name"": ""Equinix AM3"", ""address"": [""Science Park 610""] }, ""rack"": ""R12"" },
                { ""id"": """ + SlotB.ToUpperInvariant() + @""", ""site"": ""FRA05"", ""speed"": ""100G"", ""occupied"": true, ""facility"": { ""name"": ""Interxion FRA6"", ""address"": [] } }
            ],
            ""interconnects"": [
                { ""name"": ""icon-ams"", ""type"": ""direct"", ""slot_id"": """ + SlotA + @""" },
                { ""name"": ""icon-gcp"", ""type"": ""gcp_partner"", ""region"": ""europe-west4"", ""speed"": ""1G"", ""status"": { ""state"": ""Down"", ""reason"": ""BGP session idle"" } }
            ],
            ""cnis"": [
                { ""interconnect"": ""icon-ams"", ""magic"": { ""conduit_name"": ""tunnel-ams"", ""description"": """", ""mtu"": 1476 }, ""bgp"": { ""customer_asn"": 65010, ""extra_prefixes"": [] } },
                { ""id"": ""11111111-2222-4333-8444-555555555555"", ""interconnect"": ""icon-gcp"", ""magic"": { ""conduit_name"": ""tunnel-gcp"", ""mtu"": 1500 }, ""p2p_ip"": ""192.0.2.0/31"", ""cust_ip"": ""192.0.2.1/31"" }
            ],
            ""settings"": { ""default_asn"": 64999 }
        }";

        [Fact]
        public async Task Seed_ServesTheDataAsTheApiWould_FillingInWhatTheApiAdds()
        {
            CniEmulator emulator = new CniEmulator();
            emulator.Seed(Account, Data(SampleData));

            List<JsonObject> slots = await Slots(emulator);
            Assert.Equal(new[] { SlotA, SlotB }, slots.Select(s => Str(s["id"])));
            Assert.True(slots[0]["occupied"]!.GetValue<bool>());
            Assert.Equal(Account, Str(slots[0]["account"]));
            Assert.Equal("R12", Str(slots[0]["rack"]));
            Assert.True(slots[1]["occupied"]!.GetValue<bool>());

            // Slots are the provider's: another account sees them free (except the one occupied by someone else).
            List<JsonObject> elsewhere = await Slots(emulator, account: "another-account");
            Assert.Equal(new[] { false, true }, elsewhere.Select(s => s["occupied"]!.GetValue<bool>()));

            JsonObject ams = EmulatorTests.Json(await Send(emulator, "GET", "interconnects/icon-ams")).AsObject();
            Assert.Equal(("AMS01", "10G", "Equinix AM3", Account), (Str(ams["site"]), Str(ams["speed"]), Str(ams["facility"]!["name"]), Str(ams["account"])));
            Assert.Equal("Healthy", Str(EmulatorTests.Json(await Send(emulator, "GET", "interconnects/icon-ams/status"))["state"]));
            JsonNode down = EmulatorTests.Json(await Send(emulator, "GET", "interconnects/icon-gcp/status"));
            Assert.Equal(("Down", "BGP session idle"), (Str(down["state"]), Str(down["reason"])));
            Assert.False(EmulatorTests.Json(await Send(emulator, "GET", "interconnects/icon-gcp")).AsObject().ContainsKey("status"));

            JsonArray cnis = EmulatorTests.Json(await Send(emulator, "GET", "cnis"))["items"]!.AsArray();
            Assert.Equal(2, cnis.Count);
            Assert.Matches(UuidV4, Str(cnis[0]!["id"]));
            Assert.Equal(("100.64.0.0/31", "100.64.0.1/31"), (Str(cnis[0]!["p2p_ip"]), Str(cnis[0]!["cust_ip"])));
            Assert.Equal(("11111111-2222-4333-8444-555555555555", "192.0.2.0/31"), (Str(cnis[1]!["id"]), Str(cnis[1]!["p2p_ip"])));
            Assert.Equal(64999, EmulatorTests.Json(await Send(emulator, "GET", "settings"))["default_asn"]!.GetValue<long>());

            // Seeded objects behave as created ones: the hosted CNI blocks the delete, a new CNI takes the next /31.
            AssertError(await Send(emulator, "DELETE", "interconnects/icon-ams"), 409, EmulatorErrorCodes.Conflict);
            Assert.Equal("100.64.0.2/31", Str((await CreateCni(emulator, "icon-ams"))["p2p_ip"]));
        }

        [Theory]
        [InlineData(@"{""Slots"": []}", "unknown section 'Slots'")]
        [InlineData(@"{""slots"": [{""id"": ""not-a-uuid"", ""site"": ""AMS01"", ""speed"": ""10G"", ""facility"": {""name"": ""x"", ""address"": []}}]}", "slots[0].id must be a UUID")]
        [InlineData(@"{""slots"": [{""site"": ""AMS01"", ""speed"": ""10G""}]}", "slots[0]: facility is required")]
        [InlineData(@"{""slots"": [{""site"": ""AMS01"", ""speed"": ""10G"", ""occupied"": ""yes"", ""facility"": {""name"": ""x"", ""address"": []}}]}", "slots[0].occupied must be true or false")]
        [InlineData(@"{""interconnects"": [{""type"": ""direct"", ""slot_id"": """ + SlotA + @"""}]}", "interconnects[0].slot_id: no slot")]
        [InlineData(@"{""interconnects"": [{""type"": ""direct""}]}", "interconnects[0]: give slot_id")]
        [InlineData(@"{""interconnects"": [{""region"": ""us-east4""}]}", "interconnects[0]: type is required")]
        [InlineData(@"{""interconnects"": [{""type"": ""p"", ""region"": ""us-east4"", ""speed"": ""1g""}]}", "interconnects[0].speed of a GCP partner interconnect must be one of")]
        [InlineData(@"{""interconnects"": [{""type"": ""p"", ""region"": ""us-east4"", ""status"": {""state"": "" ""}}]}", "interconnects[0].status: state must not be empty")]
        [InlineData(@"{""interconnects"": [{""type"": ""gcp_partner""}]}", "interconnects[0]: give slot_id")]
        [InlineData(@"{""interconnects"": [{""name"": ""a"", ""type"": ""p"", ""region"": ""r""}, {""name"": ""a"", ""type"": ""p"", ""region"": ""r""}]}", "interconnects[1].name: interconnect 'a' is given twice")]
        [InlineData(@"{""interconnects"": [{""type"": ""p"", ""region"": ""r"", ""account"": ""someone-else""}]}", "interconnects[0].account is 'someone-else'")]
        [InlineData(@"{""cnis"": [{""interconnect"": ""nope"", ""magic"": {""conduit_name"": ""c"", ""mtu"": 1500}}]}", "cnis[0]: interconnect: interconnect 'nope' not found")]
        [InlineData(@"{""interconnects"": [{""name"": ""a"", ""type"": ""p"", ""region"": ""r""}], ""cnis"": [{""interconnect"": ""a"", ""magic"": {""conduit_name"": ""c"", ""mtu"": -1}}]}", "cnis[0]: magic.mtu must be an integer")]
        [InlineData(@"{""interconnects"": [{""name"": ""a"", ""type"": ""p"", ""region"": ""r""}], ""cnis"": [{""interconnect"": ""a"", ""magic"": {""conduit_name"": ""c"", ""mtu"": 1500}, ""p2p_ip"": ""10.0.0.0/31""}]}", "cnis[0]: give both p2p_ip and cust_ip")]
        [InlineData(@"{""settings"": {""default_asn"": ""65000""}}", "settings: default_asn must be an integer")]
        [InlineData(@"{""slots"": 5}", "slots must be an array of objects")]
        public void Seed_RefusesBadData_NamingTheItemAndField(string json, string expected)
        {
            CniEmulator emulator = new CniEmulator();
            SandboxDataException error = Assert.Throws<SandboxDataException>(() => emulator.Seed(Account, Data(json)));
            Assert.Contains(expected, error.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task Status_CanChangeAfterNReads_AndAtOnce()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            async Task<string> Read() => Str(EmulatorTests.Json(await Send(emulator, "GET", "interconnects/" + name + "/status"))["state"]);

            // A new interconnect: Pending for PendingStatusReads (2) reads. Shaping freezes what it reports now.
            emulator.SetInterconnectStatus(Account, name, "Unhealthy", "CRC errors", afterStatusReads: 3);
            Assert.Equal(new[] { "Pending", "Pending", "Pending", "Unhealthy" }, new[] { await Read(), await Read(), await Read(), await Read() });
            Assert.Equal("CRC errors", Str(EmulatorTests.Json(await Send(emulator, "GET", "interconnects/" + name + "/status"))["reason"]));

            emulator.SetInterconnectStatus(Account, name, "Healthy", null, afterStatusReads: 1);
            Assert.Equal(new[] { "Unhealthy", "Healthy", "Healthy" }, new[] { await Read(), await Read(), await Read() });
            Assert.False(EmulatorTests.Json(await Send(emulator, "GET", "interconnects/" + name + "/status")).AsObject().ContainsKey("reason"));

            emulator.SetInterconnectStatus(Account, name, "Down", null);
            Assert.Equal("Down", await Read());
            Assert.Throws<KeyNotFoundException>(() => emulator.SetInterconnectStatus(Account, name.ToUpperInvariant(), "Down", null));
        }

        [Fact]
        public async Task Faults_MatchPathAndCommand_AndCountDown()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.Unauthorized, path: "*/SETTINGS"), 2);
            emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.Forbidden, command: "Get-CfCni"));
            Assert.Equal(3, emulator.Faults.PendingCount());
            Assert.Equal(new[] { 2, 1 }, emulator.Faults.Pending.Select(p => p.Remaining));

            Assert.Equal(200, (await Send(emulator, "GET", "slots")).Status);
            AssertError(await Send(emulator, "GET", "settings"), 401, EmulatorErrorCodes.AuthenticationError);
            Assert.Equal(1, emulator.Faults.Pending[0].Remaining);
            AssertError(await Send(emulator, "PUT", "settings", "{\"default_asn\":1}"), 401, EmulatorErrorCodes.AuthenticationError);
            Assert.Equal(200, (await Send(emulator, "GET", "settings")).Status);

            // Without a command the request passes the command fault by; from Get-CfCni (any case) it is hit.
            Assert.Equal(200, (await Send(emulator, "GET", "cnis")).Status);
            EmulatorRequest fromCmdlet = TestCalls.Request("GET", "/client/v4/accounts/" + Account + "/cni/cnis", null, new[] { new KeyValuePair<string, string>("Authorization", "Bearer t") });
            fromCmdlet.Command = "get-cfcni";
            AssertError(await emulator.HandleAsync(fromCmdlet, CancellationToken.None), 403, EmulatorErrorCodes.Forbidden);
            Assert.Equal(0, emulator.Faults.PendingCount());

            RecordedRequest logged = emulator.Requests.Last();
            Assert.Equal(("get-cfcni", "Forbidden", 403), (logged.Command, logged.Fault, logged.Status));
            Assert.Null(emulator.Requests.First().Fault);

            emulator.Faults.Enqueue(TestFaults.ServerError(), 5);
            emulator.Faults.Clear();
            Assert.Equal(200, (await Send(emulator, "GET", "slots")).Status);
        }

        [Theory]
        [InlineData("/client/v4/accounts/a/cni/interconnects/icon-1/status", "*/interconnects/*/status", true)]
        [InlineData("/client/v4/accounts/a/cni/interconnects/icon-1/status", "*/INTERCONNECTS/*", true)]
        [InlineData("/client/v4/accounts/a/cni/interconnects", "*/interconnects/*", false)]
        [InlineData("/client/v4/accounts/a/cni/cnis", "*/cni?", true)]
        [InlineData("/client/v4/accounts/a/cni/cnis", "/client/v4/accounts/a/cni/cnis", true)]
        [InlineData("/client/v4/accounts/a/cni/cnis", "cnis", false)]
        [InlineData("", "*", true)]
        [InlineData("/client/v4/accounts/a/cni/slots", "*/[rs]lots", true)]
        [InlineData("/client/v4/accounts/a/cni/slots", "*/[ab]lots", false)]
        public void AFaultsPath_MatchesAsPowerShellsWildcardsDo(string path, string pattern, bool expected) =>
            Assert.Equal(expected, EmulatorFault.For(EmulatorFaultKind.ServerError, path: pattern).When(new EmulatorRequest { Method = "GET", Path = path }));
    }
}
