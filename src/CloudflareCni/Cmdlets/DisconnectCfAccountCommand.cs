using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Forgets the connection Connect-CfAccount made.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CfAccount")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCfAccountCommand : CfCmdlet
    {
        private protected override void ProcessCore() => AccountCommands.Disconnect(CmdletHost, Session);
    }
}
