using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's interconnects, or gets them by name.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnect", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect), ParameterSetName = new[] { ListSet, NameSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfInterconnectCommand : CfListCmdlet<Interconnect>
    {
        private const string NameSet = "Name";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Only interconnects at this site.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? Site { get; set; }

        /// <summary>Only interconnects of this type.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? Type { get; set; }

        private protected override CfPager<Interconnect> OpenPager(CfPaging paging) =>
            Connection.Interconnects.List(Account, new InterconnectListParams { Site = Site, Type = Type }, paging, Call);

        private protected override void GetEach()
        {
            foreach (string name in Name)
            {
                ForItem(name, () => WriteResult(Await(Connection.Interconnects.Resource.GetAsync(Account, name, Call))));
            }
        }
    }
}
