using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the slots that physical interconnects can use, or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCniSlot", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(CniSlot), ParameterSetName = new[] { ListSet, IdSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniSlotCommand : CfApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";
        private const string PageSet = "SinglePage";

        /// <summary>Slot ids. Binds from a physical interconnect's SlotId when interconnects are piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SlotId")]
        [ValidateUuid]
        public string[] Id { get; set; } = new string[0];

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? Site { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? Speed { get; set; }

        /// <summary>-Occupied lists occupied slots, -Occupied:$false free ones; without it, both.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        public SwitchParameter Occupied { get; set; }

        /// <summary>Only slots whose facility address contains this text.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? AddressContains { get; set; }

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
            var query = new SlotListParams
            {
                Site = Site,
                Speed = Speed,
                AddressContains = AddressContains,
                Occupied = IsBound(nameof(Occupied)) ? Occupied.IsPresent : (bool?)null,
            };
            switch (ParameterSetName)
            {
                case IdSet:
                    foreach (string id in Id)
                    {
                        SlotCommands.Get(CmdletHost, Scope, id);
                    }

                    break;
                case PageSet:
                    SlotCommands.ListSinglePage(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.CursorOf(this));
                    break;
                default:
                    SlotCommands.List(CmdletHost, Scope, query, CmdletPaging.PageSizeOf(this), CmdletPaging.From(PagingParameters));
                    break;
            }
        }
    }
}
