using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// Sweeps of lookups through the budget against the sandbox's rate limit, simulated on a lock-step clock: each
    /// request takes a fixed latency, clients keep a fixed number in flight, and simulated time moves only when every
    /// request waits. So the runs are exact and repeatable, take milliseconds, and their times are simulated seconds.
    /// Every bound is checked against the least the budget allows, computed as the issue does:
    /// max(unpaced, (N - (r0 - reserve)) / (q - reserve) * w), with the unpaced time measured in the same simulation.
    /// </summary>
    public sealed class RateBudgetSweepTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper output;

        public RateBudgetSweepTests(Xunit.Abstractions.ITestOutputHelper output)
        {
            this.output = output;
        }

        private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);
        private static readonly Uri Api = new Uri("https://api.cloudflare.com/client/v4");

        private static TimeSpan Least(TimeSpan unpaced, int n, int r0, int quota, int windowSeconds)
        {
            int reserve = new RateBudgetSettings().ReserveFor(quota);
            var paced = TimeSpan.FromSeconds((double)(n - (r0 - reserve)) / (quota - reserve) * windowSeconds);
            return paced > unpaced ? paced : unpaced;
        }

        [Fact]
        public void OneClient_150LookupsAgainst60Per4s_GetEveryAnswer_NoTooMany_Within1Point2TimesTheLeast()
        {
            SweepResult unpaced = Sweep.Run(new Sweep { Items = 150, Paced = false, Enforced = false });
            SweepResult paced = Sweep.Run(new Sweep { Items = 150, Quota = 60, WindowSeconds = 4 });

            TimeSpan least = Least(unpaced.Duration, 150, r0: 60, quota: 60, windowSeconds: 4);
            output.WriteLine($"{paced.Duration.TotalSeconds:0.000} s simulated, least {least.TotalSeconds:0.000} s, ratio {paced.Duration.TotalSeconds / least.TotalSeconds:0.000}, unpaced {unpaced.Duration.TotalSeconds:0.000} s");
            Assert.Equal((150, 0), (paced.Served, paced.TooMany));
            Assert.True(paced.Duration <= TimeSpan.FromTicks((long)(least.Ticks * 1.2)), $"{paced.Duration.TotalSeconds:0.000} s, least {least.TotalSeconds:0.000} s");

            // Only the demand past the reserve waited (for a reset, and for the check that it happened), and the first burst
            // for the first answer (no credential check gave it here).
            Assert.Equal(
                new[] { RateBudgetHoldReason.Reserve, RateBudgetHoldReason.ConfirmingReset, RateBudgetHoldReason.AwaitingFirstAnswer },
                paced.HoldReasons.Distinct().OrderBy(r => r));
        }

        [Fact]
        public void WithoutTheBudget_TheSameSweepTripsTheLimit()
        {
            // The control: the sandbox's limit does refuse a sweep that ignores the headers, as the issue saw.
            SweepResult unpaced = Sweep.Run(new Sweep { Items = 150, Quota = 60, WindowSeconds = 4, Paced = false });

            Assert.Equal(150, unpaced.Served);
            Assert.True(unpaced.TooMany > 0);
        }

        [Fact]
        public void TwoClientsSharingOneBudget_GetEveryAnswer_NoTooMany_Within1Point2TimesTheLeast()
        {
            SweepResult unpaced = Sweep.Run(new Sweep { Clients = 2, Items = 75, Paced = false, Enforced = false });
            SweepResult paced = Sweep.Run(new Sweep { Clients = 2, Items = 75, Quota = 60, WindowSeconds = 4 });

            TimeSpan least = Least(unpaced.Duration, 150, r0: 60, quota: 60, windowSeconds: 4);
            output.WriteLine($"{paced.Duration.TotalSeconds:0.000} s simulated, least {least.TotalSeconds:0.000} s, ratio {paced.Duration.TotalSeconds / least.TotalSeconds:0.000}, unpaced {unpaced.Duration.TotalSeconds:0.000} s");
            Assert.Equal((150, 0), (paced.Served, paced.TooMany));
            Assert.True(paced.Duration <= TimeSpan.FromTicks((long)(least.Ticks * 1.2)), $"{paced.Duration.TotalSeconds:0.000} s, least {least.TotalSeconds:0.000} s");
        }

        [Fact]
        public void TwoProcessesOfOneUser_EachWithItsOwnBudget_StillGetEveryAnswer()
        {
            // Two processes cannot see each other's requests in flight, only the shared remaining count: the reserve is
            // what keeps them apart. They may trip the limit; what must hold is that every lookup is answered in the end.
            SweepResult separate = Sweep.Run(new Sweep { Clients = 2, Items = 75, Quota = 60, WindowSeconds = 4, SharedBudget = false });

            output.WriteLine($"{separate.TooMany} 429s, {separate.Duration.TotalSeconds:0.000} s simulated");
            Assert.Equal(150, separate.Served);
        }

        [Theory]
        [InlineData(150, 50)]
        [InlineData(1080, 100)]
        public void AFreshSweepWithinTheBudgetLessTheReserve_IsNeverHeld_AndTakesTheUnpacedTime(int items, int latencyMs)
        {
            // Cloudflare's figures: 1,200 per 5 minutes, 120 in reserve, so up to 1,080 go unpaced (the credential
            // check spent one of them); 16 in flight at 100 ms is 160 requests a second, under the per-IP cap; 150 at
            // 50 ms fits in the cap's first second.
            var latency = TimeSpan.FromMilliseconds(latencyMs);
            SweepResult unpaced = Sweep.Run(new Sweep { Items = items - 1, Latency = latency, Paced = false, Enforced = false });
            SweepResult paced = Sweep.Run(new Sweep { Items = items - 1, Latency = latency, CredentialChecked = true });

            Assert.Empty(paced.HoldReasons);
            Assert.Equal((items - 1, 0), (paced.Served, paced.TooMany));
            Assert.Equal(unpaced.Duration, paced.Duration);

            // Without a credential check (-SkipCredentialCheck), the first burst waits for the first answer: one round trip.
            SweepResult unchecked_ = Sweep.Run(new Sweep { Items = items - 1, Latency = latency });
            Assert.Equal(new[] { RateBudgetHoldReason.AwaitingFirstAnswer }, unchecked_.HoldReasons.Distinct());
            Assert.Equal((items - 1, 0), (unchecked_.Served, unchecked_.TooMany));
            Assert.InRange(unchecked_.Duration, unpaced.Duration, unpaced.Duration + latency);
        }

        [Fact]
        public void ASweepOnAPartlySpentBudget_GoesUnheldUpToWhatIsLeftLessTheReserve()
        {
            var sweep = new Sweep { Items = 30, Quota = 60, WindowSeconds = 4 };
            Sweep.Run(sweep);

            // Same window: 30 left, 6 in reserve, 24 go at once.
            SweepResult second = sweep.RunAgain(items: 24);
            Assert.Empty(second.HoldReasons);
            Assert.Equal(0, second.TooMany);

            SweepResult third = sweep.RunAgain(items: 1);
            Assert.Equal(RateBudgetHoldReason.Reserve, third.HoldReasons.First());
        }

        [Fact]
        public void ThePerIpCap_KeepsEverySecondAt200_AndAFastSweepTakesNoMoreThan1Point2TimesTheLeast()
        {
            var fast = TimeSpan.FromMilliseconds(10);
            SweepResult unpaced = Sweep.Run(new Sweep { Items = 1000, Latency = fast, Paced = false, Enforced = false });
            SweepResult capped = Sweep.Run(new Sweep { Items = 1000, Latency = fast, Quota = 1_000_000, WindowSeconds = 300 });

            Assert.Equal((1000, 0), (capped.Served, capped.TooMany));
            Assert.Equal(200, MostInAnyWindow(capped.SendTimes, TimeSpan.FromSeconds(1)));
            Assert.True(MostInAnyWindow(unpaced.SendTimes, TimeSpan.FromSeconds(1)) > 200);

            // 200 go at once, then 200 a second.
            TimeSpan least = TimeSpan.FromSeconds((1000 - 200) / 200.0);
            output.WriteLine($"{capped.Duration.TotalSeconds:0.000} s simulated, least {least.TotalSeconds:0.000} s, unpaced {unpaced.Duration.TotalSeconds:0.000} s");
            Assert.True(capped.Duration <= TimeSpan.FromTicks((long)(least.Ticks * 1.2)), $"{capped.Duration.TotalSeconds:0.000} s, least {least.TotalSeconds:0.000} s");
            Assert.Equal(new[] { RateBudgetHoldReason.PerIpCap, RateBudgetHoldReason.AwaitingFirstAnswer }, capped.HoldReasons.Distinct().OrderByDescending(r => r));
        }

        [Fact]
        public void WithoutHeaders_TheLocalCountHoldsOnlyPastTheDocumentedLimitLessTheReserve_AndNeverSpaces()
        {
            var latency = TimeSpan.FromMilliseconds(100);
            SweepResult unpaced = Sweep.Run(new Sweep { Items = 1100, Latency = latency, Paced = false, Enforced = false });
            SweepResult counted = Sweep.Run(new Sweep { Items = 1100, Latency = latency, SendsHeaders = false, CredentialChecked = true });

            // The credential check's answer had no headers: the local count decides from then on, and nothing else holds.
            Assert.Equal((1100, 0), (counted.Served, counted.TooMany));
            Assert.Equal(new[] { RateBudgetHoldReason.LocalCount }, counted.HoldReasons.Distinct());

            // With the check, the first 1,080 in the window went exactly when they would have without the budget; the
            // next one when the check (sent at 0) left the window.
            Assert.Equal(unpaced.SendTimes.Take(1079), counted.SendTimes.Take(1079));
            Assert.Equal(TimeSpan.FromMinutes(5), counted.SendTimes[1079]);
        }

        [Fact]
        public void AServerThatRoundsTheResetDown_TripsNothing_BecauseOneRequestChecksEachReset()
        {
            // t one second short of the truth: the budget believes each reset a second early, and its check finds the
            // old window still on (the reserve covers the check) instead of sending a burst into it.
            SweepResult unpaced = Sweep.Run(new Sweep { Items = 150, Paced = false, Enforced = false });
            SweepResult paced = Sweep.Run(new Sweep { Items = 150, Quota = 60, WindowSeconds = 4, ResetSecondsShift = -1 });

            TimeSpan least = Least(unpaced.Duration, 150, r0: 60, quota: 60, windowSeconds: 4);
            output.WriteLine($"{paced.Duration.TotalSeconds:0.000} s simulated, least {least.TotalSeconds:0.000} s");
            Assert.Equal((150, 0), (paced.Served, paced.TooMany));
            Assert.True(paced.Duration <= TimeSpan.FromTicks((long)(least.Ticks * 1.2)), $"{paced.Duration.TotalSeconds:0.000} s, least {least.TotalSeconds:0.000} s");
        }

        [Fact]
        public void AfterALockOut_TheSweepWaitsItOut_AndFinishesWithoutAnotherTooMany()
        {
            // A colleague tripped the limit: the first answer is a 429 with Retry-After 4.
            var sweep = new Sweep { Items = 100, Quota = 60, WindowSeconds = 4 };
            sweep.Prepare();
            for (int i = 0; i <= 60; i++)
            {
                sweep.Server!.Admit();
            }

            SweepResult result = sweep.RunAgain(items: 100);

            // Only the first request meets the lock-out (the others waited for its answer); none is sent while it lasts.
            Assert.Equal(100, result.Served);
            Assert.Equal(1, result.TooMany);
            Assert.Contains(RateBudgetHoldReason.LockedOut, result.HoldReasons);
            Assert.DoesNotContain(result.SendTimes, t => t > TimeSpan.Zero && t < TimeSpan.FromSeconds(4));
        }

        [Fact]
        public async Task OnASandboxsOwnClock_TwoClientsOnRealThreads_GetEveryAnswer_NoTooMany_AndTheWaitsCostNoWallTime()
        {
            // As a sandbox connection will run: the emulator's limit and the clients' budget on one virtual clock that
            // follows real time, real threads, requests as fast as the machine goes.
            var clock = new CfVirtualClock();
            var server = new SandboxRateLimit(clock, quota: 60, windowSeconds: 4);
            RateBudget budget = RateBudgetRegistry.Isolated(clock);
            int served = 0;
            int tooMany = 0;
            int next = 0;

            async Task Lane()
            {
                while (Interlocked.Increment(ref next) <= 150)
                {
                    while (true)
                    {
                        RateBudgetPermit permit = await budget.AcquireAsync(TimeSpan.MaxValue, null, null, CancellationToken.None);
                        await Task.Yield();
                        SandboxRateAnswer answer = server.Admit();
                        permit.Complete(
                            RateBudgetHeaders.Parse(answer.Headers.GetValueOrDefault("Ratelimit"), answer.Headers.GetValueOrDefault("Ratelimit-Policy")),
                            answer.Allowed ? 200 : 429,
                            answer.RetryAfterSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null);
                        if (answer.Allowed)
                        {
                            Interlocked.Increment(ref served);
                            break;
                        }

                        Interlocked.Increment(ref tooMany);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(Lane))).WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal((150, 0), (served, tooMany));

            // Two resets of the 4 s window were waited for, on the clock, not in wall time.
            Assert.True(clock.Skipped >= TimeSpan.FromSeconds(7), clock.Skipped.ToString());
        }

        private static int MostInAnyWindow(IReadOnlyList<TimeSpan> times, TimeSpan window)
        {
            List<TimeSpan> sorted = times.OrderBy(t => t).ToList();
            int most = 0;
            int start = 0;
            for (int end = 0; end < sorted.Count; end++)
            {
                while (sorted[end] - sorted[start] >= window)
                {
                    start++;
                }

                most = Math.Max(most, end - start + 1);
            }

            return most;
        }

        internal sealed class SweepResult
        {
            public TimeSpan Duration { get; set; }

            public int Served { get; set; }

            public int TooMany { get; set; }

            public List<RateBudgetHoldReason> HoldReasons { get; } = new List<RateBudgetHoldReason>();

            public List<TimeSpan> SendTimes { get; } = new List<TimeSpan>();
        }

        /// <summary>One simulated sweep: clients of one user, each with lanes that take the next item and look it up.</summary>
        internal sealed class Sweep
        {
            public int Clients { get; set; } = 1;

            public int Items { get; set; }

            public int Lanes { get; set; } = 16;

            public TimeSpan Latency { get; set; } = RateBudgetSweepTests.Latency;

            /// <summary>False: no budget; a 429 is waited out by the request that got it, and tried again.</summary>
            public bool Paced { get; set; } = true;

            /// <summary>True: the clients share one budget (one process); false: a budget each (two processes).</summary>
            public bool SharedBudget { get; set; } = true;

            public int Quota { get; set; } = RateBudgetSettings.CloudflareQuota;

            public int WindowSeconds { get; set; } = 300;

            public bool Enforced { get; set; } = true;

            public bool SendsHeaders { get; set; } = true;

            /// <summary>True: each budget has had one answer before the sweep, at the start, as Connect-CfAccount's credential check gives it.</summary>
            public bool CredentialChecked { get; set; }

            /// <summary>Added to the t the server sends (-1: a server that rounds the seconds to the reset down).</summary>
            public int ResetSecondsShift { get; set; }

            public LockstepClock? Clock { get; private set; }

            public SandboxRateLimit? Server { get; private set; }

            private RateBudget?[] budgets = Array.Empty<RateBudget?>();

            public static SweepResult Run(Sweep sweep)
            {
                sweep.Prepare();
                return sweep.RunAgain(sweep.Items);
            }

            /// <summary>Sets up the clock, the server and the budgets, once.</summary>
            public void Prepare()
            {
                if (Clock != null)
                {
                    return;
                }

                Clock = new LockstepClock();
                Server = new SandboxRateLimit(Clock, Quota, WindowSeconds) { Enforced = Enforced, SendsHeaders = SendsHeaders };
                CfCredential credential = CfCredential.FromToken("sweep-token-0123456789");
                var shared = new RateBudgetRegistry(Clock);
                budgets = Enumerable.Range(0, Clients)
                    .Select(_ => Paced ? (SharedBudget ? shared : new RateBudgetRegistry(Clock)).For(Api, credential) : null)
                    .ToArray();
                if (CredentialChecked)
                {
                    foreach (RateBudget budget in budgets.OfType<RateBudget>().Distinct())
                    {
                        RateBudgetPermit check = budget.TryAcquire().Permit!;
                        SandboxRateAnswer answer = Server.Admit();
                        check.Complete(RateBudgetHeaders.Parse(Value(answer, "Ratelimit"), Value(answer, "Ratelimit-Policy")), answer.Allowed ? 200 : 429);
                    }
                }
            }

            /// <summary>Another sweep of <paramref name="items"/> per client, on the same clock, server and budgets.</summary>
            public SweepResult RunAgain(int items)
            {
                Prepare();
                LockstepClock clock = Clock!;
                var result = new SweepResult();
                TimeSpan start = clock.Now;
                var participants = new List<Func<Task>>();
                for (int client = 0; client < Clients; client++)
                {
                    RateBudget? budget = budgets[client];
                    var next = new int[1];
                    for (int lane = 0; lane < Lanes; lane++)
                    {
                        participants.Add(() => Lane(clock, budget, next, items, result));
                    }
                }

                result.Duration = clock.Run(participants) - start;
                return result;
            }

            private async Task Lane(LockstepClock clock, RateBudget? budget, int[] next, int items, SweepResult result)
            {
                // Lanes run one at a time on the lock-step clock, so plain counters are safe.
                while (next[0] < items)
                {
                    next[0]++;
                    while (true)
                    {
                        RateBudgetPermit? permit = budget is null
                            ? null
                            : await budget.AcquireAsync(TimeSpan.MaxValue, hold => result.HoldReasons.Add(hold.Reason), null, CancellationToken.None);
                        result.SendTimes.Add(clock.Now);
                        await clock.DelayAsync(TimeSpan.FromTicks(Latency.Ticks / 2), CancellationToken.None);
                        SandboxRateAnswer answer = Server!.Admit();
                        await clock.DelayAsync(TimeSpan.FromTicks(Latency.Ticks / 2), CancellationToken.None);
                        TimeSpan? retryAfter = answer.RetryAfterSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                        permit?.Complete(
                            RateBudgetHeaders.Parse(Shifted(Value(answer, "Ratelimit")), Value(answer, "Ratelimit-Policy")),
                            answer.Allowed ? 200 : 429,
                            retryAfter);
                        if (answer.Allowed)
                        {
                            result.Served++;
                            break;
                        }

                        result.TooMany++;
                        if (budget is null)
                        {
                            await clock.DelayAsync(retryAfter ?? TimeSpan.FromSeconds(1), CancellationToken.None);
                        }
                    }
                }
            }

            private string? Shifted(string? ratelimit) =>
                ratelimit is null || ResetSecondsShift == 0
                    ? ratelimit
                    : System.Text.RegularExpressions.Regex.Replace(ratelimit, @"t=(\d+)", m => "t=" + Math.Max(0, int.Parse(m.Groups[1].Value) + ResetSecondsShift));

            private static string? Value(SandboxRateAnswer answer, string name) => answer.Headers.TryGetValue(name, out string? value) ? value : null;
        }
    }

    /// <summary>
    /// A clock for simulations. Participants run one at a time; when every one of them waits, time moves to the
    /// earliest wake-up (a wait whose answer has come wakes first, with no time passing). So a run is deterministic,
    /// and concurrent requests overlap in simulated time as they would in real time.
    /// </summary>
    internal sealed class LockstepClock : CfClock
    {
        private static readonly DateTimeOffset Origin = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        private readonly object gate = new object();
        private readonly List<Waiter> waiters = new List<Waiter>();
        private readonly List<Exception> failures = new List<Exception>();
        private TimeSpan now;
        private long sequence;
        private int running;
        private int alive;

        public override TimeSpan Now
        {
            get
            {
                lock (gate)
                {
                    return now;
                }
            }
        }

        public override bool IsVirtual => true;

        /// <summary>Simulated time past which a run is taken as a runaway.</summary>
        public TimeSpan Limit { get; set; } = TimeSpan.FromHours(2);

        public override DateTimeOffset ToWallClock(TimeSpan reading) => Origin + reading;

        public override Task WaitUntilAsync(TimeSpan until, Task? wakeEarly, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (gate)
            {
                if (until <= now || (wakeEarly != null && wakeEarly.IsCompleted))
                {
                    return Task.CompletedTask;
                }

                var waiter = new Waiter(until, wakeEarly, sequence++);
                waiters.Add(waiter);
                running--;
                Monitor.PulseAll(gate);
                return waiter.Released.Task;
            }
        }

        /// <summary>Runs the participants to their end; returns the clock's reading then.</summary>
        public TimeSpan Run(IEnumerable<Func<Task>> participants)
        {
            // Started one at a time, each running until it first waits, so that the order is always the same.
            foreach (Func<Task> participant in participants)
            {
                lock (gate)
                {
                    running++;
                    alive++;
                }

                Task.Run(() => Participate(participant));
                WaitForQuiet();
            }

            while (true)
            {
                WaitForQuiet();
                lock (gate)
                {
                    if (failures.Count > 0)
                    {
                        throw new AggregateException(failures);
                    }

                    if (alive == 0)
                    {
                        return now;
                    }

                    Waiter? next = waiters.Where(w => w.WakeEarly != null && w.WakeEarly.IsCompleted).OrderBy(w => w.Sequence).FirstOrDefault()
                        ?? waiters.OrderBy(w => w.Until).ThenBy(w => w.Sequence).FirstOrDefault();
                    if (next is null)
                    {
                        throw new InvalidOperationException("Participants are alive but none waits on the clock.");
                    }

                    if (!(next.WakeEarly != null && next.WakeEarly.IsCompleted) && next.Until > now)
                    {
                        now = next.Until;
                    }

                    if (now > Limit)
                    {
                        throw new InvalidOperationException($"The simulation ran past {Limit}: a runaway.");
                    }

                    waiters.Remove(next);
                    running++;
                    next.Released.SetResult(true);
                }
            }
        }

        private async Task Participate(Func<Task> participant)
        {
            try
            {
                await participant().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (gate)
                {
                    failures.Add(ex);
                }
            }
            finally
            {
                lock (gate)
                {
                    running--;
                    alive--;
                    Monitor.PulseAll(gate);
                }
            }
        }

        private void WaitForQuiet()
        {
            lock (gate)
            {
                while (running > 0)
                {
                    // Only a guard against a participant that blocks outside the clock; no run comes near it.
                    if (!Monitor.Wait(gate, TimeSpan.FromMinutes(1)))
                    {
                        throw new TimeoutException("A participant neither waited on the clock nor finished.");
                    }
                }
            }
        }

        private sealed class Waiter
        {
            public Waiter(TimeSpan until, Task? wakeEarly, long sequence)
            {
                Until = until;
                WakeEarly = wakeEarly;
                Sequence = sequence;
            }

            public TimeSpan Until { get; }

            public Task? WakeEarly { get; }

            public long Sequence { get; }

            public TaskCompletionSource<bool> Released { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
