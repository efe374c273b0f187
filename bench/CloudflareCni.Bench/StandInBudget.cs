using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace CloudflareCni.Bench
{
    /// <summary>
    /// Cloudflare's per-user rate limit as the stand-in server enforces it, written apart from the module's sandbox so
    /// that the module is measured against an independent reading of Cloudflare's documentation: a quota per fixed
    /// window (the window starts with the first request after the last one, or a lock-out, ended); past the quota a 429
    /// with Retry-After, and every request refused until a lock-out as long as the window ends; every answer carries
    /// <c>Ratelimit: "default";r=&lt;left&gt;;t=&lt;seconds to reset&gt;</c> and
    /// <c>Ratelimit-Policy: "default";q=&lt;quota&gt;;w=&lt;window&gt;</c>, seconds rounded up. Thread-safe.
    /// </summary>
    internal sealed class StandInBudget
    {
        private readonly object gate = new object();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private TimeSpan? windowEnds;
        private TimeSpan? lockedUntil;
        private int used;
        private long admitted;
        private long refused;

        public StandInBudget(int quota, int windowSeconds)
        {
            Quota = quota;
            WindowSeconds = windowSeconds;
        }

        public int Quota { get; }

        public int WindowSeconds { get; }

        public long Admitted => Interlocked.Read(ref admitted);

        public long Refused => Interlocked.Read(ref refused);

        /// <summary>The answer's headers for one request, and whether it is served (else: 429 with the Retry-After given).</summary>
        public (bool Allowed, string Ratelimit, string Policy, int? RetryAfter) Admit()
        {
            lock (gate)
            {
                TimeSpan now = clock.Elapsed;
                string policy = string.Format(CultureInfo.InvariantCulture, "\"default\";q={0};w={1}", Quota, WindowSeconds);
                if (lockedUntil is TimeSpan locked && now < locked)
                {
                    return Refuse(locked - now, policy);
                }

                if (lockedUntil != null || windowEnds is null || now >= windowEnds.Value)
                {
                    lockedUntil = null;
                    windowEnds = now + TimeSpan.FromSeconds(WindowSeconds);
                    used = 0;
                }

                if (used >= Quota)
                {
                    TimeSpan lockOut = TimeSpan.FromSeconds(WindowSeconds);
                    lockedUntil = now + lockOut;
                    return Refuse(lockOut, policy);
                }

                used++;
                Interlocked.Increment(ref admitted);
                return (true, Ratelimit(Quota - used, windowEnds.Value - now), policy, null);
            }
        }

        private (bool, string, string, int?) Refuse(TimeSpan wait, string policy)
        {
            Interlocked.Increment(ref refused);
            int seconds = Seconds(wait);
            return (false, Ratelimit(0, wait), policy, seconds);
        }

        private static string Ratelimit(int remaining, TimeSpan untilReset) =>
            string.Format(CultureInfo.InvariantCulture, "\"default\";r={0};t={1}", remaining, Seconds(untilReset));

        private static int Seconds(TimeSpan time) => Math.Max(1, (int)Math.Ceiling(time.TotalSeconds));
    }
}
