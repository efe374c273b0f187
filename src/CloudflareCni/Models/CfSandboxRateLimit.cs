using System;
using System.Globalization;

namespace CloudflareCni
{
    /// <summary>The sandbox's rate limit, as Get-CfSandboxRateLimit writes it: its shape, the current window, and what it admitted and refused.</summary>
    public sealed class CfSandboxRateLimit
    {
        internal CfSandboxRateLimit()
        {
        }

        /// <summary>Requests per window: Cloudflare's 1,200 unless Set-CfSandboxRateLimit -Quota shaped it.</summary>
        public int Quota { get; internal set; }

        /// <summary>The window in seconds: Cloudflare's 300 unless shaped.</summary>
        public int WindowSec { get; internal set; }

        /// <summary>How long requests are refused past the quota, in seconds: the window's length unless shaped.</summary>
        public int LockOutSec { get; internal set; }

        /// <summary>False after Set-CfSandboxRateLimit -Unlimited: every request is admitted, and answers carry no rate-limit headers.</summary>
        public bool Enforced { get; internal set; }

        /// <summary>False after Set-CfSandboxRateLimit -NoHeaders: answers carry no rate-limit headers, as behind a proxy that strips them.</summary>
        public bool SendsHeaders { get; internal set; }

        /// <summary>Requests left in the current window (the quota when no window is under way; 0 while locked out).</summary>
        public int Remaining { get; internal set; }

        /// <summary>When the current window ends, on the sandbox's clock; null when none is under way.</summary>
        public DateTimeOffset? ResetsAt { get; internal set; }

        /// <summary>Until when every request is refused with 429, on the sandbox's clock; null when not locked out.</summary>
        public DateTimeOffset? LockedUntil { get; internal set; }

        /// <summary>Requests admitted since the sandbox started (or Set-CfSandboxRateLimit -Reset).</summary>
        public int Admitted { get; internal set; }

        /// <summary>Requests refused with 429 since the sandbox started (or -Reset).</summary>
        public int Refused { get; internal set; }

        public override string ToString() => Enforced
            ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} per {2} s left; {3} admitted, {4} refused", Remaining, Quota, WindowSec, Admitted, Refused)
            : "unlimited";
    }
}
