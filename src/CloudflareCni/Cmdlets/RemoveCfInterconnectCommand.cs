using System.Collections.Generic;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes interconnects.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfInterconnect", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfInterconnectCommand : CfApiCmdlet
    {
        private readonly List<string> pending = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Icon")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        // Deletes wait for the end of the input: in `Get-CfInterconnect | Remove-CfInterconnect` a delete made while
        // the listing still pages would shift the server's offsets, and the next page would skip interconnects.
        private protected override void Process() => pending.AddRange(Name);

        private protected override void End()
        {
            foreach (string name in pending)
            {
                ForItem(name, () =>
                {
                    if (ShouldChange($"interconnect {name}", "Delete"))
                    {
                        Await(Connection.Interconnects.Resource.DeleteAsync(Account, name, Call));
                    }
                });
            }
        }
    }
}
