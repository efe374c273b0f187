using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The API grows (issue 17, point 3), in a real session: an interconnect of a kind the module does not know, link
    /// states it does not know, and items it cannot read at all never cost a listing its other items.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class NewKindsTests : IAsyncLifetime
    {
        private const string Unknown = "icon-aws-017";
        private ConnectedShell shell = null!;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync(connectArguments: "-MaximumRetryCount 0");
            // 42 interconnects: physical and GCP ones, and one of a kind Cloudflare may add (aws_partner, a contract
            // fixture), in the middle of the third of five pages.
            var items = new JsonArray();
            for (int i = 0; i < 42; i++)
            {
                items.Add(i == 17
                    ? new JsonObject
                    {
                        ["name"] = Unknown, ["type"] = "aws_partner", ["speed"] = "400G", ["aws_region"] = "eu-west-1",
                        ["aws_connection"] = new JsonObject { ["id"] = "dxcon-fg5678gh", ["vlan"] = 101 },
                    }
                    : i % 2 == 0
                        ? new JsonObject { ["name"] = $"icon-p{i:00}", ["type"] = "direct", ["slot_id"] = shell.AddSlot("FRA05") }
                        : new JsonObject { ["name"] = $"icon-g{i:00}", ["type"] = "gcp_partner", ["region"] = "europe-west4", ["speed"] = "1G" });
            }

            shell.Emulator.Seed(ApiHarness.AccountId, new JsonObject { ["interconnects"] = items });
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void AListingOf42_WithOneOfAnUnknownKind_Returns42_TheUnknownOneWithItsTypeAndEveryField()
        {
            PsResult result = shell.Run("Get-CfInterconnect -PageSize 10");

            Assert.Empty(result.Errors);
            Assert.Null(result.Terminating);
            List<Interconnect> listed = result.Objects.Cast<Interconnect>().ToList();
            Assert.Equal(42, listed.Count);
            Assert.Equal(5, shell.Requests.Count);
            OtherInterconnect other = Assert.IsType<OtherInterconnect>(listed[17]);
            Assert.Equal((Unknown, "Other", "aws_partner", "400G", ApiHarness.AccountId), (other.Name, other.Kind, other.Type, other.Speed, other.Account));
            Assert.Equal(new[] { "aws_region", "aws_connection" }, other.GetAdditionalFieldNames());
            Assert.Equal(21, listed.Count(i => i.Kind == "Physical"));
            Assert.Equal(20, listed.Count(i => i.Kind == "GcpPartner"));
            Assert.Equal(42, shell.Invoke("@(Get-CfInterconnect -Name 'icon-*').Count").Single());
            Assert.Equal(new object[] { "eu-west-1", "dxcon-fg5678gh" }, shell.Invoke("$i = Get-CfInterconnect -Name $n; $i.AwsRegion; $i.AwsConnection.id", ("n", Unknown)));
        }

        [Fact]
        public void StatusLoaWaitAndRemove_WorkOnAnInterconnectOfAnUnknownKind()
        {
            using var folder = new TempFolder();

            var status = (InterconnectStatus)shell.Invoke("Get-CfInterconnect -Name $n | Get-CfInterconnectStatus", ("n", Unknown)).Single();
            var waited = (InterconnectStatus)shell.Invoke("Get-CfInterconnect -Name $n | Wait-CfInterconnect -PollInterval 0.1 -Timeout 5", ("n", Unknown)).Single();
            shell.Invoke("Get-CfInterconnect -Name $n | Save-CfInterconnectLoa -Path $f", ("n", Unknown), ("f", folder.Path));
            shell.Invoke("Get-CfInterconnect -Name $n | Remove-CfInterconnect -Confirm:$false", ("n", Unknown));

            Assert.Equal((Unknown, "Healthy"), (status.Name, status.State));
            Assert.Equal((Unknown, "Healthy"), (waited.Name, waited.State));
            string loa = Path.Combine(folder.Path, Unknown + "-loa.pdf");
            Assert.StartsWith("%PDF-", File.ReadAllText(loa), StringComparison.Ordinal);
            Assert.Contains("Type: aws_partner", File.ReadAllText(loa), StringComparison.Ordinal);
            Assert.Contains(shell.Requests, r => r.Method == "DELETE" && r.Path.EndsWith("/interconnects/" + Unknown, StringComparison.Ordinal));
            Assert.Equal(41, shell.Invoke("@(Get-CfInterconnect).Count").Single());
        }

        [Fact]
        public void AnInterconnectOfAnUnknownKind_ShowsInTheTable_InCsvWithTheColumnsOfTheOthers_AndInJsonWithItsKindAsText()
        {
            string table = shell.Invoke("Get-CfInterconnect -Name icon-p16, $n, icon-g19 | Out-String -Width 80", ("n", Unknown)).Cast<string>().Single();
            string[] csv = shell.Invoke("Get-CfInterconnect -First 20 | ConvertTo-Csv").Cast<string>().ToArray();
            string json = shell.Invoke("Get-CfInterconnect -Name $n | ConvertTo-Json -Compress", ("n", Unknown)).Cast<string>().Single();
            string list = shell.Invoke("Get-CfInterconnect -Name $n | Format-List * | Out-String -Width 120", ("n", Unknown)).Cast<string>().Single();

            string row = Assert.Single(table.Split('\n'), l => l.Contains(Unknown, StringComparison.Ordinal));
            Assert.Matches(@"^Other\s+aws_partner\s+400G\s+icon-aws-017\s*$", row.TrimEnd());
            Assert.Contains("GcpPartner gcp_partner       1G    europe-west4         icon-g19", table, StringComparison.Ordinal);
            // Export-Csv takes its columns from the first object: every kind has the same ones, so none is lost.
            Assert.Equal(21, csv.Length);
            Assert.StartsWith("\"Name\",\"Kind\",\"Type\",\"Location\",\"Speed\"", csv[0], StringComparison.Ordinal);
            Assert.StartsWith("\"icon-aws-017\",\"Other\",\"aws_partner\",,\"400G\"", csv[18], StringComparison.Ordinal);
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                Assert.Equal("Other", document.RootElement.GetProperty("Kind").GetString());
                Assert.Equal("aws_partner", document.RootElement.GetProperty("Type").GetString());
                Assert.Equal("eu-west-1", document.RootElement.GetProperty("AwsRegion").GetString());
            }

            Assert.Contains("AwsConnection", list, StringComparison.Ordinal);
        }

        [Fact]
        public void Wait_KeepsWaitingThroughAStateItDoesNotKnow_SayingSoOnce_UntilTimeout_AndWaitsForOneWhenAskedTo()
        {
            shell.Emulator.SetInterconnectStatus(ApiHarness.AccountId, "icon-p00", "Degraded", "one of two links", 0);

            PsResult timedOut = shell.Run("Wait-CfInterconnect -Name icon-p00 -PollInterval 0.1 -Timeout 1 -Verbose");
            PsResult waitedFor = shell.Run("Wait-CfInterconnect -Name icon-p00 -State degraded -PollInterval 0.1 -Timeout 5");

            ErrorRecord timeout = Assert.Single(timedOut.Errors);
            Assert.Equal("CfWait.Timeout,CloudflareCni.Cmdlets.WaitCfInterconnectCommand", timeout.FullyQualifiedErrorId);
            Assert.Contains("did not reach Healthy", timeout.Exception.Message, StringComparison.Ordinal);
            Assert.Contains("it is Degraded: one of two links", timeout.Exception.Message, StringComparison.Ordinal);
            Assert.Single(timedOut.Verbose, v => v.Contains("reports 'Degraded: one of two links', a link state the module does not know; still waiting for Healthy", StringComparison.Ordinal));
            Assert.True(timedOut.Verbose.Count(v => v.Contains("/status -> 200", StringComparison.Ordinal)) >= 3);
            Assert.Empty(timedOut.Objects);

            Assert.Empty(waitedFor.Errors);
            Assert.Equal("Degraded", Assert.IsType<InterconnectStatus>(Assert.Single(waitedFor.Objects)).State);
            Assert.Contains(waitedFor.Warnings, w => w.Contains("'degraded' is not a link state the module knows", StringComparison.Ordinal));
        }

        [Fact]
        public void TheSandbox_ReportsAStateThatTheApiDoesNotPublish_WithAWarning_AndThePublishedOnesInTheApisSpelling()
        {
            PsResult unknown = shell.Run(
                "$s = Connect-CfAccount -Sandbox -PendingStatusReads 0 -PassThru; $i = Get-CfCniSlot -Occupied:$false -First 1 -Connection $s | New-CfInterconnect -Connection $s; " +
                "Set-CfSandboxInterconnect -Name $i.Name -State Degraded -Connection $s; (Get-CfInterconnectStatus -Name $i.Name -Connection $s).State; " +
                "Set-CfSandboxInterconnect -Name $i.Name -State down -Connection $s; (Get-CfInterconnectStatus -Name $i.Name -Connection $s).State");

            Assert.Empty(unknown.Errors);
            Assert.Equal(new object[] { "Degraded", "Down" }, unknown.Objects);
            Assert.Single(unknown.Warnings, w => w.Contains("'Degraded' is not a link state the API publishes", StringComparison.Ordinal));
        }

        [Fact]
        public void LinkStates_CompleteOnTab_ForWaitAndTheSandbox()
        {
            Assert.Equal(new[] { "Pending", "Down", "Unhealthy", "Healthy" }, shell.Complete("Wait-CfInterconnect -Name x -State "));
            Assert.Equal(new[] { "Down" }, shell.Complete("Set-CfSandboxInterconnect -Name x -State Do"));
        }
    }

    /// <summary>
    /// Items a listing cannot read at all, served by a server of its own (the sandbox never sends them): each is a
    /// non-terminating CfApi.InvalidItem in its place, and the listing goes on.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class UnreadableItemTests : IAsyncLifetime
    {
        private static readonly string[] Items =
        {
            Physical("icon-a1"),
            "{\"account\":\"" + ApiHarness.AccountId + "\",\"name\":42,\"type\":\"direct\"}",
            Physical("icon-a2"),
            "\"not an object\"",
            Physical("icon-a3"),
            "{\"account\":\"" + ApiHarness.AccountId + "\",\"type\":\"direct\",\"site\":\"FRA05\"}",
            Physical("icon-a4"),
            Physical("icon-a5"),
        };

        private readonly PowerShellSession shell = new PowerShellSession();
        private LoopbackServer server = null!;

        public async Task InitializeAsync()
        {
            // Pages of the items above, by cursor and limit; a slot and CNI listing with a broken item each.
            server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                string path = context.Request.Path.Value!;
                int cursor = int.TryParse(context.Request.Query["cursor"], out int c) ? c : 0;
                int limit = int.TryParse(context.Request.Query["limit"], out int l) ? l : 3;
                string[] source = path.EndsWith("/interconnects", StringComparison.Ordinal) ? Items
                    : path.EndsWith("/slots", StringComparison.Ordinal) ? new[] { Slot("6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b"), "{\"id\":\"7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c\",\"site\":\"FRA05\",\"speed\":\"10G\",\"occupied\":\"yes\",\"facility\":{\"name\":\"f\",\"address\":[]}}", Slot("8c3f2e60-4d5f-4071-8c1d-2e3f4a5b6c7d") }
                    : new[] { "{\"id\":\"b3c78026-6a8e-4a5f-b65c-f7c959d073a8\",\"account\":\"a\",\"interconnect\":\"icon-a1\",\"p2p_ip\":\"192.0.2.0/31\",\"cust_ip\":\"192.0.2.1/31\",\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":\"big\"},\"bgp\":{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"s3cret-key\"}}", "null" };
                string[] page = source.Skip(cursor).Take(limit).ToArray();
                string next = cursor + limit < source.Length ? (cursor + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"items\":[" + string.Join(",", page) + "],\"next\":" + next + "}");
            });
            shell.ConnectTo(server.BaseUri);
        }

        public async Task DisposeAsync()
        {
            shell.Run("Disconnect-CfAccount");
            shell.Dispose();
            await server.DisposeAsync();
        }

        [Fact]
        public void AListing_WritesEachItemItCannotRead_AsANonTerminatingErrorInItsPlace_AndGoesOn()
        {
            PsResult result = shell.Run("Get-CfInterconnect -PageSize 3 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error: ' + $_.TargetObject } else { $_.Name } }");

            Assert.Null(result.Terminating);
            Assert.Equal(
                new object[]
                {
                    "icon-a1", "error: " + Items[1], "icon-a2", "error: \"not an object\"", "icon-a3", "error: " + Items[5], "icon-a4", "icon-a5",
                },
                result.Objects);
        }

        [Fact]
        public void TheError_HasAStableId_TheRequest_TheItemsPlace_AndWhy()
        {
            PsResult result = shell.Run("Get-CfInterconnect -PageSize 3");

            Assert.Equal(5, result.Objects.Count);
            Assert.Equal(3, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal(("CfApi.InvalidItem,CloudflareCni.Cmdlets.GetCfInterconnectCommand", ErrorCategory.InvalidResult), (e.FullyQualifiedErrorId, e.CategoryInfo.Category)));
            Assert.Contains("GET /accounts/" + ApiHarness.AccountId + "/cni/interconnects?limit=3 listed an item that could not be read", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("Item 2 of the page", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("?cursor=3&limit=3", result.Errors[1].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("The interconnect has no name.", result.Errors[2].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("The other items were listed", result.Errors[0].ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public void FirstAndSkip_CountTheObjectsWritten_AndAnErrorPastTheLastOneWantedIsNotReported()
        {
            PsResult first = shell.Run("Get-CfInterconnect -PageSize 3 -First 2");
            PsResult skipped = shell.Run("Get-CfInterconnect -PageSize 3 -Skip 3 -IncludeTotalCount");

            Assert.Equal(new object[] { "icon-a1", "icon-a2" }, first.Objects.Cast<Interconnect>().Select(i => i.Name));
            Assert.Single(first.Errors);
            Assert.Equal(new[] { "icon-a4", "icon-a5" }, skipped.Objects.OfType<Interconnect>().Select(i => i.Name));
            Assert.Equal(3, skipped.Errors.Count);
            // The count is of the interconnects read, which the three items that could not be read are not.
            Assert.Equal(5UL, Assert.Single(skipped.Objects.OfType<ulong>()));
        }

        [Fact]
        public void APatternAndASinglePage_ReportTheItemsTheyCannotRead_AndUseTheOthers()
        {
            PsResult pattern = shell.Run("Get-CfInterconnectStatus -Name 'icon-b*'");
            PsResult page = shell.Run("$p = Get-CfInterconnect -SinglePage -PageSize 4; $p.Items.Name; $p.NextCursor");

            Assert.Equal(3, pattern.Errors.Count);
            Assert.All(pattern.Errors, e => Assert.StartsWith("CfApi.InvalidItem,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.Empty(pattern.Objects);
            Assert.Equal(new object[] { "icon-a1", "icon-a2", 4L }, page.Objects);
            Assert.Equal(2, page.Errors.Count);
        }

        [Fact]
        public void SlotAndCniListings_GoOnToo_AndTheErrorHidesAnMd5Key()
        {
            PsResult slots = shell.Run("Get-CfCniSlot");
            PsResult cnis = shell.Run("Get-CfCni");

            Assert.Equal(new[] { "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", "8c3f2e60-4d5f-4071-8c1d-2e3f4a5b6c7d" }, slots.Objects.Cast<CniSlot>().Select(s => s.Id));
            Assert.Single(slots.Errors);
            Assert.Empty(cnis.Objects);
            Assert.Equal(2, cnis.Errors.Count);
            Assert.All(cnis.Errors, e => Assert.StartsWith("CfApi.InvalidItem,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.Equal("null", cnis.Errors[1].TargetObject);
            string target = (string)cnis.Errors[0].TargetObject;
            Assert.Contains("\"mtu\":\"big\"", target, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-key", target + cnis.Errors[0].Exception.Message, StringComparison.Ordinal);
        }

        private static string Physical(string name) =>
            "{\"account\":\"" + ApiHarness.AccountId + "\",\"name\":\"" + name + "\",\"type\":\"direct\",\"site\":\"FRA05\",\"slot_id\":\"6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b\",\"speed\":\"10G\",\"facility\":{\"name\":\"f\",\"address\":[]}}";

        private static string Slot(string id) =>
            "{\"id\":\"" + id + "\",\"site\":\"FRA05\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}";
    }
}
