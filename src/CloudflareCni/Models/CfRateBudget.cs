using System;
using CloudflareCni.Api;

namespace CloudflareCni
{
    /// <summary>Where the figures of a <see cref="CfRateBudget"/> come from.</summary>
    public enum CfRateBudgetSource
    {
        /// <summary>No request was sent with this credential yet.</summary>
        None,

        /// <summary>The Ratelimit and Ratelimit-Policy headers of Cloudflare's last answers.</summary>
        Headers,

        /// <summary>The answers carry no rate-limit headers: the module counts its own requests against Cloudflare's documented limit.</summary>
        LocalCount,
    }

    /// <summary>
    /// The rate budget of a connection's credential as last known, as Get-CfContext shows it: what Cloudflare's headers
    /// said of the quota, the reserve the module leaves unspent, and a 429 pause. Every connection of the process with
    /// the same credential and API shares the budget; a sandbox has its own.
    /// </summary>
    public sealed class CfRateBudget
    {
        private readonly string description;

        internal CfRateBudget(RateBudgetSnapshot snapshot)
        {
            Source = snapshot.Source == RateBudgetSource.Headers ? CfRateBudgetSource.Headers
                : snapshot.Source == RateBudgetSource.LocalCount ? CfRateBudgetSource.LocalCount
                : CfRateBudgetSource.None;
            Policy = snapshot.Policy;
            Remaining = snapshot.Remaining;
            Quota = snapshot.Quota;
            WindowSec = (int)Math.Round(snapshot.Window.TotalSeconds);
            Reserve = snapshot.Reserve;
            ResetsAt = snapshot.ResetsAt?.ToLocalTime();
            IsCurrent = snapshot.IsCurrent;
            ObservedAt = snapshot.ObservedAt?.ToLocalTime();
            PausedUntil = snapshot.PausedUntil?.ToLocalTime();
            InFlight = snapshot.InFlight;
            SentInWindow = snapshot.SentInWindow;
            TooManyRequests = snapshot.TooManyRequests;
            description = snapshot.Describe();
        }

        public CfRateBudgetSource Source { get; }

        /// <summary>The policy the figures are of, as the headers name it (such as default); null when counting locally.</summary>
        public string? Policy { get; }

        /// <summary>Requests left in the window, as the last answer said; null when counting locally.</summary>
        public int? Remaining { get; }

        /// <summary>Requests per window: from the headers (so a limit Cloudflare raised shows here by itself), else the documented 1,200.</summary>
        public int Quota { get; }

        /// <summary>The window, in seconds: 300 for Cloudflare's 5 minutes.</summary>
        public int WindowSec { get; }

        /// <summary>Requests of the quota the module leaves for the user's other tools and colleagues: 10 %, at least 5.</summary>
        public int Reserve { get; }

        /// <summary>When the window resets, at the latest, as the headers said (local time, as every time here); null when counting locally.</summary>
        public DateTimeOffset? ResetsAt { get; }

        /// <summary>False once <see cref="ResetsAt"/> has passed: the budget has likely been refilled since.</summary>
        public bool IsCurrent { get; }

        /// <summary>When the answer the figures come from arrived.</summary>
        public DateTimeOffset? ObservedAt { get; }

        /// <summary>Until when a 429 pauses every request with this credential; null when not paused.</summary>
        public DateTimeOffset? PausedUntil { get; }

        /// <summary>Requests sent and not answered yet.</summary>
        public int InFlight { get; }

        /// <summary>Requests this process sent within the window.</summary>
        public int SentInWindow { get; }

        /// <summary>429 answers this process got with this credential.</summary>
        public int TooManyRequests { get; }

        /// <summary>One line, such as "54 of 60 requests left (policy 'default', 6 kept in reserve), resetting at 10:04:05".</summary>
        public override string ToString() => description;
    }
}
