// Markdown to the plain text that Get-Help prints: markup removed, the markdown's hard-wrapped lines joined into
// paragraphs (Get-Help wraps them to the console width itself).

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CloudflareCni.HelpGen
{
    internal static class MarkdownText
    {
        /// <summary>CommonMark plus the front matter block, which platyPS reads as yaml.</summary>
        public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

        private static readonly Regex Spaces = new Regex(@"[ \t\r\n]+", RegexOptions.Compiled);

        public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

        /// <summary>The front matter's text (between the --- lines), or null when the file has none.</summary>
        public static string? FrontMatter(MarkdownDocument document) =>
            document.FirstOrDefault() is YamlFrontMatterBlock block ? block.Lines.ToString() : null;

        /// <summary>One line of plain text: emphasis and code markers dropped, links as "text (address)".</summary>
        public static string Inline(ContainerInline? container)
        {
            var text = new StringBuilder();
            AppendInline(text, container);
            return Spaces.Replace(text.ToString(), " ").Trim();
        }

        /// <summary>Plain-text paragraphs of prose blocks: paragraphs, list items ("- text"), quotes; code blocks keep their lines.</summary>
        public static List<string> Paragraphs(IEnumerable<Block> blocks)
        {
            var paragraphs = new List<string>();
            foreach (Block block in blocks)
            {
                switch (block)
                {
                    case ParagraphBlock paragraph:
                        paragraphs.Add(Inline(paragraph.Inline));
                        break;
                    case HeadingBlock heading:
                        paragraphs.Add(Inline(heading.Inline));
                        break;
                    case ListBlock list:
                        int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
                        foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                        {
                            string marker = list.IsOrdered ? $"{number++}." : "-";
                            paragraphs.Add(marker + " " + string.Join(" ", Paragraphs(item)));
                        }

                        break;
                    case QuoteBlock quote:
                        paragraphs.AddRange(Paragraphs(quote));
                        break;
                    case CodeBlock code:
                        paragraphs.Add(code.Lines.ToString().TrimEnd());
                        break;
                }
            }

            return paragraphs.Where(p => p.Length > 0).ToList();
        }

        /// <summary>Blocks grouped under each heading of <paramref name="level"/>; blocks before the first such heading come with a null heading.</summary>
        public static List<(HeadingBlock? Heading, List<Block> Blocks)> SplitAtHeadings(IEnumerable<Block> blocks, int level)
        {
            var groups = new List<(HeadingBlock? Heading, List<Block> Blocks)> { (null, new List<Block>()) };
            foreach (Block block in blocks)
            {
                if (block is HeadingBlock heading && heading.Level == level)
                {
                    groups.Add((heading, new List<Block>()));
                }
                else
                {
                    groups[groups.Count - 1].Blocks.Add(block);
                }
            }

            return groups;
        }

        /// <summary>Every link inside the blocks, in document order.</summary>
        public static IEnumerable<LinkInline> Links(IEnumerable<Block> blocks)
        {
            foreach (Block block in blocks)
            {
                IEnumerable<LinkInline> links = block switch
                {
                    ContainerBlock container => Links(container),
                    LeafBlock { Inline: { } inline } => LinksIn(inline),
                    _ => Enumerable.Empty<LinkInline>(),
                };
                foreach (LinkInline link in links)
                {
                    yield return link;
                }
            }
        }

        public static bool IsAbsoluteWebUri(string? address) =>
            Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

        /// <summary>Markdig numbers lines from 0; messages do from 1.</summary>
        public static int LineOf(Block block) => block.Line + 1;

        private static IEnumerable<LinkInline> LinksIn(ContainerInline container)
        {
            foreach (Inline inline in container)
            {
                if (inline is LinkInline link)
                {
                    yield return link;
                }
                else if (inline is ContainerInline nested)
                {
                    foreach (LinkInline inner in LinksIn(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }

        private static void AppendInline(StringBuilder text, ContainerInline? container)
        {
            if (container is null)
            {
                return;
            }

            foreach (Inline inline in container)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        text.Append(literal.Content.ToString());
                        break;
                    case CodeInline code:
                        text.Append(code.Content);
                        break;
                    case LineBreakInline:
                        text.Append(' ');
                        break;
                    case HtmlEntityInline entity:
                        text.Append(entity.Transcoded.ToString());
                        break;
                    case AutolinkInline autolink:
                        text.Append(autolink.Url);
                        break;
                    case LinkInline link:
                        int before = text.Length;
                        AppendInline(text, link);
                        string label = text.ToString(before, text.Length - before).Trim();
                        // A web address is worth printing; a link to another markdown file is not (its text names the topic).
                        if (!link.IsImage && IsAbsoluteWebUri(link.Url) && label != link.Url)
                        {
                            text.Append(" (").Append(link.Url).Append(')');
                        }

                        break;
                    case ContainerInline nested:
                        AppendInline(text, nested);
                        break;
                }
            }
        }
    }
}
