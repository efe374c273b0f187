using System;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A clock that stands still between waits, for exact tests of what counts on a clock: a wait skips it to the time
    /// waited for at once, as a sandbox's clock skips, but without the real time a sandbox's clock also follows, and
    /// <see cref="Advance"/> moves it as a test says. Thread-safe; it never goes back.
    /// </summary>
    internal sealed class SteppedClock : CfClock
    {
        private readonly DateTimeOffset origin;
        private long ticks;

        public SteppedClock(DateTimeOffset origin)
        {
            this.origin = origin;
        }

        public override TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

        public override bool IsVirtual => true;

        public override DateTimeOffset ToWallClock(TimeSpan reading) => origin + reading;

        public override Task WaitUntilAsync(TimeSpan until, Task? wakeEarly, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long seen;
            while ((seen = Interlocked.Read(ref ticks)) < until.Ticks && Interlocked.CompareExchange(ref ticks, until.Ticks, seen) != seen)
            {
            }

            return Task.CompletedTask;
        }

        public void Advance(TimeSpan time) => Interlocked.Add(ref ticks, time.Ticks);
    }
}
