using CloudflareCni.Api;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Creates a CNI on an interconnect, optionally with a BGP session.</summary>
    [Cmdlet(VerbsCommon.New, "CfCni", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class NewCfCniCommand : CfApiCmdlet
    {
        /// <summary>
        /// The interconnect to host the CNI. Binds from the Name of piped interconnects, and of the statuses that
        /// Wait-CfInterconnect writes, so that a CNI is created once its interconnect is up.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name", "Icon")]
        [TextInput]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string Interconnect { get; set; } = string.Empty;

        /// <summary>What was piped, so that objects of the module's other types are refused rather than misread.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string ConduitName { get; set; } = string.Empty;

        [Parameter]
        [AllowEmptyString]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength, AllowEmpty = true)]
        public string Description { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [ValidateRange(ModuleRules.MinMtu, ModuleRules.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer's ASN; giving it adds a BGP session. 4-byte ASNs are accepted, reserved ones are not.</summary>
        [Parameter]
        [ValidateBgpPeerAsn]
        public long CustomerAsn { get; set; }

        /// <summary>Extra static prefixes (A.B.C.D/N network addresses) to advertise to the customer's end.</summary>
        [Parameter]
        [ListInput]
        [ValidatePrefix]
        public string[]? ExtraPrefix { get; set; }

        /// <summary>The BGP session's MD5 key: printable ASCII other than " and ?, at most 80 characters.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, "CloudflareCni.Interconnect objects, the statuses of Wait-CfInterconnect or Get-CfInterconnectStatus, or objects with a Name or Interconnect property such as CSV rows (an interconnect's name goes to -Interconnect)", takesText: false, typeof(CloudflareCni.Interconnect), typeof(InterconnectStatus)))
            {
                return;
            }

            ForItem(Interconnect, () =>
            {
                bool withBgp = IsBound(nameof(CustomerAsn));
                if (!withBgp && (ExtraPrefix != null || Md5Key != null))
                {
                    throw new CfValidationException(
                        ExtraPrefix != null ? nameof(ExtraPrefix) : nameof(Md5Key),
                        CfErrors.BgpNeedsCustomerAsn,
                        "-ExtraPrefix and -Md5Key configure the BGP session, which needs -CustomerAsn as well.");
                }

                string bgpText = withBgp ? $" with BGP to AS{CustomerAsn}" : string.Empty;
                if (!ShouldChange($"interconnect {Api.DiagnosticText.Escape(Interconnect)}", $"Create CNI {Api.DiagnosticText.Quote(ConduitName)} (MTU {Mtu}){bgpText}"))
                {
                    return;
                }

                var body = new CniNewBody
                {
                    Account = Account,
                    Interconnect = Interconnect,
                    Magic = new MagicJson { ConduitName = ConduitName, Description = Description, Mtu = Mtu },
                    Bgp = withBgp ? new BgpJson { CustomerAsn = CustomerAsn, ExtraPrefixes = new List<string>(ExtraPrefix ?? new string[0]), Md5Key = Md5Key } : null,
                };
                WriteResult(Await(new CniService(Executor).NewAsync(body, Call)));
            },
            checkIfItExists: $"Get-CfCni -Interconnect {Api.DiagnosticText.Escape(Interconnect)}");
        }
    }
}
