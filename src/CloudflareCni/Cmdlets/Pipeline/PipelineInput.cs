using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// What a cmdlet takes from the pipeline: text, the module objects it is meant to receive (and their deserialized
    /// forms, from jobs or Import-Clixml), and property bags such as CSV rows. Any other object of this module would bind
    /// by a property name that means something else (a slot's Id is not a CNI's), so it is refused before any request.
    /// </summary>
    internal static class PipelineInput
    {
        /// <summary>
        /// The parameter set of cmdlets whose input comes down the pipeline: -InputObject takes each piped object by value,
        /// and the name or id parameter binds from its properties. The name or id parameter itself takes no input by
        /// value, because PowerShell would turn any object into its ToString() text to bind it.
        /// </summary>
        public const string Set = "InputObject";

        private const string DeserializedPrefix = "Deserialized.";

        /// <summary>
        /// The interconnect names or patterns given: on the command line, or (in the <see cref="Set"/> set) those the piped
        /// object stands for; a piped text must be a name, as -Name requires. A pattern that cannot be parsed is refused
        /// before any request (<see cref="Patterns"/>): given on the command line, it ends the command; piped, it is an
        /// error for that object, and the others go on.
        /// </summary>
        public static IReadOnlyList<string> GivenNames(CfCmdlet cmdlet, PSObject? input, string[]? given)
        {
            if (cmdlet.ParameterSetName != Set || cmdlet.GivenOnCommandLine("Name"))
            {
                // Names given on the command line: a bad pattern ends the command, whatever is piped.
                Patterns.Require(cmdlet, "Name", given);
            }

            if (cmdlet.ParameterSetName != Set)
            {
                return given!;
            }

            var good = new List<string>();
            foreach (string name in Values(cmdlet, input!, given, "Name", fault: ModuleRules.InterconnectNameFault))
            {
                if (Patterns.Refusal("Name", name) is ErrorRecord refused)
                {
                    cmdlet.WriteFailure(refused);
                }
                else
                {
                    good.Add(name);
                }
            }

            return good;
        }

        /// <summary>The CNI or slot ids given, as <see cref="Given"/>; piped ones are lower-cased and must be UUIDs.</summary>
        public static IEnumerable<string> GivenIds(CfCmdlet cmdlet, PSObject? input, string[]? given) =>
            cmdlet.ParameterSetName == Set ? Values(cmdlet, input!, given, "Id", lowerCase: true, fault: ModuleRules.UuidFault) : given!;

        /// <summary>
        /// The names or ids a piped object stands for: a piped string is one; otherwise the values bound from the object's
        /// properties. Writes an error and returns nothing when there are none.
        /// </summary>
        public static IReadOnlyList<string> Values(CfCmdlet cmdlet, PSObject input, string[]? bound, string parameter, bool lowerCase = false, Func<string, string?>? fault = null)
        {
            string[] values = input.BaseObject is string text ? new[] { lowerCase ? text.ToLowerInvariant() : text } : bound ?? new string[0];
            var good = new List<string>();
            foreach (string value in values)
            {
                string? problem = string.IsNullOrWhiteSpace(value) ? "The value is empty." : fault?.Invoke(value);
                if (problem is null)
                {
                    good.Add(value);
                }
                else
                {
                    cmdlet.WriteFailure(CfErrors.Invalid(new CfValidationException(parameter, CfErrors.InvalidPipedValue, $"Cannot use the piped value {Api.DiagnosticText.Quote(value)} for -{parameter}. {problem}"), input));
                }
            }

            if (values.Length == 0)
            {
                cmdlet.WriteFailure(CfErrors.Invalid(
                    new CfValidationException(parameter, CfErrors.InvalidPipedValue, $"The piped {Api.DiagnosticText.Escape(input.TypeNames[0])} has no {parameter} to act on."), input));
            }

            return good;
        }

        /// <summary>True when the cmdlet takes the piped object; otherwise writes CfValidation.UnsupportedInput for it and returns false.</summary>
        public static bool Accept(CfCmdlet cmdlet, PSObject? input, string takes, params Type[] accepted) => Accept(cmdlet, input, takes, true, accepted);

        /// <summary>
        /// As <see cref="Accept(CfCmdlet, PSObject, string, Type[])"/>; with <paramref name="takesText"/> false, piped text
        /// and other single values (numbers, dates) are refused too: the cmdlet binds only objects' properties, and would
        /// otherwise pass over them without a word.
        /// </summary>
        public static bool Accept(CfCmdlet cmdlet, PSObject? input, string takes, bool takesText, params Type[] accepted)
        {
            if (input is null || ((takesText || !IsSingleValue(input.BaseObject)) && IsAccepted(input, accepted)))
            {
                return true;
            }

            string piped = input.BaseObject.GetType().Assembly == typeof(CfObject).Assembly
                ? input.BaseObject.GetType().FullName!
                : Api.DiagnosticText.Escape(input.TypeNames[0]);
            cmdlet.WriteFailure(CfErrors.Record(
                new ArgumentException($"{cmdlet.MyInvocation.MyCommand.Name} takes {takes}; a {piped} was piped to it. Nothing was sent for it."),
                CfErrors.UnsupportedInput,
                ErrorCategory.InvalidArgument,
                input));
            return false;
        }

        private static bool IsSingleValue(object value) =>
            value is string || value.GetType().IsPrimitive || value is decimal || value is Enum || value is DateTime || value is DateTimeOffset || value is TimeSpan || value is Guid;

        private static bool IsAccepted(PSObject input, Type[] accepted)
        {
            object value = input.BaseObject;
            if (value is string)
            {
                return true;
            }

            if (value.GetType().Assembly == typeof(CfObject).Assembly)
            {
                return accepted.Any(type => type.IsInstanceOfType(value));
            }

            string first = input.TypeNames.Count > 0 ? input.TypeNames[0] : string.Empty;
            if (first.StartsWith(DeserializedPrefix + typeof(CfObject).Namespace + ".", StringComparison.Ordinal))
            {
                return accepted.Any(type => input.TypeNames.Contains(DeserializedPrefix + type.FullName));
            }

            // A property bag (a CSV row, a PSCustomObject, any other object): its properties bind by name.
            return true;
        }
    }
}
