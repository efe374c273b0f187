using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    /// <summary>Retries, timeouts, cancellation, the paging guard and odd responses, over real loopback sockets.</summary>
    public sealed class FaultInjectionTests
    {
        private const string Account = ApiHarness.AccountId;

        [Fact]
        public async Task ThousandsOfItemsUnderMixed429And503AndResets_ArriveExactlyOnceEach()
        {
            var emulator = new CniEmulator(new CniEmulatorOptions { ExpectedToken = ApiHarness.Token, IdSeed = 11 });
            for (int i = 0; i < 3000; i++)
            {
                emulator.AddSlot(null, "AMS01", "Equinix AM3", new[] { "Science Park 610" }, "10G");
            }

            emulator.Faults.Seed = 1234;
            emulator.Faults.TooManyRequestsRate = 0.15;
            emulator.Faults.RetryAfterMilliseconds = 2;
            emulator.Faults.ServerErrorRate = 0.15;
            emulator.Faults.ServerErrorStatus = 503;
            emulator.Faults.ConnectionResetRate = 0.1;
            await using ApiHarness harness = await ApiHarness.StartAsync(emulator, o => o.MaxRetries = 12);
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();

            SlotCommands.List(host, scope, new SlotListParams(), 50, CfPaging.All);

            string[] expected = emulator.GetSlots(Account).Select(s => s["id"]!.GetValue<string>()).ToArray();
            string[] received = host.ObjectsOf<CniSlot>().Select(s => s.Id).ToArray();
            Assert.Equal(3000, received.Length);
            Assert.Equal(expected, received);
            Assert.Equal(received.Length, received.Distinct().Count());
            Assert.Contains(harness.Requests, r => r.Status == 429);
            Assert.Contains(harness.Requests, r => r.Status == 503);
            Assert.Contains(harness.Requests, r => r.Status == 0);
            Assert.Contains(host.VerboseMessages, m => m.StartsWith("Retrying GET", StringComparison.Ordinal));
            Assert.Empty(host.Errors);
        }

        [Fact]
        public async Task APostAnswered502AfterTheServerCommittedIt_IsNotRepeated()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            harness.Emulator.Faults.Enqueue(EmulatorFault.CommitThenFail(502, "POST"));

            InterconnectCommands.NewPhysical(host, scope, slot, "direct", null);

            Assert.Single(harness.Requests, r => r.Method == "POST");
            Assert.Single(harness.Emulator.GetInterconnects(Account));
            CfError error = Assert.Single(host.Errors);
            Assert.Equal(("CfApi.ServerError", (object?)slot), (error.ErrorId, error.TargetObject));
            Assert.DoesNotContain(host.VerboseMessages, m => m.StartsWith("Retrying", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(503)]
        [InlineData(500)]
        [InlineData(408)]
        public async Task APostAnsweredWithARetryableStatus_IsStillNotRepeated(int status)
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            harness.Emulator.Faults.Enqueue(EmulatorFault.ServerError(status, "POST"));

            CniCommands.New(host, scope, "icon-any", "t", "", 1500, null, null, null);

            Assert.Single(harness.Requests);
            Assert.Single(host.Errors);
        }

        [Fact]
        public async Task APostThatTimedOut_IsNotRepeated()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Timeout = TimeSpan.FromMilliseconds(300));
            string slot = harness.AddSlot();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            harness.Emulator.Faults.Enqueue(EmulatorFault.Stall("POST"));

            InterconnectCommands.NewPhysical(host, scope, slot, "direct", null);

            Assert.Single(harness.Requests);
            CfError error = Assert.Single(host.Errors);
            Assert.Equal(("CfApi.Timeout", System.Management.Automation.ErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
        }

        [Fact]
        public async Task APostRefusedWith429_IsSentAgain_AndCreatesOnce()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            harness.Emulator.Faults.Enqueue(new EmulatorFault(EmulatorFaultKind.TooManyRequests, 429, "POST") { RetryAfterMilliseconds = 10 });

            InterconnectCommands.NewPhysical(host, scope, slot, "direct", null);

            Assert.Equal(new[] { 429, 200 }, harness.Requests.Select(r => r.Status));
            Assert.Single(harness.Emulator.GetInterconnects(Account));
            Assert.Single(host.ObjectsOf<Interconnect>());
            Assert.Contains(host.VerboseMessages, m => m.StartsWith("Retrying POST", StringComparison.Ordinal) && m.Contains("429"));
        }

        [Fact]
        public async Task APostWhoseConnectionWasRefused_IsRetried_BecauseItNeverLeft()
        {
            int closedPort = ClosedLoopbackPort();
            var options = new CfClientOptions
            {
                BaseUri = new Uri($"http://127.0.0.1:{closedPort}/client/v4"),
                Credential = CfCredential.FromToken(ApiHarness.Token),
                MaxRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            };
            using CfConnection connection = CfConnection.Create(options, Account, CfContextSource.Session, null);
            var observer = new TestHost();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => connection.Interconnects.NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = Guid.NewGuid().ToString(), Type = "direct" }, observer, CancellationToken.None));

            Assert.Equal(CfFailureKind.Connection, error.Kind);
            Assert.Equal("CfApi.ConnectionFailed", CfError.FromApi(error, null).ErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, CfError.FromApi(error, null).Category);
            Assert.Equal(2, observer.VerboseMessages.Count(m => m.StartsWith("Retrying POST", StringComparison.Ordinal) && m.EndsWith("connection refused", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task RetryAfterSeconds_IsHonoured()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests("GET", retryAfterSeconds: 1));
            var clock = Stopwatch.StartNew();

            await harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None);

            clock.Stop();
            Assert.Equal(2, harness.Requests.Count);
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 950, 4000);
            TimeSpan gap = harness.Requests[1].ReceivedAt - harness.Requests[0].ReceivedAt;
            Assert.InRange(gap.TotalMilliseconds, 950, 4000);
        }

        [Fact]
        public async Task RetryAfterMilliseconds_IsHonoured_AndPreferredOverSeconds()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(new EmulatorFault(EmulatorFaultKind.TooManyRequests, 429, "GET") { RetryAfterSeconds = 30, RetryAfterMilliseconds = 250 });
            var clock = Stopwatch.StartNew();

            await harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None);

            clock.Stop();
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 240, 3000);
            Assert.InRange((harness.Requests[1].ReceivedAt - harness.Requests[0].ReceivedAt).TotalMilliseconds, 240, 3000);
        }

        [Fact]
        public async Task ARetryAfterBeyondTheWaitBudget_FailsAtOnceWithLimitsExceeded()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetryWait = TimeSpan.FromSeconds(2));
            harness.Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests("GET", retryAfterSeconds: 30));
            var clock = Stopwatch.StartNew();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
            Assert.Single(harness.Requests);
            CfError mapped = CfError.FromApi(error, null);
            Assert.Equal(("CfApi.RateLimited", System.Management.Automation.ErrorCategory.LimitsExceeded), (mapped.ErrorId, mapped.Category));
            Assert.Equal(971, error.CloudflareCode);
        }

        [Fact]
        public async Task RetriesStopAtTheMaximumCount()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetries = 2);
            harness.Emulator.Faults.Enqueue(EmulatorFault.ServerError(503, "GET"), 5);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(3, harness.Requests.Count);
            Assert.Equal(503, error.StatusCode);
        }

        [Fact]
        public void Backoff_GrowsExponentially_WithJitter_UpToTheCap()
        {
            using var client = new CfApiClient(
                new CfClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(500), RetryMaxDelay = TimeSpan.FromSeconds(8) },
                new FixedResponseHandler(200, "application/json", new byte[0]),
                jitter: new Random(5));

            double[] delays = Enumerable.Range(1, 7).Select(attempt => client.Backoff(attempt).TotalMilliseconds).ToArray();

            double[] ceilings = { 500, 1000, 2000, 4000, 8000, 8000, 8000 };
            for (int i = 0; i < delays.Length; i++)
            {
                Assert.InRange(delays[i], ceilings[i] * 0.5, ceilings[i]);
            }

            Assert.NotEqual(delays[5], delays[6]);
        }

        [Fact]
        public async Task RetryAfterAsAnHttpDate_IsHonoured()
        {
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                if (n == 1)
                {
                    context.Response.StatusCode = 503;
                    context.Response.Headers["Retry-After"] = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"default_asn\":1}");
            });
            using CfConnection connection = Connect(server.BaseUri);
            var clock = Stopwatch.StartNew();

            CniSettings settings = await connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None);

            Assert.Equal(1, settings.DefaultAsn);
            // An HTTP date has whole seconds: the wait is between 1 and 2 seconds.
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 900, 5000);
        }

        [Fact]
        public async Task AStalledRequest_TimesOutWithAClearError_AfterItsRetries()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(250);
                o.MaxRetries = 1;
            });
            harness.Emulator.Faults.Enqueue(EmulatorFault.Stall("GET"), 2);
            var clock = Stopwatch.StartNew();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(CfFailureKind.Timeout, error.Kind);
            Assert.Contains("timed out", error.Message);
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 450, 5000);
            Assert.Equal(2, harness.Requests.Count);
        }

        [Fact]
        public async Task Cancellation_ReturnsPromptlyFromAStalledRequest_AndStopsPaging()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            for (int i = 0; i < 30; i++)
            {
                harness.AddSlot();
            }

            using CfCommandScope scope = harness.Scope();
            var host = new TestHost();
            var clock = new Stopwatch();
            host.OnWriteObject = _ =>
            {
                // Once the first page is in, the next request stalls, and Ctrl+C comes 300 ms later.
                if (host.Objects.Count == 1)
                {
                    harness.Emulator.Faults.Enqueue(EmulatorFault.Stall("GET"));
                    host.StopSource.CancelAfter(TimeSpan.FromMilliseconds(300));
                    clock.Start();
                }
            };

            Assert.ThrowsAny<OperationCanceledException>(() => SlotCommands.List(host, scope, new SlotListParams(), 10, CfPaging.All));

            clock.Stop();
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 250, 2000);
            Assert.Equal(10, host.Objects.Count);
            await Task.Delay(300);
            Assert.Equal(2, harness.Requests.Count);
        }

        [Fact]
        public async Task ARepeatedCursor_StopsTheListingWithAnErrorThatNamesIt()
        {
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                context.Response.ContentType = "application/json";
                string id = Guid.NewGuid().ToString();
                await context.Response.WriteAsync(
                    "{\"items\":[{\"id\":\"" + id + "\",\"site\":\"AMS01\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}],\"next\":" + (n >= 3 ? 2 : n) + "}");
            });
            using CfConnection connection = Connect(server.BaseUri);
            var session = new CfSession();
            session.Connect(connection);
            using var scope = new CfCommandScope(session, new FakeEnvironment(), null);
            var host = new TestHost();

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() => SlotCommands.List(host, scope, new SlotListParams(), null, CfPaging.All));

            Assert.Equal(("CfApi.PagingLoop", System.Management.Automation.ErrorCategory.InvalidResult), (ended.Error.ErrorId, ended.Error.Category));
            Assert.Contains("cursor 2 a second time", ended.Error.Message);
            Assert.Equal(3, server.RequestCount);
            Assert.Equal(3, host.Objects.Count);
        }

        [Fact]
        public async Task AnHtmlErrorPageFromAProxy_BecomesAnErrorWithTheStatusAndAnExcerpt()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetries = 0);
            harness.Emulator.Faults.Enqueue(EmulatorFault.NonJson("GET"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(502, error.StatusCode);
            Assert.Contains("<html>", error.BodyExcerpt);
            Assert.Contains("502", error.Message);
            Assert.Contains(error.BodyExcerpt!, error.Message);
            Assert.Equal("CfApi.ServerError", CfError.FromApi(error, null).ErrorId);
        }

        [Theory]
        [InlineData("text/html", "<html><body>Login required</body></html>", "Login required")]
        [InlineData("application/json", "{\"default_asn\": 6500", "{\"default_asn\": 6500")]
        [InlineData("application/json", "", "(empty)")]
        [InlineData("application/json", "[1,2,3]", "[1,2,3]")]
        [InlineData("application/json", "{\"default_asn\":\"many\"}", "many")]
        public async Task ASuccessWithABodyThatIsNotTheExpectedJson_BecomesAnInvalidResponseError(string contentType, string body, string excerpt)
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync(body, contentType);
            using CfConnection connection = Connect(server.BaseUri);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                connection.Settings.GetAsync(Account, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal(CfFailureKind.InvalidResponse, error.Kind);
            Assert.Equal(200, error.StatusCode);
            Assert.Contains(excerpt, error.BodyExcerpt);
            CfError mapped = CfError.FromApi(error, null);
            Assert.Equal(("CfApi.InvalidResponse", System.Management.Automation.ErrorCategory.InvalidResult), (mapped.ErrorId, mapped.Category));
        }

        [Theory]
        [InlineData("TruncatedJson")]
        [InlineData("EmptyBody")]
        public async Task TruncatedOrEmptyJsonFromTheEmulator_BecomesAnInvalidResponseError(string faultKind)
        {
            var kind = (EmulatorFaultKind)Enum.Parse(typeof(EmulatorFaultKind), faultKind);
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(new EmulatorFault(kind, 200, "GET"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Slots.ListAsync(Account, new SlotListParams(), null, null, NullRequestObserver.Instance, CancellationToken.None));

            Assert.Equal((CfFailureKind.InvalidResponse, 200), (error.Kind, error.StatusCode));
            Assert.NotNull(error.BodyExcerpt);
        }

        [Fact]
        public async Task AnInterconnectOfAnUnexpectedShape_BecomesAnInvalidResponseErrorForThatItem()
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync("{\"account\":\"a\",\"name\":\"aws-1\",\"type\":\"aws\",\"aws_region\":\"eu-west-1\"}");
            using CfConnection connection = Connect(server.BaseUri);
            var session = new CfSession();
            session.Connect(connection);
            using var scope = new CfCommandScope(session, new FakeEnvironment(), null);
            var host = new TestHost();

            InterconnectCommands.Get(host, scope, "aws-1");

            CfError error = Assert.Single(host.Errors);
            Assert.Equal(("CfApi.InvalidResponse", (object?)"aws-1"), (error.ErrorId, error.TargetObject));
            Assert.Contains("neither the fields of a physical interconnect", error.Message);
            Assert.Contains("aws_region", error.Message);
        }

        private static CfConnection Connect(Uri baseUri) => ApiHarness.ConnectTo(baseUri);

        private static int ClosedLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
