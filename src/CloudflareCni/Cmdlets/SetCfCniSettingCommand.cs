using System.Management.Automation;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Changes the account's CNI settings.</summary>
    [Cmdlet(VerbsCommon.Set, "CfCniSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CniSettings))]
    public sealed class SetCfCniSettingCommand : CfApiCmdlet
    {
        /// <summary>The account's default ASN; 4-byte ASNs up to 4294967295 are accepted.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, CfValidators.MaxAsn)]
        public long DefaultAsn { get; set; }

        /// <summary>Writes the updated settings.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void ProcessCore() => SettingCommands.Set(CmdletHost, Scope, DefaultAsn, PassThru.IsPresent);
    }
}
