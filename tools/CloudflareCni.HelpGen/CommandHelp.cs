// The command-help model that CommandHelpMarkdownReader produces and MamlWriter consumes.
// It is plain data on purpose: other test projects compile-link tools/CloudflareCni.HelpGen/CommandHelp*.cs
// (or reference this project) to compare each doc with the compiled cmdlets, so this file
// depends on the BCL only.

using System;
using System.Collections.Generic;

namespace CloudflareCni.HelpGen
{
    /// <summary>Help for one command, read from one markdown file (Microsoft.PowerShell.PlatyPS 1.x schema, 2024-05-01).</summary>
    public sealed class CommandHelp
    {
        /// <summary>Path (or name) of the markdown source.</summary>
        public string SourcePath { get; set; } = string.Empty;

        /// <summary>Command name, taken from the H1 title (first token), e.g. <c>Get-CfContext</c>.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Front-matter key/value pairs in file order. A value is null when the YAML value is empty (<c>key:</c>).</summary>
        public List<KeyValuePair<string, string?>> Metadata { get; } = new List<KeyValuePair<string, string?>>();

        /// <summary><c>Module Name</c> front-matter value.</summary>
        public string ModuleName { get; set; } = string.Empty;

        /// <summary><c>external help file</c> front-matter value, e.g. <c>CloudflareCni.dll-Help.xml</c>.</summary>
        public string ExternalHelpFile { get; set; } = string.Empty;

        /// <summary><c>HelpUri</c> front-matter value; null when written as <c>HelpUri:</c> with nothing after it.</summary>
        public string? HelpUri { get; set; }

        /// <summary><c>Locale</c> front-matter value.</summary>
        public string Locale { get; set; } = string.Empty;

        /// <summary><c>PlatyPS schema version</c> front-matter value (must be 2024-05-01).</summary>
        public string SchemaVersion { get; set; } = string.Empty;

        /// <summary>Text of <c>## SYNOPSIS</c> (raw markdown lines, trimmed).</summary>
        public string Synopsis { get; set; } = string.Empty;

        /// <summary>One entry per <c>### ParameterSetName</c> under <c>## SYNTAX</c>, in file order.</summary>
        public List<CommandHelpSyntax> Syntax { get; } = new List<CommandHelpSyntax>();

        /// <summary>Raw text of <c>## ALIASES</c> (empty when the section is empty or absent).</summary>
        public string Aliases { get; set; } = string.Empty;

        /// <summary>Text of <c>## DESCRIPTION</c> (raw markdown lines, trimmed).</summary>
        public string Description { get; set; } = string.Empty;

        /// <summary>Examples in file order.</summary>
        public List<CommandHelpExample> Examples { get; } = new List<CommandHelpExample>();

        /// <summary>Parameters sorted by name the way platyPS sorts them (common parameters are not listed).</summary>
        public List<CommandHelpParameter> Parameters { get; } = new List<CommandHelpParameter>();

        /// <summary>True when the doc has a <c>### CommonParameters</c> heading.</summary>
        public bool HasCommonParameters { get; set; }

        /// <summary>Items under <c>## INPUTS</c>.</summary>
        public List<CommandHelpTypeInfo> Inputs { get; } = new List<CommandHelpTypeInfo>();

        /// <summary>Items under <c>## OUTPUTS</c>.</summary>
        public List<CommandHelpTypeInfo> Outputs { get; } = new List<CommandHelpTypeInfo>();

        /// <summary>Text of <c>## NOTES</c> (raw markdown lines, trimmed; empty when there are none).</summary>
        public string Notes { get; set; } = string.Empty;

        /// <summary>Links under <c>## RELATED LINKS</c> (the MAML "Online Version" link is not part of this list).</summary>
        public List<CommandHelpLink> RelatedLinks { get; } = new List<CommandHelpLink>();

        /// <summary>Non-fatal findings (the reader throws <see cref="CommandHelpFormatException"/> for fatal ones).</summary>
        public List<CommandHelpDiagnostic> Warnings { get; } = new List<CommandHelpDiagnostic>();

