using CloudflareCni.Api;
using System.Management.Automation;
using CloudflareCni.Api.Json;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Changes the account's CNI settings.</summary>
    [Cmdlet(VerbsCommon.Set, "CfCniSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CniSettings))]
    public sealed class SetCfCniSettingCommand : CfApiCmdlet
    {
        /// <summary>
        /// The account's default ASN: 1 to 4294967294 (4-byte ASNs included), except the values IANA reserves, the rule of
        /// every ASN parameter (<see cref="ModuleRules.BgpPeerAsnFault"/>).
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [NumberInput(typeof(long))]
        [ValidateBgpPeerAsn]
        public long DefaultAsn { get; set; }

        /// <summary>What was piped, so that objects of the module's other types are refused rather than misread.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Writes the updated settings.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, "CloudflareCni.CniSettings objects, or objects with a DefaultAsn property such as CSV rows", takesText: false, typeof(CniSettings)))
            {
                return;
            }

            ForItem(DefaultAsn, () =>
            {
                if (!ShouldChange(DescribeAccount(), $"Set the CNI default ASN to {DefaultAsn}"))
                {
                    return;
                }

                CniSettings result = Await(new SettingService(Executor).UpdateAsync(Account, new CniSettingsUpdateBody { DefaultAsn = DefaultAsn }, Call));
                if (PassThru.IsPresent)
                {
                    WriteResult(result);
                }
            });
        }
    }
}
