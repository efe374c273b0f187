using System.IO;
using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Saves the Letter of Authorization (PDF) of physical interconnects to files.</summary>
    [Cmdlet(VerbsData.Save, "CfInterconnectLoa", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveCfInterconnectLoaCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>The file, or a folder to hold "name-loa.pdf". Relative to the current location. Default: "name-loa.pdf" there.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Replaces an existing file without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the saved file's FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        private protected override void ProcessCore()
        {
            foreach (string name in Name)
            {
                InterconnectCommands.SaveLoa(CmdletHost, Scope, name, Path, Force.IsPresent, PassThru.IsPresent);
            }
        }
    }
}
