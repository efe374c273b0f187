using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Drops every fault queued in the sandbox, so that the next requests are served normally.</summary>
    [Cmdlet(VerbsCommon.Clear, "CfSandboxFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClearCfSandboxFaultCommand : CfSandboxCmdlet
    {
        private protected override void Process()
        {
            if (ShouldChange("sandbox", "Drop every queued fault"))
            {
                Sandbox.Faults.Clear();
            }
        }
    }
}
