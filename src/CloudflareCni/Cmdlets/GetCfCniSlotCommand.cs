using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the slots that physical interconnects can use, or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCniSlot", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(CniSlot), ParameterSetName = new[] { ListSet, IdSet, PipelineInput.Set })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniSlotCommand : CfApiCmdlet, IDynamicParameters
    {
        private const string ListSet = ListingParameters.ListSet;
        private const string PageSet = ListingParameters.PageSet;
        private const string IdSet = "Id";

        private readonly ListingParameters paging = new ListingParameters();
        private Listing<CniSlot>? listing;
        private ListedLookups<CniSlot>? byId;

        /// <summary>Slot ids. Binds from a physical interconnect's SlotId when interconnects are piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [Alias("SlotId")]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(SlotIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>
        /// Each piped object: a slot id, or an object whose Id or SlotId binds -Id (a slot, a physical interconnect, a CSV
        /// row). Objects of the module's other types are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(SiteCompleter))]
        public string? Site { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(SpeedCompleter))]
        public string? Speed { get; set; }

        /// <summary>-Occupied lists occupied slots, -Occupied:$false free ones; without it, both.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        public SwitchParameter Occupied { get; set; }

        /// <summary>Only slots whose facility address contains this text.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string? AddressContains { get; set; }

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        /// <summary>-PageSize, -SinglePage and -Cursor (<see cref="ListingParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(paging);

        private protected override void Begin()
        {
            listing = new Listing<CniSlot>(this, paging, pages => new SlotService(Executor).List(
                Account,
                new SlotListParams
                {
                    Site = Site,
                    Speed = Speed,
                    AddressContains = AddressContains,
                    Occupied = IsBound(nameof(Occupied)) ? Occupied.IsPresent : (bool?)null,
                },
                pages,
                Call));
            listing.Begin();
        }

        private protected override void Process() => listing!.Process(GetEach);

        private void GetEach()
        {
            if (!PipelineInput.Accept(this, InputObject, "slot ids, CloudflareCni.CniSlot or CloudflareCni.Interconnect objects, or objects with an Id or SlotId property such as CSV rows", typeof(CniSlot), typeof(Interconnect)))
            {
                return;
            }

            // Many piped ids are read from the listing once that costs fewer requests than a GET each.
            byId ??= new ListedLookups<CniSlot>(
                this,
                "slots",
                (account, call) => new SlotService(Executor).List(account, new SlotListParams(), new CfPaging(null), call),
                (account, id, call) => new SlotService(Executor).GetAsync(account, id, call),
                slot => slot.Id);
            System.Collections.Generic.IEnumerable<string> ids = PipelineInput.GivenIds(this, InputObject, Id);
            foreach (string id in ids)
            {
                string account = Account;
                Lookups(ThrottleLimit, listing!.WriteCounted).Add(id, token => byId.LookupAsync(account, id, token));
            }
        }
    }
}
