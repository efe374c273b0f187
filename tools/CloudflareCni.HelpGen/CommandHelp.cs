// The help of one cmdlet as MAML needs it. Prose is already plain text (markdown markup removed, lines reflowed),
// one string per paragraph, so the writer only arranges it.

using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudflareCni.HelpGen
{
    internal sealed record CommandHelp(
        string Name,
        string? OnlineUri,
        string Synopsis,
        IReadOnlyList<string> Description,
        IReadOnlyList<SyntaxItem> Syntax,
        IReadOnlyList<ParameterHelp> Parameters,
        IReadOnlyList<ExampleHelp> Examples,
        IReadOnlyList<TypeHelp> Inputs,
        IReadOnlyList<TypeHelp> Outputs,
        IReadOnlyList<string> Notes,
        IReadOnlyList<LinkHelp> RelatedLinks);

    /// <summary>One parameter set, its parameters in the order the doc's syntax block lists them.</summary>
    internal sealed record SyntaxItem(string ParameterSetName, IReadOnlyList<SyntaxParameter> Parameters);

    /// <summary>A parameter as one parameter set sees it. <see cref="ValueText"/> is the short type the syntax shows ("String[]"); empty for a switch.</summary>
    internal sealed record SyntaxParameter(ParameterHelp Parameter, string ValueText, bool IsRequired, string Position);

    internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, ParameterMetadata Metadata)
    {
        public bool IsSwitch => Metadata.Type is "System.Management.Automation.SwitchParameter" or "SwitchParameter";

        /// <summary>MAML has one position per parameter; like platyPS, the first parameter set's.</summary>
        public string Position => Metadata.ParameterSets.Count == 0 ? "Named" : Metadata.ParameterSets[0].Position;

        public bool IsRequiredInAnySet => Metadata.ParameterSets.Any(s => s.IsRequired);

        /// <summary>The text Get-Help shows as "Accept pipeline input?".</summary>
        public string PipelineInput
        {
            get
            {
                bool byValue = Metadata.ParameterSets.Any(s => s.ValueFromPipeline);
                bool byName = Metadata.ParameterSets.Any(s => s.ValueFromPipelineByPropertyName);
                return (byValue, byName) switch
                {
                    (true, true) => "true (ByValue, ByPropertyName)",
                    (true, false) => "true (ByValue)",
                    (false, true) => "true (ByPropertyName)",
                    _ => "false",
                };
            }
        }

        /// <summary>"System.Collections.Generic.List`1" style names never occur here; namespaces are dropped for the syntax view.</summary>
        public string ShortTypeName
        {
            get
            {
                int dot = Metadata.Type.LastIndexOf('.');
                return dot < 0 ? Metadata.Type : Metadata.Type.Substring(dot + 1);
            }
        }

        /// <summary>The set entry that applies to <paramref name="parameterSetName"/>: its own, else "(All)".</summary>
        public ParameterSetMetadata? SetFor(string parameterSetName) =>
            Metadata.ParameterSets.FirstOrDefault(s => string.Equals(s.Name, parameterSetName, StringComparison.OrdinalIgnoreCase))
            ?? Metadata.ParameterSets.FirstOrDefault(s => s.Name == "(All)");
    }

    /// <summary>Code holds every fenced block of the example (command, then output) without fences; Remarks the prose.</summary>
    internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

    internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

    /// <summary>Uri is null for links to other markdown files: they have no address outside the repository.</summary>
    internal sealed record LinkHelp(string Text, string? Uri);

    /// <summary>The yaml block under each "### -Name" (platyPS schema 2024-05-01). Property names are the yaml keys.</summary>
    internal sealed class ParameterMetadata
    {
        public string Type { get; set; } = string.Empty;

        public string? DefaultValue { get; set; }

        public bool SupportsWildcards { get; set; }

        public List<string> ParameterValue { get; set; } = new List<string>();

        public List<string> Aliases { get; set; } = new List<string>();

        public List<ParameterSetMetadata> ParameterSets { get; set; } = new List<ParameterSetMetadata>();

        public bool DontShow { get; set; }

        public List<string> AcceptedValues { get; set; } = new List<string>();

        public string? HelpMessage { get; set; }
    }

    internal sealed class ParameterSetMetadata
    {
        /// <summary>A set name, or "(All)" for every set.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>"Named" or a number.</summary>
        public string Position { get; set; } = "Named";

        public bool IsRequired { get; set; }

        public bool ValueFromPipeline { get; set; }

        public bool ValueFromPipelineByPropertyName { get; set; }

        public bool ValueFromRemainingArguments { get; set; }
    }
}
