using System;
using System.Management.Automation;
using CloudflareCni.Emulator;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Shows the sandbox's rate limit: its quota and window, what is left of the current window, and what it admitted and refused.</summary>
    [Cmdlet(VerbsCommon.Get, "CfSandboxRateLimit")]
    [OutputType(typeof(CfSandboxRateLimit))]
    public sealed class GetCfSandboxRateLimitCommand : CfSandboxCmdlet
    {
        private protected override void Process() => WriteResult(Describe(Sandbox));

        internal static CfSandboxRateLimit Describe(CniEmulator sandbox)
        {
            SandboxRateLimit limit = sandbox.RateLimit!;
            DateTimeOffset? Local(TimeSpan? reading) => reading is TimeSpan at ? limit.Clock.ToWallClock(at).ToLocalTime() : (DateTimeOffset?)null;
            return new CfSandboxRateLimit
            {
                Quota = limit.Quota,
                WindowSec = limit.WindowSeconds,
                LockOutSec = limit.LockOutSeconds ?? limit.WindowSeconds,
                Enforced = limit.Enforced,
                SendsHeaders = limit.SendsHeaders,
                Remaining = limit.Remaining,
                ResetsAt = Local(limit.WindowEnds),
                LockedUntil = Local(limit.LockedUntil),
                Admitted = limit.Admitted,
                Refused = limit.Refused,
            };
        }
    }
}
