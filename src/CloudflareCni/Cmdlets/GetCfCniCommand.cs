using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's CNIs, or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCni", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Cni), ParameterSetName = new[] { ListSet, IdSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniCommand : CfApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";
        private const string PageSet = "SinglePage";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Only CNIs on interconnects that use this slot.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateUuid]
        public string? Slot { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? TunnelId { get; set; }

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
            var query = new CniListParams { Slot = Slot, TunnelId = TunnelId };
            switch (ParameterSetName)
            {
                case IdSet:
                    foreach (string id in Id)
                    {
                        CniCommands.Get(CmdletHost, Scope, id);
                    }

                    break;
                case PageSet:
                    CniCommands.ListSinglePage(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.CursorOf(this));
                    break;
                default:
                    CniCommands.List(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.From(PagingParameters));
                    break;
            }
        }
    }
}
