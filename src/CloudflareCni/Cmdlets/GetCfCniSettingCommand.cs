using CloudflareCni.Api;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Gets the account's CNI settings.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCniSetting")]
    [OutputType(typeof(CniSettings))]
    public sealed class GetCfCniSettingCommand : CfApiCmdlet
    {
        private protected override void Process() => ForItem(null, () => WriteResult(Await(new SettingService(Executor).GetAsync(Account, Call))));
    }
}
