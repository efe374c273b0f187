using System;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Cloudflare's documented per-IP limit (200 requests per second), for every request of the process to one API host,
    /// whatever the credential: never more than the limit within any window of its length. A burst up to the limit goes
    /// at once, so ordinary work never waits here; only a process that outruns the limit is held, and only as long as it
    /// takes the oldest counted request to leave the window. Thread-safe.
    /// </summary>
    internal sealed class RateBudgetPerIpCap
    {
        private readonly object gate = new object();
        private readonly RateBudgetSlidingCount sends;

        public RateBudgetPerIpCap(string host, int limit, TimeSpan window)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "The per-IP limit must allow at least one request.");
            }

            Host = host;
            Limit = limit;
            Window = window;
            sends = new RateBudgetSlidingCount(limit, window);
        }

        /// <summary>The API host, for messages.</summary>
        public string Host { get; }

        public int Limit { get; }

        public TimeSpan Window { get; }

        /// <summary>Counts a send at <paramref name="now"/> and returns null, or returns when one may go (and counts nothing).</summary>
        public TimeSpan? TryTake(TimeSpan now)
        {
            lock (gate)
            {
                TimeSpan? free = sends.FreeAt(now, Window, Limit);
                if (free is null)
                {
                    sends.Add(now);
                }

                return free;
            }
        }

        /// <summary>Sends within the window before <paramref name="now"/>.</summary>
        public int SentWithin(TimeSpan now)
        {
            lock (gate)
            {
                return sends.CountWithin(now, Window);
            }
        }
    }
}
