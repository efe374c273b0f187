using System;
using System.Globalization;

namespace CloudflareCni.Api
{
    /// <summary>Where a budget's figures come from.</summary>
    internal enum RateBudgetSource
    {
        /// <summary>No request was sent with this credential yet.</summary>
        Nothing,

        /// <summary>The rate-limit headers of Cloudflare's answers.</summary>
        Headers,

        /// <summary>No answer carried rate-limit headers: the process counts its own requests against the documented limit.</summary>
        LocalCount,
    }

    /// <summary>
    /// The last known state of a credential's rate budget, for <c>Get-CfContext</c>, <c>-Verbose</c> lines and error
    /// messages. Where several policies apply, it shows the one closest to holding requests.
    /// </summary>
    internal sealed class RateBudgetSnapshot
    {
        internal RateBudgetSnapshot(
            RateBudgetSource source,
            string? policy,
            int? remaining,
            int quota,
            TimeSpan window,
            int reserve,
            DateTimeOffset? resetsAt,
            bool isCurrent,
            DateTimeOffset? observedAt,
            DateTimeOffset? pausedUntil,
            int inFlight,
            int sentInWindow,
            int tooManyRequests)
        {
            Source = source;
            Policy = policy;
            Remaining = remaining;
            Quota = quota;
            Window = window;
            Reserve = reserve;
            ResetsAt = resetsAt;
            IsCurrent = isCurrent;
            ObservedAt = observedAt;
            PausedUntil = pausedUntil;
            InFlight = inFlight;
            SentInWindow = sentInWindow;
            TooManyRequests = tooManyRequests;
        }

        public RateBudgetSource Source { get; }

        /// <summary>The policy's name in the headers (such as <c>default</c>); null when counting locally.</summary>
        public string? Policy { get; }

        /// <summary>Requests left in the window, as the last answer said; null when counting locally.</summary>
        public int? Remaining { get; }

        /// <summary>Requests per window: from the headers (so a raised limit shows), else the documented 1,200.</summary>
        public int Quota { get; }

        public TimeSpan Window { get; }

        /// <summary>Requests of the quota left unspent for the user's other tools and colleagues.</summary>
        public int Reserve { get; }

        /// <summary>When the window resets, at the latest, as the headers said; null when counting locally.</summary>
        public DateTimeOffset? ResetsAt { get; }

        /// <summary>False once <see cref="ResetsAt"/> has passed: the budget has likely been refilled since.</summary>
        public bool IsCurrent { get; }

        /// <summary>When the answer these figures come from arrived.</summary>
        public DateTimeOffset? ObservedAt { get; }

        /// <summary>Until when a 429 pauses every request with this credential; null when not paused.</summary>
        public DateTimeOffset? PausedUntil { get; }

        /// <summary>Requests sent and not answered yet.</summary>
        public int InFlight { get; }

        /// <summary>Requests this process sent within the window (what the local count counts).</summary>
        public int SentInWindow { get; }

        /// <summary>429 answers seen with this credential in this process.</summary>
        public int TooManyRequests { get; }

        /// <summary>One line for -Verbose and messages, such as "54 of 60 requests left (policy 'default', 6 kept in reserve), resetting at 10:04:05".</summary>
        public string Describe()
        {
            string text;
            switch (Source)
            {
                case RateBudgetSource.Headers:
                    text = IsCurrent
                        ? $"{Count(Remaining ?? 0)} of {Count(Quota)} requests left (policy {DiagnosticText.Quote(Policy)}, {Count(Reserve)} kept in reserve), resetting at {RateBudgetHold.TimeOfDay(ResetsAt!.Value)}"
                        : $"{Count(Quota)} requests per {RateBudgetHold.Duration(Window)} (policy {DiagnosticText.Quote(Policy)}); the window last seen reset at {RateBudgetHold.TimeOfDay(ResetsAt!.Value)}";
                    break;
                case RateBudgetSource.LocalCount:
                    text = $"counted here, as answers carry no rate-limit headers: {Requests(SentInWindow)} sent in the last {RateBudgetHold.Duration(Window)}, of {Count(Quota)} allowed ({Count(Reserve)} kept in reserve)";
                    break;
                default:
                    text = "no request sent yet";
                    break;
            }

            return PausedUntil is DateTimeOffset paused ? $"{text}; paused until {RateBudgetHold.TimeOfDay(paused)} after a 429" : text;
        }

        public override string ToString() => Describe();

        internal static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        internal static string Requests(int value) => Count(value) + (value == 1 ? " request" : " requests");
    }
}
