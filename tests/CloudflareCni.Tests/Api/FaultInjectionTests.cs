using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>Retries, timeouts, cancellation, the paging guard and odd responses, over real loopback sockets.</summary>
    public sealed class FaultInjectionTests
    {
        private const string Account = ApiHarness.AccountId;

        [Fact]
        public async Task ThousandsOfItemsUnderMixed429And503AndResets_ArriveExactlyOnceEach()
        {
            var emulator = new CniEmulator();
            for (int i = 0; i < 3000; i++)
            {
                emulator.AddSlot(null, "AMS01", "Equinix AM3", new[] { "Science Park 610" }, "10G");
            }

            emulator.Faults.AtRates(
                1234,
                (EmulatorFaultKind.ConnectionReset, 0, 0.1),
                (EmulatorFaultKind.TooManyRequests, 429, 0.15),
                (EmulatorFaultKind.ServerError, 503, 0.15));
            await using ApiHarness harness = await ApiHarness.StartAsync(emulator, o => o.MaxRetries = 12, new TestServerOptions { Token = ApiHarness.Token, RetryAfterMs = 2 });

            List<CniSlot> slots = await ApiHarness.DrainAsync(harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(50), harness.Call));

            string[] expected = emulator.GetSlots(Account).Select(s => s["id"]!.GetValue<string>()).ToArray();
            string[] received = slots.Select(s => s.Id).ToArray();
            Assert.Equal(3000, received.Length);
            Assert.Equal(expected, received);
            Assert.Equal(received.Length, received.Distinct().Count());
            Assert.Contains(harness.Requests, r => r.Status == 429);
            Assert.Contains(harness.Requests, r => r.Status == 503);
            Assert.Contains(harness.Requests, r => r.Status == 0);
            Assert.Contains(harness.Observer.VerboseMessages, m => m.StartsWith("Retrying GET", StringComparison.Ordinal));
        }

        [Fact]
        public async Task APostAnswered502AfterTheServerCommittedIt_IsNotRepeated()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            string slot = harness.AddSlot();
            harness.Emulator.Faults.Enqueue(TestFaults.CommitThenFail(502, "POST"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => NewPhysicalAsync(harness, slot));

            Assert.Single(harness.Requests, r => r.Method == "POST");
            Assert.Single(harness.Emulator.GetInterconnects(Account));
            Assert.Equal(CfErrors.ServerError, CfErrors.FromApi(error, slot).FullyQualifiedErrorId);
            Assert.DoesNotContain(harness.Observer.VerboseMessages, m => m.StartsWith("Retrying", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(503)]
        [InlineData(500)]
        [InlineData(408)]
        public async Task APostAnsweredWithARetryableStatus_IsStillNotRepeated(int status)
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(TestFaults.ServerError(status, "POST"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Cnis().NewAsync(
                new CniNewBody { Account = Account, Interconnect = "icon-any", Magic = new MagicJson { ConduitName = "t", Mtu = 1500 } }, harness.Call));

            Assert.Single(harness.Requests);
            Assert.Equal(status, error.StatusCode);
        }

        [Fact]
        public async Task APostThatTimedOut_IsNotRepeated()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Timeout = TimeSpan.FromMilliseconds(300));
            string slot = harness.AddSlot();
            harness.Emulator.Faults.Enqueue(TestFaults.Stall("POST"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => NewPhysicalAsync(harness, slot));

            Assert.Single(harness.Requests);
            ErrorRecord record = CfErrors.FromApi(error, slot);
            Assert.Equal((CfErrors.Timeout, ErrorCategory.OperationTimeout), (record.FullyQualifiedErrorId, record.CategoryInfo.Category));
        }

        [Fact]
        public async Task APostRefusedWith429_IsSentAgain_AndCreatesOnce()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(server: new TestServerOptions { Token = ApiHarness.Token, RetryAfterMs = 10 });
            string slot = harness.AddSlot();
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("POST"));

            Interconnect created = await NewPhysicalAsync(harness, slot);

            Assert.Equal(new[] { 429, 200 }, harness.Requests.Select(r => r.Status));
            Assert.Equal(created.Name, Assert.Single(harness.Emulator.GetInterconnects(Account))["name"]!.GetValue<string>());
            Assert.Contains(harness.Observer.VerboseMessages, m => m.StartsWith("Retrying POST", StringComparison.Ordinal) && m.Contains("429"));
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
            var observer = new RecordingObserver();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = Guid.NewGuid().ToString(), Type = "direct" }, new CfCall(observer, CancellationToken.None)));

            Assert.Equal(CfFailureKind.Connection, error.Kind);
            ErrorRecord record = CfErrors.FromApi(error, null);
            Assert.Equal((CfErrors.ConnectionFailed, ErrorCategory.ConnectionError), (record.FullyQualifiedErrorId, record.CategoryInfo.Category));
            Assert.Equal(2, observer.VerboseMessages.Count(m => m.StartsWith("Retrying POST", StringComparison.Ordinal) && m.EndsWith("connection refused", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task RetryAfterSeconds_IsHonoured()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 1));
            var clock = Stopwatch.StartNew();

            await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);

            clock.Stop();
            Assert.Equal(2, harness.Requests.Count);
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 950, 4000);
            TimeSpan gap = harness.Requests[1].ReceivedAt - harness.Requests[0].ReceivedAt;
            Assert.InRange(gap.TotalMilliseconds, 950, 4000);
        }

        [Fact]
        public async Task RetryAfterMilliseconds_IsHonoured_AndPreferredOverSeconds()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(server: new TestServerOptions { Token = ApiHarness.Token, RetryAfterMs = 250 });
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 30));
            var clock = Stopwatch.StartNew();

            await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);

            clock.Stop();
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 240, 3000);
            Assert.InRange((harness.Requests[1].ReceivedAt - harness.Requests[0].ReceivedAt).TotalMilliseconds, 240, 3000);
        }

        [Fact]
        public async Task ARetryAfterBeyondTheWaitBudget_FailsAtOnceWithLimitsExceeded()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetryWait = TimeSpan.FromSeconds(2));
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 30));
            var clock = Stopwatch.StartNew();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
            Assert.Single(harness.Requests);
            ErrorRecord mapped = CfErrors.FromApi(error, null);
            Assert.Equal((CfErrors.RateLimited, ErrorCategory.LimitsExceeded), (mapped.FullyQualifiedErrorId, mapped.CategoryInfo.Category));
            Assert.Equal(971, error.CloudflareCode);
            Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
            Assert.Contains("The server asks to retry after 30.0 s, more than the retry budget allows (-MaximumRetryWaitSec 2", error.Message);
        }

        [Fact]
        public async Task RetriesStopAtTheMaximumCount()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetries = 2);
            harness.Emulator.Faults.Enqueue(TestFaults.ServerError(503, "GET"), 5);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.Equal(3, harness.Requests.Count);
            Assert.Equal(503, error.StatusCode);
        }

        [Fact]
        public void Backoff_GrowsExponentially_WithJitter_UpToTheCap()
        {
            var policy = new RetryPolicy(new CfClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(500), RetryMaxDelay = TimeSpan.FromSeconds(8) });

            double[] delays = Enumerable.Range(1, 7).Select(attempt => policy.Backoff(attempt).TotalMilliseconds).ToArray();

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

            CniSettings settings = await connection.Settings().GetAsync(Account, TestCalls.Silent);

            Assert.Equal(1, settings.DefaultAsn);
            // An HTTP date has whole seconds: the wait is between 1 and 2 seconds.
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 900, 5000);
        }

        [Fact]
        public async Task TimeoutSec_BoundsTheWholeRequest_ItsRetriesIncluded_AndTheErrorSaysSo()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(600);
                o.MaxRetries = 5;
            });
            harness.Emulator.Faults.Enqueue(TestFaults.ServerError(503, "GET"));
            harness.Emulator.Faults.Enqueue(TestFaults.Stall("GET"), 5);
            var clock = Stopwatch.StartNew();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            // One 503, a short backoff, then a stall that uses up what is left of the 600 ms: no attempt runs past it.
            Assert.Equal(CfFailureKind.Timeout, error.Kind);
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 550, 2500);
            Assert.Equal(2, harness.Requests.Count);
            Assert.Contains("-TimeoutSec", error.Message);
            Assert.Contains("retry waits included", error.Message);
        }

        [Fact]
        public async Task ARetryAfterLongerThanWhatIsLeftOfTheTimeout_FailsAtOnce_SayingHowLong()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Timeout = TimeSpan.FromSeconds(5));
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 120));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.Single(harness.Requests);
            Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
            Assert.Contains("retry after 120.0 s", error.Message);
            Assert.Contains("Wait 120.0 s", CfErrors.FromApi(error, null).ErrorDetails.RecommendedAction);
        }

        [Fact]
        public async Task Cancellation_ReturnsPromptlyFromAStalledRequest_AndStopsPaging()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            for (int i = 0; i < 30; i++)
            {
                harness.AddSlot();
            }

            using var stop = new CancellationTokenSource();
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(10), new CfCall(harness.Observer, stop.Token));
            IReadOnlyList<CniSlot>? first = await pager.NextPageAsync(stop.Token);

            // Once the first page is in, the next request stalls, and Ctrl+C comes 300 ms later.
            harness.Emulator.Faults.Enqueue(TestFaults.Stall("GET"));
            stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pager.NextPageAsync(stop.Token));

            clock.Stop();
            Assert.InRange(clock.Elapsed.TotalMilliseconds, 250, 2000);
            Assert.Equal(10, first!.Count);
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
            CfPager<CniSlot> pager = connection.Slots().List(Account, new SlotListParams(), new CfPaging(null), TestCalls.Silent);
            var received = new List<CniSlot>();
            for (int i = 0; i < 3; i++)
            {
                received.AddRange((await pager.NextPageAsync(CancellationToken.None))!);
            }

            CfApiException ended = await Assert.ThrowsAsync<CfApiException>(() => pager.NextPageAsync(CancellationToken.None));

            ErrorRecord record = CfErrors.FromApi(ended, null);
            Assert.Equal((CfErrors.PagingLoop, ErrorCategory.InvalidResult), (record.FullyQualifiedErrorId, record.CategoryInfo.Category));
            Assert.Contains("cursor 2 a second time", ended.Message);
            Assert.Equal(3, server.RequestCount);
            Assert.Equal(3, received.Count);
        }

        [Fact]
        public async Task AnHtmlErrorPageFromAProxy_BecomesAnErrorWithTheStatusAndAnExcerpt()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.MaxRetries = 0);
            harness.Emulator.Faults.Enqueue(TestFaults.NonJson("GET"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.Equal(502, error.StatusCode);
            Assert.Contains("<html>", error.BodyExcerpt);
            Assert.Contains("502", error.Message);
            Assert.Contains(error.BodyExcerpt!, error.Message);
            Assert.Equal(CfErrors.ServerError, CfErrors.FromApi(error, null).FullyQualifiedErrorId);
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
                connection.Settings().GetAsync(Account, TestCalls.Silent));

            Assert.Equal(CfFailureKind.InvalidResponse, error.Kind);
            Assert.Equal(200, error.StatusCode);
            Assert.Contains(excerpt, error.BodyExcerpt);
            ErrorRecord mapped = CfErrors.FromApi(error, null);
            Assert.Equal((CfErrors.InvalidResponse, ErrorCategory.InvalidResult), (mapped.FullyQualifiedErrorId, mapped.CategoryInfo.Category));
        }

        [Theory]
        [InlineData("TruncatedJson")]
        [InlineData("EmptyBody")]
        public async Task TruncatedOrEmptyJsonFromTheEmulator_BecomesAnInvalidResponseError(string faultKind)
        {
            var kind = (EmulatorFaultKind)Enum.Parse(typeof(EmulatorFaultKind), faultKind);
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(EmulatorFault.For(kind, 200, "GET"));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                ApiHarness.FirstPageAsync(harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(null, null, null), TestCalls.Silent)));

            Assert.Equal((CfFailureKind.InvalidResponse, 200), (error.Kind, error.StatusCode));
            Assert.NotNull(error.BodyExcerpt);
        }

        [Fact]
        public async Task AnInterconnectOfAKindTheModuleDoesNotKnow_IsReadAsAnotherKind_ButOneWithoutAName_IsAnInvalidResponse()
        {
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(context.Request.Path.Value!.EndsWith("/aws-1", StringComparison.Ordinal)
                    ? "{\"account\":\"a\",\"name\":\"aws-1\",\"type\":\"aws\",\"aws_region\":\"eu-west-1\"}"
                    : "{\"account\":\"a\",\"type\":\"aws\",\"aws_region\":\"eu-west-1\"}");
            });
            using CfConnection connection = Connect(server.BaseUri);

            Interconnect other = await connection.Interconnects().GetAsync(Account, "aws-1", TestCalls.Silent);
            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => connection.Interconnects().GetAsync(Account, "aws-2", TestCalls.Silent));

            Assert.Equal(("aws-1", "aws", "Other"), (Assert.IsType<OtherInterconnect>(other).Name, other.Type, other.Kind));
            Assert.Equal(new[] { "aws_region" }, other.GetAdditionalFieldNames());
            Assert.Equal(CfErrors.InvalidResponse, CfErrors.FromApi(error, "aws-2").FullyQualifiedErrorId);
            Assert.Contains("The interconnect has no name.", error.Message);
            Assert.Contains("aws_region", error.Message);
        }

        private static CfConnection Connect(Uri baseUri) => ApiHarness.ConnectTo(baseUri);

        private static Task<Interconnect> NewPhysicalAsync(ApiHarness harness, string slot) =>
            harness.Connection.Interconnects().NewPhysicalAsync(new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, harness.Call);

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
