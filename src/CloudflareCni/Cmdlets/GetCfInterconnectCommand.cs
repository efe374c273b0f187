using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's interconnects, or gets them by name or wildcard pattern.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnect", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Interconnect), typeof(PhysicalInterconnect), typeof(GcpPartnerInterconnect), ParameterSetName = new[] { ListSet, NameSet, PipelineInput.Set })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfInterconnectCommand : CfListCmdlet<Interconnect>
    {
        private const string NameSet = "Name";
        private InterconnectNames? names;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The names or patterns given, or the ones the piped object stands for.</summary>
        private System.Collections.Generic.IEnumerable<string> Names =>
            PipelineInput.GivenNames(this, InputObject, Name);

        /// <summary>
        /// Each piped object: a name or pattern, or an object whose Name binds -Name. Objects of the module's other types
        /// are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

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

        private protected override bool PagesGetSet => true;

        private protected override CfPager<Interconnect> OpenPager(CfPaging paging) =>
            new InterconnectService(Executor).List(Account, new InterconnectListParams { Site = Site, Type = Type }, paging, Call);

        private protected override void GetEach()
        {
            if (!PipelineInput.Accept(this, InputObject, InterconnectNames.Takes, InterconnectNames.Accepted))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string name in Names)
            {
                ForItem(name, () =>
                {
                    if (!Wanted)
                    {
                        return;
                    }

                    string account = Account;
                    OrderedLookups lookups = Lookups(ThrottleLimit, WriteCounted);
                    if (!InterconnectNames.IsPattern(name))
                    {
                        lookups.Add(name, async token => await new InterconnectService(Executor).GetAsync(account, name, Call.WithCancellation(token)).ConfigureAwait(false));
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
