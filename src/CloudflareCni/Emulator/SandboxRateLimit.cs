using System;
using System.Collections.Generic;
using System.Globalization;
using CloudflareCni.Api;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// The sandbox's rate limit, as Cloudflare documents its own (developers.cloudflare.com/fundamentals/api/reference/limits):
    /// a quota of requests per window (1,200 per 5 minutes by default; shapeable, such as 60 per 4 s, to test a runbook's
    /// behaviour in seconds), stated on every answer in the IETF draft's headers, and a lock-out past it.
    /// <list type="bullet">
    /// <item>The window is fixed: it starts with the first request after the previous window (or lock-out) ended, and
    /// its count resets when it ends. Cloudflare documents "1,200 requests per five minute period" and a header
    /// <c>t</c> that is "the time the next window resets", which describes a window that resets, not a sliding one; it
    /// does not document where a window starts. A client that paces by the headers works the same with either.</item>
    /// <item>The request past the quota is refused with 429, and so is every request after it until the lock-out ends:
    /// Cloudflare blocks "all API calls for the next five minutes", its window's length. So the lock-out defaults to
    /// the window's length and follows a shaped window (4 s for 60 per 4 s); it can be set on its own. Requests
    /// refused during a lock-out do not extend it, and count for nothing.</item>
    /// <item>Every answer, a refusal included, carries <c>Ratelimit: "default";r=&lt;left&gt;;t=&lt;seconds to reset&gt;</c>
    /// and <c>Ratelimit-Policy: "default";q=&lt;quota&gt;;w=&lt;window seconds&gt;</c>; a refusal also carries
    /// <c>Retry-After</c>. Times are whole seconds rounded up, as Cloudflare's Retry-After is, so a client that waits
    /// them never comes back early.</item>
    /// </list>
    /// One limit per sandbox, which stands for one Cloudflare user whatever token it is sent. It counts on the sandbox's
    /// clock, which its client shares: when the client waits for a reset, the window resets. Thread-safe.
    /// </summary>
    internal sealed class SandboxRateLimit
    {
        public const string PolicyName = "default";

        private readonly object gate = new object();
        private int quota;
        private int windowSeconds;
        private int? lockOutSeconds;
        private TimeSpan? windowEnds;
        private int used;
        private TimeSpan? lockedUntil;
        private int admitted;
        private int refused;

        /// <param name="clock">The sandbox's clock, shared with its client.</param>
        /// <param name="quota">Requests per window; Cloudflare's 1,200 by default.</param>
        /// <param name="windowSeconds">The window; Cloudflare's 300 s by default.</param>
        /// <param name="lockOutSeconds">How long requests are refused past the quota; null (default) for the window's length.</param>
        public SandboxRateLimit(CfClock clock, int quota = RateBudgetSettings.CloudflareQuota, int windowSeconds = 300, int? lockOutSeconds = null)
        {
            Clock = clock ?? throw new ArgumentNullException(nameof(clock));
            Quota = quota;
            WindowSeconds = windowSeconds;
            LockOutSeconds = lockOutSeconds;
        }

        public CfClock Clock { get; }

        /// <summary>Requests per window (at least 1). A change applies at once, to the requests the current window has counted too.</summary>
        public int Quota
        {
            get { lock (gate) { return quota; } }
            set { lock (gate) { quota = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The quota must allow at least one request."); } }
        }

        /// <summary>The window in whole seconds (at least 1), as the headers state it. A change applies from the next window on.</summary>
        public int WindowSeconds
        {
            get { lock (gate) { return windowSeconds; } }
            set { lock (gate) { windowSeconds = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The window must be at least 1 second."); } }
        }

        /// <summary>The lock-out in whole seconds; null for the window's length (Cloudflare's: 5 minutes for its 5-minute window).</summary>
        public int? LockOutSeconds
        {
            get { lock (gate) { return lockOutSeconds; } }
            set { lock (gate) { lockOutSeconds = value is null || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The lock-out must be at least 1 second."); } }
        }

        /// <summary>False: every request is admitted (the budget is off). True by default.</summary>
        public bool Enforced { get; set; } = true;

        /// <summary>False: answers carry no rate-limit headers, as from an older server or through a proxy that strips them. True by default.</summary>
        public bool SendsHeaders { get; set; } = true;

        /// <summary>Requests admitted so far.</summary>
        public int Admitted { get { lock (gate) { return admitted; } } }

        /// <summary>Requests refused with 429 so far.</summary>
        public int Refused { get { lock (gate) { return refused; } } }

        /// <summary>Until when requests are refused, on the clock; null when not locked out.</summary>
        public TimeSpan? LockedUntil
        {
            get
            {
                lock (gate)
                {
                    return lockedUntil is TimeSpan until && until > Clock.Now ? until : (TimeSpan?)null;
                }
            }
        }

        /// <summary>Requests left in the current window: the quota when no window is under way, 0 while locked out.</summary>
        public int Remaining
        {
            get
            {
                lock (gate)
                {
                    TimeSpan now = Clock.Now;
                    if (lockedUntil is TimeSpan locked && now < locked)
                    {
                        return 0;
                    }

                    return windowEnds is TimeSpan ends && now < ends && (lockedUntil is null) ? Math.Max(0, quota - used) : quota;
                }
            }
        }

        /// <summary>When the current window ends, on the clock; null when no window is under way.</summary>
        public TimeSpan? WindowEnds
        {
            get
            {
                lock (gate)
                {
                    return windowEnds is TimeSpan ends && ends > Clock.Now && lockedUntil is null ? ends : (TimeSpan?)null;
                }
            }
        }

        /// <summary>Forgets the current window, lock-out and counts (a fresh budget).</summary>
        public void Reset()
        {
            lock (gate)
            {
                windowEnds = null;
                lockedUntil = null;
                used = 0;
                admitted = 0;
                refused = 0;
            }
        }

        /// <summary>Counts one request and says whether it is served, with the headers its answer carries either way.</summary>
        public SandboxRateAnswer Admit()
        {
            lock (gate)
            {
                TimeSpan now = Clock.Now;
                if (!Enforced)
                {
                    admitted++;
                    return new SandboxRateAnswer(true, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
                }

                if (lockedUntil is TimeSpan locked)
                {
                    if (now < locked)
                    {
                        return Refuse(locked - now);
                    }

                    lockedUntil = null;
                    windowEnds = null;
                }

                if (windowEnds is null || now >= windowEnds.Value)
                {
                    windowEnds = now + TimeSpan.FromSeconds(windowSeconds);
                    used = 0;
                }

                if (used >= quota)
                {
                    TimeSpan lockOut = TimeSpan.FromSeconds(lockOutSeconds ?? windowSeconds);
                    lockedUntil = now + lockOut;
                    return Refuse(lockOut);
                }

                used++;
                admitted++;
                return new SandboxRateAnswer(true, null, Headers(quota - used, windowEnds.Value - now, null));
            }
        }

        /// <summary>Whole seconds, rounded up.</summary>
        private static int Seconds(TimeSpan time) => (int)Math.Min(int.MaxValue, (time.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);

        private SandboxRateAnswer Refuse(TimeSpan wait)
        {
            refused++;
            int retryAfter = Math.Max(1, Seconds(wait));
            return new SandboxRateAnswer(false, retryAfter, Headers(0, wait, retryAfter));
        }

        private Dictionary<string, string> Headers(int remaining, TimeSpan untilReset, int? retryAfter)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (SendsHeaders)
            {
                headers[RateBudgetHeaders.RatelimitHeader] = string.Format(CultureInfo.InvariantCulture, "\"{0}\";r={1};t={2}", PolicyName, remaining, Math.Max(1, Seconds(untilReset)));
                headers[RateBudgetHeaders.PolicyHeader] = string.Format(CultureInfo.InvariantCulture, "\"{0}\";q={1};w={2}", PolicyName, quota, windowSeconds);
            }

            if (retryAfter is int seconds)
            {
                headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return headers;
        }
    }

    /// <summary>What <see cref="SandboxRateLimit.Admit"/> decided for one request.</summary>
    internal sealed class SandboxRateAnswer
    {
        /// <summary>The message of the 429 body (error code <see cref="EmulatorErrorCodes.RateLimited"/>), as Cloudflare words it.</summary>
        public const string RefusalMessage = "Please wait and consider throttling your request speed.";

        internal SandboxRateAnswer(bool allowed, int? retryAfterSeconds, IReadOnlyDictionary<string, string> headers)
        {
            Allowed = allowed;
            RetryAfterSeconds = retryAfterSeconds;
            Headers = headers;
        }

        /// <summary>True: serve the request. False: answer 429 with <see cref="Headers"/>, without acting on it.</summary>
        public bool Allowed { get; }

        /// <summary>The Retry-After of a refusal; null when allowed.</summary>
        public int? RetryAfterSeconds { get; }

        /// <summary>The headers every answer to this request carries (Ratelimit, Ratelimit-Policy, and Retry-After on a refusal).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>Adds <see cref="Headers"/> to an answer's headers, keeping those it has (a scripted 429's own Retry-After).</summary>
        public void ApplyTo(IDictionary<string, string> answerHeaders)
        {
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (!answerHeaders.ContainsKey(header.Key))
                {
                    answerHeaders[header.Key] = header.Value;
                }
            }
        }
    }
}
