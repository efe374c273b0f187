using System;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The figures a <see cref="RateBudget"/> works with, the same for every budget. The defaults are Cloudflare's documented limits
    /// (developers.cloudflare.com/fundamentals/api/reference/limits): 1,200 requests per 5 minutes per user, counted
    /// together across the dashboard, API keys and tokens, and 200 requests per second per IP address.
    /// </summary>
    internal sealed class RateBudgetSettings
    {
        public const int CloudflareQuota = 1200;

        public const int CloudflarePerIpLimit = 200;

        public static readonly TimeSpan CloudflareWindow = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The share of a policy's quota left unspent for the user's other tools and colleagues: 10 %, so 120 of
        /// Cloudflare's 1,200. The budget is the user's, not the process's: the dashboard (a page costs it a few dozen
        /// requests), Terraform, another runspace or a colleague's script spend from it too, and one more request than
        /// it holds locks them all out for 5 minutes. 120 leaves room for a colleague's interactive work and for another
        /// process's requests in flight, which this process cannot see; it costs a long sweep a tenth of its pace once
        /// the budget runs low, and nothing before (1,080 requests go unpaced on a fresh budget).
        /// </summary>
        public double ReserveShare { get; } = 0.10;

        /// <summary>
        /// The reserve never falls below this many requests (while under half the quota), so that a small quota (such as
        /// a shaped sandbox's 60) still keeps room for a request checking that a window has reset, and for answers that
        /// arrive out of order.
        /// </summary>
        public int ReserveFloor { get; } = 5;

        /// <summary>What is counted against while no answer has carried rate-limit headers.</summary>
        public int DocumentedQuota { get; } = CloudflareQuota;

        public TimeSpan DocumentedWindow { get; } = CloudflareWindow;

        /// <summary>Requests per <see cref="PerIpWindow"/> to one API host, from the whole process.</summary>
        public int PerIpLimit { get; } = CloudflarePerIpLimit;

        public TimeSpan PerIpWindow { get; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a 429 pauses the credential when the answer says nothing of how long, and the caller has no better idea.</summary>
        public TimeSpan PauseWhenUnsaid { get; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// The longest any hold lasts, whatever an answer says (Retry-After, t, w): an hour. Cloudflare's lock-out and
        /// window are 5 minutes; a bad header (t=2147483647) must not hold a process for decades. An hour is long enough
        /// for any limit Cloudflare documents, and short enough that a runbook waiting for it still ends.
        /// </summary>
        public TimeSpan LongestHold { get; } = TimeSpan.FromHours(1);

        /// <summary>How many requests may check that a window has reset before an answer confirms it.</summary>
        public int ProbesAtReset { get; } = 1;

        /// <summary>
        /// The requests of a policy's quota kept unspent: <see cref="ReserveShare"/> of it, at least
        /// <see cref="ReserveFloor"/>, and at most half of it, so that some of every quota can be spent.
        /// </summary>
        public int ReserveFor(int quota)
        {
            if (quota <= 1)
            {
                return 0;
            }

            int share = (int)Math.Ceiling(quota * ReserveShare);
            return Math.Min(Math.Max(share, ReserveFloor), quota / 2);
        }
    }
}
