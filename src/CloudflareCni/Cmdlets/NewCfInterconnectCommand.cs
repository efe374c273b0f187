using System.Management.Automation;
using CloudflareCni.Api;
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
        [ValidateUuid]
        public string SlotId { get; set; } = string.Empty;

        [Parameter(ParameterSetName = PhysicalSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Speed { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = GcpPartnerSet)]
        [ValidateSet("50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "20G", "50G")]
        public string Bandwidth { get; set; } = string.Empty;

        /// <summary>The pairing key Google Cloud issued for the VLAN attachment.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GcpPartnerSet)]
        [ValidateNotNullOrEmpty]
        public string PairingKey { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Type { get; set; } = string.Empty;

        private protected override void Process()
        {
            if (ParameterSetName == GcpPartnerSet)
            {
                // ValidateSet ignores case, so -Bandwidth 1g binds as typed: send the API's own spelling (1G), so that
                // the sandbox and the API see the same request.
                string bandwidth = ApiRules.CanonicalBandwidth(Bandwidth) ?? Bandwidth;
                ForItem(PairingKey, () =>
                {
                    if (ShouldChange($"GCP pairing key {PairingKey}", $"Create a GCP partner interconnect of type '{Type}' at {bandwidth}"))
                    {
                        var body = new InterconnectNewGcpPartnerBody { Account = Account, Bandwidth = bandwidth, PairingKey = PairingKey, Type = Type };
                        WriteResult(Await(Connection.Interconnects.NewGcpPartnerAsync(body, Call)));
                    }
                });
            }
            else
            {
                ForItem(SlotId, () =>
                {
                    if (ShouldChange($"slot {SlotId}", $"Create a physical interconnect of type '{Type}'" + (Speed is null ? string.Empty : $" at {Speed}")))
                    {
                        var body = new InterconnectNewPhysicalBody { Account = Account, SlotId = SlotId, Type = Type, Speed = Speed };
                        WriteResult(Await(Connection.Interconnects.NewPhysicalAsync(body, Call)));
                    }
                });
            }
        }
    }
}
