using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Sets the link status that a sandbox interconnect reports: at once, or after N more status reads.</summary>
    [Cmdlet(VerbsCommon.Set, "CfSandboxInterconnect", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class SetCfSandboxInterconnectCommand : CfSandboxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("Pending", "Down", "Unhealthy", "Healthy")]
        public InterconnectState State { get; set; }

        /// <summary>The diagnostic text the status carries, as the API gives for Down and Unhealthy.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Reason { get; set; }

        /// <summary>How many more status reads report the current status before the new one. Default 0: from the next read on.</summary>
        [Parameter]
        [ValidateRange(0, 1000000)]
        public int AfterStatusReads { get; set; }

        /// <summary>The sandbox account that holds the interconnects. Default: the piped object's Account, else the connection's account.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Account")]
        [AllowNull]
        [ValidateNotBlank]
        public string? AccountId { get; set; }

        private protected override void Process()
        {
            string account = AccountId ?? SandboxAccount;
            string state = State.ToString();
            string change = $"Report {state}" + (Reason is null ? string.Empty : $" ({Reason})") +
                (AfterStatusReads == 0 ? string.Empty : $" after {AfterStatusReads} more status reads");
            foreach (string name in Name)
            {
                if (!ShouldChange($"sandbox interconnect {name}", change))
                {
                    continue;
                }

                try
                {
                    Sandbox.SetInterconnectStatus(account, name, state, Reason, AfterStatusReads);
                }
                catch (KeyNotFoundException)
                {
                    WriteFailure(CfErrors.Record(
                        new ItemNotFoundException(
                            $"The sandbox has no interconnect '{name}' in account {account}. Names compare exactly, as the API's do; Get-CfInterconnect lists them."),
                        CfErrors.SandboxInterconnectNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }
            }
        }
    }
}
