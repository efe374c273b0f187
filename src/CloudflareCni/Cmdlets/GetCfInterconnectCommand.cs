using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's interconnects, or gets them by name.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnect", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect), ParameterSetName = new[] { ListSet, NameSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfInterconnectCommand : CfApiCmdlet
    {
        private const string ListSet = "List";
        private const string NameSet = "Name";
        private const string PageSet = "SinglePage";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Icon")]
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

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PageSet)]
        public SwitchParameter SinglePage { get; set; }

        [Parameter(ParameterSetName = PageSet)]
        [ValidateRange(0L, long.MaxValue)]
        public long Cursor { get; set; }

        private protected override void ProcessCore()
        {
            var query = new InterconnectListParams { Site = Site, Type = Type };
            switch (ParameterSetName)
            {
                case NameSet:
                    foreach (string name in Name)
                    {
                        InterconnectCommands.Get(CmdletHost, Scope, name);
                    }

                    break;
                case PageSet:
                    InterconnectCommands.ListSinglePage(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.CursorOf(this));
                    break;
                default:
                    InterconnectCommands.List(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.From(PagingParameters));
                    break;
            }
        }
    }
}
