using System;
using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Waits until interconnects reach a link state, polling their status.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CfInterconnect")]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class WaitCfInterconnectCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        [Parameter]
        [ValidateSet("Pending", "Down", "Unhealthy", "Healthy")]
        public InterconnectState State { get; set; } = InterconnectState.Healthy;

        /// <summary>Seconds to wait before giving up with a CfWait.Timeout error. Default 600.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 600;

        /// <summary>Seconds between status checks. Default 10.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int PollInterval { get; set; } = 10;

        private protected override void ProcessCore()
        {
            foreach (string name in Name)
            {
                InterconnectCommands.Wait(CmdletHost, Scope, name, State, TimeSpan.FromSeconds(Timeout), TimeSpan.FromSeconds(PollInterval));
            }
        }
    }
}
