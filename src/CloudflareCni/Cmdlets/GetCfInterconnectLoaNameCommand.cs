using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Gets the name the Letter of Authorization of interconnects is made out to by default (the account's name, as
    /// Cloudflare has it), for every interconnect of the account or by name or wildcard pattern; Save-CfInterconnectLoa
    /// -CustomerName prints another.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CfInterconnectLoaName", DefaultParameterSetName = InterconnectNameParameters.AllSet)]
    [OutputType(typeof(InterconnectLoaName))]
    public sealed class GetCfInterconnectLoaNameCommand : CfApiCmdlet, IDynamicParameters
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
                    given, ThrottleLimit, async (account, name, call) => await new InterconnectService(Executor).LoaDefaultNameAsync(account, name, call).ConfigureAwait(false));
            }
        }
    }
}
