using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Accepts a property name for Set-CfCni -Property: one it can change (in any case), or the name of a field the
    /// module does not model (checked against the piped object, before any request). Names of properties that cannot
    /// change, and patterns, are refused at binding.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCniPropertyAttribute : CfValidateAttribute
    {
        private static readonly string[] Fixed = typeof(Cni).GetProperties().Select(p => p.Name).Except(SetCfCniCommand.SettableNames).ToArray();

        internal override string? Fault(string? value)
        {
            if (value is null || SetCfCniCommand.SettableNames.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            if (ModuleRules.TextFault(value) is string text)
            {
                return text;
            }

            if (WildcardPattern.ContainsWildcardCharacters(value))
            {
                return $"{Api.DiagnosticText.Quote(value)} is a pattern: -Property takes the names of the properties to change, such as {string.Join(", ", SetCfCniCommand.SettableNames)}.";
            }

            return Fixed.Contains(value, StringComparer.OrdinalIgnoreCase)
                ? $"{value} cannot be changed. Set-CfCni changes {string.Join(", ", SetCfCniCommand.SettableNames)}, and the fields the module does not model."
                : null;
        }
    }

    /// <summary>Completes Set-CfCni -Property with the properties it can change.</summary>
    public sealed class CniPropertyCompleter : Completion.CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) =>
            SetCfCniCommand.SettableNames.Select(name => (name, string.Empty));
    }
}
