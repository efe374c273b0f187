using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Emulator;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Support;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests
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
                connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(302, error.StatusCode);
            Assert.Equal(0, elsewhere.RequestCount);
            Assert.Equal(1, redirecting.RequestCount);
        }

        [Fact]
        public async Task TheLoaIsAskedForAsADocument_AndEverythingElseAsJson()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            Interconnect icon = await harness.Connection.Interconnects.NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, NullRequestObserver.Instance, CancellationToken.None);

            await harness.Connection.Interconnects.LoaAsync(Account, icon.Name, NullRequestObserver.Instance, CancellationToken.None);

            Assert.Equal("application/json", harness.Requests[0].Headers["Accept"]);
            Assert.Equal("application/pdf, */*", harness.Requests[1].Headers["Accept"]);
        }

        [Fact]
        public async Task ADeleteWhoseFirstAttemptLandedButFailed_EndsAsDeleted_NotAsNotFound()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            InterconnectCommands.NewPhysical(new TestHost(), scope, slot, "direct", null);
            string name = harness.Emulator.GetInterconnects(Account).Single()["name"]!.GetValue<string>();
            harness.Emulator.ClearRequests();
            harness.Emulator.Faults.Enqueue(EmulatorFault.CommitThenFail(502, "DELETE"));

            InterconnectCommands.Remove(host, scope, name);

            Assert.Empty(host.Errors);
            Assert.Empty(harness.Emulator.GetInterconnects(Account));
            Assert.Equal(new[] { 502, 404 }, harness.Requests.Select(r => r.Status));
            Assert.Contains(host.VerboseMessages, m => m.Contains("taken as deleted"));
        }

        [Fact]
        public async Task ADeleteOfAnUnknownName_IsStillNotFound()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();

            InterconnectCommands.Remove(host, scope, "icon-never-was");

            Assert.Equal("CfApi.NotFound", Assert.Single(host.Errors).ErrorId);
        }

        [Fact]
        public async Task AStateTheModuleDoesNotKnow_IsShownAsTextAndUnknown_NotAnError()
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync("{\"state\":\"Provisioning\",\"reason\":\"Port being patched\"}");
            using CfConnection connection = Connect(server.BaseUri);

            InterconnectStatus status = await connection.Interconnects.StatusAsync(Account, "icon-1", NullRequestObserver.Instance, CancellationToken.None);

            Assert.Equal((InterconnectState.Unknown, "Provisioning"), (status.State, status.StateText));
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
                connection.Interconnects.StatusAsync(Account, "icon-1", NullRequestObserver.Instance, CancellationToken.None));

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
                connection.Slots.ListAsync(Account, new SlotListParams(), null, null, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(CfFailureKind.InvalidResponse, error.Kind);
            Assert.Contains(body.Substring(0, 8), error.Message);
        }

        [Fact]
        public void UserInfoInTheProxyParameter_BecomesCredentials_AndNeverShows()
        {
            var session = new CfSession();
            var host = new TestHost();

            AccountCommands.Connect(host, session, new FakeEnvironment(), new ConnectRequest
            {
                ApiToken = CfCredential.ToSecureString("proxy-userinfo-token-0123456789"),
                Proxy = new Uri("http://ops:pr0xy-s3cret@127.0.0.1:3128"),
            });

            CfContext context = host.ObjectsOf<CfContext>().Single();
            Assert.Equal(new Uri("http://127.0.0.1:3128/"), context.Proxy);
            NetworkCredential credential = Assert.IsType<NetworkCredential>(session.Connected!.Proxy!.Credentials);
            Assert.Equal(("ops", "pr0xy-s3cret"), (credential.UserName, credential.Password));
            Assert.DoesNotContain(host.AllText(), t => t.Contains("pr0xy-s3cret"));
        }

        [Fact]
        public void AValidationMessage_NamesTheParameterOnce()
        {
            var error = new CfValidationException("Mtu", "MtuOutOfRange", "Cannot validate argument on parameter 'Mtu'. 1 is not a valid MTU.");

            Assert.Equal("Cannot validate argument on parameter 'Mtu'. 1 is not a valid MTU.", error.Message);
            Assert.Equal("Mtu", error.ParamName);
        }

        private static CfConnection Connect(Uri baseUri) => ApiHarness.ConnectTo(baseUri, o => o.MaxRetries = 0);
    }
}
