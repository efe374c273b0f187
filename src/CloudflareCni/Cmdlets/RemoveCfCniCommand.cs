using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes CNIs.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfCni", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfCniCommand : CfApiCmdlet
    {
        private readonly List<string> pending = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        // Deletes wait for the end of the input: in `Get-CfCni | Remove-CfCni` a delete made while the listing still
        // pages would shift the server's offsets, and the next page would skip CNIs that were never seen.
        private protected override void Process() => pending.AddRange(Id);

        private protected override void End()
        {
            foreach (string id in pending)
            {
                ForItem(id, () =>
                {
                    if (ShouldChange($"CNI {id}", "Delete"))
                    {
                        Await(Connection.Cnis.Resource.DeleteAsync(Account, id, Call));
                    }
                });
            }
        }
    }
}
