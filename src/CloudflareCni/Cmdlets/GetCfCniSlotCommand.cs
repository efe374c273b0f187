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
    public sealed class GetCfCniSlotCommand : CfListCmdlet
    {
        private const string IdSet = "Id";

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

        private SlotListParams Query => new SlotListParams
        {
            Site = Site,
            Speed = Speed,
            AddressContains = AddressContains,
            Occupied = IsBound(nameof(Occupied)) ? Occupied.IsPresent : (bool?)null,
        };

        private protected override void ListAll(int? pageSize, CfPaging paging) =>
            SlotCommands.List(CmdletHost, Scope, Query, pageSize, paging);

        private protected override void ListOnePage(int? pageSize, long? cursor) =>
            SlotCommands.ListSinglePage(CmdletHost, Scope, Query, pageSize, cursor);

        private protected override void GetEach()
        {
            foreach (string id in Id)
            {
                SlotCommands.Get(CmdletHost, Scope, id);
            }
        }
    }
}
