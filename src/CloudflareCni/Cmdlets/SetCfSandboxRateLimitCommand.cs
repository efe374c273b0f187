using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CloudflareCni.Emulator;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Shapes the sandbox's rate limit, which starts as Cloudflare's (1,200 requests per 5 minutes, its headers, a
    /// lock-out past the quota): a smaller quota and window test a runbook's pacing in seconds.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CfSandboxRateLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void), typeof(CfSandboxRateLimit))]
    public sealed class SetCfSandboxRateLimitCommand : CfSandboxCmdlet
    {
        /// <summary>
        /// Requests per window. Applies at once, to the requests the current window has counted too; the connection's
        /// rate budget forgets what it knew (as for a new window or quota, so does -WindowSec).
        /// </summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, 1000000000)]
        public int Quota { get; set; }

        /// <summary>The window in seconds, as the Ratelimit-Policy header states it. Applies from the next window on.</summary>
        [Parameter(Position = 1)]
        [ValidateRange(1, 86400)]
        public int WindowSec { get; set; }

        /// <summary>How long every request is refused once one went past the quota, in seconds; 0 for the window's length (Cloudflare's way, and the default).</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int LockOutSec { get; set; }

        /// <summary>Admits every request, with no rate-limit headers (-Unlimited:$false enforces the limit again).</summary>
        [Parameter]
        public SwitchParameter Unlimited { get; set; }

        /// <summary>Enforces the limit without its headers, as a server behind a proxy that strips them (-NoHeaders:$false sends them again).</summary>
        [Parameter]
        public SwitchParameter NoHeaders { get; set; }

        /// <summary>
        /// Starts a fresh budget: forgets the current window, a lock-out and the counts, in the sandbox and in the rate
        /// budget of the connection (so that neither holds requests for a window that is gone).
        /// </summary>
        [Parameter]
        public SwitchParameter Reset { get; set; }

        /// <summary>Writes the rate limit as it is afterwards (as Get-CfSandboxRateLimit does).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            CniEmulator sandbox = Sandbox;
            SandboxRateLimit limit = sandbox.RateLimit!;
            var changes = new List<string>();
            if (IsBound(nameof(Quota)))
            {
                changes.Add($"quota {limit.Quota.ToString(CultureInfo.InvariantCulture)} -> {Quota.ToString(CultureInfo.InvariantCulture)}");
            }

            if (IsBound(nameof(WindowSec)))
            {
                changes.Add($"window {limit.WindowSeconds.ToString(CultureInfo.InvariantCulture)} s -> {WindowSec.ToString(CultureInfo.InvariantCulture)} s");
            }

            if (IsBound(nameof(LockOutSec)))
            {
                changes.Add(LockOutSec == 0 ? "lock-out as long as the window" : $"lock-out {LockOutSec.ToString(CultureInfo.InvariantCulture)} s");
            }

            if (IsBound(nameof(Unlimited)))
            {
                changes.Add(Unlimited.IsPresent ? "admit every request, without headers" : "enforce the limit");
            }

            if (IsBound(nameof(NoHeaders)))
            {
                changes.Add(NoHeaders.IsPresent ? "send no rate-limit headers" : "send the rate-limit headers");
            }

            if (Reset.IsPresent)
            {
                changes.Add("start a fresh budget");
            }

            if (changes.Count > 0 && ShouldChange("sandbox rate limit", string.Join(", ", changes)))
            {
                if (IsBound(nameof(Quota)))
                {
                    limit.Quota = Quota;
                }

                if (IsBound(nameof(WindowSec)))
                {
                    limit.WindowSeconds = WindowSec;
                }

                if (IsBound(nameof(LockOutSec)))
                {
                    limit.LockOutSeconds = LockOutSec == 0 ? (int?)null : LockOutSec;
                }

                if (IsBound(nameof(Unlimited)))
                {
                    limit.Enforced = !Unlimited.IsPresent;
                }

                if (IsBound(nameof(NoHeaders)))
                {
                    limit.SendsHeaders = !NoHeaders.IsPresent;
                }

                if (Reset.IsPresent)
                {
                    limit.Reset();
                }

                if (Reset.IsPresent || IsBound(nameof(Quota)) || IsBound(nameof(WindowSec)))
                {
                    // The sandbox applies a new quota at once, to what its window has counted: a budget that kept the old
                    // figures ("50 of 60 left") would spend past the new quota in one burst and trip the lock-out. Forgotten,
                    // it asks first and learns the new figures from the answer.
                    SandboxConnection.Executor.Budget.Forget();
                }
            }

            if (PassThru.IsPresent)
            {
                WriteResult(GetCfSandboxRateLimitCommand.Describe(sandbox));
            }
        }
    }
}
