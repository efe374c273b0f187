using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// The budget's decisions, step by step on a clock that stands still between waits: the reserve, several policies,
    /// the check at a reset, answers out of order, the local count, the 429 pause, the per-IP cap, the "may not wait"
    /// mode, what a hold says, and who shares a budget.
    /// </summary>
    public sealed class RateBudgetTests
    {
        private static readonly DateTimeOffset Origin = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        private static readonly Uri Api = new Uri("https://api.cloudflare.com/client/v4");

        /// <summary>A budget on a still clock, with the per-IP cap out of the way unless a test is about it.</summary>
        private static (RateBudget Budget, SteppedClock Clock) NewBudget(int perIpLimit = 1_000_000)
        {
            var clock = new SteppedClock(Origin);
            return (new RateBudget(clock, new RateBudgetSettings(), new RateBudgetPerIpCap("the sandbox", perIpLimit, TimeSpan.FromSeconds(1))), clock);
        }

        private static RateBudgetPermit Take(RateBudget budget)
        {
            RateBudgetDecision decision = budget.TryAcquire();
            Assert.True(decision.Permit != null, decision.Hold?.Describe());
            return decision.Permit!;
        }

        private static RateBudgetHold Held(RateBudget budget)
        {
            RateBudgetDecision decision = budget.TryAcquire();
            Assert.Null(decision.Permit);
            return decision.Hold!;
        }

        private static void Answer(RateBudgetPermit permit, string? ratelimit, string? policy = "\"default\";q=60;w=4", int status = 200, TimeSpan? retryAfter = null, TimeSpan? pauseIfUnsaid = null) =>
            permit.Complete(RateBudgetHeaders.Parse(ratelimit, policy), status, retryAfter, pauseIfUnsaid);

        [Fact]
        public void BeforeTheFirstAnswer_OneRequestGoes_AndTheRestWaitForItsAnswer_WhichMayBringThePolicy()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            RateBudgetPermit first = Take(budget);

            // Nothing is known of the budget yet: a burst would go out blind, past a reserve the headers may show is reached.
            RateBudgetHold waiting = Held(budget);
            Assert.Equal(RateBudgetHoldReason.AwaitingFirstAnswer, waiting.Reason);
            Assert.NotNull(waiting.WakeEarly);
            Assert.False(waiting.WakeEarly!.IsCompleted);
            Assert.Contains("no answer has told", waiting.Why, StringComparison.OrdinalIgnoreCase);

            // Its answer wakes the others, and its headers decide: 8 left, 6 kept in reserve, so 2 go.
            clock.Advance(TimeSpan.FromMilliseconds(40));
            Answer(first, "\"default\";r=8;t=4");
            Assert.True(waiting.WakeEarly.IsCompleted);
            Take(budget);
            Take(budget);
            Assert.Equal(RateBudgetHoldReason.Reserve, Held(budget).Reason);
        }

        [Fact]
        public void BeforeTheFirstAnswer_AFirstRequestThatFails_LetsTheNextGo_AndAnAnswerWithoutHeaders_FallsBackToTheLocalCountAtOnce()
        {
            (RateBudget budget, _) = NewBudget();
            Take(budget).Fail(mayHaveReachedServer: false);
            RateBudgetPermit second = Take(budget);
            Assert.Equal(RateBudgetHoldReason.AwaitingFirstAnswer, Held(budget).Reason);

            // No headers: the local count decides from the first answer on, and never spaces requests.
            Answer(second, null, null);
            for (int i = 0; i < 100; i++)
            {
                Take(budget);
            }
        }

        [Fact]
        public void AHoldNeverLastsLongerThanAnHour_WhateverTheHeadersSay()
        {
            // A bad header (t or Retry-After of 2^31 - 1 seconds) would hold for 68 years; Cloudflare's lock-out is 5 minutes.
            (RateBudget reserve, _) = NewBudget();
            Answer(Take(reserve), "\"default\";r=0;t=2147483647", "\"default\";q=60;w=2147483647");
            Assert.Equal((RateBudgetHoldReason.Reserve, TimeSpan.FromHours(1)), (Held(reserve).Reason, Held(reserve).Until));

            (RateBudget paused, _) = NewBudget();
            Answer(Take(paused), null, null, status: 429, retryAfter: TimeSpan.FromSeconds(int.MaxValue));
            Assert.Equal((RateBudgetHoldReason.LockedOut, TimeSpan.FromHours(1)), (Held(paused).Reason, Held(paused).Until));
            paused.PauseFor(TimeSpan.FromDays(3));
            Assert.Equal(TimeSpan.FromHours(1), paused.PausedFor);

            // Counting locally against a quota whose window the headers gave as decades: held at most an hour too.
            (RateBudget local, SteppedClock clock) = NewBudget();
            Answer(Take(local), null, "\"default\";q=10;w=2147483647");
            for (int i = 1; i < 5; i++)
            {
                Answer(Take(local), null, null);
            }

            RateBudgetHold counted = Held(local);
            Assert.Equal(RateBudgetHoldReason.LocalCount, counted.Reason);
            Assert.True(counted.Until <= TimeSpan.FromHours(1), counted.Until.ToString());
        }

        [Fact]
        public void AFreshBudget_LetsTheDocumentedQuotaLessTheReserveGoAtOnce_ThenHoldsUntilTheFirstLeavesTheWindow()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();

            // An answer without headers: the process counts against Cloudflare's documented 1,200 per 5 minutes, 120 kept in reserve.
            Answer(Take(budget), null, null);
            for (int i = 1; i < 1080; i++)
            {
                Take(budget);
            }

            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.LocalCount, hold.Reason);
            Assert.Equal(TimeSpan.FromMinutes(5), hold.Until);
            Assert.Equal(RateBudgetSource.LocalCount, hold.Budget.Source);
            Assert.Equal((1080, 1200, 120), (hold.Budget.SentInWindow, hold.Budget.Quota, hold.Budget.Reserve));

            clock.Advance(TimeSpan.FromMinutes(5));
            Take(budget);
        }

        [Fact]
        public void WithoutHeaders_TheLocalCountNeverSpaces_ItHoldsOnlyPastTheLimit()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            var sentAt = new List<TimeSpan>();

            // One request every 100 ms, each answered without headers: all 1,080 go the moment they are asked for.
            for (int i = 0; i < 1080; i++)
            {
                RateBudgetPermit permit = Take(budget);
                sentAt.Add(permit.SentAt);
                clock.Advance(TimeSpan.FromMilliseconds(100));
                Answer(permit, null, null);
            }

            Assert.Equal(Enumerable.Range(0, 1080).Select(i => TimeSpan.FromMilliseconds(100 * i)), sentAt);
            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.LocalCount, hold.Reason);

            // Sliding: the first request leaves the window 5 minutes after it was sent, and one more may go.
            Assert.Equal(TimeSpan.FromMinutes(5), hold.Until);
            clock.WaitUntilAsync(hold.Until, CancellationToken.None);
            Take(budget);
            Assert.Equal(RateBudgetHoldReason.LocalCount, Held(budget).Reason);
        }

        [Fact]
        public void WithHeaders_RequestsGoWhileRemainingLessInFlightStaysAboveTheReserve_ThenWaitForTheReset()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            RateBudgetPermit first = Take(budget);
            clock.Advance(TimeSpan.FromMilliseconds(50));
            Answer(first, "\"default\";r=10;t=4");

            // 10 left, 6 of 60 kept in reserve: 4 may go; with 4 in flight, the fifth waits for the reset.
            RateBudgetPermit[] four = Enumerable.Range(0, 4).Select(_ => Take(budget)).ToArray();
            RateBudgetHold hold = Held(budget);

            Assert.Equal(RateBudgetHoldReason.Reserve, hold.Reason);
            Assert.Equal(TimeSpan.FromMilliseconds(50) + TimeSpan.FromSeconds(4), hold.Until);
            Assert.Equal(("default", 10, 60, 6, 4), (hold.Budget.Policy, hold.Budget.Remaining, hold.Budget.Quota, hold.Budget.Reserve, hold.Budget.InFlight));
            Assert.Contains("10 of 60 requests left (policy 'default', 6 kept in reserve)", hold.Describe());

            // Their answers change nothing: each takes one from the remaining count as it leaves the in-flight count.
            int left = 10;
            foreach (RateBudgetPermit permit in four)
            {
                Answer(permit, $"\"default\";r={--left};t=4");
                Assert.Equal(RateBudgetHoldReason.Reserve, Held(budget).Reason);
            }
        }

        [Fact]
        public void SeveralPolicies_TheMostRestrictiveHolds()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=1000;t=200, \"burst\";r=12;t=30", "\"default\";q=1200;w=300, \"burst\";q=100;w=60");

            // default: 1,000 left, 120 in reserve. burst: 12 left, 10 in reserve, so 2 may go.
            Take(budget);
            Take(budget);
            RateBudgetHold hold = Held(budget);

            Assert.Equal(RateBudgetHoldReason.Reserve, hold.Reason);
            Assert.Equal("burst", hold.Budget.Policy);
            Assert.Equal(TimeSpan.FromSeconds(30), hold.Until);

            // The other way round: default is the one nearly spent, and its later reset decides.
            (RateBudget other, _) = NewBudget();
            Answer(Take(other), "\"default\";r=120;t=200, \"burst\";r=90;t=30", "\"default\";q=1200;w=300, \"burst\";q=100;w=60");
            RateBudgetHold otherHold = Held(other);
            Assert.Equal(("default", TimeSpan.FromSeconds(200)), (otherHold.Budget.Policy, otherHold.Until));

            // And the snapshot of a budget that holds nothing shows the policy closest to holding.
            (RateBudget free, _) = NewBudget();
            Answer(Take(free), "\"default\";r=1000;t=200, \"burst\";r=40;t=30", "\"default\";q=1200;w=300, \"burst\";q=100;w=60");
            Assert.Equal("burst", free.Snapshot().Policy);
        }

        [Fact]
        public void AtTheReset_OneRequestChecksIt_TheOthersWaitForItsAnswer()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=6;t=4");
            RateBudgetHold reserve = Held(budget);
            clock.WaitUntilAsync(reserve.Until, CancellationToken.None);

            RateBudgetPermit probe = Take(budget);
            RateBudgetHold waiting = Held(budget);
            Assert.Equal(RateBudgetHoldReason.ConfirmingReset, waiting.Reason);
            Assert.NotNull(waiting.WakeEarly);
            Assert.False(waiting.WakeEarly!.IsCompleted);

            clock.Advance(TimeSpan.FromMilliseconds(50));
            Answer(probe, "\"default\";r=59;t=4");

            Assert.True(waiting.WakeEarly.IsCompleted);
            Take(budget);
            Assert.Equal((59, true), (budget.Snapshot().Remaining, budget.Snapshot().IsCurrent));
        }

        [Fact]
        public void WhenTheCheckFindsTheOldWindowStillOn_TheBudgetHoldsUntilItsNewReset()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=6;t=4");
            clock.WaitUntilAsync(Held(budget).Until, CancellationToken.None);

            // A server that rounds t down said 4 where 5 was meant: the reserve absorbs the check, and the answer tells the truth.
            RateBudgetPermit probe = Take(budget);
            Answer(probe, "\"default\";r=5;t=1");

            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.Reserve, hold.Reason);
            Assert.Equal(clock.Now + TimeSpan.FromSeconds(1), hold.Until);
        }

        [Fact]
        public void AnswersOutOfOrder_NeverRaiseTheRemainingCount_AndALateAnswerFromAnEndedWindowIsIgnored()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=30;t=4");
            RateBudgetPermit early = Take(budget);
            RateBudgetPermit late = Take(budget);
            clock.Advance(TimeSpan.FromMilliseconds(50));

            // The later request's answer (20 left) arrives before the earlier one's (25 left).
            Answer(late, "\"default\";r=20;t=4");
            Answer(early, "\"default\";r=25;t=4");
            Assert.Equal(20, budget.Snapshot().Remaining);

            // A new window, then a straggler from the old one.
            RateBudgetPermit straggler = Take(budget);
            clock.Advance(TimeSpan.FromSeconds(4));
            RateBudgetPermit fresh = Take(budget);
            clock.Advance(TimeSpan.FromMilliseconds(50));
            Answer(fresh, "\"default\";r=59;t=4");
            Answer(straggler, "\"default\";r=3;t=1");

            Assert.Equal(59, budget.Snapshot().Remaining);
        }

        [Fact]
        public void AReserveHoldCausedByRequestsInFlight_LiftsAsTheirAnswersArrive_NotAtTheReset()
        {
            // 32 requests sent at a window's start (two runspaces of 16): the first answer says 27 left, which already counts
            // the other 31, so 27 - 31 in flight - 6 in reserve holds. Their answers free the room: the hold must lift then,
            // not a whole window later (a two-runspace sweep took 12.4 s instead of 8.4 s when it did not).
            (RateBudget budget, SteppedClock clock) = NewBudget();

            // An earlier answer without headers (a proxy's, say) lets them all go at once.
            Answer(Take(budget), null, null);
            var flying = new List<RateBudgetPermit>();
            for (int i = 0; i < 32; i++)
            {
                flying.Add(Take(budget));
            }

            clock.Advance(TimeSpan.FromMilliseconds(50));
            Answer(flying[0], "\"default\";r=27;t=4");
            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.Reserve, hold.Reason);
            Assert.NotNull(hold.WakeEarly);

            foreach (RateBudgetPermit permit in flying.Skip(1))
            {
                Answer(permit, "\"default\";r=28;t=4");
            }

            Assert.True(hold.WakeEarly!.IsCompleted);
            for (int i = 0; i < 27 - 6; i++)
            {
                Take(budget);
            }

            Assert.Equal(RateBudgetHoldReason.Reserve, Held(budget).Reason);
        }

        [Fact]
        public void AnAnswerFromTheOldWindow_ReadOnlyAfterTheResetWasConfirmed_DoesNotSpendTheNewWindow()
        {
            // Sent early in a window (so its t is a whole window), answered as the window ran out, but read late: its thread was busy
            // while the reset came and the check of it was answered. Read as part of the new window, it would hold a
            // whole window for nothing (as two runspaces on two cores showed).
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=59;t=4");
            RateBudgetPermit readLate = Take(budget);
            for (int i = 0; i < 51; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                Answer(Take(budget), $"\"default\";r={57 - i};t=4");
            }

            clock.WaitUntilAsync(Held(budget).Until, CancellationToken.None);
            RateBudgetPermit probe = Take(budget);
            clock.Advance(TimeSpan.FromMilliseconds(50));
            Answer(probe, "\"default\";r=59;t=4");
            Answer(readLate, "\"default\";r=7;t=4");

            Assert.Equal(59, budget.Snapshot().Remaining);
            for (int i = 0; i < 53; i++)
            {
                Take(budget);
            }
        }

        [Fact]
        public void ARequestWhoseAnswerHasNoFigures_CountsAsSpent_UnlessItNeverReachedTheServer()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=40;t=4");

            Answer(Take(budget), null, null);
            Assert.Equal(39, budget.Snapshot().Remaining);

            Take(budget).Dispose();
            Assert.Equal(38, budget.Snapshot().Remaining);

            Take(budget).Fail(mayHaveReachedServer: false);
            Assert.Equal((38, 0), (budget.Snapshot().Remaining, budget.Snapshot().InFlight));

            // Reporting twice changes nothing.
            RateBudgetPermit twice = Take(budget);
            Answer(twice, "\"default\";r=37;t=4");
            twice.Dispose();
            Assert.Equal(37, budget.Snapshot().Remaining);
        }

        [Fact]
        public void AQuotaLearnedFromTheHeaders_IsWhatTheLocalCountHoldsTo_WhenTheHeadersStop()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=99;t=60", "\"default\";q=100;w=60");
            clock.Advance(TimeSpan.FromSeconds(61));

            // Past the reset the check goes out, and its answer has no headers (a proxy now strips them).
            Answer(Take(budget), null, null);

            // 100 per 60 s, 10 in reserve: 90 within the sliding minute, the check among them (the first request has left it).
            for (int i = 0; i < 89; i++)
            {
                Take(budget);
            }

            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.LocalCount, hold.Reason);
            Assert.Equal((RateBudgetSource.LocalCount, 100, TimeSpan.FromSeconds(60), 90), (hold.Budget.Source, hold.Budget.Quota, hold.Budget.Window, hold.Budget.SentInWindow));
            Assert.Equal(TimeSpan.FromSeconds(61 + 60), hold.Until);
        }

        [Fact]
        public void A429_PausesTheCredential_ForItsRetryAfter_ThenOneRequestChecks()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=0;t=300", status: 429, retryAfter: TimeSpan.FromSeconds(300));

            RateBudgetHold hold = Held(budget);
            Assert.Equal((RateBudgetHoldReason.LockedOut, TimeSpan.FromSeconds(300)), (hold.Reason, hold.Until));
            Assert.Equal(TimeSpan.FromSeconds(300), budget.PausedFor);
            Assert.Equal(Origin.AddSeconds(300), budget.Snapshot().PausedUntil);
            Assert.Equal(1, budget.Snapshot().TooManyRequests);
            Assert.Contains("paused until", budget.Snapshot().Describe());

            clock.Advance(TimeSpan.FromSeconds(300));
            Assert.Equal(TimeSpan.Zero, budget.PausedFor);
            Take(budget);
            Assert.Equal(RateBudgetHoldReason.ConfirmingReset, Held(budget).Reason);
        }

        [Theory]
        [InlineData("\"default\";r=0;t=120", null, 120)]
        [InlineData(null, 7.0, 7)]
        [InlineData(null, null, 1)]
        public void A429WithoutRetryAfter_PausesForTheHeadersReset_ElseTheCallersBackOff_ElseOneSecond(string? ratelimit, double? backOffSeconds, int expectedSeconds)
        {
            (RateBudget budget, _) = NewBudget();
            Answer(Take(budget), ratelimit, status: 429, pauseIfUnsaid: backOffSeconds is double b ? TimeSpan.FromSeconds(b) : (TimeSpan?)null);

            Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), budget.PausedFor);
        }

        [Fact]
        public async Task MayNotWait_GivesUpAtOnce_SendingNothing_AndSaysWhenAndWhy()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=0;t=300", status: 429, retryAfter: TimeSpan.FromSeconds(300));
            var seen = new List<RateBudgetHold>();

            RateBudgetHeldException error = await Assert.ThrowsAsync<RateBudgetHeldException>(() =>
                budget.AcquireAsync(TimeSpan.Zero, seen.Add, "To wait for it instead, use -WaitForRateLimit.", CancellationToken.None));

            Assert.Equal(TimeSpan.Zero, clock.Now);
            Assert.Empty(seen);
            Assert.Equal(0, budget.Snapshot().InFlight);
            Assert.Equal(RateBudgetHoldReason.LockedOut, error.Hold.Reason);
            Assert.StartsWith("No request was sent. Cloudflare answered 429", error.Message);
            Assert.Contains($"Sending is allowed again at {Origin.AddSeconds(300).ToLocalTime():yyyy-MM-dd HH:mm:ss} (in 5 min).", error.Message);
            Assert.EndsWith("To wait for it instead, use -WaitForRateLimit.", error.Message);
        }

        [Fact]
        public async Task AcquireAsync_WaitsOnTheClockWithinItsLimit_AndGivesUpAtOnceBeyondIt()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Answer(Take(budget), "\"default\";r=6;t=4");
            var seen = new List<RateBudgetHold>();

            await Assert.ThrowsAsync<RateBudgetHeldException>(() => budget.AcquireAsync(TimeSpan.FromSeconds(3), seen.Add, null, CancellationToken.None));
            Assert.Equal(TimeSpan.Zero, clock.Now);

            RateBudgetPermit permit = await budget.AcquireAsync(TimeSpan.FromSeconds(60), seen.Add, null, CancellationToken.None);

            Assert.Equal(TimeSpan.FromSeconds(4), permit.SentAt);
            Assert.Equal(RateBudgetHoldReason.Reserve, Assert.Single(seen).Reason);
        }

        [Fact]
        public async Task AcquireAsync_HonoursCancellation()
        {
            (RateBudget budget, _) = NewBudget();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.AcquireAsync(TimeSpan.MaxValue, null, null, cancelled.Token));
            Assert.Equal(RateBudgetSource.Nothing, budget.Snapshot().Source);
        }

        [Fact]
        public void ThePerIpCap_LetsABurstUpToTheLimitGo_ThenHoldsUntilTheOldestLeavesTheSecond()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget(perIpLimit: 200);
            for (int i = 0; i < 200; i++)
            {
                Answer(Take(budget), null, null);
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            RateBudgetHold hold = Held(budget);
            Assert.Equal(RateBudgetHoldReason.PerIpCap, hold.Reason);
            Assert.Equal(TimeSpan.FromSeconds(1), hold.Until);
            Assert.Contains("200 requests to the sandbox within 1 s", hold.Describe());

            clock.WaitUntilAsync(hold.Until, CancellationToken.None);
            Take(budget);
            Assert.Equal(RateBudgetHoldReason.PerIpCap, Held(budget).Reason);
        }

        [Fact]
        public void TheRegistry_SharesABudgetPerCredentialAndApi_AndThePerIpCapPerHost()
        {
            var clock = new SteppedClock(Origin);
            var registry = new RateBudgetRegistry(clock);
            CfCredential alice = CfCredential.FromToken("alice-token-0123456789");
            CfCredential bob = CfCredential.FromToken("bob-token-0123456789");

            RateBudget shared = registry.For(Api, alice);
            Assert.Same(shared, registry.For(new Uri("https://api.cloudflare.com/client/v4"), CfCredential.FromToken("alice-token-0123456789")));
            Assert.NotSame(shared, registry.For(Api, bob));
            Assert.NotSame(shared, registry.For(new Uri("https://api.example.test/client/v4"), alice));

            // A 429 to one runspace's request pauses the other's, as the shared gate did.
            Answer(Take(shared), null, null, status: 429, retryAfter: TimeSpan.FromSeconds(30));
            Assert.Equal(RateBudgetHoldReason.LockedOut, Held(registry.For(Api, alice)).Reason);
            Answer(Take(registry.For(Api, bob)), null, null);

            // Bob's request and 198 more to the same host reach Cloudflare's 200 per second; another host has its own.
            for (int i = 0; i < 198; i++)
            {
                Take(registry.For(Api, bob)).Dispose();
            }

            Assert.Equal(RateBudgetHoldReason.PerIpCap, Held(registry.For(Api, bob)).Reason);
            Take(registry.For(new Uri("https://api.example.test/client/v4"), bob));
        }

        [Fact]
        public void EachSandbox_HasABudgetOfItsOwn()
        {
            var clock = new SteppedClock(Origin);
            RateBudget one = RateBudgetRegistry.Isolated(clock);
            RateBudget two = RateBudgetRegistry.Isolated(clock);

            Answer(Take(one), null, null, status: 429, retryAfter: TimeSpan.FromMinutes(5));

            Assert.Equal(RateBudgetHoldReason.LockedOut, Held(one).Reason);
            Take(two);
        }

        [Fact]
        public void TheSnapshot_SaysWhereItsFiguresComeFrom()
        {
            (RateBudget budget, SteppedClock clock) = NewBudget();
            Assert.Equal("no request sent yet", budget.Snapshot().Describe());

            RateBudgetPermit permit = Take(budget);
            Assert.Equal(RateBudgetSource.LocalCount, budget.Snapshot().Source);
            Assert.Equal("counted here, as answers carry no rate-limit headers: 1 request sent in the last 5 min, of 1,200 allowed (120 kept in reserve)", budget.Snapshot().Describe());

            clock.Advance(TimeSpan.FromSeconds(1));
            Answer(permit, "\"default\";r=1199;t=299", "\"default\";q=1200;w=300");
            RateBudgetSnapshot snapshot = budget.Snapshot();
            Assert.Equal((RateBudgetSource.Headers, "default", 1199, 1200, TimeSpan.FromMinutes(5), 120), (snapshot.Source, snapshot.Policy, snapshot.Remaining, snapshot.Quota, snapshot.Window, snapshot.Reserve));
            Assert.Equal((Origin.AddSeconds(300), Origin.AddSeconds(1), true), (snapshot.ResetsAt, snapshot.ObservedAt, snapshot.IsCurrent));

            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.False(budget.Snapshot().IsCurrent);
            Assert.Contains("the window last seen reset at", budget.Snapshot().Describe());
        }

        [Theory]
        [InlineData(1200, 120)]
        [InlineData(60, 6)]
        [InlineData(100, 10)]
        [InlineData(20, 5)]
        [InlineData(6, 3)]
        [InlineData(2, 1)]
        [InlineData(1, 0)]
        public void TheReserve_IsATenthOfTheQuota_AtLeastFive_AtMostHalf(int quota, int reserve)
        {
            Assert.Equal(reserve, new RateBudgetSettings().ReserveFor(quota));
        }
    }
}
