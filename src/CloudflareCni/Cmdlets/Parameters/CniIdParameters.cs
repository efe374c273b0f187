using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>-Id and -InputObject of the cmdlets that act on CNIs by id (Get-CfCni, Remove-CfCni).</summary>
    internal sealed class CniIdParameters
    {
        /// <summary>The parameter set of ids given on the command line.</summary>
        public const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(CniIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>
        /// Each piped object: a CNI id, or an object whose Id binds -Id (a CNI, a CSV row). Objects of the module's other
        /// types are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>The ids given, or the ones the piped object stands for (lower-cased; a piped one must be a UUID).</summary>
        public IEnumerable<string> Ids(CfCmdlet cmdlet) => PipelineInput.GivenIds(cmdlet, InputObject, Id);
    }
}
