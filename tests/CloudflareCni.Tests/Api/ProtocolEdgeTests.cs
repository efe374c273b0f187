using System;
using CloudflareCni.Connections;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>Redirects, Accept headers, deletes that landed, states and shapes the module does not know, proxy user info.</summary>
    public sealed class ProtocolEdgeTests
    {
        private const string Account = ApiHarness.AccountId;

        [Fact]
        public async Task ARedirect_IsNotFollowed_SoTheGlobalKeyNeverReachesAnotherHost()
        {
            await using LoopbackServer elsewhere = await LoopbackServer.StartAsync((context, n) => Task.CompletedTask);
            await using LoopbackServer redirecting = await LoopbackServer.StartAsync((context, n) =>
            {
                context.Response.StatusCode = 302;
                context.Response.Headers["Location"] = elsewhere.BaseUri + "/accounts/a/cni/settings";
                return Task.CompletedTask;
            });
            using CfConnection connection = CfConnection.Create(
                new CfClientOptions { BaseUri = redirecting.BaseUri, Credential = CfCredential.FromKey("ops@example.com", "global-key-0123456789abcdef") },
                Account,
                CfContextSource.Session,
                null);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.Equal(302, error.StatusCode);
            Assert.Equal(0, elsewhere.RequestCount);
            Assert.Equal(1, redirecting.RequestCount);
        }

        [Fact]
        public async Task TheLoaIsAskedForAsADocument_AndEverythingElseAsJson()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            Interconnect icon = await harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, TestCalls.Silent);

            await harness.Connection.Interconnects().LoaAsync(Account, icon.Name, null, TestCalls.Silent);

            Assert.Equal("application/json", harness.Requests[0].Headers["Accept"]);
            Assert.Equal("application/pdf, */*", harness.Requests[1].Headers["Accept"]);
        }

        [Fact]
        public async Task ADeleteWhoseFirstAttemptLandedButFailed_EndsAsDeleted_NotAsNotFound()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            Interconnect icon = await harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, TestCalls.Silent);
            harness.Server.ClearRequests();
            harness.Emulator.Faults.Enqueue(TestFaults.CommitThenFail(502, "DELETE"));

            await harness.Connection.Interconnects().DeleteAsync(Account, icon.Name, harness.Call);

            Assert.Empty(harness.Emulator.GetInterconnects(Account));
            Assert.Equal(new[] { 502, 404 }, harness.Requests.Select(r => r.Status));
            Assert.Contains(harness.Observer.VerboseMessages, m => m.Contains("taken as deleted"));
        }

        [Fact]
        public async Task ADeleteOfAnUnknownName_IsStillNotFound()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Interconnects().DeleteAsync(Account, "icon-never-was", TestCalls.Silent));

            Assert.Equal(CfErrors.NotFound, CfErrors.FromApi(error, null).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task AStateTheModuleDoesNotKnow_IsShownAsText_NotAnError()
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync("{\"state\":\"Provisioning\",\"reason\":\"Port being patched\"}");
            using CfConnection connection = Connect(server.BaseUri);

            InterconnectStatus status = await connection.Interconnects().StatusAsync(Account, "icon-1", TestCalls.Silent);

            Assert.Equal("Provisioning", status.State);
            Assert.False(status.Is(InterconnectState.Pending));
            Assert.Equal("Provisioning: Port being patched", status.ToString());
        }

        [Theory]
        [InlineData("{\"reason\":\"x\"}")]
        [InlineData("{\"state\":\"\"}")]
        [InlineData("{\"state\":null}")]
        public async Task AStatusWithoutAState_IsAnInvalidResponse(string body)
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync(body);
            using CfConnection connection = Connect(server.BaseUri);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                connection.Interconnects().StatusAsync(Account, "icon-1", TestCalls.Silent));

            Assert.Equal(CfFailureKind.InvalidResponse, error.Kind);
        }

        [Theory]
        [InlineData("{\"next\":5}")]
        [InlineData("{\"items\":null}")]
        [InlineData("{\"result\":{\"items\":[]}}")]
        public async Task AListPageWithoutItems_IsAnInvalidResponse_NotAnEmptyPage(string body)
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync(body);
            using CfConnection connection = Connect(server.BaseUri);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                ApiHarness.FirstPageAsync(connection.Slots().List(Account, new SlotListParams(), new CfPaging(null, null, null), TestCalls.Silent)));

            Assert.Equal(CfFailureKind.InvalidResponse, error.Kind);
            Assert.Contains(body.Substring(0, 8), error.Message);
        }

        private static CfConnection Connect(Uri baseUri) => ApiHarness.ConnectTo(baseUri, o => o.MaxRetries = 0);
    }
}
