using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Empties the sandbox's request log, so that Get-CfSandboxRequest shows only what comes next.</summary>
    [Cmdlet(VerbsCommon.Clear, "CfSandboxRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClearCfSandboxRequestCommand : CfSandboxCmdlet
    {
        private protected override void Process()
        {
            if (ShouldChange("sandbox", "Forget the requests received so far"))
            {
                Sandbox.ClearRequests();
            }
        }
    }
}
