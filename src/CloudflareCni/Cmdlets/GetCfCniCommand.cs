using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's CNIs (all, or those of some interconnects), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCni", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Cni), ParameterSetName = new[] { ListSet, IdSet, PipelineInput.Set })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniCommand : CfApiCmdlet, IDynamicParameters
    {
        private const string ListSet = ListingParameters.ListSet;
        private const string PageSet = ListingParameters.PageSet;
        private const string IdSet = CniIdParameters.IdSet;
        private const string Takes = "CNI ids, CloudflareCni.Cni objects (or objects with an Id property, such as CSV rows), CloudflareCni.Interconnect objects for their CNIs, or CloudflareCni.CniTunnel objects (or objects with a TunnelId property) for theirs";
        /// <summary>The interconnects whose CNIs are wanted, each with its account (null: the default), listed at the end.</summary>
        private readonly List<(WildcardPattern Pattern, string? Account)> interconnects = new List<(WildcardPattern, string?)>();

        private readonly CniIdParameters cnis = new CniIdParameters();
        private readonly ListingParameters paging = new ListingParameters();
        private Listing<Cni>? listing;
        private ListedLookups<Cni>? byId;

        /// <summary>The account of the listing being written; null for the command's own.</summary>
        private string? listingAccount;

        /// <summary>The tunnel whose CNIs the listing being written holds: the command line's -TunnelId, or a piped tunnel's.</summary>
        private string? listingTunnel;

        /// <summary>Only the CNIs of these interconnects (names or wildcard patterns). The API has no such filter: the listing is filtered as it pages.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string[]? Interconnect { get; set; }

        /// <summary>Only CNIs on interconnects that use this slot.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(SlotIdCompleter))]
        public string? Slot { get; set; }

        /// <summary>
        /// Only the CNIs of this Magic tunnel. A piped tunnel (or a row with a TunnelId and no Id) binds it, and lists its
        /// CNIs: a tunnel's id is never taken for a CNI's.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [TextInput(LowerCase = true)]
        [ValidateTunnelId]
        [ArgumentCompleter(typeof(TunnelIdCompleter))]
        public string? TunnelId { get; set; }

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        /// <summary>-Id and -InputObject (<see cref="CniIdParameters"/>), -PageSize, -SinglePage and -Cursor (<see cref="ListingParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(cnis, paging);

        private protected override void Begin()
        {
            // Only the command line's: a value bound from a piped tunnel is that tunnel's listing alone.
            listingTunnel = TunnelId;
            listing = new Listing<Cni>(this, paging, pages => new CniService(Executor).List(listingAccount ?? Account, new CniListParams { Slot = Slot, TunnelId = listingTunnel }, pages, Call));
            listing.Begin();
        }

        private protected override void Process() => listing!.Process(GetEach, ListAll);

        private void ListAll()
        {
            if (Interconnect is null)
            {
                listing!.WriteAll();
                return;
            }

            // The CNIs of the interconnects given are listed once, at the end of the input.
            Patterns.Require(this, nameof(Interconnect), Interconnect);
            interconnects.AddRange(Interconnect.Select(name => (Patterns.Of(name), AccountId)));
        }

        private protected override void End()
        {
            // One listing per account: piped interconnects of several accounts each get their own account's CNIs.
            foreach (IGrouping<string?, (WildcardPattern Pattern, string? Account)> ofAccount in interconnects.GroupBy(i => i.Account))
            {
                listingAccount = ofAccount.Key;
                listing!.WriteAll(cni => ofAccount.Any(i => i.Pattern.IsMatch(cni.Interconnect)));
            }
        }

        private void GetEach()
        {
            if (ParameterSetName == PipelineInput.Set)
            {
                // The set is known only once input arrives: a -TunnelId typed with piped objects would stand for each of them.
                if (GivenOnCommandLine(nameof(TunnelId)))
                {
                    Terminate(CfErrors.Record(
                        new System.ArgumentException("Get-CfCni -TunnelId filters the listing, and takes no piped objects: pipe the tunnels themselves (Get-CfCniTunnel | Get-CfCni), or drop -TunnelId."),
                        CfErrors.UnsupportedInput,
                        ErrorCategory.InvalidArgument,
                        TunnelId));
                }

                if (!PipelineInput.Accept(this, cnis.InputObject, Takes, typeof(Cni), typeof(CloudflareCni.Interconnect), typeof(CniTunnel)))
                {
                    return;
                }

                // A piped tunnel, or a row with a TunnelId and no Id, bound -TunnelId: its CNIs, written in their place in the input.
                if (TunnelId != null && cnis.Id is null)
                {
                    Lookups(ThrottleLimit, listing!.WriteCounted).Finish();
                    listingAccount = AccountId;
                    listingTunnel = TunnelId;
                    listing!.WriteAll();
                    listingAccount = null;
                    listingTunnel = null;
                    return;
                }

                // A piped interconnect (or a deserialized one) asks for its CNIs: gathered, and listed once at the end of the input.
                PSObject piped = cnis.InputObject!;
                if (piped.BaseObject is CloudflareCni.Interconnect || piped.TypeNames.Contains("Deserialized." + typeof(CloudflareCni.Interconnect).FullName))
                {
                    // The interconnect's own name, taken literally: a name may hold [ or *, which are no pattern here.
                    interconnects.Add((Patterns.Of(WildcardPattern.Escape((string)piped.Properties["Name"].Value)), AccountId));
                    return;
                }
            }

            // Many piped ids are read from the listing once that costs fewer requests than a GET each.
            byId ??= new ListedLookups<Cni>(
                this,
                "CNIs",
                (account, call) => new CniService(Executor).List(account, new CniListParams(), new CfPaging(null), call),
                (account, id, call) => new CniService(Executor).GetAsync(account, id, call),
                cni => cni.Id);
            foreach (string id in cnis.Ids(this))
            {
                string account = Account;
                Lookups(ThrottleLimit, listing!.WriteCounted).Add(id, token => byId.LookupAsync(account, id, token));
            }
        }

    }
}
