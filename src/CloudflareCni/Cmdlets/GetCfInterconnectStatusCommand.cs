using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Gets the link status of interconnects.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnectStatus")]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class GetCfInterconnectStatusCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        private protected override void Process()
        {
            foreach (string name in Name)
            {
                ForItem(name, () => WriteResult(Await(Connection.Interconnects.StatusAsync(Account, name, Call))));
            }
        }
    }
}
