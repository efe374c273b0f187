// Reads one cmdlet doc in the platyPS 1.x markdown schema (2024-05-01): yaml front matter, "# Name", then the
// "## SECTION" headings in platyPS's order. Markdig finds the blocks and YamlDotNet reads the yaml, as in platyPS.
// Anything the MAML would lose or get wrong is reported with the file and line instead of being guessed at.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace CloudflareCni.HelpGen
{
    internal sealed class CommandHelpReader
    {
        public const string SchemaVersion = "2024-05-01";

        private static readonly string[] SectionOrder =
        {
            "SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

        /// <summary>The shapes Get-Command -Syntax writes, tried in this order at each position of a syntax block.</summary>
        private static readonly (Regex Pattern, bool Required, bool Positional, bool Switch)[] SyntaxTokens =
        {
            (new Regex(@"\G\[\[-(?<name>\w+)\]\s*<(?<type>[^<>\s]+)>\]\s*"), false, true, false),
            (new Regex(@"\G\[-(?<name>\w+)\]\s*<(?<type>[^<>\s]+)>\s*"), true, true, false),
            (new Regex(@"\G\[-(?<name>\w+)\s+<(?<type>[^<>\s]+)>\]\s*"), false, false, false),
            (new Regex(@"\G\[-(?<name>\w+)\]\s*"), false, false, true),
            (new Regex(@"\G-(?<name>\w+)\s+<(?<type>[^<>\s]+)>\s*"), true, false, false),
            (new Regex(@"\G-(?<name>\w+)\s*"), true, false, true),
        };

        /// <summary>Characters XML 1.0 forbids even as character references (line feed is the split point, so it never occurs).</summary>
        private static readonly char[] NotInXml = Enumerable.Range(0, 32).Where(c => c != '\t' && c != '\r').Select(c => (char)c).Concat(new[] { '\uFFFE', '\uFFFF' }).ToArray();

        private static readonly Regex CommonParametersToken = new Regex(@"\G\[<CommonParameters>\]\s*");

        private readonly string file;
        private readonly List<HelpDocError> errors = new List<HelpDocError>();

        private CommandHelpReader(string file)
        {
            this.file = file;
        }

        /// <summary>Reads the doc or throws <see cref="HelpDocException"/> listing every problem in it.</summary>
        public static CommandHelp Read(string file, string markdown)
        {
            var reader = new CommandHelpReader(file);
            CommandHelp? help = reader.ReadDocument(markdown);
            if (reader.errors.Count > 0 || help is null)
            {
                throw new HelpDocException(reader.errors);
            }

            return help;
        }

        /// <summary>Front matter as key/value text, or null (with an error) when it is missing or not yaml.</summary>
        internal static Dictionary<string, string?>? ReadFrontMatter(MarkdownDocument document, string file, List<HelpDocError> errors)
        {
            string? yaml = MarkdownText.FrontMatter(document);
            if (yaml is null)
            {
                errors.Add(new HelpDocError(file, 1, "no front matter: the file must start with a '---' line, the metadata, and another '---' line"));
                return null;
            }

            try
            {
                return Yaml.Deserialize<Dictionary<string, string?>>(yaml) ?? new Dictionary<string, string?>();
            }
            catch (YamlException e)
            {
                errors.Add(new HelpDocError(file, 1 + (int)e.Start.Line, "front matter is not valid yaml: " + e.Message));
                return null;
            }
        }

        /// <summary>XML 1.0 cannot hold control characters other than tab and line ends, so the MAML could not carry them.</summary>
        internal static void CheckCharacters(string markdown, string file, List<HelpDocError> errors)
        {
            string[] lines = markdown.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                int bad = lines[i].IndexOfAny(NotInXml);
                if (bad >= 0)
                {
                    errors.Add(new HelpDocError(file, i + 1, $"control character U+{(int)lines[i][bad]:X4} at column {bad + 1}; XML help cannot hold it"));
                }
            }
        }

        private CommandHelp? ReadDocument(string markdown)
        {
            CheckCharacters(markdown, file, errors);
            MarkdownDocument document = MarkdownText.Parse(markdown);
            Dictionary<string, string?>? metadata = ReadFrontMatter(document, file, errors);

            HeadingBlock? title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
            if (title is null)
            {
                Error(0, "no '# Command-Name' title");
                return null;
            }

            string name = MarkdownText.Inline(title.Inline).Split(' ')[0];
            if (!string.Equals(Path.GetFileNameWithoutExtension(file), name, StringComparison.Ordinal))
            {
                Error(MarkdownText.LineOf(title), $"the title '{name}' must equal the file name '{Path.GetFileNameWithoutExtension(file)}'");
            }

            string? onlineUri = metadata is null ? null : CheckFrontMatter(metadata, name);
            Dictionary<string, (HeadingBlock Heading, List<Block> Blocks)> sections = ReadSections(document);
            List<Block> Section(string key) => sections.TryGetValue(key, out var section) ? section.Blocks : new List<Block>();

            string synopsis = string.Join(" ", MarkdownText.Paragraphs(Section("SYNOPSIS")));
            if (synopsis.Length == 0 && sections.ContainsKey("SYNOPSIS"))
            {
                Error(MarkdownText.LineOf(sections["SYNOPSIS"].Heading), "the SYNOPSIS section is empty");
            }

            List<string> description = MarkdownText.Paragraphs(Section("DESCRIPTION"));
            if (description.Count == 0 && sections.ContainsKey("DESCRIPTION"))
            {
                Error(MarkdownText.LineOf(sections["DESCRIPTION"].Heading), "the DESCRIPTION section is empty");
            }

            List<ParameterHelp> parameters = ReadParameters(Section("PARAMETERS"));
            return new CommandHelp(
                name,
                onlineUri,
                synopsis,
                description,
                ReadSyntax(Section("SYNTAX"), parameters),
                parameters,
                ReadExamples(Section("EXAMPLES"), sections.TryGetValue("EXAMPLES", out var examples) ? examples.Heading : null),
                ReadTypes(Section("INPUTS"), "INPUTS"),
                ReadTypes(Section("OUTPUTS"), "OUTPUTS"),
                MarkdownText.Paragraphs(Section("NOTES")),
                ReadLinks(Section("RELATED LINKS")));
        }

        private string? CheckFrontMatter(Dictionary<string, string?> metadata, string name)
        {
            string? Value(string key) => metadata.TryGetValue(key, out string? value) ? value : null;
            if (Value("document type") != "cmdlet")
            {
                Error(1, "front matter must say 'document type: cmdlet' (about topics are named about_*.md)");
            }

            if (Value("PlatyPS schema version") != SchemaVersion)
            {
                Error(1, $"front matter must say 'PlatyPS schema version: {SchemaVersion}', the schema this generator reads");
            }

            if (Value("title") != name)
            {
                Error(1, $"front matter 'title' is '{Value("title")}' but the title heading says '{name}'");
            }

            string? helpUri = Value("HelpUri");
            if (string.IsNullOrWhiteSpace(helpUri))
            {
                return null;
            }

            if (!MarkdownText.IsAbsoluteWebUri(helpUri))
            {
                Error(1, $"HelpUri '{helpUri}' is not an absolute http(s) address; Get-Help -Online could not open it");
                return null;
            }

            return helpUri;
        }

        private Dictionary<string, (HeadingBlock Heading, List<Block> Blocks)> ReadSections(MarkdownDocument document)
        {
            var sections = new Dictionary<string, (HeadingBlock Heading, List<Block> Blocks)>(StringComparer.Ordinal);
            int previous = -1;
            foreach ((HeadingBlock? heading, List<Block> blocks) in MarkdownText.SplitAtHeadings(document, 2).Skip(1))
            {
                string name = MarkdownText.Inline(heading!.Inline);
                int index = Array.IndexOf(SectionOrder, name);
                if (index < 0)
                {
                    Error(MarkdownText.LineOf(heading), $"unknown section '## {name}'; platyPS knows {string.Join(", ", SectionOrder)} (upper case)");
                }
                else if (!sections.TryAdd(name, (heading, blocks)))
                {
                    Error(MarkdownText.LineOf(heading), $"a second '## {name}' section");
                }
                else if (index < previous)
                {
                    Error(MarkdownText.LineOf(heading), $"'## {name}' is out of order; the sections go {string.Join(", ", SectionOrder)}");
                }

                previous = Math.Max(previous, index);
            }

            foreach (string required in SectionOrder.Where(s => s != "ALIASES" && !sections.ContainsKey(s)))
            {
                Error(0, $"missing the '## {required}' section");
            }

            return sections;
        }

        private List<ParameterHelp> ReadParameters(List<Block> blocks)
        {
            var parameters = new List<ParameterHelp>();
            foreach ((HeadingBlock? heading, List<Block> content) in MarkdownText.SplitAtHeadings(blocks, 3))
            {
                if (heading is null)
                {
                    RefuseText(content, "PARAMETERS, before the first '### -Name'");
                    continue;
                }

                string title = MarkdownText.Inline(heading.Inline);
                if (title is "CommonParameters" or "WorkflowCommonParameters")
                {
                    continue;
                }

                int line = MarkdownText.LineOf(heading);
                if (!title.StartsWith("-", StringComparison.Ordinal) || title.Length < 2 || title.Contains(' '))
                {
                    Error(line, $"parameter heading '### {title}' must be '### -Name'");
                    continue;
                }

                string name = title.Substring(1);
                int yamlIndex = content.FindIndex(b => b is FencedCodeBlock code && code.Info == "yaml");
                if (yamlIndex < 0)
                {
                    Error(line, $"-{name} has no ```yaml block (Type, DefaultValue, ParameterSets, ...)");
                    continue;
                }

                var yamlBlock = (FencedCodeBlock)content[yamlIndex];
                RefuseText(content.Skip(yamlIndex + 1), $"-{name}, after its yaml block");
                List<string> description = MarkdownText.Paragraphs(content.Take(yamlIndex));
                if (description.Count == 0)
                {
                    Error(line, $"-{name} has no description");
                }

                ParameterMetadata metadata;
                try
                {
                    metadata = Yaml.Deserialize<ParameterMetadata>(yamlBlock.Lines.ToString()) ?? new ParameterMetadata();
                }
                catch (YamlException e)
                {
                    Error(MarkdownText.LineOf(yamlBlock) + (int)e.Start.Line, $"yaml of -{name}: {(e.InnerException ?? e).Message}");
                    continue;
                }

                if (metadata.Type.Length == 0 || metadata.ParameterSets.Count == 0)
                {
                    Error(MarkdownText.LineOf(yamlBlock), $"yaml of -{name} needs a Type and at least one ParameterSets entry");
                    continue;
                }

                if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    Error(line, $"-{name} is documented twice");
                    continue;
                }

                parameters.Add(new ParameterHelp(name, description, metadata));
            }

            return parameters;
        }

        private List<SyntaxItem> ReadSyntax(List<Block> blocks, List<ParameterHelp> parameters)
        {
            var items = new List<SyntaxItem>();
            foreach ((HeadingBlock? heading, List<Block> content) in MarkdownText.SplitAtHeadings(blocks, 3))
            {
                if (heading is null)
                {
                    RefuseText(content, "SYNTAX, before the first '### ParameterSetName'");
                    continue;
                }

                string setName = MarkdownText.Inline(heading.Inline);
                if (setName.EndsWith(" (Default)", StringComparison.Ordinal))
                {
                    setName = setName.Substring(0, setName.Length - " (Default)".Length);
                }

                FencedCodeBlock? code = content.OfType<FencedCodeBlock>().FirstOrDefault();
                if (code is null)
                {
                    Error(MarkdownText.LineOf(heading), $"syntax set '{setName}' has no code block");
                    continue;
                }

                items.Add(new SyntaxItem(setName, ReadSyntaxParameters(code, setName, parameters)));
            }

            if (items.Count == 0 && blocks.Count > 0)
            {
                Error(MarkdownText.LineOf(blocks[0]), "SYNTAX has no '### ParameterSetName' heading with a code block");
            }

            return items;
        }

        private List<SyntaxParameter> ReadSyntaxParameters(FencedCodeBlock code, string setName, List<ParameterHelp> parameters)
        {
            var result = new List<SyntaxParameter>();
            int line = MarkdownText.LineOf(code);
            string text = Regex.Replace(code.Lines.ToString(), @"\s+", " ").Trim();
            int position = text.IndexOf(' ') < 0 ? text.Length : text.IndexOf(' ') + 1;
            while (position < text.Length)
            {
                Match common = CommonParametersToken.Match(text, position);
                if (common.Success)
                {
                    position += common.Length;
                    continue;
                }

                var token = SyntaxTokens.Select(t => (t, Match: t.Pattern.Match(text, position))).FirstOrDefault(t => t.Match.Success);
                if (token.Match is null)
                {
                    Error(line, $"syntax set '{setName}': cannot read '{text.Substring(position)}' (write it as Get-Command -Syntax does)");
                    break;
                }

                position += token.Match.Length;
                string name = token.Match.Groups["name"].Value;
                ParameterHelp? parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
                ParameterSetMetadata? set = parameter?.SetFor(setName);
                if (parameter is null || set is null)
                {
                    Error(line, parameter is null
                        ? $"syntax set '{setName}' lists -{name}, which has no '### -{name}' under PARAMETERS"
                        : $"syntax set '{setName}' lists -{name}, whose ParameterSets name neither '{setName}' nor '(All)'");
                    continue;
                }

                bool positional = set.Position != "Named";
                if (token.t.Switch != parameter.IsSwitch || token.t.Required != set.IsRequired || token.t.Positional != positional)
                {
                    Error(line, $"syntax set '{setName}' writes -{name} as '{token.Match.Value.Trim()}', but its yaml says " +
                        $"{(parameter.IsSwitch ? "a switch" : parameter.Metadata.Type)}, IsRequired {set.IsRequired}, Position {set.Position}");
                }

                result.Add(new SyntaxParameter(parameter, token.t.Switch ? string.Empty : token.Match.Groups["type"].Value, set.IsRequired, set.Position));
            }

            return result;
        }

        private List<ExampleHelp> ReadExamples(List<Block> blocks, HeadingBlock? section)
        {
            var examples = new List<ExampleHelp>();
            foreach ((HeadingBlock? heading, List<Block> content) in MarkdownText.SplitAtHeadings(blocks, 3))
            {
                if (heading is null)
                {
                    RefuseText(content, "EXAMPLES, before the first '### Example 1: Title'");
                    continue;
                }

                string title = MarkdownText.Inline(heading.Inline);
                List<string> code = content.OfType<FencedCodeBlock>().Select(c => c.Lines.ToString().TrimEnd()).ToList();
                if (code.Count == 0)
                {
                    Error(MarkdownText.LineOf(heading), $"'{title}' has no code block");
                }

                examples.Add(new ExampleHelp(title, string.Join("\n\n", code), MarkdownText.Paragraphs(content.Where(b => b is not FencedCodeBlock))));
            }

            if (examples.Count == 0 && section is not null)
            {
                Error(MarkdownText.LineOf(section), "EXAMPLES has no '### Example 1: Title' example");
            }

            return examples;
        }

        private List<TypeHelp> ReadTypes(List<Block> blocks, string section)
        {
            var types = new List<TypeHelp>();
            foreach ((HeadingBlock? heading, List<Block> content) in MarkdownText.SplitAtHeadings(blocks, 3))
            {
                if (heading is null)
                {
                    RefuseText(content, $"{section}, before the first '### TypeName' (write '### None' when there is none)");
                    continue;
                }

                types.Add(new TypeHelp(MarkdownText.Inline(heading.Inline), MarkdownText.Paragraphs(content)));
            }

            return types;
        }

        private List<LinkHelp> ReadLinks(List<Block> blocks)
        {
            var links = new List<LinkHelp>();
            foreach (LinkInline link in MarkdownText.Links(blocks))
            {
                string text = MarkdownText.Inline(link);
                if (link.Url is { } url && url.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !MarkdownText.IsAbsoluteWebUri(url))
                {
                    Error(link.Line + 1, $"related link '{text}' has an invalid address '{url}'");
                }

                // A relative link (another doc) has no address Get-Help could open, so it is written as text only.
                links.Add(new LinkHelp(text, MarkdownText.IsAbsoluteWebUri(link.Url) ? link.Url : null));
            }

            return links;
        }

        /// <summary>Text where platyPS does not read any: reported, because it would silently vanish from the help.</summary>
        private void RefuseText(IEnumerable<Block> blocks, string where)
        {
            Block? first = blocks.FirstOrDefault();
            if (first is not null)
            {
                Error(MarkdownText.LineOf(first), $"text in {where} is not part of any help element");
            }
        }

        private void Error(int line, string message) => errors.Add(new HelpDocError(file, line, message));
    }
}
