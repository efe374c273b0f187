using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Wildcard patterns as the cmdlets take them: matched as PowerShell's own -Name parameters match (case-insensitive,
    /// culture-invariant); one that PowerShell cannot parse (an unclosed <c>[</c>) is refused in code, before any request,
    /// as CfValidation.InvalidWildcard (InvalidArgument), with the value as its target.
    /// </summary>
    internal static class Patterns
    {
        public static WildcardPattern Of(string pattern) => new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);

        /// <summary>The error for a pattern that cannot be parsed; null for a good one (or text without wildcards).</summary>
        public static ErrorRecord? Refusal(string parameter, string value) =>
            ModuleRules.WildcardFault(value) is string fault
                ? CfErrors.Invalid(new CfValidationException(parameter, CfErrors.InvalidWildcard, $"-{parameter} {fault}"), value)
                : null;

        /// <summary>Ends the command, before anything is sent, when a pattern given on the command line cannot be parsed.</summary>
        public static void Require(CfCmdlet cmdlet, string parameter, IEnumerable<string>? values)
        {
            foreach (string value in values ?? new string[0])
            {
                if (Refusal(parameter, value) is ErrorRecord refused)
                {
                    cmdlet.Terminate(refused);
                }
            }
        }
    }
}
