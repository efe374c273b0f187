using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// The rate budget in the request pipeline, over real loopback sockets: what every answer teaches it, the honest error
    /// of a request it holds too long, waiting for it instead, and waits on a sandbox's clock.
    /// </summary>
    public sealed class RateBudgetPipelineTests
    {
        private const string Account = ApiHarness.AccountId;

        /// <summary>A server that enforces a limit with Cloudflare's headers, on the real clock.</summary>
        private static CniEmulator Limited(int quota, int windowSeconds) => new CniEmulator { RateLimit = new SandboxRateLimit(CfClock.Real, quota, windowSeconds) };

        [Fact]
        public async Task EveryAnswer_ErrorsIncluded_TellsTheBudgetWhatTheHeadersSay()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(Limited(quota: 60, windowSeconds: 300));
            RateBudget budget = harness.Connection.Executor.Budget;
            Assert.Equal(RateBudgetSource.Nothing, budget.Snapshot().Source);

            await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);
            RateBudgetSnapshot afterSuccess = budget.Snapshot();
            await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Interconnects().GetAsync(Account, "no-such-icon", TestCalls.Silent));
            RateBudgetSnapshot afterError = budget.Snapshot();

            Assert.Equal((RateBudgetSource.Headers, "default", 59, 60, TimeSpan.FromMinutes(5), 6), (afterSuccess.Source, afterSuccess.Policy, afterSuccess.Remaining, afterSuccess.Quota, afterSuccess.Window, afterSuccess.Reserve));
            Assert.Equal(58, afterError.Remaining);
            Assert.Equal(0, afterError.InFlight);
        }

        [Fact]
        public async Task ALimitCloudflareRaised_NeedsNoSetting_TheHeadersCarryIt()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(Limited(quota: 5000, windowSeconds: 300));

            await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);

            RateBudgetSnapshot snapshot = harness.Connection.Executor.Budget.Snapshot();
            Assert.Equal((4999, 5000, 500), (snapshot.Remaining, snapshot.Quota, snapshot.Reserve));
        }

        [Fact]
        public async Task AHoldLongerThanTheTimeout_FailsAtOnce_NothingSent_SayingWhenSendingResumes_AndHowToWait()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Timeout = TimeSpan.FromSeconds(5));
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 120));
            CfApiException answered = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));
            var clock = Stopwatch.StartNew();
            DateTimeOffset asked = DateTimeOffset.UtcNow;

            CfApiException held = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Cnis().GetAsync(Account, "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", TestCalls.Silent));

            // The 429 itself was an answer to a request that was sent; the next request is held, and says so.
            Assert.Equal((429, false), (answered.StatusCode, answered.NotSent));
            Assert.Equal((CfFailureKind.RateLimitHeld, 0, true), (held.Kind, held.StatusCode, held.NotSent));
            Assert.Single(harness.Requests);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
            Assert.InRange(held.RetryAt!.Value, asked.AddSeconds(115), asked.AddSeconds(121));
            Assert.InRange(held.RetryAfter!.Value, TimeSpan.FromSeconds(115), TimeSpan.FromSeconds(120));
            Assert.StartsWith("No request was sent for GET /accounts/" + Account + "/cni/cnis/6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b.", held.Message, StringComparison.Ordinal);
            Assert.Contains("Cloudflare answered 429 (Too Many Requests) to a request with this credential", held.Message);
            Assert.Contains("Sending is allowed again at " + RateBudgetHold.TimeOfDay(held.RetryAt.Value), held.Message);
            Assert.Contains("longer than this request may wait: it would leave too little of this request's time (-TimeoutSec 5)", held.Message);
            Assert.Contains("connect with Connect-CfAccount -WaitForRateLimit", held.Message);

            ErrorRecord record = CfErrors.FromApi(held, "target");
            Assert.Equal((CfErrors.RateLimited, ErrorCategory.LimitsExceeded, "target"), (record.FullyQualifiedErrorId, record.CategoryInfo.Category, record.TargetObject));
            Assert.Contains("Connect-CfAccount -WaitForRateLimit", record.ErrorDetails.RecommendedAction);
            Assert.Contains(RateBudgetHold.TimeOfDay(held.RetryAt.Value), record.ErrorDetails.RecommendedAction);

            // A sandbox's clock runs ahead of real time by every wait it skipped, so its time of day alone misleads: the
            // action gives the wait as a duration as well.
            Assert.StartsWith($"Try again in {RateBudgetHold.Duration(held.RetryAfter.Value)} (at ", record.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public async Task WithWaitForRateLimit_AHoldIsWaitedFor_HoweverLong_OutsideTheTimeout_WithVerboseAndProgress()
        {
            // On a sandbox's clock the two-minute wait takes no wall time; it counts as if it had, but not against -TimeoutSec.
            var clock = new CfVirtualClock();
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Timeout = TimeSpan.FromSeconds(5);
                o.WaitForRateLimit = true;
                o.Budget = RateBudgetRegistry.Isolated(clock);
            });
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 120));

            // The 429's Retry-After is past -TimeoutSec and -MaximumRetryWaitSec: its retry waits on the budget instead.
            CniSettings settings = await harness.Connection.Settings().GetAsync(Account, harness.Call);

            Assert.Equal(65000, settings.DefaultAsn);
            Assert.Equal(new[] { 429, 200 }, harness.Requests.Select(r => r.Status));
            Assert.Contains(harness.Observer.VerboseMessages, m => m.StartsWith("Retrying GET", StringComparison.Ordinal) && m.Contains("when the rate budget allows (retry 1 of"));
            Assert.True(clock.Skipped >= TimeSpan.FromSeconds(119), clock.Skipped.ToString());
            string held = Assert.Single(harness.Observer.VerboseMessages, m => m.Contains("by the rate budget"));
            Assert.Matches("^GET /accounts/" + Account + "/cni/settings: held (1 min 5[0-9] s|2 min) by the rate budget, until [0-9:]{8}\\. ", held);
            Assert.Contains("Cloudflare answered 429", held);
            Assert.Contains("paused until", held);
            RateBudgetHold progress = Assert.Single(harness.Observer.Holds);
            Assert.Equal(RateBudgetHoldReason.LockedOut, progress.Reason);
        }

        [Fact]
        public async Task AHoldThatWouldLeaveTooLittleOfTheTimeoutForTheAttempt_FailsAtOnce_NothingSent_NotAsAFalseMayHaveBeenCreated()
        {
            // -TimeoutSec 10: an attempt keeps at least 5 s of it. A 7 s hold would leave 3 s: too little, so nothing is
            // sent, and a create can say for certain that it did not happen (a timeout would have said it may have).
            var clock = new CfVirtualClock();
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Timeout = TimeSpan.FromSeconds(10);
                o.Budget = RateBudgetRegistry.Isolated(clock);
            });
            harness.Emulator.Faults.Enqueue(TestFaults.Stall("POST"));
            harness.Connection.Executor.Budget.PauseFor(TimeSpan.FromSeconds(7));

            CfApiException held = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Cnis().NewAsync(
                new CniNewBody { Account = Account, Interconnect = "icon-any", Magic = new MagicJson { ConduitName = "t", Mtu = 1500 } }, TestCalls.Silent));

            Assert.Equal((CfFailureKind.RateLimitHeld, true, false), (held.Kind, held.NotSent, held.MayHaveTakenEffect));
            Assert.Empty(harness.Requests);
            Assert.True(clock.Skipped < TimeSpan.FromSeconds(1), clock.Skipped.ToString());
            Assert.Contains("leave too little of this request's time (-TimeoutSec 10)", held.Message);

            // A 4 s hold leaves 6 s: it is waited for, and the request sent.
            harness.Connection.Executor.Budget.Forget();
            harness.Connection.Executor.Budget.PauseFor(TimeSpan.FromSeconds(4));
            CniSettings settings = await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);
            Assert.Equal(65000, settings.DefaultAsn);
            Assert.True(clock.Skipped >= TimeSpan.FromSeconds(3.9), clock.Skipped.ToString());
        }

        [Fact]
        public async Task ARetryAfterOfDecades_PausesAnHourAtMost_AndVerboseSaysSo()
        {
            var clock = new CfVirtualClock();
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Budget = RateBudgetRegistry.Isolated(clock));
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: int.MaxValue));

            CfApiException refused = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Settings().GetAsync(Account, harness.Call));

            Assert.Equal(429, refused.StatusCode);
            Assert.InRange(harness.Connection.Executor.Budget.PausedFor, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
            Assert.Contains(harness.Observer.VerboseMessages, m => m.Contains("Retry-After of 24855 days") && m.Contains("held for 1 h at most"));
        }

        [Fact]
        public async Task AShortTimeout_StillLetsABurstWaitForTheFirstAnswer_WhichComesLongBeforeTheHoldsNominalEnd()
        {
            // -TimeoutSec 1 leaves half a second to wait; the wait for the first answer is nominally 1 s but ends when the
            // answer comes (milliseconds on loopback). Refusing it for its nominal end would fail all but one request.
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Timeout = TimeSpan.FromSeconds(1);
                o.Budget = RateBudgetRegistry.Isolated(CfClock.Real);
            });

            CniSettings[] all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => harness.Connection.Settings().GetAsync(Account, TestCalls.Silent)));

            Assert.All(all, settings => Assert.Equal(65000, settings.DefaultAsn));
            Assert.Equal(8, harness.Requests.Count);
        }

        [Fact]
        public async Task AHoldWithinTheTimeout_IsWaitedFor_AndOnASandboxClock_TakesNoWallTime()
        {
            var clock = new CfVirtualClock();
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.Budget = RateBudgetRegistry.Isolated(clock));
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 20));
            var real = Stopwatch.StartNew();

            // The 429 is retried after its Retry-After (the retry policy's wait), by which time the pause is over.
            CniSettings settings = await harness.Connection.Settings().GetAsync(Account, harness.Call);

            Assert.Equal(65000, settings.DefaultAsn);
            Assert.Equal(new[] { 429, 200 }, harness.Requests.Select(r => r.Status));
            Assert.True(clock.Skipped >= TimeSpan.FromSeconds(19), clock.Skipped.ToString());
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(10), real.Elapsed.ToString());
            Assert.Contains(harness.Observer.VerboseMessages, m => m.StartsWith("Retrying GET", StringComparison.Ordinal) && m.Contains("in 20.0 s"));
        }

        [Fact]
        public async Task BackOffOnASandboxClock_TakesNoWallTime_ButCountsAgainstTheTimeout_AsInRealTime()
        {
            var clock = new CfVirtualClock();
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o =>
            {
                o.Budget = RateBudgetRegistry.Isolated(clock);
                o.Timeout = TimeSpan.FromSeconds(10);
                o.MaxRetries = 5;
                o.RetryBaseDelay = TimeSpan.FromSeconds(4);
                o.RetryMaxDelay = TimeSpan.FromSeconds(8);
            });
            harness.Emulator.Faults.Enqueue(TestFaults.ServerError(503, "GET"), 6);
            var real = Stopwatch.StartNew();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Settings().GetAsync(Account, TestCalls.Silent));

            // Waits of 2-4 s, then 4-8 s: within 10 s of request time at most two of them fit, as they would in real time.
            Assert.Equal(503, error.StatusCode);
            Assert.InRange(harness.Requests.Count, 2, 3);
            Assert.Contains("longer than what is left of the request's time (-TimeoutSec 10)", error.Message);
            Assert.True(clock.Skipped >= TimeSpan.FromSeconds(2), clock.Skipped.ToString());
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(2), real.Elapsed.ToString());
        }

        [Fact]
        public async Task ACallThatMayNotWait_FailsAtOnce_EvenOnAConnectionThatWaitsForTheBudget()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(configure: o => o.WaitForRateLimit = true);
            harness.Emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 60));
            harness.Connection.Executor.Budget.PauseFor(TimeSpan.FromSeconds(60));
            var completion = new CfCall(NullRequestObserver.Instance, System.Threading.CancellationToken.None, mayNotWait: true);
            var clock = Stopwatch.StartNew();

            CfApiException held = await Assert.ThrowsAsync<CfApiException>(() => harness.Connection.Interconnects().List(Account, new CloudflareCni.Api.Json.InterconnectListParams(), new CfPaging(null), completion).ReadAllAsync(System.Threading.CancellationToken.None));

            Assert.True(held.NotSent);
            Assert.Contains("Tab completion never waits", held.Message);
            Assert.Empty(harness.Requests);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        }

        [Fact]
        public async Task EveryAttempt_RetriesIncluded_IsCounted_AndWithoutHeadersTheProcessCountsItsOwn()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            harness.Emulator.Faults.Enqueue(TestFaults.ServerError(503, "GET"), 2);

            await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);

            RateBudgetSnapshot snapshot = harness.Connection.Executor.Budget.Snapshot();
            Assert.Equal(3, harness.Requests.Count);
            Assert.Equal((RateBudgetSource.LocalCount, 3, 1200, 120), (snapshot.Source, snapshot.SentInWindow, snapshot.Quota, snapshot.Reserve));
        }

        [Fact]
        public async Task EachSandbox_HasABudgetOfItsOwn_ThoughAllShareOneBaseUriAndNoRealCredential()
        {
            using Connections.CfConnection first = Connections.CfConnection.CreateSandbox(new CfClientOptions { Timeout = TimeSpan.FromSeconds(5) }, null);
            using Connections.CfConnection second = Connections.CfConnection.CreateSandbox(new CfClientOptions { Timeout = TimeSpan.FromSeconds(5) }, null);
            first.Sandbox!.RateLimit!.Quota = 1;
            await first.Settings().GetAsync(CniEmulator.SandboxAccountId, TestCalls.Silent);

            // One request used the first sandbox's quota: it is locked out for its window (300 s), and says so.
            CfApiException held = await Assert.ThrowsAsync<CfApiException>(() => first.Settings().GetAsync(CniEmulator.SandboxAccountId, TestCalls.Silent));
            CniSettings other = await second.Settings().GetAsync(CniEmulator.SandboxAccountId, TestCalls.Silent);

            Assert.Equal(first.Executor.BaseUri, second.Executor.BaseUri);
            Assert.True(held.NotSent, held.Message);
            Assert.Equal(1, first.Sandbox.RateLimit.Admitted);
            Assert.Equal(65000, other.DefaultAsn);
        }
    }
}
