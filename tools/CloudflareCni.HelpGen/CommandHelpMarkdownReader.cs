// Reads one command-help markdown file written in the Microsoft.PowerShell.PlatyPS 1.x schema
// ("PlatyPS schema version: 2024-05-01") into a CommandHelp, extracting every piece of text exactly the way
// platyPS's MarkdownConverter (src/MarkdownReader/CommandHelpMarkdownReader.cs) does, so that MamlWriter can
// reproduce Export-MamlCommandHelp's output. It is stricter than platyPS: anything platyPS would reject,
// silently drop or misread is an error here, reported as file:line. See SCHEMA.md next to this file.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudflareCni.HelpGen
{
    public static class CommandHelpMarkdownReader
    {
        /// <summary>The only schema version this reader accepts.</summary>
        public const string SchemaVersion = "2024-05-01";

        /// <summary>The H2 sections, in the order the schema requires. ALIASES is the only optional one.</summary>
        public static readonly IReadOnlyList<string> Sections = new[]
        {
            "SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        /// <summary>Front-matter keys platyPS's ValidateMetadata requires (plus "document type", which selects the file kind).</summary>
        public static readonly IReadOnlyList<string> RequiredMetadataKeys = new[]
        {
            "document type", "external help file", "HelpUri", "Locale", "Module Name", "ms.date", "PlatyPS schema version", "title",
        };

        private static readonly HashSet<string> ParameterKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "Type", "DefaultValue", "SupportsWildcards", "ParameterValue", "Aliases", "ParameterSets", "DontShow", "AcceptedValues", "HelpMessage", "VariableLength",
        };

        private static readonly HashSet<string> ParameterSetKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "Name", "Position", "IsRequired", "ValueFromPipeline", "ValueFromPipelineByPropertyName", "ValueFromRemainingArguments",
        };

        private static readonly HashSet<string> LegacyParameterKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Parameter Sets", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters", "Accepted values", "Applicable",
        };

        private static readonly Regex LinkPattern = new Regex(@"\[(?<text>[^\[\]]*)\]\((?<url>[^()\s]*)(?:\s+(?:""[^""]*""|'[^']*'))?\s*\)", RegexOptions.CultureInvariant);

        private static readonly Regex ExampleTitlePattern = new Regex(@"^Example \d+: \S", RegexOptions.CultureInvariant);

        /// <summary>Reads and validates one markdown file. Throws <see cref="CommandHelpFormatException"/> listing every error.</summary>
        public static CommandHelp ReadFile(string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return Read(File.ReadAllText(path), path);
        }

        /// <summary>Reads and validates markdown text; <paramref name="sourceName"/> is used in messages.</summary>
        public static CommandHelp Read(string markdown, string sourceName)
        {
            if (markdown is null)
            {
                throw new ArgumentNullException(nameof(markdown));
            }

            var context = new ReadContext(sourceName ?? string.Empty, CommandHelpMarkdownBlocks.SplitLines(markdown));
            CommandHelp help = context.Read();
            if (context.Errors.Count > 0)
            {
                throw new CommandHelpFormatException(context.File, context.Errors);
            }

            help.Warnings.AddRange(context.Warnings);
            return help;
        }

        /// <summary>
        /// The markdown files of <paramref name="folder"/> (not recursive) that are command help, sorted by file name:
        /// README*.md and about_*.md are skipped, and so is any file whose front matter says a "document type" other than cmdlet.
        /// A file without front matter or without "document type" is included, so that reading it reports the problem.
        /// </summary>
        public static IReadOnlyList<string> GetCommandHelpFiles(string folder)
        {
            var result = new List<string>();
            foreach (string path in Directory.GetFiles(folder, "*.md", SearchOption.TopDirectoryOnly).OrderBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase))
            {
                string name = Path.GetFileName(path);
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("README", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string? documentType = PeekDocumentType(File.ReadAllText(path));
                if (documentType is not null && !string.Equals(documentType, "cmdlet", StringComparison.Ordinal))
                {
                    continue;
                }

                result.Add(path);
            }

            return result;
        }

        /// <summary>Reads every command-help file of <paramref name="folder"/> (see <see cref="GetCommandHelpFiles"/>), reporting the errors of all files at once.</summary>
        public static IReadOnlyList<CommandHelp> ReadFolder(string folder)
        {
            var helps = new List<CommandHelp>();
            var errors = new List<CommandHelpDiagnostic>();
            foreach (string path in GetCommandHelpFiles(folder))
            {
                try
                {
                    helps.Add(ReadFile(path));
                }
                catch (CommandHelpFormatException e)
                {
                    errors.AddRange(e.Errors);
                }
            }

            if (errors.Count > 0)
            {
                throw new CommandHelpFormatException(folder, errors);
            }

            return helps;
        }

        /// <summary>The "document type" value of the front matter, or null when there is no front matter or no such key.</summary>
        public static string? PeekDocumentType(string markdown)
        {
            List<string> lines = CommandHelpMarkdownBlocks.SplitLines(markdown);
            if (lines.Count == 0 || lines[0].TrimEnd() != "---")
            {
                return null;
            }

            for (int i = 1; i < lines.Count; i++)
            {
                string line = lines[i];
                if (line.TrimEnd() == "---")
                {
                    break;
                }

                int colon = line.IndexOf(':');
                if (colon > 0 && string.Equals(line.Substring(0, colon).Trim(), "document type", StringComparison.Ordinal))
                {
                    try
                    {
                        return CommandHelpYaml.ParseScalarText(line.Substring(colon + 1), i + 1) ?? string.Empty;
                    }
                    catch (CommandHelpYamlException)
                    {
                        return line.Substring(colon + 1).Trim();
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Interprets a syntax code block exactly like platyPS's GetSyntaxParameters (first token is the command name),
        /// appending to <paramref name="parameters"/>; returns a problem for every token platyPS would silently drop.
        /// </summary>
        public static List<string> ParseSyntaxParameters(string rawSyntax, List<CommandHelpSyntaxParameter> parameters)
        {
            var problems = new List<string>();
            string[] elements = rawSyntax.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            int position = 0;
            var trim = new[] { '[', ']', '-' };
            for (int i = 1; i < elements.Length; i++)
            {
                string parameter = elements[i];
                string name = parameter.Trim(trim);
                if (parameter.IndexOf("CommonParameters", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    continue;
                }

                if (i + 1 < elements.Length && elements[i + 1].StartsWith("<", StringComparison.Ordinal))
                {
                    i++;
                    string pType = elements[i];
                    string pTypeElement = pType;
                    string pTypeName = pType;
                    if (pType[pType.Length - 1] == ']')
                    {
                        pType = pType.Substring(0, pType.Length - 1);
                    }

                    if (pType.Length >= 2 && pType[0] == '<' && pType[pType.Length - 1] == '>')
                    {
                        pTypeName = pType.Substring(1, pType.Length - 2);
                    }
                    else
                    {
                        problems.Add($"type '{pTypeElement}' of '{parameter}' is not written as <TypeName> (no spaces allowed inside)");
                    }

                    if (parameter.StartsWith("[[", StringComparison.Ordinal) && parameter.EndsWith("]", StringComparison.Ordinal))
                    {
                        parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = pTypeName, Position = position.ToString(CultureInfo.InvariantCulture), IsMandatory = false, IsPositional = true });
                        position++;
                    }
                    else if (parameter.StartsWith("[", StringComparison.Ordinal) && parameter.EndsWith("]", StringComparison.Ordinal))
                    {
                        parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = pTypeName, Position = position.ToString(CultureInfo.InvariantCulture), IsMandatory = true, IsPositional = true });
                        position++;
                    }
                    else if (parameter.StartsWith("[", StringComparison.Ordinal) && pTypeElement.EndsWith("]", StringComparison.Ordinal))
                    {
                        parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = pTypeName, Position = "named", IsMandatory = false });
                    }
                    else if (pType.StartsWith("<", StringComparison.Ordinal) && pType.EndsWith(">", StringComparison.Ordinal))
                    {
                        parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = pTypeName, Position = "named", IsMandatory = true });
                    }
                    else
                    {
                        problems.Add($"'{parameter} {pTypeElement}' is not a recognised parameter form");
                        continue;
                    }
                }
                else if (parameter.StartsWith("-", StringComparison.Ordinal))
                {
                    parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = "SwitchParameter", Position = "named", IsMandatory = true, IsSwitch = true });
                }
                else if (parameter.StartsWith("[", StringComparison.Ordinal) && parameter.EndsWith("]", StringComparison.Ordinal))
                {
                    parameters.Add(new CommandHelpSyntaxParameter { Name = name, TypeName = "SwitchParameter", Position = "named", IsMandatory = false, IsSwitch = true });
                }
                else
                {
                    problems.Add($"token '{parameter}' is not a parameter ('-Name <Type>', '[-Name <Type>]', '[-Name] <Type>', '[[-Name] <Type>]', '-Switch', '[-Switch]' or '[<CommonParameters>]')");
                    continue;
                }

                CommandHelpSyntaxParameter added = parameters[parameters.Count - 1];
                if (added.Name.Length == 0 || added.Name.IndexOfAny(new[] { '[', ']', '<', '>' }) >= 0)
                {
                    problems.Add($"'{parameter}' does not contain a valid parameter name");
                }
                else if (!parameter.TrimStart('[').StartsWith("-", StringComparison.Ordinal))
                {
                    problems.Add($"parameter '{parameter}' must be written with a leading '-'");
                }
            }

            return problems;
        }

        private sealed class ReadContext
        {
            private readonly List<string> lines;
            private List<MarkdownBlock> blocks = new List<MarkdownBlock>();
            private int bodyStart;

            public ReadContext(string file, List<string> lines)
            {
                File = file;
                this.lines = lines;
            }

            public string File { get; }

            public List<CommandHelpDiagnostic> Errors { get; } = new List<CommandHelpDiagnostic>();

            public List<CommandHelpDiagnostic> Warnings { get; } = new List<CommandHelpDiagnostic>();

            /// <summary>Adds an error at a 0-based line index.</summary>
            private void Error(int lineIndex, string message) => Errors.Add(new CommandHelpDiagnostic(File, lineIndex + 1, CommandHelpSeverity.Error, message));

            private void Warn(int lineIndex, string message) => Warnings.Add(new CommandHelpDiagnostic(File, lineIndex + 1, CommandHelpSeverity.Warning, message));

            public CommandHelp Read()
            {
                var help = new CommandHelp { SourcePath = File };
                if (!ReadFrontMatter(help))
                {
                    return help;
                }

                var scanIssues = new List<MarkdownScanIssue>();
                blocks = CommandHelpMarkdownBlocks.Scan(lines, bodyStart, scanIssues);
                foreach (MarkdownScanIssue issue in scanIssues)
                {
                    Error(issue.Line, issue.Message);
                }

                Dictionary<string, int>? sections = ReadStructure(help);
                if (sections is null || Errors.Count > 0)
                {
                    return help;
                }

                int Section(string name) => sections.TryGetValue(name, out int index) ? index : -1;

                help.Synopsis = SectionText(Section("SYNOPSIS"));
                if (help.Synopsis.Length == 0)
                {
                    Error(blocks[Section("SYNOPSIS")].StartLine, "## SYNOPSIS is empty");
                }

                ReadSyntax(help, Section("SYNTAX"));
                if (Section("ALIASES") >= 0)
                {
                    help.Aliases = SectionText(Section("ALIASES"));
                }
                else
                {
                    Warn(blocks[Section("DESCRIPTION")].StartLine, "## ALIASES section is missing (platyPS 1.x writes it between SYNTAX and DESCRIPTION)");
                }

                help.Description = SectionText(Section("DESCRIPTION"));
                if (help.Description.Length == 0)
                {
                    Error(blocks[Section("DESCRIPTION")].StartLine, "## DESCRIPTION is empty");
                }

                ReadExamples(help, Section("EXAMPLES"));
                ReadParameters(help, Section("PARAMETERS"));
                ReadTypes(help.Inputs, Section("INPUTS"), "INPUTS");
                ReadTypes(help.Outputs, Section("OUTPUTS"), "OUTPUTS");
                help.Notes = SectionText(Section("NOTES"));
                ReadRelatedLinks(help, Section("RELATED LINKS"));
                CrossCheck(help);
                return help;
            }

            private bool ReadFrontMatter(CommandHelp help)
            {
                if (lines.Count == 0 || lines[0].TrimEnd() != "---")
                {
                    Error(0, "the file must start with YAML front matter: a '---' line, 'key: value' lines, and a closing '---' line");
                    return false;
                }

                int close = -1;
                for (int i = 1; i < lines.Count; i++)
                {
                    if (lines[i].TrimEnd() == "---")
                    {
                        close = i;
                        break;
                    }

                    if (CommandHelpMarkdownBlocks.IsBlank(lines[i]))
                    {
                        Error(i, "blank line inside the front matter (platyPS reads the front matter as one markdown paragraph)");
                        return false;
                    }

                    if (lines[i].StartsWith(" ", StringComparison.Ordinal) || lines[i].StartsWith("-", StringComparison.Ordinal) || lines[i].StartsWith("#", StringComparison.Ordinal))
                    {
                        Error(i, "front matter lines must be flat 'key: value' pairs");
                        return false;
                    }
                }

                if (close < 0)
                {
                    Error(0, "the front matter is not closed by a '---' line");
                    return false;
                }

                if (close == 1)
                {
                    Error(1, "the front matter is empty");
                    return false;
                }

                bodyStart = close + 1;
                CommandHelpYamlNode mapping;
                try
                {
                    mapping = CommandHelpYaml.ParseMapping(lines.GetRange(1, close - 1), 2);
                }
                catch (CommandHelpYamlException e)
                {
                    Errors.Add(new CommandHelpDiagnostic(File, e.Line, CommandHelpSeverity.Error, "front matter: " + e.Message));
                    return false;
                }

                foreach (KeyValuePair<string, CommandHelpYamlNode> entry in mapping.Entries)
                {
                    if (entry.Value.Kind != CommandHelpYamlKind.Scalar)
                    {
                        Errors.Add(new CommandHelpDiagnostic(File, entry.Value.Line, CommandHelpSeverity.Error, $"front matter: '{entry.Key}' must be a single value"));
                        continue;
                    }

                    help.Metadata.Add(new KeyValuePair<string, string?>(entry.Key, entry.Value.Value));
                }

                foreach (string key in RequiredMetadataKeys)
                {
                    bool found = help.Metadata.Any(p => string.Equals(p.Key, key, StringComparison.Ordinal));
                    if (!found)
                    {
                        KeyValuePair<string, string?> near = help.Metadata.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
                        string hint = near.Key is null ? string.Empty : $" (found '{near.Key}'; keys are case-sensitive)";
                        Error(0, $"front matter: missing required key '{key}'{hint}");
                    }
                }

                string? documentType = help.GetMetadata("document type");
                if (documentType is not null && documentType != "cmdlet")
                {
                    Error(0, $"front matter: 'document type' is '{documentType}', expected 'cmdlet'");
                }

                help.ModuleName = help.GetMetadata("Module Name") ?? string.Empty;
                help.ExternalHelpFile = help.GetMetadata("external help file") ?? string.Empty;
                help.HelpUri = help.GetMetadata("HelpUri");
                help.Locale = help.GetMetadata("Locale") ?? string.Empty;
                help.SchemaVersion = help.GetMetadata("PlatyPS schema version") ?? string.Empty;

                RequireValue(help, "Module Name");
                RequireValue(help, "external help file");
                RequireValue(help, "Locale");
                RequireValue(help, "ms.date");
                RequireValue(help, "title");
                if (help.GetMetadata("PlatyPS schema version") is string version && version != SchemaVersion)
                {
                    Error(0, $"front matter: 'PlatyPS schema version' is '{version}', expected '{SchemaVersion}'");
                }

                string? guid = help.GetMetadata("ModuleGuid");
                if (guid is not null && !Guid.TryParse(guid, out _))
                {
                    Error(0, $"front matter: 'ModuleGuid' is not a GUID (platyPS fails on it)");
                }

                return true;
            }

            private void RequireValue(CommandHelp help, string key)
            {
                if (help.Metadata.Any(p => p.Key == key) && string.IsNullOrWhiteSpace(help.GetMetadata(key)))
                {
                    Error(0, $"front matter: '{key}' must have a value");
                }
            }

            /// <summary>Checks headings and section order; returns H2 name to block index.</summary>
            private Dictionary<string, int>? ReadStructure(CommandHelp help)
            {
                int titleIndex = -1;
                for (int b = 0; b < blocks.Count; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (block.Kind != MarkdownBlockKind.Heading)
                    {
                        continue;
                    }

                    if (lines[block.StartLine].Length > 0 && char.IsWhiteSpace(lines[block.StartLine][0]))
                    {
                        Error(block.StartLine, "a heading must start at the beginning of the line (platyPS reads example titles from column 5)");
                    }

                    if (block.StartLine > bodyStart && !CommandHelpMarkdownBlocks.IsBlank(lines[block.StartLine - 1]))
                    {
                        Error(block.StartLine, "a heading must be preceded by a blank line (platyPS drops the line just above a heading)");
                    }

                    if (block.Level == 1)
                    {
                        if (titleIndex >= 0)
                        {
                            Error(block.StartLine, "only one '# Command-Name' title is allowed");
                        }
                        else
                        {
                            titleIndex = b;
                        }
                    }
                }

                if (titleIndex < 0)
                {
                    Error(bodyStart < lines.Count ? bodyStart : 0, "missing the '# Command-Name' title after the front matter");
                    return null;
                }

                for (int b = 0; b < titleIndex; b++)
                {
                    Error(blocks[b].StartLine, "only blank lines may come between the front matter and the '# Command-Name' title");
                }

                string titleText = blocks[titleIndex].Text;
                int space = titleText.IndexOf(' ');
                help.Name = space < 0 ? titleText : titleText.Substring(0, space);
                if (help.Name.Length == 0)
                {
                    Error(blocks[titleIndex].StartLine, "the title heading is empty");
                }
                else if (space >= 0)
                {
                    Error(blocks[titleIndex].StartLine, $"the title must be just the command name (platyPS keeps only '{help.Name}')");
                }

                string? title = help.GetMetadata("title");
                if (title is not null && help.Name.Length > 0 && !string.Equals(title, help.Name, StringComparison.Ordinal))
                {
                    Error(0, $"front matter: 'title' is '{title}' but the heading says '{help.Name}'");
                }

                var sections = new Dictionary<string, int>(StringComparer.Ordinal);
                int lastOrder = -1;
                for (int b = titleIndex + 1; b < blocks.Count; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (!block.IsHeading(2))
                    {
                        if (sections.Count == 0 && !block.IsHeading(1))
                        {
                            Error(block.StartLine, "nothing may come between the title and '## SYNOPSIS'");
                        }

                        continue;
                    }

                    int order = IndexOf(Sections, block.Text);
                    if (order < 0)
                    {
                        int loose = Sections.ToList().FindIndex(s => string.Equals(s, block.Text, StringComparison.OrdinalIgnoreCase));
                        Error(block.StartLine, loose >= 0
                            ? $"section heading must be upper case: '## {Sections[loose]}'"
                            : $"unknown section '## {block.Text}' (allowed: {string.Join(", ", Sections)})");
                        continue;
                    }

                    if (sections.ContainsKey(block.Text))
                    {
                        Error(block.StartLine, $"duplicate section '## {block.Text}'");
                        continue;
                    }

                    if (order < lastOrder)
                    {
                        Error(block.StartLine, $"section '## {block.Text}' is out of order (required order: {string.Join(", ", Sections)})");
                    }

                    lastOrder = Math.Max(lastOrder, order);
                    sections[block.Text] = b;
                }

                foreach (string name in Sections)
                {
                    if (name != "ALIASES" && !sections.ContainsKey(name))
                    {
                        Error(0, $"missing required section '## {name}'");
                    }
                }

                // Subheadings: ### only where the schema uses them; deeper levels only inside NOTES.
                string current = string.Empty;
                for (int b = titleIndex + 1; b < blocks.Count; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (block.IsHeading(2))
                    {
                        current = block.Text;
                        continue;
                    }

                    if (block.Kind != MarkdownBlockKind.Heading || block.Level == 1)
                    {
                        continue;
                    }

                    bool allowed = current == "NOTES"
                        || (block.Level == 3 && (current == "SYNTAX" || current == "EXAMPLES" || current == "PARAMETERS" || current == "INPUTS" || current == "OUTPUTS"));
                    if (!allowed)
                    {
                        Error(block.StartLine, $"'{new string('#', block.Level)} {block.Text}' is not allowed in '## {current}'");
                    }
                }

                return sections;
            }

            /// <summary>
            /// Text of a section the way platyPS's GetStringFromAst reads it: source lines from the first block after the
            /// heading up to (not including) the line just above the next heading, each TrimEnd'ed, joined with '\n', trimmed.
            /// </summary>
            private string SectionText(int headingIndex)
            {
                int next = NextHeading(headingIndex + 1, 2);
                if (headingIndex + 1 >= blocks.Count || next == headingIndex + 1)
                {
                    return string.Empty;
                }

                int startLine = blocks[headingIndex + 1].StartLine;
                int endLine = next < 0 ? lines.Count : blocks[next].StartLine - 1;
                return JoinLines(startLine, endLine).Trim();
            }

            /// <summary>platyPS's GetLinesTillNextHeader: from the block's first line to the last non-blank line before the next heading of any level.</summary>
            private string LinesTillNextHeading(int blockIndex)
            {
                int next = NextHeading(blockIndex + 1, -1);
                int startLine = blocks[blockIndex].StartLine;
                int endLine = next < 0 ? lines.Count - 1 : blocks[next].StartLine - 1;
                while (endLine > startLine && CommandHelpMarkdownBlocks.IsBlank(lines[endLine]))
                {
                    endLine--;
                }

                return JoinLines(startLine, endLine + 1);
            }

            /// <summary>Lines [start, end) TrimEnd'ed and joined with '\n' (platyPS uses AppendLine and then removes '\r').</summary>
            private string JoinLines(int start, int end)
            {
                var sb = new StringBuilder();
                for (int i = start; i < end && i < lines.Count; i++)
                {
                    sb.Append(lines[i].TrimEnd());
                    sb.Append('\n');
                }

                return sb.ToString();
            }

            /// <summary>Index of the next heading at or after <paramref name="from"/> (of <paramref name="level"/>, or any level for -1), or -1.</summary>
            private int NextHeading(int from, int level)
            {
                for (int b = from; b < blocks.Count; b++)
                {
                    if (blocks[b].Kind == MarkdownBlockKind.Heading && (level == -1 || blocks[b].Level == level))
                    {
                        return b;
                    }
                }

                return -1;
            }

            private int SectionEnd(int headingIndex)
            {
                int next = NextHeading(headingIndex + 1, 2);
                return next < 0 ? blocks.Count : next;
            }

            private void ReadSyntax(CommandHelp help, int sectionIndex)
            {
                int end = SectionEnd(sectionIndex);
                bool hasSubheading = false;
                for (int b = sectionIndex + 1; b < end; b++)
                {
                    hasSubheading |= blocks[b].IsHeading(3);
                }

                if (!hasSubheading)
                {
                    // platyPS synthesizes a "Default" set from a lone code block.
                    if (sectionIndex + 1 < end && blocks[sectionIndex + 1].Kind == MarkdownBlockKind.Fence)
                    {
                        AddSyntax(help, "Default", true, blocks[sectionIndex + 1], blocks[sectionIndex]);
                        for (int b = sectionIndex + 2; b < end; b++)
                        {
                            Error(blocks[b].StartLine, "only one code block may follow '## SYNTAX' when it has no '### ParameterSetName' headings");
                        }
                    }
                    else
                    {
                        Error(blocks[sectionIndex].StartLine, "## SYNTAX needs a '### ParameterSetName' heading followed by a code block for each parameter set");
                    }

                    return;
                }

                for (int b = sectionIndex + 1; b < end; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (!block.IsHeading(3))
                    {
                        if (b == sectionIndex + 1 || !blocks[b - 1].IsHeading(3) || block.Kind != MarkdownBlockKind.Fence)
                        {
                            Error(block.StartLine, "## SYNTAX may contain only '### ParameterSetName' headings, each directly followed by one code block");
                        }

                        continue;
                    }

                    string name = block.Text.TrimEnd();
                    bool isDefault = name.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                    if (isDefault)
                    {
                        name = name.Replace("(Default)", string.Empty).Trim();
                    }

                    if (b + 1 >= end || blocks[b + 1].Kind != MarkdownBlockKind.Fence)
                    {
                        Error(block.StartLine, $"'### {block.Text}' must be directly followed by a code block with the syntax (platyPS skips the set otherwise)");
                        continue;
                    }

                    AddSyntax(help, name, isDefault, blocks[b + 1], block);
                }

                if (help.Syntax.Count(s => s.IsDefault) > 1)
                {
                    Error(blocks[sectionIndex].StartLine, "more than one parameter set is marked '(Default)'");
                }
            }

            private void AddSyntax(CommandHelp help, string setName, bool isDefault, MarkdownBlock fence, MarkdownBlock heading)
            {
                if (setName.Length == 0)
                {
                    Error(heading.StartLine, "parameter set heading has no name");
                }

                if (help.FindSyntax(setName) is not null)
                {
                    Error(heading.StartLine, $"duplicate parameter set '{setName}'");
                }

                string text = string.Join("\n", fence.Content);
                var syntax = new CommandHelpSyntax
                {
                    ParameterSetName = setName,
                    IsDefault = isDefault,
                    Text = text,
                    Line = heading.StartLine + 1,
                    HasCommonParameters = text.IndexOf("CommonParameters", StringComparison.OrdinalIgnoreCase) >= 0,
                };
                int space = text.IndexOf(' ');
                syntax.CommandName = space < 0 ? text : text.Substring(0, space);
                if (!string.Equals(syntax.CommandName, help.Name, StringComparison.Ordinal))
                {
                    Error(fence.StartLine + 1, $"the syntax must start with '{help.Name} ' (found '{syntax.CommandName.Split('\n')[0]}')");
                }

                foreach (string problem in ParseSyntaxParameters(text, syntax.Parameters))
                {
                    Error(fence.StartLine + 1, $"syntax of set '{setName}': {problem}");
                }

                help.Syntax.Add(syntax);
            }

            private void ReadExamples(CommandHelp help, int sectionIndex)
            {
                int end = SectionEnd(sectionIndex);
                for (int b = sectionIndex + 1; b < end; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (!block.IsHeading(3))
                    {
                        if (help.Examples.Count == 0)
                        {
                            Error(block.StartLine, "text under '## EXAMPLES' must be under a '### Example N: Title' heading (platyPS ignores it)");
                        }

                        continue;
                    }

                    string raw = lines[block.StartLine];
                    string title = raw.Length > 4 ? raw.Substring(4).Trim() : block.Text;
                    var example = new CommandHelpExample { Title = title, Line = block.StartLine + 1 };
                    if (b + 1 >= end || blocks[b + 1].Kind == MarkdownBlockKind.Heading)
                    {
                        Error(block.StartLine, $"example '{title}' has no content");
                    }
                    else
                    {
                        example.Remarks = LinesTillNextHeading(b + 1).Trim();
                    }

                    if (!ExampleTitlePattern.IsMatch(title))
                    {
                        Warn(block.StartLine, $"example heading '{title}' does not follow '### Example N: Title'");
                    }

                    help.Examples.Add(example);
                }

                if (help.Examples.Count == 0)
                {
                    Error(blocks[sectionIndex].StartLine, "## EXAMPLES needs at least one '### Example 1: Title' entry");
                }
            }

            private void ReadParameters(CommandHelp help, int sectionIndex)
            {
                int end = SectionEnd(sectionIndex);
                var parameters = new List<CommandHelpParameter>();
                for (int b = sectionIndex + 1; b < end; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (!block.IsHeading(3))
                    {
                        if (b == sectionIndex + 1)
                        {
                            Error(block.StartLine, "text under '## PARAMETERS' must be under a '### -Name' heading");
                        }

                        continue;
                    }

                    string name = block.Text.TrimStart('-');
                    if (string.Equals(block.Text, "CommonParameters", StringComparison.OrdinalIgnoreCase))
                    {
                        help.HasCommonParameters = true;
                        continue;
                    }

                    if (string.Equals(name, "CommonParameters", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase))
                    {
                        Error(block.StartLine, "write the common parameters entry as '### CommonParameters'");
                        continue;
                    }

                    if (!block.Text.StartsWith("-", StringComparison.Ordinal))
                    {
                        Error(block.StartLine, $"parameter heading must be '### -{name}'");
                    }

                    if (name.Length == 0 || !Regex.IsMatch(name, @"^[A-Za-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant))
                    {
                        Error(block.StartLine, $"'{block.Text}' is not a plain parameter name (letters and digits only, so that markdown reads it as one piece of text)");
                    }

                    int nextHeading = NextHeading(b + 1, -1);
                    int limit = nextHeading < 0 ? blocks.Count : nextHeading;
                    int yamlIndex = -1;
                    for (int k = b + 1; k < limit; k++)
                    {
                        if (blocks[k].Kind == MarkdownBlockKind.Fence && string.Equals(blocks[k].Text, "yaml", StringComparison.OrdinalIgnoreCase))
                        {
                            yamlIndex = k;
                            break;
                        }
                    }

                    if (yamlIndex < 0)
                    {
                        Error(block.StartLine, $"parameter -{name} has no ```yaml block (platyPS drops the parameter or fails)");
                        continue;
                    }

                    for (int k = yamlIndex + 1; k < limit; k++)
                    {
                        Error(blocks[k].StartLine, $"text after the yaml block of -{name} is ignored by platyPS; put the description above the yaml block");
                    }

                    MarkdownBlock yaml = blocks[yamlIndex];
                    if (yamlIndex > b + 1 && !CommandHelpMarkdownBlocks.IsBlank(lines[yaml.StartLine - 1]))
                    {
                        Error(yaml.StartLine, "the yaml block must be preceded by a blank line (platyPS drops the line just above it)");
                    }

                    var parameter = new CommandHelpParameter { Name = name, Line = block.StartLine + 1 };
                    if (yamlIndex > b + 1)
                    {
                        parameter.Description = JoinLines(blocks[b + 1].StartLine, yaml.StartLine - 1).Trim();
                    }

                    if (parameter.Description.Length == 0)
                    {
                        Warn(block.StartLine, $"parameter -{name} has no description");
                    }

                    ReadParameterYaml(parameter, yaml);
                    if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        Error(block.StartLine, $"duplicate parameter -{name}");
                    }

                    parameters.Add(parameter);
                }

                // platyPS: commandHelp.Parameters.Sort((x, y) => x.Name.CompareTo(y.Name)) - a culture-aware comparison.
                CompareInfo compare = CultureInfo.InvariantCulture.CompareInfo;
                help.Parameters.AddRange(parameters.OrderBy(p => p.Name, Comparer<string>.Create((x, y) => compare.Compare(x, y, CompareOptions.None))));
            }

            private void ReadParameterYaml(CommandHelpParameter parameter, MarkdownBlock yaml)
            {
                if (!yaml.Closed)
                {
                    return;
                }

                CommandHelpYamlNode mapping;
                try
                {
                    mapping = CommandHelpYaml.ParseMapping(yaml.Content, yaml.StartLine + 2);
                }
                catch (CommandHelpYamlException e)
                {
                    Errors.Add(new CommandHelpDiagnostic(File, e.Line, CommandHelpSeverity.Error, $"yaml of -{parameter.Name}: {e.Message}"));
                    return;
                }

                bool sawType = false;
                bool sawSets = false;
                foreach (KeyValuePair<string, CommandHelpYamlNode> entry in mapping.Entries)
                {
                    string key = entry.Key;
                    CommandHelpYamlNode value = entry.Value;
                    int line = value.Line - 1;
                    if (LegacyParameterKeys.Contains(key))
                    {
                        Error(line, $"yaml of -{parameter.Name}: '{key}' is a platyPS 0.x (schema 2.0.0) key; use the 2024-05-01 keys (Type, DefaultValue, SupportsWildcards, Aliases, ParameterSets, DontShow, AcceptedValues, HelpMessage)");
                        continue;
                    }

                    if (!ParameterKeys.Contains(key))
                    {
                        Error(line, $"yaml of -{parameter.Name}: unknown key '{key}' (platyPS would silently ignore it)");
                        continue;
                    }

                    switch (key)
                    {
                        case "Type":
                            sawType = true;
                            parameter.Type = ScalarOrError(value, parameter.Name, key) ?? string.Empty;
                            if (parameter.Type.Trim().Length == 0)
                            {
                                Error(line, $"yaml of -{parameter.Name}: 'Type' must not be empty");
                            }

                            break;
                        case "DefaultValue":
                            parameter.DefaultValue = ScalarOrError(value, parameter.Name, key) ?? string.Empty;
                            break;
                        case "HelpMessage":
                            parameter.HelpMessage = ScalarOrError(value, parameter.Name, key) ?? string.Empty;
                            break;
                        case "SupportsWildcards":
                            parameter.SupportsWildcards = BoolOrError(value, parameter.Name, key);
                            break;
                        case "DontShow":
                            parameter.DontShow = BoolOrError(value, parameter.Name, key);
                            break;
                        case "VariableLength":
                            BoolOrError(value, parameter.Name, key);
                            break;
                        case "ParameterValue":
                            StringListOrError(value, parameter.Name, key);
                            break;
                        case "Aliases":
                            parameter.Aliases.AddRange(StringListOrError(value, parameter.Name, key));
                            break;
                        case "AcceptedValues":
                            parameter.AcceptedValues.AddRange(StringListOrError(value, parameter.Name, key));
                            break;
                        case "ParameterSets":
                            sawSets = true;
                            ReadParameterSets(parameter, value);
                            break;
                    }
                }

                if (!sawType)
                {
                    Error(yaml.StartLine, $"yaml of -{parameter.Name}: missing 'Type'");
                }

                if (!sawSets || parameter.ParameterSets.Count == 0)
                {
                    Error(yaml.StartLine, $"yaml of -{parameter.Name}: 'ParameterSets' must list at least one set (use 'Name: (All)' for all sets)");
                }
            }

            private void ReadParameterSets(CommandHelpParameter parameter, CommandHelpYamlNode value)
            {
                if (value.Kind != CommandHelpYamlKind.Sequence)
                {
                    Error(value.Line - 1, $"yaml of -{parameter.Name}: 'ParameterSets' must be a list of sets, found {CommandHelpYaml.Describe(value)}");
                    return;
                }

                foreach (CommandHelpYamlNode item in value.Items)
                {
                    if (item.Kind != CommandHelpYamlKind.Mapping)
                    {
                        Error(item.Line - 1, $"yaml of -{parameter.Name}: each ParameterSets item must be a mapping starting with '- Name:'");
                        continue;
                    }

                    var set = new CommandHelpParameterSet();
                    bool sawName = false;
                    bool sawPosition = false;
                    foreach (KeyValuePair<string, CommandHelpYamlNode> entry in item.Entries)
                    {
                        int line = entry.Value.Line - 1;
                        string context = $"{parameter.Name}, set item at line {item.Line}";
                        switch (entry.Key)
                        {
                            case "Name":
                                sawName = true;
                                set.Name = ScalarOrError(entry.Value, context, entry.Key) ?? string.Empty;
                                break;
                            case "Position":
                                sawPosition = true;
                                set.Position = ScalarOrError(entry.Value, context, entry.Key) ?? string.Empty;
                                if (set.Position != "Named" && set.PositionNumber is null)
                                {
                                    Error(line, $"yaml of -{parameter.Name}: Position must be 'Named' or a number, found '{set.Position}'");
                                }

                                break;
                            case "IsRequired":
                                set.IsRequired = BoolOrError(entry.Value, context, entry.Key);
                                break;
                            case "ValueFromPipeline":
                                set.ValueFromPipeline = BoolOrError(entry.Value, context, entry.Key);
                                break;
                            case "ValueFromPipelineByPropertyName":
                                set.ValueFromPipelineByPropertyName = BoolOrError(entry.Value, context, entry.Key);
                                break;
                            case "ValueFromRemainingArguments":
                                set.ValueFromRemainingArguments = BoolOrError(entry.Value, context, entry.Key);
                                break;
                            default:
                                Error(line, $"yaml of -{parameter.Name}: unknown ParameterSets key '{entry.Key}' (allowed: {string.Join(", ", ParameterSetKeys)})");
                                break;
                        }
                    }

                    if (!sawName || set.Name.Trim().Length == 0)
                    {
                        Error(item.Line - 1, $"yaml of -{parameter.Name}: a ParameterSets item has no Name");
                    }

                    if (!sawPosition)
                    {
                        Error(item.Line - 1, $"yaml of -{parameter.Name}: ParameterSets item '{set.Name}' has no Position");
                    }

                    if (parameter.ParameterSets.Any(s => string.Equals(s.Name, set.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        Error(item.Line - 1, $"yaml of -{parameter.Name}: parameter set '{set.Name}' is listed twice");
                    }

                    parameter.ParameterSets.Add(set);
                }
            }

            private string? ScalarOrError(CommandHelpYamlNode node, string parameterName, string key)
            {
                if (node.Kind != CommandHelpYamlKind.Scalar)
                {
                    Error(node.Line - 1, $"yaml of -{parameterName}: '{key}' must be a single value, found {CommandHelpYaml.Describe(node)}");
                    return null;
                }

                return node.Value;
            }

            private bool BoolOrError(CommandHelpYamlNode node, string parameterName, string key)
            {
                string? value = ScalarOrError(node, parameterName, key);
                if (!CommandHelpYaml.TryParseBoolean(value, out bool result))
                {
                    if (node.Kind == CommandHelpYamlKind.Scalar)
                    {
                        Error(node.Line - 1, $"yaml of -{parameterName}: '{key}' must be true or false, found {CommandHelpYaml.Describe(node)}");
                    }
                }

                return result;
            }

            private List<string> StringListOrError(CommandHelpYamlNode node, string parameterName, string key)
            {
                var values = new List<string>();
                if (node.Kind != CommandHelpYamlKind.Sequence)
                {
                    Error(node.Line - 1, $"yaml of -{parameterName}: '{key}' must be a list ([] or '- item' lines), found {CommandHelpYaml.Describe(node)}");
                    return values;
                }

                foreach (CommandHelpYamlNode item in node.Items)
                {
                    if (item.Kind != CommandHelpYamlKind.Scalar || item.Value is null)
                    {
                        Error(item.Line - 1, $"yaml of -{parameterName}: '{key}' items must be plain values");
                        continue;
                    }

                    values.Add(item.Value);
                }

                return values;
            }

            private void ReadTypes(List<CommandHelpTypeInfo> target, int sectionIndex, string section)
            {
                int end = SectionEnd(sectionIndex);
                for (int b = sectionIndex + 1; b < end; b++)
                {
                    MarkdownBlock block = blocks[b];
                    if (block.Kind != MarkdownBlockKind.Heading)
                    {
                        if (b == sectionIndex + 1)
                        {
                            Error(block.StartLine, $"text under '## {section}' must be under a '### TypeName' heading (platyPS ignores it; use '### None' when there is nothing)");
                        }

                        continue;
                    }

                    if (!Regex.IsMatch(block.Text, @"^[A-Za-z0-9][A-Za-z0-9_.,+`\[\] ]*$", RegexOptions.CultureInvariant))
                    {
                        Error(block.StartLine, $"type heading '{block.Text}' must be a plain type name (no markdown markup)");
                    }

                    var item = new CommandHelpTypeInfo { TypeName = block.Text.Trim() };
                    if (b + 1 < end && blocks[b + 1].Kind == MarkdownBlockKind.Paragraph)
                    {
                        item.Description = LinesTillNextHeading(b + 1).Trim();
                    }
                    else if (b + 1 < end && blocks[b + 1].Kind != MarkdownBlockKind.Heading)
                    {
                        Error(blocks[b + 1].StartLine, $"the description of '{block.Text}' must start with a paragraph (platyPS drops it otherwise)");
                    }

                    target.Add(item);
                }

                if (target.Count == 0)
                {
                    Error(blocks[sectionIndex].StartLine, $"## {section} needs at least one '### TypeName' entry ('### None' when nothing)");
                }
            }

            private void ReadRelatedLinks(CommandHelp help, int sectionIndex)
            {
                int end = SectionEnd(sectionIndex);
                int b = sectionIndex + 1;
                while (b < end && blocks[b].Kind == MarkdownBlockKind.Paragraph)
                {
                    AddLinks(help, blocks[b]);
                    b++;
                }

                if (b < end && blocks[b].Kind == MarkdownBlockKind.List)
                {
                    AddLinks(help, blocks[b]);
                    b++;
                }

                for (; b < end; b++)
                {
                    Error(blocks[b].StartLine, "platyPS reads related links only from paragraphs followed by one '- [Text](uri)' list; this block would be ignored");
                }
            }

            private void AddLinks(CommandHelp help, MarkdownBlock block)
            {
                for (int i = block.StartLine; i <= block.EndLine; i++)
                {
                    string line = lines[i];
                    MatchCollection matches = LinkPattern.Matches(line);
                    if (matches.Count == 0 && !CommandHelpMarkdownBlocks.IsBlank(line))
                    {
                        Error(i, "a related link must be written as '[Text](uri)'");
                    }

                    foreach (Match match in matches)
                    {
                        string text = match.Groups["text"].Value;
                        if (text.IndexOfAny(new[] { '`', '*', '_', '\\' }) >= 0)
                        {
                            Error(i, $"link text '{text}' must be plain text (platyPS keeps only its first inline element)");
                        }

                        help.RelatedLinks.Add(new CommandHelpLink { Text = text, Uri = match.Groups["url"].Value });
                    }
                }
            }

            /// <summary>Checks that the syntax blocks and the parameter YAML agree, since MAML takes syntax items from the former and parameters from the latter.</summary>
            private void CrossCheck(CommandHelp help)
            {
                foreach (CommandHelpSyntax syntax in help.Syntax)
                {
                    var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (CommandHelpSyntaxParameter sp in syntax.Parameters)
                    {
                        if (!seen.Add(sp.Name))
                        {
                            Error(syntax.Line - 1, $"syntax of set '{syntax.ParameterSetName}' lists -{sp.Name} twice");
                            continue;
                        }

                        CommandHelpParameter? parameter = help.FindParameter(sp.Name);
                        if (parameter is null)
                        {
                            Error(syntax.Line - 1, $"syntax of set '{syntax.ParameterSetName}' uses -{sp.Name}, which has no '### -{sp.Name}' entry under ## PARAMETERS");
                            continue;
                        }

                        if (!string.Equals(parameter.Name, sp.Name, StringComparison.Ordinal))
                        {
                            Error(syntax.Line - 1, $"syntax of set '{syntax.ParameterSetName}' spells -{sp.Name} but ## PARAMETERS has -{parameter.Name} (MAML matches names case-sensitively)");
                        }

                        if (sp.IsSwitch != parameter.IsSwitch)
                        {
                            Error(syntax.Line - 1, sp.IsSwitch
                                ? $"syntax of set '{syntax.ParameterSetName}' writes -{sp.Name} as a switch but its Type is '{parameter.Type}'"
                                : $"syntax of set '{syntax.ParameterSetName}' gives -{sp.Name} a value but its Type is a SwitchParameter");
                        }

                        CommandHelpParameterSet? membership = parameter.GetParameterSet(syntax.ParameterSetName);
                        if (membership is null)
                        {
                            Error(parameter.Line - 1, $"-{parameter.Name} appears in the syntax of set '{syntax.ParameterSetName}' but its ParameterSets has neither '{syntax.ParameterSetName}' nor '(All)'");
                            continue;
                        }

                        if (membership.IsRequired != sp.IsMandatory)
                        {
                            Error(parameter.Line - 1, $"-{parameter.Name}: IsRequired is {Lower(membership.IsRequired)} for set '{membership.Name}' but the syntax of set '{syntax.ParameterSetName}' shows it as {(sp.IsMandatory ? "mandatory" : "optional")}");
                        }

                        if ((membership.PositionNumber is not null) != sp.IsPositional)
                        {
                            Error(parameter.Line - 1, $"-{parameter.Name}: Position is '{membership.Position}' for set '{membership.Name}' but the syntax of set '{syntax.ParameterSetName}' shows it as {(sp.IsPositional ? "positional" : "named")}");
                        }
                    }
                }

                foreach (CommandHelpParameter parameter in help.Parameters)
                {
                    foreach (CommandHelpParameterSet set in parameter.ParameterSets)
                    {
                        if (set.AppliesToAllSets)
                        {
                            if (parameter.DontShow)
                            {
                                continue;
                            }

                            foreach (CommandHelpSyntax syntax in help.Syntax)
                            {
                                if (syntax.FindParameter(parameter.Name) is null && parameter.GetParameterSet(syntax.ParameterSetName) == set)
                                {
                                    Error(parameter.Line - 1, $"-{parameter.Name} is in '(All)' parameter sets but the syntax of set '{syntax.ParameterSetName}' does not show it");
                                }
                            }

                            continue;
                        }

                        CommandHelpSyntax? match = help.FindSyntax(set.Name);
                        if (match is null)
                        {
                            Error(parameter.Line - 1, $"-{parameter.Name} lists parameter set '{set.Name}', which has no '### {set.Name}' entry under ## SYNTAX");
                        }
                        else if (match.FindParameter(parameter.Name) is null && !parameter.DontShow)
                        {
                            Error(parameter.Line - 1, $"-{parameter.Name} lists parameter set '{set.Name}' but the syntax of that set does not show it");
                        }
                    }
                }

                bool syntaxCommon = help.Syntax.Any(s => s.HasCommonParameters);
                if (syntaxCommon != help.HasCommonParameters)
                {
                    Warn(0, syntaxCommon
                        ? "the syntax shows [<CommonParameters>] but ## PARAMETERS has no '### CommonParameters' entry"
                        : "## PARAMETERS has '### CommonParameters' but the syntax does not show [<CommonParameters>]");
                }
            }

            private static string Lower(bool value) => value ? "true" : "false";

            private static int IndexOf(IReadOnlyList<string> list, string value)
            {
                for (int i = 0; i < list.Count; i++)
                {
                    if (string.Equals(list[i], value, StringComparison.Ordinal))
                    {
                        return i;
                    }
                }

                return -1;
            }
        }
    }
}
