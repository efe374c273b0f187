using System.Management.Automation;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Creates a CNI on an interconnect, optionally with a BGP session.</summary>
    [Cmdlet(VerbsCommon.New, "CfCni", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class NewCfCniCommand : CfApiCmdlet
    {
        /// <summary>The interconnect to host the CNI. Binds from an interconnect's Name when interconnects are piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name", "Icon")]
        [ValidateNotNullOrEmpty]
        public string Interconnect { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string ConduitName { get; set; } = string.Empty;

        [Parameter]
        [AllowEmptyString]
        public string Description { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [ValidateRange(CfValidators.MinMtu, CfValidators.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer's ASN; giving it adds a BGP session. 4-byte ASNs are accepted.</summary>
        [Parameter]
        [ValidateRange(0L, CfValidators.MaxAsn)]
        public long CustomerAsn { get; set; }

        /// <summary>Extra static prefixes (A.B.C.D/N) to advertise to the customer's end.</summary>
        [Parameter]
        [ValidateCidr]
        public string[]? ExtraPrefix { get; set; }

        /// <summary>The BGP session's MD5 key: printable ASCII other than " and ?.</summary>
        [Parameter]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        private protected override void ProcessCore() =>
            CniCommands.New(
                CmdletHost, Scope, Interconnect, ConduitName, Description, Mtu,
                IsBound(nameof(CustomerAsn)) ? CustomerAsn : (long?)null,
                ExtraPrefix,
                Md5Key);
    }
}
