using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// -Name and -InputObject of the cmdlets that act on interconnects by name or wildcard pattern (Get-CfInterconnect,
    /// Get-CfInterconnectStatus, Get-CfInterconnectLoaName, Save-CfInterconnectLoa, Wait-CfInterconnect): the names given, or those piped objects
    /// stand for (an interconnect's, a status's, the host of a CNI, a CSV row's Name). A cmdlet that only reads may also
    /// offer <see cref="AllSet"/>, by making it its default parameter set: with neither -Name nor piped input, it then
    /// acts on every interconnect of the account, as Get-Service gets every service.
    /// </summary>
    internal sealed class InterconnectNameParameters
    {
        /// <summary>The parameter set of names given on the command line.</summary>
        public const string NameSet = "Name";

        /// <summary>
        /// The parameter set of a reading cmdlet called with no names and nothing piped: the pattern "*", so one listing
        /// of the account and a lookup for each interconnect in it. Declared by the cmdlets that offer it (as their default
        /// set, on a parameter such as -ThrottleLimit), never here: a cmdlet that changes or waits on interconnects needs
        /// the names said.
        /// </summary>
        public const string AllSet = "All";

        private static readonly string[] Everything = { "*" };

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateInterconnectName]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Each piped object: a name or pattern, or an object whose Name binds -Name. Objects of the module's other types
        /// are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>
        /// The names or patterns to act on for this input: those given, or those the piped object stands for. False (with
        /// an error written) when the piped object is of a type these cmdlets do not take.
        /// </summary>
        public bool TryGetNames(CfCmdlet cmdlet, out IReadOnlyList<string> names)
        {
            names = new string[0];
            if (cmdlet.ParameterSetName == AllSet)
            {
                names = Everything;
                return true;
            }

            if (!PipelineInput.Accept(cmdlet, InputObject, InterconnectNames.Takes, InterconnectNames.Accepted))
            {
                return false;
            }

            names = PipelineInput.GivenNames(cmdlet, InputObject, Name);
            return true;
        }
    }
}
