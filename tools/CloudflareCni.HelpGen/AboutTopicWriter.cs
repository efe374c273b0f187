// Turns an about topic (docs/about_*.md, the about schema of platyPS 1.x and PowerShell-Docs: "# about_Name",
// "## Short description", "## Long description", topic sections, "## See also") into the about_Name.help.txt that
// Get-Help about_Name shows. Get-Help takes the fifth line of the file as the topic's synopsis, so the short
// description goes there, on one line.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig.Syntax;

namespace CloudflareCni.HelpGen
{
    internal static class AboutTopicWriter
    {
        private const int Width = 80;
        private const string Indent = "    ";

        /// <summary>The help text, or throws <see cref="HelpDocException"/> listing every problem in the topic.</summary>
        public static string Write(string file, string markdown)
        {
            var errors = new List<HelpDocError>();
            CommandHelpReader.CheckCharacters(markdown, file, errors);
            string name = Path.GetFileNameWithoutExtension(file);
            MarkdownDocument document = MarkdownText.Parse(markdown);
            Dictionary<string, string?>? metadata = CommandHelpReader.ReadFrontMatter(document, file, errors);
            if (metadata is not null && (!metadata.TryGetValue("title", out string? title) || title != name))
            {
                errors.Add(new HelpDocError(file, 1, $"front matter must say 'title: {name}'"));
            }

            HeadingBlock? heading = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
            if (heading is null || MarkdownText.Inline(heading.Inline) != name)
            {
                errors.Add(new HelpDocError(file, heading is null ? 0 : MarkdownText.LineOf(heading), $"the title must be '# {name}', the file's name"));
            }

            var sections = MarkdownText.SplitAtHeadings(document, 2).Skip(1).Select(s => (Name: MarkdownText.Inline(s.Heading!.Inline), s.Heading, s.Blocks)).ToList();
            string[] expected = { "Short description", "Long description" };
            for (int i = 0; i < expected.Length; i++)
            {
                if (sections.Count <= i || !string.Equals(sections[i].Name, expected[i], StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(new HelpDocError(file, sections.Count > i ? MarkdownText.LineOf(sections[i].Heading!) : 0, $"section {i + 1} must be '## {expected[i]}'"));
                }
            }

            if (!sections.Any(s => string.Equals(s.Name, "See also", StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new HelpDocError(file, 0, "missing the '## See also' section (it may be empty)"));
            }

            List<string> shortDescription = sections.Count > 0 ? MarkdownText.Paragraphs(sections[0].Blocks) : new List<string>();
            if (shortDescription.Count != 1)
            {
                errors.Add(new HelpDocError(file, sections.Count > 0 ? MarkdownText.LineOf(sections[0].Heading!) : 0, "the short description must be exactly one paragraph (Get-Help lists it as the topic's synopsis)"));
            }

            if (errors.Count > 0)
            {
                throw new HelpDocException(errors);
            }

            var text = new StringBuilder();
            text.Append("TOPIC\n").Append(Indent).Append(name).Append("\n\n");
            text.Append("SHORT DESCRIPTION\n").Append(Indent).Append(shortDescription[0]).Append("\n\n");
            foreach ((string sectionName, _, List<Block> blocks) in sections.Skip(1))
            {
                text.Append(sectionName.ToUpperInvariant()).Append('\n');
                AppendBlocks(text, blocks);
                text.Append('\n');
            }

            return text.ToString().TrimEnd('\n') + "\n";
        }

        private static void AppendBlocks(StringBuilder text, IEnumerable<Block> blocks)
        {
            bool first = true;
            foreach (Block block in blocks)
            {
                if (!first)
                {
                    text.Append('\n');
                }

                first = false;
                switch (block)
                {
                    case HeadingBlock heading:
                        string title = MarkdownText.Inline(heading.Inline);
                        text.Append(Indent).Append(title).Append('\n').Append(Indent).Append(new string('-', title.Length)).Append('\n');
                        break;
                    case CodeBlock code:
                        foreach (string line in code.Lines.ToString().TrimEnd().Split('\n'))
                        {
                            text.Append(line.Length == 0 ? string.Empty : Indent + Indent + line).Append('\n');
                        }

                        break;
                    case ListBlock list:
                        foreach (string item in MarkdownText.Paragraphs(new[] { list }))
                        {
                            AppendWrapped(text, item, Indent, Indent + new string(' ', item.IndexOf(' ') + 1));
                        }

                        break;
                    default:
                        foreach (string paragraph in MarkdownText.Paragraphs(new[] { block }))
                        {
                            AppendWrapped(text, paragraph, Indent, Indent);
                        }

                        break;
                }
            }
        }

        /// <summary>Word-wraps to <see cref="Width"/> columns; a word longer than a line (an address) gets a line of its own.</summary>
        private static void AppendWrapped(StringBuilder text, string paragraph, string firstIndent, string nextIndent)
        {
            var line = new StringBuilder(firstIndent);
            bool empty = true;
            foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append(nextIndent);
                    empty = true;
                }

                line.Append(empty ? string.Empty : " ").Append(word);
                empty = false;
            }

            text.Append(line).Append('\n');
        }
    }
}