        /// <summary>Verb part of the name (whole name when it does not have exactly one '-').</summary>
        public string Verb
        {
            get
            {
                string[] parts = Name.Split('-');
                return parts.Length == 2 ? parts[0] : Name;
            }
        }

        /// <summary>Noun part of the name (empty when it does not have exactly one '-').</summary>
        public string Noun
        {
            get
            {
                string[] parts = Name.Split('-');
                return parts.Length == 2 ? parts[1] : string.Empty;
            }
        }

        /// <summary>Front-matter value by exact key, or null.</summary>
        public string? GetMetadata(string key)
        {
            foreach (KeyValuePair<string, string?> pair in Metadata)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        /// <summary>Parameter by name (case-insensitive, like PowerShell), or null.</summary>
        public CommandHelpParameter? FindParameter(string name)
        {
            foreach (CommandHelpParameter parameter in Parameters)
            {
                if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>Syntax entry by parameter set name (case-insensitive), or null.</summary>
        public CommandHelpSyntax? FindSyntax(string parameterSetName)
        {
            foreach (CommandHelpSyntax syntax in Syntax)
            {
                if (string.Equals(syntax.ParameterSetName, parameterSetName, StringComparison.OrdinalIgnoreCase))
                {
                    return syntax;
                }
            }

            return null;
        }

        /// <summary>The syntax entry whose heading ends in "(Default)", or null.</summary>
        public CommandHelpSyntax? DefaultSyntax
        {
            get
            {
                foreach (CommandHelpSyntax syntax in Syntax)
                {
                    if (syntax.IsDefault)
                    {
                        return syntax;
                    }
                }

                return null;
            }
        }

        public override string ToString() => Name;
    }

    /// <summary>One parameter set under <c>## SYNTAX</c>: <c>### Name</c> or <c>### Name (Default)</c> plus its code block.</summary>
    public sealed class CommandHelpSyntax
    {
        /// <summary>Set name without the "(Default)" suffix, e.g. <c>__AllParameterSets</c> or <c>ByName</c>.</summary>
        public string ParameterSetName { get; set; } = string.Empty;

        /// <summary>True when the heading ends with "(Default)".</summary>
        public bool IsDefault { get; set; }

        /// <summary>First token of the code block (what MAML writes as the syntax item name).</summary>
        public string CommandName { get; set; } = string.Empty;

        /// <summary>Code block text (lines joined with '\n').</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>True when the code block contains "CommonParameters".</summary>
        public bool HasCommonParameters { get; set; }

        /// <summary>Parameters in the order they appear in the code block.</summary>
        public List<CommandHelpSyntaxParameter> Parameters { get; } = new List<CommandHelpSyntaxParameter>();

        /// <summary>1-based line of the <c>###</c> heading.</summary>
        public int Line { get; set; }

        /// <summary>Parameter of this syntax by name (case-insensitive), or null.</summary>
        public CommandHelpSyntaxParameter? FindParameter(string name)
        {
            foreach (CommandHelpSyntaxParameter parameter in Parameters)
            {
                if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return parameter;
                }
            }

            return null;
        }

        public override string ToString() => IsDefault ? ParameterSetName + " (Default)" : ParameterSetName;
    }

    /// <summary>One parameter token of a syntax code block, interpreted the way platyPS does.</summary>
    public sealed class CommandHelpSyntaxParameter
    {
        /// <summary>Parameter name without dash or brackets.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Type text between the angle brackets (e.g. <c>String[]</c>), or <c>SwitchParameter</c> for switches.</summary>
        public string TypeName { get; set; } = string.Empty;

        /// <summary>"named", or the 0-based position counted over the positional parameters of this code block.</summary>
        public string Position { get; set; } = "named";

        /// <summary><c>-Name &lt;T&gt;</c>, <c>[-Name] &lt;T&gt;</c> or <c>-Switch</c>.</summary>
        public bool IsMandatory { get; set; }

        /// <summary><c>[-Name] &lt;T&gt;</c> or <c>[[-Name] &lt;T&gt;]</c>.</summary>
        public bool IsPositional { get; set; }

        /// <summary>No <c>&lt;type&gt;</c> follows the name.</summary>
        public bool IsSwitch { get; set; }

        public override string ToString()
        {
            if (IsSwitch)
            {
                return IsMandatory ? "-" + Name : "[-" + Name + "]";
            }

            if (IsPositional)
            {
                return IsMandatory ? "[-" + Name + "] <" + TypeName + ">" : "[[-" + Name + "] <" + TypeName + ">]";
            }

            return IsMandatory ? "-" + Name + " <" + TypeName + ">" : "[-" + Name + " <" + TypeName + ">]";
        }
    }

    /// <summary>One <c>### -Name</c> entry under <c>## PARAMETERS</c> with its YAML block.</summary>
    public sealed class CommandHelpParameter
    {
        /// <summary>Parameter name without the leading dash.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>YAML <c>Type</c>, e.g. <c>System.String</c> or <c>System.Management.Automation.SwitchParameter</c>.</summary>
        public string Type { get; set; } = string.Empty;

        /// <summary>Markdown text between the heading and the YAML block (trimmed).</summary>
        public string Description { get; set; } = string.Empty;

        /// <summary>YAML <c>DefaultValue</c> (not written to MAML by platyPS).</summary>
        public string DefaultValue { get; set; } = string.Empty;

        /// <summary>YAML <c>SupportsWildcards</c>; MAML <c>globbing</c>.</summary>
        public bool SupportsWildcards { get; set; }

        /// <summary>YAML <c>Aliases</c>.</summary>
        public List<string> Aliases { get; } = new List<string>();

        /// <summary>YAML <c>DontShow</c> (not written to MAML by platyPS).</summary>
        public bool DontShow { get; set; }

        /// <summary>YAML <c>AcceptedValues</c>; MAML <c>command:parameterValueGroup</c>.</summary>
        public List<string> AcceptedValues { get; } = new List<string>();

        /// <summary>YAML <c>HelpMessage</c> (not written to MAML by platyPS).</summary>
        public string HelpMessage { get; set; } = string.Empty;

        /// <summary>YAML <c>ParameterSets</c>, in file order. A set named "(All)" stands for every parameter set.</summary>
        public List<CommandHelpParameterSet> ParameterSets { get; } = new List<CommandHelpParameterSet>();

        /// <summary>1-based line of the <c>### -Name</c> heading.</summary>
        public int Line { get; set; }

        /// <summary>True when <see cref="Type"/> is SwitchParameter (short or full name).</summary>
        public bool IsSwitch =>
            string.Equals(Type, "SwitchParameter", StringComparison.Ordinal) ||
            string.Equals(Type, "System.Management.Automation.SwitchParameter", StringComparison.Ordinal);

        /// <summary>True when any set says <c>IsRequired: true</c> (this is MAML's <c>required</c> attribute).</summary>
        public bool IsRequiredInAnySet => ParameterSets.Exists(s => s.IsRequired);

        /// <summary>True when any set says <c>ValueFromPipeline: true</c>.</summary>
        public bool AcceptsPipelineInputByValue => ParameterSets.Exists(s => s.ValueFromPipeline);

        /// <summary>True when any set says <c>ValueFromPipelineByPropertyName: true</c>.</summary>
        public bool AcceptsPipelineInputByPropertyName => ParameterSets.Exists(s => s.ValueFromPipelineByPropertyName);

        /// <summary>The entry for <paramref name="parameterSetName"/>, else the "(All)" entry, else null.</summary>
        public CommandHelpParameterSet? GetParameterSet(string parameterSetName)
        {
            CommandHelpParameterSet? all = null;
            foreach (CommandHelpParameterSet set in ParameterSets)
            {
                if (string.Equals(set.Name, parameterSetName, StringComparison.OrdinalIgnoreCase))
                {
                    return set;
                }

                if (set.AppliesToAllSets)
                {
                    all = set;
                }
            }

            return all;
        }

        public override string ToString() => "-" + Name;
    }

    /// <summary>One item of a parameter's YAML <c>ParameterSets</c> list.</summary>
    public sealed class CommandHelpParameterSet
    {
        /// <summary>Set name; "(All)" means every parameter set (PowerShell's __AllParameterSets).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Position as written: "Named" or a non-negative integer.</summary>
        public string Position { get; set; } = "Named";

        public bool IsRequired { get; set; }

        public bool ValueFromPipeline { get; set; }

        public bool ValueFromPipelineByPropertyName { get; set; }

        public bool ValueFromRemainingArguments { get; set; }

        /// <summary>True for the "(All)" pseudo set.</summary>
        public bool AppliesToAllSets => string.Equals(Name, "(All)", StringComparison.OrdinalIgnoreCase);

        /// <summary>The position as a number, or null when it is "Named".</summary>
        public int? PositionNumber
        {
            get
            {
                int value;
                if (int.TryParse(Position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
                {
                    return value;
                }

                return null;
            }
        }

        public override string ToString() => Name;
    }

    /// <summary>One <c>### Example N: Title</c> entry.</summary>
    public sealed class CommandHelpExample
    {
        /// <summary>Heading text after "### ", e.g. "Example 1: Show the active context".</summary>
        public string Title { get; set; } = string.Empty;

        /// <summary>Everything under the heading up to the next heading (raw markdown, code fences included, trimmed).</summary>
        public string Remarks { get; set; } = string.Empty;

        /// <summary>1-based line of the heading.</summary>
        public int Line { get; set; }

        public override string ToString() => Title;
    }

    /// <summary>One <c>### TypeName</c> entry under <c>## INPUTS</c> or <c>## OUTPUTS</c>.</summary>
    public sealed class CommandHelpTypeInfo
    {
        public string TypeName { get; set; } = string.Empty;

        /// <summary>Markdown text under the heading (empty unless the first block is a paragraph, as in platyPS).</summary>
        public string Description { get; set; } = string.Empty;

        public override string ToString() => TypeName;
    }

    /// <summary>One <c>[text](uri)</c> under <c>## RELATED LINKS</c>.</summary>
    public sealed class CommandHelpLink
    {
        public string Text { get; set; } = string.Empty;

        public string Uri { get; set; } = string.Empty;

        public override string ToString() => "[" + Text + "](" + Uri + ")";
    }

    public enum CommandHelpSeverity
    {
        Warning,
        Error,
    }

    /// <summary>A finding about a markdown file, with a 1-based line (0 when it concerns the whole file).</summary>
    public sealed class CommandHelpDiagnostic
    {
        public CommandHelpDiagnostic(string file, int line, CommandHelpSeverity severity, string message)
        {
            File = file;
            Line = line;
            Severity = severity;
            Message = message;
        }

        public string File { get; }

        public int Line { get; }

        public CommandHelpSeverity Severity { get; }

        public string Message { get; }

        /// <summary><c>file:line: error: message</c> (MSBuild and editors recognise this shape).</summary>
        public override string ToString()
        {
            string kind = Severity == CommandHelpSeverity.Error ? "error" : "warning";
            return Line > 0 ? $"{File}:{Line}: {kind}: {Message}" : $"{File}: {kind}: {Message}";
        }
    }

    /// <summary>Thrown by the reader when a markdown file does not follow the schema; lists every error found.</summary>
    public sealed class CommandHelpFormatException : Exception
    {
        public CommandHelpFormatException(string file, IReadOnlyList<CommandHelpDiagnostic> errors)
            : base(BuildMessage(file, errors))
        {
            File = file;
            Errors = errors;
        }

        public string File { get; }

        public IReadOnlyList<CommandHelpDiagnostic> Errors { get; }

        /// <summary>Line of the first error (0 when unknown).</summary>
        public int Line => Errors.Count > 0 ? Errors[0].Line : 0;

        private static string BuildMessage(string file, IReadOnlyList<CommandHelpDiagnostic> errors)
        {
            var lines = new List<string>();
            lines.Add($"{file}: {errors.Count} error(s) in command help markdown:");
            foreach (CommandHelpDiagnostic error in errors)
            {
                lines.Add("  " + error.ToString());
            }

            return string.Join(Environment.NewLine, lines);
        }
    }
}
