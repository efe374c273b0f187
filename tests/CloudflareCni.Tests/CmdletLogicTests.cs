using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Emulator;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Support;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>What each cmdlet decides, sends and writes, driven through the host seam over loopback HTTP.</summary>
    public sealed class CmdletLogicTests : IAsyncLifetime
    {
        private const string Account = ApiHarness.AccountId;
        private static readonly string Root = "/client/v4/accounts/" + Account + "/cni";
        private ApiHarness harness = null!;
        private CfCommandScope scope = null!;
        private TestHost host = null!;

        public async Task InitializeAsync()
        {
            harness = await ApiHarness.StartAsync();
            for (int i = 0; i < 12; i++)
            {
                harness.AddSlot(site: i % 2 == 0 ? "AMS01" : "FRA05", speed: i < 6 ? "10G" : "100G", occupied: i == 0);
            }

            scope = harness.Scope();
            host = new TestHost();
            harness.Emulator.ClearRequests();
        }

        public async Task DisposeAsync()
        {
            Assert.Empty(host.WrongThreadWrites);
            scope.Dispose();
            await harness.DisposeAsync();
        }

        // ---- Get-CfInterconnect ----

        [Fact]
        public void GetInterconnect_List_SendsFiltersAndPageSize_AndWritesTypedObjects()
        {
            string physical = NewPhysical(harness.SlotId(1));
            NewGcp();
            harness.Emulator.ClearRequests();

            InterconnectCommands.List(host, scope, new InterconnectListParams { Site = "FRA05" }, 50, CfPaging.All);

            Assert.Equal("limit=50&site=FRA05", Assert.Single(harness.Requests).QueryString);
            PhysicalInterconnect written = Assert.IsType<PhysicalInterconnect>(Assert.Single(host.Objects));
            Assert.Equal(physical, written.Name);
        }

        [Fact]
        public void GetInterconnect_ByName_WritesEach_AndAnUnknownNameIsANonTerminatingErrorForThatNameOnly()
        {
            string first = NewPhysical(harness.SlotId(1));
            string second = NewPhysical(harness.SlotId(2));
            harness.Emulator.ClearRequests();

            foreach (string name in new[] { first, "icon-nope", second })
            {
                InterconnectCommands.Get(host, scope, name);
            }

            Assert.Equal(new[] { first, second }, host.ObjectsOf<Interconnect>().Select(i => i.Name));
            CfError error = Assert.Single(host.Errors);
            Assert.Equal("CfApi.NotFound", error.ErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.Category);
            Assert.Equal("icon-nope", error.TargetObject);
            Assert.Contains("[1002]", error.Message);
            Assert.Equal(3, harness.Requests.Count);
        }

        [Fact]
        public void Listing_WritesTheFirstPagesObjectsBeforeTheNextPageIsRequested()
        {
            var requestsWhenWritten = new System.Collections.Generic.List<int>();
            host.OnWriteObject = _ => requestsWhenWritten.Add(harness.Requests.Count);

            SlotCommands.List(host, scope, new SlotListParams(), 5, CfPaging.All);

            Assert.Equal(12, host.Objects.Count);
            Assert.Equal(3, harness.Requests.Count);
            Assert.All(requestsWhenWritten.Take(5), count => Assert.Equal(1, count));
            Assert.All(requestsWhenWritten.Skip(5).Take(5), count => Assert.Equal(2, count));
        }

        [Fact]
        public void First_SendsNoRequestBeyondThePageHoldingTheNthItem()
        {
            SlotCommands.List(host, scope, new SlotListParams(), 5, new CfPaging(0, 7, false));

            Assert.Equal(7, host.Objects.Count);
            Assert.Equal(new[] { "limit=5", "cursor=5&limit=2" }, harness.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void Skip_DropsTheFirstItems_AndFirstCountsAfterThem()
        {
            var everything = new TestHost();
            SlotCommands.List(everything, scope, new SlotListParams(), 5, CfPaging.All);
            harness.Emulator.ClearRequests();

            SlotCommands.List(host, scope, new SlotListParams(), 5, new CfPaging(3, 4, false));

            Assert.Equal(
                everything.ObjectsOf<CniSlot>().Skip(3).Take(4).Select(s => s.Id),
                host.ObjectsOf<CniSlot>().Select(s => s.Id));
            Assert.Equal(new[] { "limit=5", "cursor=5&limit=2" }, harness.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void IncludeTotalCount_IsExactWhenTheListingReachedItsEnd_AndUnknownOtherwise()
        {
            SlotCommands.List(host, scope, new SlotListParams(), 5, new CfPaging(0, null, true));
            var cut = new TestHost();
            SlotCommands.List(cut, scope, new SlotListParams(), 5, new CfPaging(0, 3, true));

            Assert.Equal((12L, 1.0), Assert.Single(host.TotalCounts));
            Assert.Equal((3L, 0.0), Assert.Single(cut.TotalCounts));
        }

        [Fact]
        public void SinglePage_WritesOnePageWithItsNextCursor_AndSendsOneRequest()
        {
            SlotCommands.ListSinglePage(host, scope, new SlotListParams { Site = "AMS01" }, 4, 0);
            CfPage page = Assert.IsType<CfPage>(Assert.Single(host.Objects));
            var last = new TestHost();
            SlotCommands.ListSinglePage(last, scope, new SlotListParams { Site = "AMS01" }, 4, page.NextCursor);

            Assert.Equal(4, page.Count);
            Assert.Equal(4, page.NextCursor);
            Assert.All(page.Items, item => Assert.Equal("AMS01", ((CniSlot)item).Site));
            CfPage second = Assert.IsType<CfPage>(Assert.Single(last.Objects));
            Assert.Equal(2, second.Count);
            Assert.Null(second.NextCursor);
            Assert.False(second.HasMore);
            Assert.Equal(new[] { "cursor=0&limit=4&site=AMS01", "cursor=4&limit=4&site=AMS01" }, harness.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void GetCniSlot_OccupiedFalse_SendsTheFilterAndWritesOnlyFreeSlots()
        {
            SlotCommands.List(host, scope, new SlotListParams { Occupied = false, Speed = "10G" }, null, CfPaging.All);

            Assert.Equal("occupied=false&speed=10G", Assert.Single(harness.Requests).QueryString);
            Assert.Equal(5, host.Objects.Count);
            Assert.All(host.ObjectsOf<CniSlot>(), slot => Assert.False(slot.Occupied));
        }

        [Fact]
        public void AListingThatFailsPartWay_IsTerminating_AfterWritingWhatArrived()
        {
            using var noRetry = new ApiOptionsScope(harness.Emulator, o => o.MaxRetries = 0);
            host.OnWriteObject = _ =>
            {
                // Fail the request for the second page, once the first page has arrived.
                if (host.Objects.Count == 1)
                {
                    harness.Emulator.Faults.Enqueue(EmulatorFault.ServerError(500, "GET"));
                }
            };

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() =>
                SlotCommands.List(host, noRetry.Scope, new SlotListParams(), 5, CfPaging.All));

            Assert.Equal(("CfApi.ServerError", ErrorCategory.ResourceUnavailable), (ended.Error.ErrorId, ended.Error.Category));
            Assert.Contains("500", ended.Error.Message);
            Assert.Equal(5, host.Objects.Count);
        }

        // ---- New-CfInterconnect ----

        [Fact]
        public void NewInterconnect_Physical_PostsTheSlotAndWritesThePhysicalInterconnect()
        {
            string slot = harness.SlotId(3);

            InterconnectCommands.NewPhysical(host, scope, slot, "direct", "10G");

            RecordedRequest post = Assert.Single(harness.Requests);
            Assert.Equal(("POST", Root + "/interconnects"), (post.Method, post.Path));
            Assert.Equal($"{{\"account\":\"{Account}\",\"slot_id\":\"{slot}\",\"type\":\"direct\",\"speed\":\"10G\"}}", post.Body);
            Assert.Equal(slot, Assert.IsType<PhysicalInterconnect>(Assert.Single(host.Objects)).SlotId);
            Assert.Equal(($"slot {slot}", "Create a physical interconnect of type 'direct' at 10G"), Assert.Single(host.ShouldProcessCalls));
        }

        [Fact]
        public void NewInterconnect_GcpPartner_PostsBandwidthAndKey()
        {
            NewGcp(host);

            RecordedRequest post = Assert.Single(harness.Requests);
            Assert.Contains("\"bandwidth\":\"1G\"", post.Body);
            Assert.IsType<GcpPartnerInterconnect>(Assert.Single(host.Objects));
        }

        [Fact]
        public void DeclinedShouldProcess_SendsNoWriteRequest_ForEveryStateChangingCommand()
        {
            string icon = NewPhysical(harness.SlotId(1));
            string cni = NewCni(icon);
            harness.Emulator.ClearRequests();
            var declining = new TestHost { ShouldProcessAnswer = false, CurrentDirectory = Path.GetTempPath() };

            InterconnectCommands.NewPhysical(declining, scope, harness.SlotId(2), "direct", null);
            InterconnectCommands.NewGcpPartner(declining, scope, "1G", "7e51371e-72a3-40b5-b844-2e3efefaee59/us-east4/1", "partner");
            InterconnectCommands.Remove(declining, scope, icon);
            InterconnectCommands.SaveLoa(declining, scope, icon, "declined-loa.pdf", force: false, passThru: false);
            CniCommands.New(declining, scope, icon, "t2", "", 1500, null, null, null);
            CniCommands.Set(declining, scope, null, cni, new CniChanges { Mtu = 1400 }, passThru: false);
            CniCommands.Remove(declining, scope, cni);
            SettingCommands.Set(declining, scope, 64512, passThru: false);

            Assert.Equal(8, declining.ShouldProcessCalls.Count);
            Assert.Empty(harness.Requests);
            Assert.Empty(declining.Objects);
            Assert.Empty(declining.Errors);
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "declined-loa.pdf")));
        }

        [Fact]
        public void WhatIf_NeedsNoConnection_ForAnyStateChangingCommand()
        {
            using var disconnected = new CfCommandScope(new CfSession(), new FakeEnvironment(), null);
            var whatIf = new TestHost { ShouldProcessAnswer = false, CurrentDirectory = Path.GetTempPath() };

            InterconnectCommands.NewPhysical(whatIf, disconnected, harness.SlotId(2), "direct", null);
            InterconnectCommands.NewGcpPartner(whatIf, disconnected, "1G", "k/us-east4/1", "partner");
            InterconnectCommands.Remove(whatIf, disconnected, "icon-1");
            InterconnectCommands.SaveLoa(whatIf, disconnected, "icon-1", null, false, false);
            CniCommands.New(whatIf, disconnected, "icon-1", "t", "", 1500, 65000, null, null);
            CniCommands.Set(whatIf, disconnected, null, Guid.NewGuid().ToString(), new CniChanges { Mtu = 1400 }, false);
            CniCommands.Remove(whatIf, disconnected, Guid.NewGuid().ToString());
            SettingCommands.Set(whatIf, disconnected, 64512, false);

            Assert.Equal(8, whatIf.ShouldProcessCalls.Count);
            Assert.Contains(("account (default)", "Set the CNI default ASN to 64512"), whatIf.ShouldProcessCalls);
            Assert.Empty(whatIf.Errors);
        }

        // ---- Remove-CfInterconnect, status, LOA, wait ----

        [Fact]
        public void RemoveInterconnect_DeletesEachName_AndReportsAMissingOneWithoutStopping()
        {
            string a = NewPhysical(harness.SlotId(1));
            string b = NewPhysical(harness.SlotId(2));
            harness.Emulator.ClearRequests();

            foreach (string name in new[] { a, "icon-gone", b })
            {
                InterconnectCommands.Remove(host, scope, name);
            }

            Assert.Equal(new[] { "DELETE", "DELETE", "DELETE" }, harness.Requests.Select(r => r.Method));
            Assert.Empty(harness.Emulator.GetInterconnects(Account));
            Assert.Equal("icon-gone", Assert.Single(host.Errors).TargetObject);
            Assert.Empty(host.Objects);
        }

        [Fact]
        public void Status_WritesTheStateWithTheInterconnectName()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.SetInterconnectStatus(Account, icon, "Unhealthy", "Light levels low");

            InterconnectCommands.Status(host, scope, icon);

            InterconnectStatus status = Assert.IsType<InterconnectStatus>(Assert.Single(host.Objects));
            Assert.Equal((icon, InterconnectState.Unhealthy, "Light levels low"), (status.Name, status.State, status.Reason));
        }

        [Fact]
        public void SaveLoa_WritesThePdfToTheDefaultNameInTheCurrentLocation_AndPassThruWritesTheFile()
        {
            string icon = NewPhysical(harness.SlotId(1));
            using var folder = new TempFolder();
            host.CurrentDirectory = folder.Path;

            InterconnectCommands.SaveLoa(host, scope, icon, null, force: false, passThru: true);

            string expected = Path.Combine(folder.Path, icon + "-loa.pdf");
            FileInfo file = Assert.IsType<FileInfo>(Assert.Single(host.Objects));
            Assert.Equal(expected, file.FullName);
            Assert.StartsWith("%PDF-", File.ReadAllText(expected));
            Assert.Equal(new[] { expected }, Directory.GetFiles(folder.Path));
        }

        [Fact]
        public void SaveLoa_IntoAFolder_UsesTheDefaultFileNameThere()
        {
            string icon = NewPhysical(harness.SlotId(1));
            using var folder = new TempFolder();
            Directory.CreateDirectory(Path.Combine(folder.Path, "loas"));
            host.CurrentDirectory = folder.Path;

            InterconnectCommands.SaveLoa(host, scope, icon, "loas", force: false, passThru: false);

            Assert.True(File.Exists(Path.Combine(folder.Path, "loas", icon + "-loa.pdf")));
            Assert.Empty(host.Objects);
        }

        [Fact]
        public void SaveLoa_OverAnExistingFile_AsksFirst_AndKeepsTheFileWhenDeclined()
        {
            string icon = NewPhysical(harness.SlotId(1));
            using var folder = new TempFolder();
            string target = Path.Combine(folder.Path, "loa.pdf");
            File.WriteAllText(target, "keep me");
            host.ShouldContinueAnswer = false;
            harness.Emulator.ClearRequests();

            InterconnectCommands.SaveLoa(host, scope, icon, target, force: false, passThru: false);

            Assert.Single(host.ShouldContinueCalls);
            Assert.Equal("keep me", File.ReadAllText(target));
            Assert.Empty(harness.Requests);
            CfError error = Assert.Single(host.Errors);
            Assert.Equal(("CfLoa.FileExists", ErrorCategory.ResourceExists, (object?)target), (error.ErrorId, error.Category, error.TargetObject));
            Assert.Contains("-Force", error.Message);
        }

        [Fact]
        public void SaveLoa_WithForce_ReplacesWithoutAsking()
        {
            string icon = NewPhysical(harness.SlotId(1));
            using var folder = new TempFolder();
            string target = Path.Combine(folder.Path, "loa.pdf");
            File.WriteAllText(target, "old");

            InterconnectCommands.SaveLoa(host, scope, icon, target, force: true, passThru: false);

            Assert.Empty(host.ShouldContinueCalls);
            Assert.StartsWith("%PDF-", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(folder.Path));
        }

        [Fact]
        public void SaveLoa_IntoAMissingFolder_IsAnErrorBeforeAnyRequest()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.ClearRequests();

            InterconnectCommands.SaveLoa(host, scope, icon, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "x.pdf"), false, false);

            Assert.Equal("CfLoa.FolderNotFound", Assert.Single(host.Errors).ErrorId);
            Assert.Empty(harness.Requests);
        }

        [Fact]
        public void Wait_PollsUntilTheStateIsReached_WithProgress()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.ClearRequests();

            InterconnectCommands.Wait(host, scope, icon, InterconnectState.Healthy, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

            Assert.Equal(InterconnectState.Healthy, Assert.IsType<InterconnectStatus>(Assert.Single(host.Objects)).State);
            Assert.Equal(3, harness.Requests.Count);
            Assert.Equal(3, host.Progress.Count);
            Assert.True(host.Progress.Last().Completed);
            Assert.Contains("Pending", host.Progress[0].Status);
            Assert.Empty(host.Errors);
        }

        [Fact]
        public void Wait_EndsWithATimeoutError_NamingTheStateItWasIn()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.SetInterconnectStatus(Account, icon, "Down", "No light");

            InterconnectCommands.Wait(host, scope, icon, InterconnectState.Healthy, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(30));

            CfError error = Assert.Single(host.Errors);
            Assert.Equal(("CfWait.Timeout", ErrorCategory.OperationTimeout, (object?)icon), (error.ErrorId, error.Category, error.TargetObject));
            Assert.Contains("Down: No light", error.Message);
            Assert.Empty(host.Objects);
            Assert.InRange(harness.Requests.Count, 2, 10);
        }

        // ---- CNIs ----

        [Fact]
        public void NewCni_WithBgp_PostsEveryField()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.ClearRequests();

            CniCommands.New(host, scope, icon, "tunnel-1", "primary", 1476, 4200000001L, new[] { "198.51.100.0/24" }, "k3y!");

            Assert.Equal(
                $"{{\"account\":\"{Account}\",\"interconnect\":\"{icon}\",\"magic\":{{\"conduit_name\":\"tunnel-1\",\"description\":\"primary\",\"mtu\":1476}}," +
                "\"bgp\":{\"customer_asn\":4200000001,\"extra_prefixes\":[\"198.51.100.0/24\"],\"md5_key\":\"k3y!\"}}",
                Assert.Single(harness.Requests).Body);
            Assert.Equal(4200000001L, Assert.IsType<Cni>(Assert.Single(host.Objects)).Bgp!.CustomerAsn);
        }

        [Fact]
        public void NewCni_WithoutAsn_SendsNoBgp()
        {
            string icon = NewPhysical(harness.SlotId(1));
            harness.Emulator.ClearRequests();

            CniCommands.New(host, scope, icon, "tunnel-1", "", 1500, null, null, null);

            Assert.DoesNotContain("bgp", Assert.Single(harness.Requests).Body);
        }

        [Fact]
        public void GetCni_List_SendsTheSlotFilter()
        {
            string slot = harness.SlotId(1);
            string icon = NewPhysical(slot);
            string cni = NewCni(icon);
            harness.Emulator.ClearRequests();

            CniCommands.List(host, scope, new CniListParams { Slot = slot }, null, CfPaging.All);

            Assert.Equal("slot=" + slot, Assert.Single(harness.Requests).QueryString);
            Assert.Equal(cni, Assert.IsType<Cni>(Assert.Single(host.Objects)).Id);
        }

        [Fact]
        public void SetCni_ById_ReadsThenPutsEveryFieldBack_WithOnlyTheChangeApplied()
        {
            var emulator = new CniEmulator(new CniEmulatorOptions { ExpectedToken = ApiHarness.Token, ExtraCniFields = new JsonObject { ["bgp_mode"] = "advertise_only" } });
            using var other = new ApiOptionsScope(emulator);
            string slot = other.Harness.AddSlot();
            var quiet = new TestHost();
            InterconnectCommands.NewPhysical(quiet, other.Scope, slot, "direct", null);
            string icon = quiet.ObjectsOf<Interconnect>().Single().Name;
            CniCommands.New(quiet, other.Scope, icon, "t1", "before", 1500, 65001, new[] { "203.0.113.0/24" }, null);
            Cni created = quiet.ObjectsOf<Cni>().Single();
            other.Harness.Emulator.ClearRequests();

            CniCommands.Set(host, other.Scope, null, created.Id, new CniChanges { Mtu = 1400 }, passThru: true);

            Assert.Equal(new[] { "GET", "PUT" }, other.Harness.Requests.Select(r => r.Method));
            JsonObject put = JsonNode.Parse(other.Harness.Requests[1].Body!)!.AsObject();
            Assert.Equal(1400, put["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal("before", put["magic"]!["description"]!.GetValue<string>());
            Assert.Equal("advertise_only", put["bgp_mode"]!.GetValue<string>());
            Assert.Equal(65001, put["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal(created.CustomerIp, put["cust_ip"]!.GetValue<string>());
            Assert.Equal(1400, Assert.IsType<Cni>(Assert.Single(host.Objects)).Magic.Mtu);
            Assert.Equal(("CNI " + created.Id, "Set Mtu=1400"), Assert.Single(host.ShouldProcessCalls));
        }

        [Fact]
        public void SetCni_FromThePipeline_PutsThePipedObjectWithoutReadingIt_AndLeavesTheUsersObjectAlone()
        {
            string icon = NewPhysical(harness.SlotId(1));
            string id = NewCni(icon);
            CniCommands.Get(host, scope, id);
            Cni piped = host.ObjectsOf<Cni>().Single();
            harness.Emulator.ClearRequests();

            CniCommands.Set(host, scope, piped, null, new CniChanges { Description = "changed" }, passThru: false);

            RecordedRequest put = Assert.Single(harness.Requests);
            Assert.Equal("PUT", put.Method);
            Assert.Equal("changed", JsonNode.Parse(put.Body!)!["magic"]!["description"]!.GetValue<string>());
            Assert.Equal("", piped.Magic.Description);
            Assert.Single(host.Objects);
        }

        [Fact]
        public void SetCni_ById_WithNothingToChange_IsRejectedBeforeAnyRequest()
        {
            CniCommands.Set(host, scope, null, Guid.NewGuid().ToString(), new CniChanges(), passThru: false);

            Assert.Equal("CfValidation.NothingToChange", Assert.Single(host.Errors).ErrorId);
            Assert.Empty(harness.Requests);
            Assert.Empty(host.ShouldProcessCalls);
        }

        [Fact]
        public void RemoveCni_DeletesIt()
        {
            string id = NewCni(NewPhysical(harness.SlotId(1)));
            harness.Emulator.ClearRequests();

            CniCommands.Remove(host, scope, id);

            Assert.Equal(("DELETE", Root + "/cnis/" + id), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Empty(harness.Emulator.GetCnis(Account));
        }

        // ---- Settings ----

        [Fact]
        public void Settings_GetWritesThem_AndSetPutsTheAsnAndPassesThrough()
        {
            SettingCommands.Get(host, scope);
            SettingCommands.Set(host, scope, 4200000000L, passThru: true);

            Assert.Equal(new[] { 65000L, 4200000000L }, host.ObjectsOf<CniSettings>().Select(s => s.DefaultAsn));
            Assert.Equal("{\"default_asn\":4200000000}", harness.Requests[1].Body);
        }

        // ---- Account and context ----

        [Fact]
        public void NoCredential_IsATerminatingErrorThatSaysHowToFixIt_BeforeAnyRequest()
        {
            using var emptyScope = new CfCommandScope(new CfSession(), new FakeEnvironment(), null);

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() => SlotCommands.List(host, emptyScope, new SlotListParams(), null, CfPaging.All));

            Assert.Equal(("CfAccount.NotConnected", ErrorCategory.AuthenticationError), (ended.Error.ErrorId, ended.Error.Category));
            Assert.Contains("Connect-CfAccount", ended.Error.Message);
            Assert.Contains("CLOUDFLARE_API_TOKEN", ended.Error.Message);
            Assert.Empty(harness.Requests);
        }

        [Fact]
        public void NoAccount_IsATerminatingErrorThatSaysHowToFixIt()
        {
            var session = new CfSession();
            session.Connect(CfConnection.Create(new CfClientOptions { BaseUri = harness.Server.BaseUri, Credential = CfCredential.FromToken(ApiHarness.Token) }, null, CfContextSource.Session, null));
            using var noAccount = new CfCommandScope(session, new FakeEnvironment(), null);

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() => SettingCommands.Get(host, noAccount));

            Assert.Equal(("CfAccount.NoAccountId", ErrorCategory.InvalidArgument), (ended.Error.ErrorId, ended.Error.Category));
            Assert.Contains("CLOUDFLARE_ACCOUNT_ID", ended.Error.Message);
            Assert.Empty(harness.Requests);
            session.Disconnect();
        }

        [Fact]
        public void AccountId_ComesFromTheParameter_ThenTheConnection_ThenTheEnvironment()
        {
            var session = new CfSession();
            session.Connect(CfConnection.Create(new CfClientOptions { BaseUri = harness.Server.BaseUri, Credential = CfCredential.FromToken(ApiHarness.Token) }, null, CfContextSource.Session, null));
            var environment = new FakeEnvironment();
            environment.Variables[CfSession.AccountVariable] = "from-environment";

            using (var fromEnvironment = new CfCommandScope(session, environment, null))
            using (var fromParameter = new CfCommandScope(session, environment, "from-parameter"))
            using (var fromConnection = harness.Scope())
            {
                Assert.Equal("from-environment", fromEnvironment.AccountId);
                Assert.Equal("from-parameter", fromParameter.AccountId);
                Assert.Equal(Account, fromConnection.AccountId);
            }

            session.Disconnect();
        }

        [Fact]
        public void EnvironmentCredentials_AreUsedWhenNotConnected()
        {
            var environment = new FakeEnvironment();
            environment.Variables[CfSession.TokenVariable] = ApiHarness.Token;
            environment.Variables[CfSession.AccountVariable] = Account;
            environment.Variables[CfSession.BaseUrlVariable] = harness.Server.BaseUri.ToString();
            using var fromEnvironment = new CfCommandScope(new CfSession(), environment, null);

            SettingCommands.Get(host, fromEnvironment);

            Assert.Equal(65000L, Assert.IsType<CniSettings>(Assert.Single(host.Objects)).DefaultAsn);
            Assert.Equal("Bearer " + ApiHarness.Token, Assert.Single(harness.Requests).Headers["Authorization"]);
        }

        [Fact]
        public void Connect_WithAToken_StoresTheSessionAndWritesAContextWithoutTheSecret()
        {
            var session = new CfSession();
            const string token = "cf-connect-token-abcdefghijklmnopqrstuvwxyz-9876";

            AccountCommands.Connect(host, session, new FakeEnvironment(), new ConnectRequest
            {
                ApiToken = CfCredential.ToSecureString(token),
                AccountId = "acc-1",
                BaseUri = new Uri("https://api.example.test/client/v4"),
                TimeoutSec = 30,
                MaximumRetryCount = 5,
                MaximumRetryWaitSec = 20,
            });

            CfContext context = Assert.IsType<CfContext>(Assert.Single(host.Objects));
            Assert.Equal(("acc-1", CfAuthKind.ApiToken, "...9876", CfContextSource.Session), (context.AccountId, context.AuthKind, context.CredentialHint, context.Source));
            Assert.Equal((30, 5, 20), (context.TimeoutSec, context.MaximumRetryCount, context.MaximumRetryWaitSec));
            Assert.NotNull(session.Connected);
            Assert.DoesNotContain(host.AllText(), text => text.Contains(token));
            Assert.DoesNotContain(token, string.Join("|", typeof(CfContext).GetProperties().Select(p => Convert.ToString(p.GetValue(context)))));
            Assert.DoesNotContain(token, session.Connected!.Client.Options.Credential.ToString());
        }

        [Fact]
        public void Connect_WithoutAnyCredential_IsATerminatingError()
        {
            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() =>
                AccountCommands.Connect(host, new CfSession(), new FakeEnvironment(), new ConnectRequest { AccountId = "a" }));

            Assert.Equal("CfAccount.NoCredential", ended.Error.ErrorId);
        }

        [Fact]
        public void Connect_RefusesAPlainHttpBaseUriOffLoopback()
        {
            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() =>
                AccountCommands.Connect(host, new CfSession(), new FakeEnvironment(), new ConnectRequest
                {
                    ApiToken = CfCredential.ToSecureString("token-0123456789abcdefghij"),
                    BaseUri = new Uri("http://api.example.test/client/v4"),
                }));

            Assert.Equal("CfValidation.InsecureBaseUri", ended.Error.ErrorId);
        }

        [Fact]
        public void AnHttpBaseUrlOffLoopback_FromTheEnvironment_IsRefusedBeforeAnyRequest()
        {
            var environment = new FakeEnvironment();
            environment.Variables[CfSession.TokenVariable] = ApiHarness.Token;
            environment.Variables[CfSession.BaseUrlVariable] = "http://api.example.test/client/v4";
            using var fromEnvironment = new CfCommandScope(new CfSession(), environment, Account);

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() => SettingCommands.Get(host, fromEnvironment));

            Assert.Equal(("CfValidation.InsecureBaseUri", ErrorCategory.InvalidArgument), (ended.Error.ErrorId, ended.Error.Category));
            Assert.Contains("clear text", ended.Error.Message);
        }

        [Fact]
        public void ProxyCredential_AppliesToTheEnvironmentsProxy_AndNeedsOne()
        {
            var withProxy = new FakeEnvironment();
            withProxy.Variables["HTTPS_PROXY"] = "http://proxy.example.test:3128";
            var session = new CfSession();
            var request = new ConnectRequest
            {
                ApiToken = CfCredential.ToSecureString("proxy-credential-token-0123456789"),
                ProxyCredential = new System.Net.NetworkCredential("ops", "pw"),
            };

            AccountCommands.Connect(host, session, withProxy, request);
            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() =>
                AccountCommands.Connect(new TestHost(), new CfSession(), new FakeEnvironment(), request));

            Assert.Same(request.ProxyCredential, session.Connected!.Proxy!.Credentials);
            Assert.Equal("CfValidation.ProxyCredentialWithoutProxy", ended.Error.ErrorId);
            session.Disconnect();
        }

        [Fact]
        public void SetCni_WithAPrefixButNoAsn_OnACniWithoutBgp_IsRefusedBeforeTheWrite()
        {
            string id = NewCni(NewPhysical(harness.SlotId(1)));
            harness.Emulator.ClearRequests();

            CniCommands.Set(host, scope, null, id, new CniChanges { ExtraPrefixes = new[] { "192.0.2.0/24" } }, passThru: false);

            Assert.Equal("CfValidation.BgpNeedsCustomerAsn", Assert.Single(host.Errors).ErrorId);
            Assert.Equal(new[] { "GET" }, harness.Requests.Select(r => r.Method));
        }

        [Fact]
        public void Sandbox_WorksOffline_WithSeededSlots_AndKeepsStateAcrossCommands()
        {
            var session = new CfSession();
            AccountCommands.Connect(host, session, new FakeEnvironment(), new ConnectRequest { Sandbox = true });
            using var sandbox = new CfCommandScope(session, new FakeEnvironment(), null);
            var output = new TestHost();

            SlotCommands.List(output, sandbox, new SlotListParams { Occupied = false }, null, new CfPaging(0, 1, false));
            CniSlot free = output.ObjectsOf<CniSlot>().Single();
            InterconnectCommands.NewPhysical(output, sandbox, free.Id, "direct", null);
            string name = output.ObjectsOf<Interconnect>().Single().Name;
            InterconnectCommands.Get(output, sandbox, name);

            CfContext context = host.ObjectsOf<CfContext>().Single();
            Assert.Equal((CfAuthKind.Sandbox, true, CniEmulator.SandboxAccountId), (context.AuthKind, context.Sandbox, context.AccountId));
            Assert.Equal(new[] { "ccr_device_name" }, free.AdditionalFieldNames);
            Assert.Contains("ccr_device_name", output.ObjectsOf<Interconnect>().First().AdditionalFieldNames);
            Assert.Equal(2, output.ObjectsOf<Interconnect>().Count());
            Assert.Empty(output.Errors);
            session.Disconnect();
        }

        [Fact]
        public void GetContext_WhenNothingIsSet_SaysSo()
        {
            AccountCommands.GetContext(host, new CfSession(), new FakeEnvironment());

            CfContext context = Assert.IsType<CfContext>(Assert.Single(host.Objects));
            Assert.Equal((CfContextSource.None, CfAuthKind.None), (context.Source, context.AuthKind));
        }

        [Fact]
        public void Connect_WithoutLimits_UsesTheDocumentedDefaults()
        {
            AccountCommands.Connect(host, new CfSession(), new FakeEnvironment(), new ConnectRequest { ApiToken = CfCredential.ToSecureString("defaults-token-0123456789"), AccountId = "a" });

            CfContext context = Assert.IsType<CfContext>(Assert.Single(host.Objects));
            Assert.Equal((60, 3, 60), (context.TimeoutSec, context.MaximumRetryCount, context.MaximumRetryWaitSec));
            Assert.Equal(new Uri("https://api.cloudflare.com/client/v4"), context.BaseUri);
        }

        [Fact]
        public void Disconnect_ForgetsTheSession()
        {
            var session = new CfSession();
            AccountCommands.Connect(host, session, new FakeEnvironment(), new ConnectRequest { Sandbox = true });

            AccountCommands.Disconnect(host, session);

            Assert.Null(session.Connected);
        }

        [Fact]
        public void Verbose_ShowsMethodPathStatusAndElapsedTime_ForEachRequest()
        {
            SlotCommands.List(host, scope, new SlotListParams(), 5, CfPaging.All);

            Assert.Equal(3, host.VerboseMessages.Count);
            Assert.Matches(@"^GET /accounts/" + Account + @"/cni/slots\?limit=5 -> 200 OK \(\d+ (ms|s)\)$", host.VerboseMessages[0]);
            Assert.Contains("cursor=5&limit=5", host.VerboseMessages[1]);
        }

        private string NewPhysical(string slot)
        {
            var quiet = new TestHost();
            InterconnectCommands.NewPhysical(quiet, scope, slot, "direct", null);
            Assert.Empty(quiet.Errors);
            return quiet.ObjectsOf<Interconnect>().Single().Name;
        }

        private void NewGcp(TestHost? output = null) =>
            InterconnectCommands.NewGcpPartner(output ?? new TestHost(), scope, "1G", "7e51371e-72a3-40b5-b844-2e3efefaee59/us-east4/1", "partner");

        private string NewCni(string icon)
        {
            var quiet = new TestHost();
            CniCommands.New(quiet, scope, icon, "t1", "", 1500, null, null, null);
            Assert.Empty(quiet.Errors);
            return quiet.ObjectsOf<Cni>().Single().Id;
        }
    }
}
