using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Sets the link status that a sandbox interconnect reports: at once, or after N more status reads.</summary>
    [Cmdlet(VerbsCommon.Set, "CfSandboxInterconnect", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class SetCfSandboxInterconnectCommand : CfSandboxCmdlet
    {
        private const string NameSet = "Name";

        /// <summary>The interconnects, by exact name (the sandbox compares names as the API does).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        public string[]? Name { get; set; }

        /// <summary>
        /// Each piped object: a name, or an object whose Name binds -Name (an interconnect, a CNI, a status, a CSV row).
        /// Objects of the module's other types are refused rather than turned into text.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>
        /// The link state to report: Pending, Down, Unhealthy or Healthy, in any letter case (sent in the API's spelling),
        /// or another text as a state Cloudflare might add, to test how a script copes with it (with a warning).
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateApiWord]
        [ArgumentCompleter(typeof(InterconnectStateCompleter))]
        public string State { get; set; } = string.Empty;

        /// <summary>The diagnostic text the status carries, as the API gives for Down and Unhealthy.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength)]
        public string? Reason { get; set; }

        /// <summary>How many more status reads report the current status before the new one. Default 0: from the next read on.</summary>
        [Parameter]
        [ValidateRange(0, 1000000)]
        public int AfterStatusReads { get; set; }

        /// <summary>The sandbox account that holds the interconnects. Default: the piped object's Account, else the connection's account.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Account")]
        [AllowNull]
        [ValidateAccountId]
        public string? AccountId { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, InterconnectNames.Takes.Replace("names or wildcard patterns", "names"), InterconnectNames.Accepted))
            {
                return;
            }

            IEnumerable<string> names = ParameterSetName == PipelineInput.Set
                ? PipelineInput.Values(this, InputObject!, Name, nameof(Name), fault: ModuleRules.InterconnectNameFault)
                : Name!;
            string account = AccountId ?? SandboxAccount;
            string state = InterconnectStates.Canonical(State) ?? State;
            if (InterconnectStates.Canonical(State) is null)
            {
                WriteNotice($"{DiagnosticText.Quote(State)} is not a link state the API publishes ({string.Join(", ", InterconnectStates.Published)}): the sandbox reports it as given, as it would a state Cloudflare adds.");
            }

            string change = $"Report {state}" + (Reason is null ? string.Empty : $" ({DiagnosticText.Escape(Reason)})") +
                (AfterStatusReads == 0 ? string.Empty : $" after {AfterStatusReads} more status reads");
            foreach (string name in names)
            {
                if (!ShouldChange($"sandbox interconnect {DiagnosticText.Escape(name)}", change))
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
                            $"The sandbox has no interconnect {DiagnosticText.Quote(name)} in account {account}. Names compare exactly, as the API's do; Get-CfInterconnect lists them."),
                        CfErrors.SandboxInterconnectNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }
            }
        }
    }
}
