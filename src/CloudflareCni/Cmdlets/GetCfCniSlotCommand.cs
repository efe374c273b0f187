using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the slots that physical interconnects can use, or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCniSlot", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(CniSlot), ParameterSetName = new[] { ListSet, IdSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniSlotCommand : CfListCmdlet<CniSlot>
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

        private protected override CfPager<CniSlot> OpenPager(CfPaging paging) =>
            Connection.Slots.List(
                Account,
                new SlotListParams
                {
                    Site = Site,
                    Speed = Speed,
                    AddressContains = AddressContains,
                    Occupied = IsBound(nameof(Occupied)) ? Occupied.IsPresent : (bool?)null,
                },
                paging,
                Call);

        private protected override void GetEach()
        {
            foreach (string id in Id)
            {
                ForItem(id, () => WriteResult(Await(Connection.Slots.Resource.GetAsync(Account, id, Call))));
            }
        }
    }
}
