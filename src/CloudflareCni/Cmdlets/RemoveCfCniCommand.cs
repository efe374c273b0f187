using System.Management.Automation;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes CNIs.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfCni", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfCniCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        private protected override void ProcessCore()
        {
            foreach (string id in Id)
            {
                CniCommands.Remove(CmdletHost, Scope, id);
            }
        }
    }
}
