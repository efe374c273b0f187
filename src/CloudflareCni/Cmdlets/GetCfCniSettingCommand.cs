using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Gets the account's CNI settings.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCniSetting")]
    [OutputType(typeof(CniSettings))]
    public sealed class GetCfCniSettingCommand : CfApiCmdlet
    {
        private protected override void ProcessCore() => SettingCommands.Get(CmdletHost, Scope);
    }
}
