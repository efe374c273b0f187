using System;
using System.Globalization;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Why a request may not be sent yet.</summary>
    internal enum RateBudgetHoldReason
    {
        /// <summary>Cloudflare answered 429 to a request with this credential and asked to wait (Retry-After).</summary>
        LockedOut,

        /// <summary>The headers' remaining quota, less the requests in flight, is down to the reserve: held until the window resets.</summary>
        Reserve,

        /// <summary>The window should have reset: one request checks it first, the rest wait for its answer.</summary>
        ConfirmingReset,

        /// <summary>
        /// Nothing is known of the budget yet: the first request is asking, the rest wait for its answer, which may
        /// bring a policy (or show that the server sends none).
        /// </summary>
        AwaitingFirstAnswer,

        /// <summary>No headers: the process's own count reached the documented limit, less the reserve.</summary>
        LocalCount,

        /// <summary>The process reached the documented per-IP rate to this API host.</summary>
        PerIpCap,
    }

    /// <summary>A request held by the budget: until when, why, and the budget as last known.</summary>
    internal sealed class RateBudgetHold
    {
        internal RateBudgetHold(RateBudgetHoldReason reason, TimeSpan until, TimeSpan now, DateTimeOffset untilWallClock, RateBudgetSnapshot budget, Task? wakeEarly, RateBudgetPerIpCap? perIp)
        {
            Reason = reason;
            Until = until;
            Wait = until > now ? until - now : TimeSpan.Zero;
            UntilWallClock = untilWallClock;
            Budget = budget;
            WakeEarly = wakeEarly;
            PerIp = perIp;
        }

        public RateBudgetHoldReason Reason { get; }

        /// <summary>When sending may be allowed again, on the budget's clock.</summary>
        public TimeSpan Until { get; }

        /// <summary>How long from the decision until <see cref="Until"/>.</summary>
        public TimeSpan Wait { get; }

        /// <summary><see cref="Until"/> as wall-clock time, for messages.</summary>
        public DateTimeOffset UntilWallClock { get; }

        public RateBudgetSnapshot Budget { get; }

        /// <summary>
        /// For <see cref="AwaitsAnAnswer"/> (and a reserve hold with requests in flight): completes when an answer arrives, which may allow
        /// sending before <see cref="Until"/>. Hand it to <see cref="CfClock.WaitUntilAsync(TimeSpan, Task, System.Threading.CancellationToken)"/>.
        /// </summary>
        public Task? WakeEarly { get; }

        private RateBudgetPerIpCap? PerIp { get; }

        /// <summary>Why the request is held, as a sentence.</summary>
        public string Why
        {
            get
            {
                switch (Reason)
                {
                    case RateBudgetHoldReason.LockedOut:
                        return "Cloudflare answered 429 (Too Many Requests) to a request with this credential and asked every request with it to wait.";
                    case RateBudgetHoldReason.Reserve:
                        return $"The rate budget of this credential is down to its reserve: {Budget.Describe()}. The reserve is left for the user's other tools and colleagues, who share the budget.";
                    case RateBudgetHoldReason.ConfirmingReset:
                        return "The rate budget of this credential should have reset; a request is checking that it has before the others go.";
                    case RateBudgetHoldReason.AwaitingFirstAnswer:
                        return "No answer has told this credential's rate budget yet; the first request is asking before the others go.";
                    case RateBudgetHoldReason.LocalCount:
                        return $"The server sends no rate-limit headers, so this process counts its own requests: {Budget.Describe()}.";
                    case RateBudgetHoldReason.PerIpCap:
                        return PerIp is null
                            ? "This process reached Cloudflare's documented rate per IP address."
                            : $"This process sent {RateBudgetSnapshot.Count(PerIp.Limit)} requests to {PerIp.Host} within {Duration(PerIp.Window)}, Cloudflare's documented limit per IP address.";
                    default:
                        return "The rate budget holds requests.";
                }
            }
        }

        /// <summary>True for a short wait for an answer on its way (a reset's check, the first answer), which the answer usually ends.</summary>
        public bool AwaitsAnAnswer => Reason == RateBudgetHoldReason.ConfirmingReset || Reason == RateBudgetHoldReason.AwaitingFirstAnswer;

        /// <summary>The reason, and when sending is allowed again.</summary>
        public string Describe() => $"{Why} Sending is allowed again at {TimeOfDay(UntilWallClock)} (in {Duration(Wait)}).";

        public override string ToString() => Describe();

        /// <summary>A time in the user's time zone: the time of day, with the date when it is not today.</summary>
        internal static string TimeOfDay(DateTimeOffset time)
        {
            DateTimeOffset local = time.ToLocalTime();
            return local.Date == DateTimeOffset.Now.Date
                ? local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
                : local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        /// <summary>A duration as a person says it: 850 ms, 4.2 s, 4 min 12 s, 1 h 5 min.</summary>
        internal static string Duration(TimeSpan time)
        {
            if (time < TimeSpan.FromSeconds(1))
            {
                return ((int)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
            }

            if (time < TimeSpan.FromMinutes(1))
            {
                return time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
            }

            if (time < TimeSpan.FromHours(1))
            {
                return time.Seconds == 0
                    ? ((int)time.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"
                    : ((int)time.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min " + time.Seconds.ToString(CultureInfo.InvariantCulture) + " s";
            }

            return time.Minutes == 0
                ? ((int)time.TotalHours).ToString(CultureInfo.InvariantCulture) + " h"
                : ((int)time.TotalHours).ToString(CultureInfo.InvariantCulture) + " h " + time.Minutes.ToString(CultureInfo.InvariantCulture) + " min";
        }
    }

    /// <summary>
    /// A request the budget held longer than the caller may wait: nothing was sent. The message says why, when sending
    /// is allowed again, and (given by the caller, which knows its parameters) how to wait for it instead.
    /// </summary>
    internal sealed class RateBudgetHeldException : Exception
    {
        public RateBudgetHeldException(RateBudgetHold hold, string? howToWait)
            : base("No request was sent. " + hold.Describe() + (string.IsNullOrEmpty(howToWait) ? string.Empty : " " + howToWait))
        {
            Hold = hold;
        }

        public RateBudgetHold Hold { get; }
    }
}
