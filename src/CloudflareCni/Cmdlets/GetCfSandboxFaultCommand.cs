using System.Management.Automation;
using CloudflareCni.Emulator;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the faults queued in the sandbox that have requests left to hit, in the order they are tried.</summary>
    [Cmdlet(VerbsCommon.Get, "CfSandboxFault")]
    [OutputType(typeof(CfSandboxFault))]
    public sealed class GetCfSandboxFaultCommand : CfSandboxCmdlet
    {
        private protected override void Process()
        {
            CniEmulator sandbox = Sandbox;
            foreach (PendingFault pending in sandbox.Faults.Pending)
            {
                EmulatorFault fault = pending.Fault;
                WriteResult(new CfSandboxFault
                {
                    Kind = fault.Kind.ToString(),
                    StatusCode = fault.Status,
                    RetryAfterSec = fault.Kind == EmulatorFaultKind.TooManyRequests ? fault.RetryAfterSeconds ?? EmulatorFault.DefaultRetryAfterSeconds : (int?)null,
                    Method = fault.Method,
                    Path = fault.Path,
                    Command = fault.Command,
                    Remaining = pending.Remaining,
                });
            }
        }
    }
}
