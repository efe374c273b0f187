using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Time as the request pipeline waits on it: a monotonic reading, waits on that reading, and the wall-clock time a
    /// reading stands for (for messages). A real connection runs on <see cref="Real"/>; a sandbox connection and its
    /// emulator share one <see cref="CfVirtualClock"/>, on which a wait costs no wall time but still moves the clock, so
    /// that the sandbox's rate window resets when the client "waits" for it, and the wait stays visible in timestamps.
    /// </summary>
    internal abstract class CfClock
    {
        /// <summary>The longest single timer wait (Task.Delay takes at most int.MaxValue milliseconds).</summary>
        private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

        /// <summary>Wall-clock time, waits in real time.</summary>
        public static CfClock Real { get; } = new RealClock();

        /// <summary>The monotonic reading: never goes back, whatever the system clock does.</summary>
        public abstract TimeSpan Now { get; }

        /// <summary>True when waits cost no wall time (a sandbox's clock).</summary>
        public abstract bool IsVirtual { get; }

        /// <summary>The wall-clock time a reading of this clock stands for, for messages and timestamps.</summary>
        public abstract DateTimeOffset ToWallClock(TimeSpan reading);

        /// <summary>The wall-clock time now, on this clock.</summary>
        public DateTimeOffset WallNow => ToWallClock(Now);

        /// <summary>
        /// Waits until the clock reads at least <paramref name="until"/>, or less when <paramref name="wakeEarly"/>
        /// completes first: a wait for an answer that is on its way, which the clock cannot skip, since the answer
        /// comes in real time.
        /// </summary>
        public abstract Task WaitUntilAsync(TimeSpan until, Task? wakeEarly, CancellationToken cancellationToken);

        public Task WaitUntilAsync(TimeSpan until, CancellationToken cancellationToken) => WaitUntilAsync(until, null, cancellationToken);

        /// <summary>Waits <paramref name="delay"/> on this clock (retry back-off, for instance).</summary>
        public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            WaitUntilAsync(delay <= TimeSpan.Zero ? Now : Now + delay, null, cancellationToken);

        /// <summary>Waits in real time until <paramref name="remaining"/> says no time is left or <paramref name="wakeEarly"/> completes.</summary>
        private protected static async Task WaitInRealTimeAsync(Func<TimeSpan> remaining, Task? wakeEarly, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan left = remaining();
                if (left <= TimeSpan.Zero || (wakeEarly != null && wakeEarly.IsCompleted))
                {
                    return;
                }

                // A timer may fire a little early against the monotonic reading: the loop then waits the rest.
                TimeSpan step = left > LongestTimer ? LongestTimer : left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
                if (wakeEarly is null)
                {
                    await Task.Delay(step, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    Task delay = Task.Delay(step, timer.Token);
                    Task first = await Task.WhenAny(delay, wakeEarly).ConfigureAwait(false);

                    // Frees the timer when the answer came first.
                    timer.Cancel();
                    if (first == wakeEarly)
                    {
                        return;
                    }
                }
            }
        }

        private sealed class RealClock : CfClock
        {
            private readonly long origin = Stopwatch.GetTimestamp();

            public override TimeSpan Now => Elapsed(origin);

            public override bool IsVirtual => false;

            public override DateTimeOffset ToWallClock(TimeSpan reading) => DateTimeOffset.UtcNow + (reading - Now);

            public override Task WaitUntilAsync(TimeSpan until, Task? wakeEarly, CancellationToken cancellationToken) =>
                WaitInRealTimeAsync(() => until - Now, wakeEarly, cancellationToken);
        }

        /// <summary>The time since a <see cref="Stopwatch.GetTimestamp"/> reading.</summary>
        private protected static TimeSpan Elapsed(long timestamp) =>
            TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - timestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }

    /// <summary>
    /// A sandbox's clock (Connect-CfAccount -Sandbox, unless -SandboxRealTime): it runs along with real time (so that
    /// timestamps of requests some seconds apart are some seconds apart), and a wait for a time skips ahead to it at once. Skips only move the clock forward, and concurrent waits
    /// overlap as they would in real time: two requests that each wait 1 s from the same moment leave the clock 1 s
    /// later, not 2 s. A wait for an answer (<c>wakeEarly</c>) runs in real time, because the answer is on its way.
    /// Thread-safe.
    /// </summary>
    internal sealed class CfVirtualClock : CfClock
    {
        private readonly DateTimeOffset origin;
        private readonly long realOrigin = Stopwatch.GetTimestamp();
        private long skippedTicks;

        /// <param name="origin">The wall-clock time the reading zero stands for; now by default.</param>
        public CfVirtualClock(DateTimeOffset? origin = null)
        {
            this.origin = origin ?? DateTimeOffset.UtcNow;
        }

        public override TimeSpan Now => RealPart + TimeSpan.FromTicks(Interlocked.Read(ref skippedTicks));

        public override bool IsVirtual => true;

        /// <summary>The time skipped by waits so far: what the sandbox saved its user.</summary>
        public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref skippedTicks));

        private TimeSpan RealPart => Elapsed(realOrigin);

        public override DateTimeOffset ToWallClock(TimeSpan reading) => origin + reading;

        public override Task WaitUntilAsync(TimeSpan until, Task? wakeEarly, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (wakeEarly != null && !wakeEarly.IsCompleted && until > Now)
            {
                return WaitForAnswerAsync(until, wakeEarly, cancellationToken);
            }

            SkipTo(until);
            return Task.CompletedTask;
        }

        /// <summary>Moves the clock to <paramref name="until"/> unless it reads that already; never back.</summary>
        private void SkipTo(TimeSpan until)
        {
            long seen;
            while (true)
            {
                seen = Interlocked.Read(ref skippedTicks);

                // The real part is read after the skip, so a later reading (with a larger real part) stays at or past until.
                long needed = (until - RealPart).Ticks;
                if (needed <= seen || Interlocked.CompareExchange(ref skippedTicks, needed, seen) == seen)
                {
                    return;
                }
            }
        }

        private async Task WaitForAnswerAsync(TimeSpan until, Task wakeEarly, CancellationToken cancellationToken)
        {
            await WaitInRealTimeAsync(() => until - Now, wakeEarly, cancellationToken).ConfigureAwait(false);
            if (!wakeEarly.IsCompleted)
            {
                SkipTo(until);
            }
        }
    }
}
