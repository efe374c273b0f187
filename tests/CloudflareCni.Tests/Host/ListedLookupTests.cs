using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Many ids or names piped into Get-CfCni, Get-CfCniSlot and Get-CfInterconnect are read from the account's listing
    /// once that costs fewer requests than a GET each: 150 piped ids cost a handful of requests, in input order, and
    /// nothing is lost when an id is missing or the listing fails.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ListedLookupTests : IAsyncLifetime
    {
        private const string Account = ApiHarness.AccountId;
        private static readonly string[] CniIds = Enumerable.Range(1, 150).Select(i => $"00000000-0000-4000-8000-{i:D12}").ToArray();
        private static readonly string[] SlotIds = Enumerable.Range(1, 150).Select(i => $"10000000-0000-4000-8000-{i:D12}").ToArray();
        private static readonly string[] Names = Enumerable.Range(1, 150).Select(i => $"icon-{i:D3}").ToArray();

        private ConnectedShell shell = null!;

        public async Task InitializeAsync()
        {
            var emulator = new CniEmulator();
            emulator.Seed(Account, new JsonObject
            {
                ["slots"] = new JsonArray(SlotIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["site"] = "AMS01", ["speed"] = "10G", ["facility"] = new JsonObject { ["name"] = "Equinix AM3", ["address"] = new JsonArray() } }).ToArray()),
                ["interconnects"] = new JsonArray(Names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "gcp_partner", ["region"] = "europe-west4", ["speed"] = "1G" }).ToArray()),
                ["cnis"] = new JsonArray(CniIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["interconnect"] = Names[0], ["magic"] = new JsonObject { ["conduit_name"] = "t-" + id.Substring(30), ["description"] = "", ["mtu"] = 1500 } }).ToArray()),
            });
            shell = await ConnectedShell.StartAsync(emulator);
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        private static string[] Keys(string command) => command == "Get-CfCni" ? CniIds : command == "Get-CfCniSlot" ? SlotIds : Names;

        private static string Collection(string command) => command == "Get-CfCni" ? "/cni/cnis" : command == "Get-CfCniSlot" ? "/cni/slots" : "/cni/interconnects";

        [Fact]
        public void AnIdPipedAfterItsObjectChanged_IsNeverAnsweredFromAnOlderListing()
        {
            // Each CNI is changed just before its id reaches Get-CfCni: the listing read for earlier ids is stale by then.
            string[] given = CniIds.Take(6).ToArray();

            PsResult result = shell.Run(
                "$given | ForEach-Object { Set-CfCni -Id $_ -Mtu 1400 -Confirm:$false; $_ } | Get-CfCni | ForEach-Object Mtu", ("given", given));

            Assert.Empty(result.Errors);
            Assert.Equal(Enumerable.Repeat(1400, given.Length), result.Objects.Select(o => Convert.ToInt32(o, System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Theory]
        [InlineData("Get-CfCni", "Id")]
        [InlineData("Get-CfCniSlot", "Id")]
        [InlineData("Get-CfInterconnect", "Name")]
        public void ManyPipedIds_CostTwoRequests_AndComeOutInInputOrder(string command, string key)
        {
            // Input in the reverse of the listing's order, so that the order out is the input's, not the listing's.
            string[] given = Keys(command).Reverse().ToArray();

            PsResult result = shell.Run("$given | " + command + " | ForEach-Object " + key, ("given", given));

            Assert.Empty(result.Errors);
            Assert.Equal(given, result.Objects.Cast<string>());
            string collection = "/client/v4/accounts/" + Account + Collection(command);
            Assert.Equal(new[] { collection + "/" + given[0], collection }, shell.Requests.Select(r => r.Path));
        }

        [Fact]
        public void AFewIds_GetTheirFirstResultByAGet_AndOneIdCostsOneGet()
        {
            PsResult one = shell.Run("$given | Get-CfCni", ("given", new[] { CniIds[7] }));

            Assert.Empty(one.Errors);
            Assert.Equal(CniIds[7], Assert.IsType<Cni>(Assert.Single(one.Objects)).Id);
            Assert.Equal("/client/v4/accounts/" + Account + "/cni/cnis/" + CniIds[7], Assert.Single(shell.Requests).Path);
        }

        [Fact]
        public void AnIdTheListingDidNotHold_IsConfirmedByAGet_AndItsNotFoundComesInItsPlace()
        {
            const string Missing = "00000000-0000-4000-8000-999999999999";
            string[] given = CniIds.Take(10).Concat(new[] { Missing }).Concat(CniIds.Skip(10).Take(10)).ToArray();

            PsResult result = shell.Run(
                "$given | Get-CfCni 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error ' + $_.FullyQualifiedErrorId.Split(',')[0] + ' ' + $_.TargetObject } else { $_.Id } }",
                ("given", given));

            Assert.Equal(given.Select(id => id == Missing ? "error CfApi.NotFound " + Missing : id), result.Objects.Cast<string>());
            string collection = "/client/v4/accounts/" + Account + "/cni/cnis";
            Assert.Equal(new[] { collection + "/" + given[0], collection, collection + "/" + Missing }, shell.Requests.Select(r => r.Path));
        }

        [Fact]
        public void AFailedListing_FallsBackToAGetEach_AndFailsNoItem()
        {
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.ServerError, method: "GET", path: "*/cni/cnis"), 5);
            string[] given = CniIds.Take(20).ToArray();

            PsResult result = shell.Run("$given | Get-CfCni -Verbose | ForEach-Object Id", ("given", given));

            Assert.Empty(result.Errors);
            Assert.Equal(given, result.Objects.Cast<string>());
            Assert.Contains(result.Verbose, v => v.StartsWith("Reading the CNIs listing failed", StringComparison.Ordinal) && v.Contains("each is looked up by itself"));
            Assert.Contains(result.Verbose, v => v.StartsWith("2 CNIs piped so far: reading the account's listing (1 page), instead of a GET for each.", StringComparison.Ordinal));
            Assert.Equal(21, shell.Requests.Count);
            Assert.Single(shell.Requests, r => r.Status == 503);
        }

        [Fact]
        public void OneAtATime_ThrottleLimit1_StillReadsTheListing_OnceASecondIdArrives()
        {
            PsResult result = shell.Run("$given | Get-CfCniSlot -ThrottleLimit 1 | ForEach-Object Id", ("given", SlotIds.Take(30).ToArray()));

            Assert.Empty(result.Errors);
            Assert.Equal(SlotIds.Take(30), result.Objects.Cast<string>());
            Assert.Equal(2, shell.Requests.Count);
        }
    }
}
