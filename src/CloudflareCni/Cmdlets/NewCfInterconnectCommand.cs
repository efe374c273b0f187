using CloudflareCni.Api;
using System.Management.Automation;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Creates a physical interconnect on a slot, or a GCP partner interconnect.</summary>
    [Cmdlet(VerbsCommon.New, "CfInterconnect", DefaultParameterSetName = PhysicalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect))]
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

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(InterconnectTypeCompleter))]
        public string Type { get; set; } = string.Empty;

        private protected override void Process()
        {
            if (ParameterSetName == GcpPartnerSet)
            {
                // The [Bandwidth] transformation has already put it in the API's own spelling (1g becomes 1G).
                string bandwidth = Bandwidth;
                ForItem(PairingKey, () =>
                {
                    if (ShouldChange($"GCP pairing key {Api.DiagnosticText.Escape(PairingKey)}", $"Create a GCP partner interconnect of type {Api.DiagnosticText.Quote(Type)} at {bandwidth}"))
                    {
                        var body = new InterconnectNewGcpPartnerBody { Account = Account, Bandwidth = bandwidth, PairingKey = PairingKey, Type = Type };
                        WriteResult(Await(new InterconnectService(Executor).NewGcpPartnerAsync(body, Call)));
                    }
                },
                checkIfItExists: "Get-CfInterconnect");
            }
            else if (PipelineInput.Accept(this, InputObject, "CloudflareCni.CniSlot objects, or objects with a SlotId or Id property such as CSV rows (a slot id goes to -SlotId)", takesText: false, typeof(CniSlot)))
            {
                ForItem(SlotId, () =>
                {
                    if (ShouldChange($"slot {SlotId}", $"Create a physical interconnect of type {Api.DiagnosticText.Quote(Type)}" + (Speed is null ? string.Empty : $" at {Api.DiagnosticText.Escape(Speed)}")))
                    {
                        var body = new InterconnectNewPhysicalBody { Account = Account, SlotId = SlotId, Type = Type, Speed = Speed };
                        WriteResult(Await(new InterconnectService(Executor).NewPhysicalAsync(body, Call)));
                    }
                },
                checkIfItExists: $"Get-CfCniSlot -Id {SlotId} (Occupied) and Get-CfInterconnect");
            }
        }
    }
}
