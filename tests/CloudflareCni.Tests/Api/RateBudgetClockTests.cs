using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// The clocks the budget counts on: the real one, and a sandbox's, on which waits cost no wall time but move the
    /// clock. No test here measures wall time; the guard timeouts only keep a broken build from hanging the run.
    /// </summary>
    public sealed class RateBudgetClockTests
    {
        private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);
        private static readonly DateTimeOffset Origin = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        // A sandbox's clock follows real time too, so its readings are checked as bounds: at least the time waited for,
        // and less than the time waited for plus the real time the test took.

        [Fact]
        public void AVirtualWait_IsOverWhenItReturns_AndTheClockReadsItsEnd()
        {
            var clock = new CfVirtualClock(Origin);
            var real = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan start = clock.Now;

            Task wait = clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None);

            Assert.True(wait.IsCompleted);
            Assert.InRange(clock.Now - start, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5) + real.Elapsed);
            TimeSpan now = clock.Now;
            Assert.Equal(Origin + now, clock.ToWallClock(now));
            Assert.InRange(clock.Skipped, TimeSpan.FromMinutes(5) - real.Elapsed, TimeSpan.FromMinutes(5));
        }

        [Fact]
        public void AVirtualClock_NeverGoesBack_AndWaitsFromOneReadingOverlap()
        {
            var clock = new CfVirtualClock(Origin);
            var real = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan start = clock.Now;

            // Two requests that each wait 1 min from the same moment: 1 min passes, not 2.
            clock.WaitUntilAsync(start + TimeSpan.FromMinutes(1), CancellationToken.None);
            clock.WaitUntilAsync(start + TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.InRange(clock.Now - start, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1) + real.Elapsed);

            // A wait for a time already past moves nothing.
            TimeSpan before = clock.Now;
            clock.WaitUntilAsync(start + TimeSpan.FromSeconds(1), CancellationToken.None);
            Assert.InRange(clock.Now - before, TimeSpan.Zero, real.Elapsed);
        }

        [Fact]
        public async Task ConcurrentVirtualWaits_AreSafe_EachSeesTheClockPastItsTarget_AndNeverBack()
        {
            var clock = new CfVirtualClock(Origin);
            long highest = 0;
            int violations = 0;

            Task[] workers = Enumerable.Range(0, 8).Select(seed => Task.Run(() =>
            {
                var random = new Random(seed);
                TimeSpan last = TimeSpan.Zero;
                for (int i = 0; i < 5000; i++)
                {
                    TimeSpan target = TimeSpan.FromMilliseconds(random.Next(1, 2_000_000));
                    clock.WaitUntilAsync(target, CancellationToken.None);
                    TimeSpan now = clock.Now;
                    if (now < target || now < last)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    last = now;
                    long seen;
                    while ((seen = Interlocked.Read(ref highest)) < target.Ticks && Interlocked.CompareExchange(ref highest, target.Ticks, seen) != seen)
                    {
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers).WaitAsync(Guard);

            Assert.Equal(0, violations);
            Assert.True(clock.Now >= TimeSpan.FromTicks(highest));
        }

        [Fact]
        public void AVirtualClockThatFollowsRealTime_StillSkipsWaits()
        {
            var clock = new CfVirtualClock(Origin);
            TimeSpan target = clock.Now + TimeSpan.FromHours(1);

            Task wait = clock.WaitUntilAsync(target, CancellationToken.None);

            Assert.True(wait.IsCompleted);
            Assert.True(clock.Now >= target);
            TimeSpan reading = clock.Now;
            Assert.True(reading >= clock.Skipped);
            Assert.Equal(Origin + reading, clock.ToWallClock(reading));
        }

        [Fact]
        public async Task AWaitForAnAnswer_OnAVirtualClock_EndsWithTheAnswer_WithoutSkippingTime()
        {
            var clock = new CfVirtualClock(Origin);
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            TimeSpan target = clock.Now + TimeSpan.FromHours(1);

            Task wait = clock.WaitUntilAsync(target, answer.Task, CancellationToken.None);
            Assert.False(wait.IsCompleted);

            answer.SetResult(true);
            await wait.WaitAsync(Guard);

            Assert.True(clock.Now < target);
            Assert.Equal(TimeSpan.Zero, clock.Skipped);
        }

        [Fact]
        public async Task ACancelledWait_Throws_OnEitherClock_WithoutMovingTheVirtualOne()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var virtualClock = new CfVirtualClock(Origin);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => virtualClock.DelayAsync(TimeSpan.FromHours(1), cancelled.Token));
            Assert.Equal(TimeSpan.Zero, virtualClock.Skipped);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CfClock.Real.DelayAsync(TimeSpan.FromHours(1), cancelled.Token).WaitAsync(Guard));
        }

        [Fact]
        public async Task ARealWait_HonoursCancellation_AndEndsEarlyOnAnAnswer()
        {
            using var stop = new CancellationTokenSource();
            Task waiting = CfClock.Real.DelayAsync(TimeSpan.FromHours(1), stop.Token);
            Assert.False(waiting.IsCompleted);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Guard));

            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task early = CfClock.Real.WaitUntilAsync(CfClock.Real.Now + TimeSpan.FromHours(1), answer.Task, CancellationToken.None);
            Assert.False(early.IsCompleted);
            answer.SetResult(true);
            await early.WaitAsync(Guard);
        }

        [Fact]
        public void TheRealClock_IsMonotonic_DoesNotWaitForThePast_AndMapsToWallClockTime()
        {
            TimeSpan first = CfClock.Real.Now;
            TimeSpan second = CfClock.Real.Now;

            Assert.True(second >= first);
            Assert.False(CfClock.Real.IsVirtual);
            Assert.True(CfClock.Real.WaitUntilAsync(first, CancellationToken.None).IsCompleted);

            // A conversion check, not a timing one: the reading now stands for the present, give or take the call.
            Assert.InRange(CfClock.Real.WallNow, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Equal(TimeSpan.FromMinutes(5), CfClock.Real.ToWallClock(first + TimeSpan.FromMinutes(5)) - CfClock.Real.ToWallClock(first), new TimeSpanTolerance(TimeSpan.FromSeconds(1)));
        }

        private sealed class TimeSpanTolerance : System.Collections.Generic.IEqualityComparer<TimeSpan>
        {
            private readonly TimeSpan tolerance;

            public TimeSpanTolerance(TimeSpan tolerance)
            {
                this.tolerance = tolerance;
            }

            public bool Equals(TimeSpan x, TimeSpan y) => (x - y).Duration() <= tolerance;

            public int GetHashCode(TimeSpan obj) => 0;
        }
    }
}
