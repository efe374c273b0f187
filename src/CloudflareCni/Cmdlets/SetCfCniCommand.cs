using System.Management.Automation;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Changes a CNI: reads it (or takes the piped one), changes the given fields, and writes it all back.</summary>
    [Cmdlet(VerbsCommon.Set, "CfCni", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class SetCfCniCommand : CfApiCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string IdSet = "Id";

        /// <summary>The CNI to change, as Get-CfCni wrote it. Every field it carries is sent back.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Cni? InputObject { get; set; }

        /// <summary>The id of the CNI to change; the module reads it first.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string Id { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConduitName { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? Description { get; set; }

        [Parameter]
        [ValidateRange(CfValidators.MinMtu, CfValidators.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer end of the link (A.B.C.D/N); must lie in the prefix of the Cloudflare end.</summary>
        [Parameter]
        [ValidateCidr]
        public string? CustomerIp { get; set; }

        /// <summary>The Cloudflare end of the link (A.B.C.D/N), which the API calls p2p_ip.</summary>
        [Parameter]
        [ValidateCidr]
        public string? CloudflareIp { get; set; }

        [Parameter]
        [ValidateRange(0L, CfValidators.MaxAsn)]
        public long CustomerAsn { get; set; }

        [Parameter]
        [ValidateCidr]
        public string[]? ExtraPrefix { get; set; }

        [Parameter]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        /// <summary>Writes the updated CNI.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void ProcessCore()
        {
            var changes = new CniChanges
            {
                ConduitName = ConduitName,
                Description = Description,
                Mtu = IsBound(nameof(Mtu)) ? Mtu : (int?)null,
                CustomerIp = CustomerIp,
                CloudflareIp = CloudflareIp,
                CustomerAsn = IsBound(nameof(CustomerAsn)) ? CustomerAsn : (long?)null,
                ExtraPrefixes = ExtraPrefix,
                Md5Key = Md5Key,
            };
            CniCommands.Set(CmdletHost, Scope, ParameterSetName == InputObjectSet ? InputObject : null, ParameterSetName == IdSet ? Id : null, changes, PassThru.IsPresent);
        }
    }
}
