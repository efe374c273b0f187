using CloudflareCni.Api;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes interconnects, by name or wildcard pattern; each one is confirmed.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfInterconnect", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfInterconnectCommand : CfApiCmdlet
    {
        private const string NameSet = "Name";

        private readonly List<(string Name, string? AccountId)> pending = new List<(string, string?)>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [Alias("Icon")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The names or patterns given, or the ones the piped object stands for.</summary>
        private System.Collections.Generic.IEnumerable<string> Names =>
            PipelineInput.GivenNames(this, InputObject, Name);

        /// <summary>
        /// Each piped object: a name or pattern, or an object whose Name binds -Name. Objects of the module's other types
        /// are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        // Deletes wait for the end of the input: in `Get-CfInterconnect | Remove-CfInterconnect` a delete made while
        // the listing still pages would shift the server's offsets, and the next page would skip interconnects.
        private protected override void Process()
        {
            if (PipelineInput.Accept(this, InputObject, "interconnect names or wildcard patterns, CloudflareCni.Interconnect objects, or objects with a Name property such as CSV rows", typeof(Interconnect)))
            {
                foreach (string name in Names)
                {
                    // The account is resolved only when needed, so that -WhatIf on literal names needs no connection.
                    pending.Add((name, AccountId));
                }
            }
        }

        private protected override void End()
        {
            var names = new InterconnectNames(this);
            foreach ((string pattern, string? accountId) in pending)
            {
                ForItem(pattern, () =>
                {
                    foreach (string name in names.Expand(pattern, () => accountId ?? Account))
                    {
                        ForItem(name, () =>
                        {
                            if (ShouldChange($"interconnect {Api.DiagnosticText.Escape(name)}", "Delete"))
                            {
                                Await(new InterconnectService(Executor).DeleteAsync(accountId ?? Account, name, Call));
                            }
                        });
                    }
                });
            }
        }
    }
}
