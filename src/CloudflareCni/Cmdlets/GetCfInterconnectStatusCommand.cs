using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Gets the link status of interconnects: every one of the account, or by name or wildcard pattern.</summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnectStatus", DefaultParameterSetName = InterconnectNameParameters.AllSet)]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class GetCfInterconnectStatusCommand : CfApiCmdlet, IDynamicParameters
    {
        private readonly InterconnectNameParameters interconnects = new InterconnectNameParameters();

        private InterconnectNames? names;

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = InterconnectNameParameters.AllSet)]
        [Parameter(ParameterSetName = InterconnectNameParameters.NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        /// <summary>-Name and -InputObject (<see cref="InterconnectNameParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(interconnects);

        private protected override void Process()
        {
            if (interconnects.TryGetNames(this, out var given))
            {
                (names ??= new InterconnectNames(this)).LookUpEach(
                    given, ThrottleLimit, async (account, name, call) => await new InterconnectService(Executor).StatusAsync(account, name, call).ConfigureAwait(false));
            }
        }
    }
}
