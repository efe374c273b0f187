using CloudflareCni.Api;
using System.Management.Automation;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Creates a physical interconnect on a slot, or a GCP partner interconnect.</summary>
    [Cmdlet(VerbsCommon.New, "CfInterconnect", DefaultParameterSetName = PhysicalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect), typeof(OtherInterconnect))]
    public sealed class NewCfInterconnectCommand : CfApiCmdlet
    {
        private const string PhysicalSet = "Physical";
        private const string GcpPartnerSet = "GcpPartner";

        /// <summary>The slot to occupy. Binds from a slot's Id when slots are piped in.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PhysicalSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(SlotIdCompleter))]
        public string SlotId { get; set; } = string.Empty;

        [Parameter(ParameterSetName = PhysicalSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(SpeedCompleter))]
        public string? Speed { get; set; }

        /// <summary>What was piped, so that objects of the module's other types are refused rather than misread.</summary>
        [Parameter(ParameterSetName = PhysicalSet, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>One of the 12 bandwidths, in any letter case.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GcpPartnerSet)]
        [Bandwidth]
        [ArgumentCompleter(typeof(BandwidthCompleter))]
        public string Bandwidth { get; set; } = string.Empty;

        /// <summary>The pairing key Google Cloud issued for the VLAN attachment.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GcpPartnerSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string PairingKey { get; set; } = string.Empty;

        /// <summary>
        /// The interconnect's type, the create body's discriminator. Default: direct with -SlotId, gcp_partner with
        /// -PairingKey. The published type of the other kind is refused before any request (CfValidation.TypeConflict);
        /// a type Cloudflare has added since is sent as given.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(InterconnectTypeCompleter))]
        public string? Type { get; set; }

        /// <summary>The type to send: the one the parameter set means, or the one given (published types in the API's spelling).</summary>
        private string SentType => Type is null ? SetType : InterconnectTypes.Canonical(Type);

        private string SetType => ParameterSetName == GcpPartnerSet ? InterconnectTypes.GcpPartner : InterconnectTypes.Direct;

        private protected override void Begin()
        {
            string other = ParameterSetName == GcpPartnerSet ? InterconnectTypes.Direct : InterconnectTypes.GcpPartner;
            if (Type != null && InterconnectTypes.Canonical(Type) == other)
            {
                string given = ParameterSetName == GcpPartnerSet ? "-PairingKey and -Bandwidth, which make" : "-SlotId, which makes";
                string instead = other == InterconnectTypes.Direct ? "-SlotId (a physical interconnect on a slot)" : "-PairingKey and -Bandwidth (a GCP partner interconnect)";
                throw new CfValidationException(
                    nameof(Type),
                    CfErrors.TypeConflict,
                    $"-Type {other} contradicts {given} a {SetType} interconnect: the API tells the kinds apart by their type. " +
                    $"Leave -Type out (it is {SetType} here), or give {instead} for a {other} interconnect. Nothing was sent.");
            }
        }

        private protected override void Process()
        {
            if (ParameterSetName == GcpPartnerSet)
            {
                // The [Bandwidth] transformation has already put it in the API's own spelling (1g becomes 1G).
                string bandwidth = Bandwidth;
                ForItem(PairingKey, () =>
                {
                    if (ShouldChange($"GCP pairing key {Api.DiagnosticText.Escape(PairingKey)}", $"Create a GCP partner interconnect of type {Api.DiagnosticText.Quote(SentType)} at {bandwidth}"))
                    {
                        var body = new InterconnectNewGcpPartnerBody { Account = Account, Bandwidth = bandwidth, PairingKey = PairingKey, Type = SentType };
                        WriteResult(Await(new InterconnectService(Executor).NewGcpPartnerAsync(body, Call)));
                    }
                },
                checkIfItExists: "Get-CfInterconnect");
            }
            else if (PipelineInput.Accept(this, InputObject, "CloudflareCni.CniSlot objects, or objects with a SlotId or Id property such as CSV rows (a slot id goes to -SlotId)", takesText: false, typeof(CniSlot)))
            {
                ForItem(SlotId, () =>
                {
                    if (ShouldChange($"slot {SlotId}", $"Create a physical interconnect of type {Api.DiagnosticText.Quote(SentType)}" + (Speed is null ? string.Empty : $" at {Api.DiagnosticText.Escape(Speed)}")))
                    {
                        var body = new InterconnectNewPhysicalBody { Account = Account, SlotId = SlotId, Type = SentType, Speed = Speed };
                        WriteResult(Await(new InterconnectService(Executor).NewPhysicalAsync(body, Call)));
                    }
                },
                checkIfItExists: $"Get-CfCniSlot -Id {SlotId} (Occupied) and Get-CfInterconnect");
            }
        }
    }
}
