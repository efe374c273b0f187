using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes interconnects.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfInterconnect", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfInterconnectCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Icon")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        private protected override void ProcessCore()
        {
            foreach (string name in Name)
            {
                InterconnectCommands.Remove(CmdletHost, Scope, name);
            }
        }
    }
}
