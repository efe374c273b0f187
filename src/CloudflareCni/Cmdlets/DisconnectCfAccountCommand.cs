using System.Management.Automation;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Forgets the connection Connect-CfAccount made.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CfAccount")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCfAccountCommand : CfCmdlet
    {
        private protected override void Process()
        {
            if (!CfSession.Process.Disconnect())
            {
                WriteVerbose("No Cloudflare session was connected.");
            }
        }
    }
}
