using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's interconnects, or gets them by name or wildcard pattern.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnect", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect), typeof(OtherInterconnect), ParameterSetName = new[] { ListSet, NameSet, PipelineInput.Set })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfInterconnectCommand : CfApiCmdlet, IDynamicParameters
    {
        private const string ListSet = ListingParameters.ListSet;
        private const string PageSet = ListingParameters.PageSet;
        private const string NameSet = InterconnectNameParameters.NameSet;
        private readonly InterconnectNameParameters interconnects = new InterconnectNameParameters();
        private readonly ListingParameters paging = new ListingParameters();
        private Listing<Interconnect>? listing;
        private InterconnectNames? names;
        private ListedLookups<Interconnect>? byName;

        /// <summary>Only interconnects at this site.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(SiteCompleter))]
        public string? Site { get; set; }

        /// <summary>Only interconnects of this type.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        [ArgumentCompleter(typeof(InterconnectTypeCompleter))]
        public string? Type { get; set; }

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        /// <summary>-Name and -InputObject (<see cref="InterconnectNameParameters"/>), -PageSize, -SinglePage and -Cursor (<see cref="ListingParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(interconnects, paging);

        private protected override void Begin()
        {
            listing = new Listing<Interconnect>(this, paging, pages => new InterconnectService(Executor).List(Account, new InterconnectListParams { Site = Site, Type = Type }, pages, Call));
            listing.Begin();
        }

        private protected override void Process() => listing!.Process(GetEach);

        private void GetEach()
        {
            if (!interconnects.TryGetNames(this, out var given))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string name in given)
            {
                ForItem(name, () =>
                {
                    if (!listing!.Wanted)
                    {
                        return;
                    }

                    string account = Account;
                    OrderedLookups lookups = Lookups(ThrottleLimit, listing.WriteCounted);
                    if (!InterconnectNames.IsPattern(name))
                    {
                        // Many piped names are read from the listing once that costs fewer requests than a GET each.
                        byName ??= new ListedLookups<Interconnect>(
                            this,
                            "interconnects",
                            (of, call) => new InterconnectService(Executor).List(of, new InterconnectListParams(), new CfPaging(null), call),
                            (of, one, call) => new InterconnectService(Executor).GetAsync(of, one, call),
                            icon => icon.Name);
                        lookups.Add(name, token => byName.LookupAsync(account, name, token));
                        return;
                    }

                    foreach (Interconnect match in names.Matching(name, account))
                    {
                        lookups.AddKnown(match);
                    }
                });
            }
        }
    }
}
