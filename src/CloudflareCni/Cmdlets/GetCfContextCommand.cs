using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Shows the account, auth kind and endpoint the cmdlets use; never the secret.</summary>
    [Cmdlet(VerbsCommon.Get, "CfContext")]
    [OutputType(typeof(CfContext))]
    public sealed class GetCfContextCommand : CfCmdlet
    {
        private protected override void ProcessCore() => AccountCommands.GetContext(CmdletHost, Session, Environment);
    }
}
