using CloudflareCni.Api;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Gets the link status of interconnects, by name or wildcard pattern.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnectStatus", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class GetCfInterconnectStatusCommand : CfApiCmdlet
    {
        private const string NameSet = "Name";

        private InterconnectNames? names;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName(Wildcards = true)]
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

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, InterconnectNames.Takes, InterconnectNames.Accepted))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string pattern in Names)
            {
                ForItem(pattern, () =>
                {
                    string account = Account;
                    OrderedLookups lookups = Lookups(ThrottleLimit, WriteResult);
                    foreach (string name in names.Expand(pattern, () => account))
                    {
                        lookups.Add(name, async token => await new InterconnectService(Executor).StatusAsync(account, name, Call.WithCancellation(token)).ConfigureAwait(false));
                    }
                });
            }
        }
    }
}
