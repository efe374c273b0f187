// A line-based scanner that finds the top-level markdown blocks the platyPS 1.x reader cares about
// (ATX headings, fenced code blocks, paragraphs, lists, everything else) with their line numbers.
// platyPS parses with Markdig (CommonMark, no extensions) and then works on top-level blocks and raw
// source lines; this scanner reproduces the block boundaries that matter for that.

using System;
using System.Collections.Generic;

namespace CloudflareCni.HelpGen
{
    internal enum MarkdownBlockKind
    {
        Heading,
        Fence,
        Paragraph,
        List,
        Other,
    }

    internal sealed class MarkdownBlock
    {
        public MarkdownBlockKind Kind { get; set; }

        /// <summary>0-based index of the first line.</summary>
        public int StartLine { get; set; }

        /// <summary>0-based index of the last line (inclusive).</summary>
        public int EndLine { get; set; }

        /// <summary>Heading level (1-6) for headings.</summary>
        public int Level { get; set; }

        /// <summary>Heading text (without the #'s and any closing sequence), or the fence info word.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>Fence content lines (without the fences).</summary>
        public List<string> Content { get; } = new List<string>();

        /// <summary>False when a fence never closes.</summary>
        public bool Closed { get; set; } = true;

        public bool IsHeading(int level) => Kind == MarkdownBlockKind.Heading && Level == level;

        public override string ToString() => $"{Kind} {StartLine + 1}-{EndLine + 1} {Text}";
    }

    internal sealed class MarkdownScanIssue
    {
        public MarkdownScanIssue(int line, string message)
        {
            Line = line;
            Message = message;
        }

        /// <summary>0-based line.</summary>
        public int Line { get; }

        public string Message { get; }
    }

    internal static class CommandHelpMarkdownBlocks
    {
        /// <summary>Splits text into lines the way File.ReadAllLines does (\r\n, \n or \r; no empty last line for a final newline).</summary>
        public static List<string> SplitLines(string text)
        {
            var lines = new List<string>();
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r' || c == '\n')
                {
                    lines.Add(text.Substring(start, i - start));
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                lines.Add(text.Substring(start));
            }

            return lines;
        }

        public static bool IsBlank(string line) => line.Trim().Length == 0;

        /// <summary>Scans lines[from..] into top-level blocks.</summary>
        public static List<MarkdownBlock> Scan(IReadOnlyList<string> lines, int from, List<MarkdownScanIssue> issues)
        {
            var blocks = new List<MarkdownBlock>();
            int i = from;
            int n = lines.Count;
            while (i < n)
            {
                string line = lines[i];
                if (IsBlank(line))
                {
                    i++;
                    continue;
                }

                if (Indent(line) >= 4)
                {
                    int start = i;
                    int last = i;
                    i++;
                    while (i < n && (IsBlank(lines[i]) || Indent(lines[i]) >= 4))
                    {
                        if (!IsBlank(lines[i]))
                        {
                            last = i;
                        }

                        i++;
                    }

                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Other, StartLine = start, EndLine = last, Text = "indented code" });
                    i = last + 1;
                    continue;
                }

                if (TryFenceOpen(line, out char fenceChar, out int fenceLength, out string info))
                {
                    var fence = new MarkdownBlock { Kind = MarkdownBlockKind.Fence, StartLine = i, Text = info };
                    int openIndent = Indent(line);
                    i++;
                    bool closed = false;
                    while (i < n)
                    {
                        if (IsFenceClose(lines[i], fenceChar, fenceLength))
                        {
                            closed = true;
                            break;
                        }

                        fence.Content.Add(RemoveIndent(lines[i], openIndent));
                        i++;
                    }

                    fence.Closed = closed;
                    fence.EndLine = closed ? i : n - 1;
                    if (!closed)
                    {
                        issues.Add(new MarkdownScanIssue(fence.StartLine, "code fence is never closed"));
                    }

                    blocks.Add(fence);
                    i = closed ? i + 1 : n;
                    continue;
                }

                if (TryAtxHeading(line, out int level, out string headingText))
                {
                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Heading, StartLine = i, EndLine = i, Level = level, Text = headingText });
                    i++;
                    continue;
                }

                if (IsThematicBreak(line))
                {
                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Other, StartLine = i, EndLine = i, Text = "thematic break" });
                    i++;
                    continue;
                }

                if (IsBlockQuote(line))
                {
                    int start = i;
                    i++;
                    while (i < n && !IsBlank(lines[i]) && !StartsOtherBlock(lines[i], insideParagraph: true))
                    {
                        i++;
                    }

                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Other, StartLine = start, EndLine = i - 1, Text = "block quote" });
                    continue;
                }

                if (IsListItemStart(line, insideParagraph: false))
                {
                    int start = i;
                    int last = i;
                    i++;
                    while (i < n)
                    {
                        string next = lines[i];
                        if (IsBlank(next))
                        {
                            int j = i + 1;
                            while (j < n && IsBlank(lines[j]))
                            {
                                j++;
                            }

                            if (j < n && (Indent(lines[j]) >= 2 || IsListItemStart(lines[j], insideParagraph: false)))
                            {
                                i = j;
                                continue;
                            }

                            break;
                        }

                        if (Indent(next) >= 2 || IsListItemStart(next, insideParagraph: false))
                        {
                            last = i;
                            i++;
                            continue;
                        }

                        if (StartsOtherBlock(next, insideParagraph: true))
                        {
                            break;
                        }

                        // Lazy continuation of the item's paragraph.
                        last = i;
                        i++;
                    }

                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.List, StartLine = start, EndLine = last, Text = "list" });
                    i = last + 1;
                    continue;
                }

                if (IsHtmlBlockStart(line, insideParagraph: false))
                {
                    int start = i;
                    bool comment = line.TrimStart().StartsWith("<!--", StringComparison.Ordinal);
                    while (i < n)
                    {
                        if (comment ? lines[i].Contains("-->") : IsBlank(lines[i]))
                        {
                            break;
                        }

                        i++;
                    }

                    int end = comment ? Math.Min(i, n - 1) : i - 1;
                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Other, StartLine = start, EndLine = end, Text = "html" });
                    i = end + 1;
                    continue;
                }

                // Paragraph.
                {
                    int start = i;
                    i++;
                    while (i < n)
                    {
                        string next = lines[i];
                        if (IsBlank(next))
                        {
                            break;
                        }

                        if (Indent(next) < 4)
                        {
                            if (IsSetextUnderline(next))
                            {
                                issues.Add(new MarkdownScanIssue(i, "a line of '=' or '-' right under text turns that text into a heading (setext); use '#' headings and leave a blank line before a horizontal rule"));
                                break;
                            }

                            if (StartsOtherBlock(next, insideParagraph: true))
                            {
                                break;
                            }
                        }

                        i++;
                    }

                    blocks.Add(new MarkdownBlock { Kind = MarkdownBlockKind.Paragraph, StartLine = start, EndLine = i - 1, Text = "paragraph" });
                }
            }

            return blocks;
        }

        public static int Indent(string line)
        {
            int columns = 0;
            foreach (char c in line)
            {
                if (c == ' ')
                {
                    columns++;
                }
                else if (c == '\t')
                {
                    columns += 4 - (columns % 4);
                }
                else
                {
                    break;
                }
            }

            return columns;
        }

        public static bool TryAtxHeading(string line, out int level, out string text)
        {
            level = 0;
            text = string.Empty;
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.TrimStart(' ');
            int hashes = 0;
            while (hashes < s.Length && s[hashes] == '#')
            {
                hashes++;
            }

            if (hashes == 0 || hashes > 6)
            {
                return false;
            }

            if (hashes < s.Length && s[hashes] != ' ' && s[hashes] != '\t')
            {
                return false;
            }

            string content = s.Substring(hashes).Trim();

            // Optional closing sequence: spaces then #'s at the end.
            int end = content.Length;
            while (end > 0 && content[end - 1] == '#')
            {
                end--;
            }

            if (end == 0)
            {
                content = string.Empty;
            }
            else if (end < content.Length && (content[end - 1] == ' ' || content[end - 1] == '\t'))
            {
                content = content.Substring(0, end).TrimEnd();
            }

            level = hashes;
            text = content;
            return true;
        }

        public static bool TryFenceOpen(string line, out char fenceChar, out int length, out string info)
        {
            fenceChar = '\0';
            length = 0;
            info = string.Empty;
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.TrimStart(' ');
            if (s.Length < 3 || (s[0] != '`' && s[0] != '~'))
            {
                return false;
            }

            char c = s[0];
            int count = 0;
            while (count < s.Length && s[count] == c)
            {
                count++;
            }

            if (count < 3)
            {
                return false;
            }

            string rest = s.Substring(count).Trim();
            if (c == '`' && rest.IndexOf('`') >= 0)
            {
                return false;
            }

            int space = rest.IndexOfAny(new[] { ' ', '\t' });
            fenceChar = c;
            length = count;
            info = space < 0 ? rest : rest.Substring(0, space);
            return true;
        }

        public static bool IsFenceClose(string line, char fenceChar, int length)
        {
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.Trim();
            if (s.Length < length)
            {
                return false;
            }

            foreach (char c in s)
            {
                if (c != fenceChar)
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsThematicBreak(string line)
        {
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.Trim();
            if (s.Length < 3)
            {
                return false;
            }

            char c = s[0];
            if (c != '-' && c != '*' && c != '_')
            {
                return false;
            }

            int count = 0;
            foreach (char ch in s)
            {
                if (ch == c)
                {
                    count++;
                }
                else if (ch != ' ' && ch != '\t')
                {
                    return false;
                }
            }

            return count >= 3;
        }

        public static bool IsSetextUnderline(string line)
        {
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.Trim();
            if (s.Length == 0 || (s[0] != '=' && s[0] != '-'))
            {
                return false;
            }

            foreach (char ch in s)
            {
                if (ch != s[0])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsBlockQuote(string line) => Indent(line) <= 3 && line.TrimStart().StartsWith(">", StringComparison.Ordinal);

        public static bool IsListItemStart(string line, bool insideParagraph)
        {
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.TrimStart(' ');
            if (s.Length == 0)
            {
                return false;
            }

            if (s[0] == '-' || s[0] == '*' || s[0] == '+')
            {
                if (s.Length == 1)
                {
                    return !insideParagraph;
                }

                if (s[1] != ' ' && s[1] != '\t')
                {
                    return false;
                }

                return !insideParagraph || s.Substring(1).Trim().Length > 0;
            }

            int digits = 0;
            while (digits < s.Length && digits < 10 && char.IsDigit(s[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 9 || digits >= s.Length || (s[digits] != '.' && s[digits] != ')'))
            {
                return false;
            }

            if (digits + 1 < s.Length && s[digits + 1] != ' ' && s[digits + 1] != '\t')
            {
                return false;
            }

            if (insideParagraph)
            {
                // Only a list starting at 1 with content can interrupt a paragraph.
                return s.Substring(0, digits) == "1" && s.Substring(digits + 1).Trim().Length > 0;
            }

            return true;
        }

        private static readonly HashSet<string> HtmlBlockTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "script", "pre", "style", "textarea", "address", "article", "aside", "base", "basefont", "blockquote", "body",
            "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
            "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
            "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
            "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th",
            "thead", "title", "tr", "track", "ul",
        };

        private static readonly System.Text.RegularExpressions.Regex HtmlLoneTag =
            new System.Text.RegularExpressions.Regex(@"^</?[A-Za-z][A-Za-z0-9-]*(\s+[A-Za-z_:][A-Za-z0-9_.:-]*(\s*=\s*(""[^""]*""|'[^']*'|[^\s""'=<>`]+))?)*\s*/?>\s*$");

        private static bool IsHtmlBlockStart(string line, bool insideParagraph)
        {
            if (Indent(line) > 3)
            {
                return false;
            }

            string s = line.TrimStart();
            if (s.Length < 2 || s[0] != '<')
            {
                return false;
            }

            if (s.StartsWith("<!--", StringComparison.Ordinal) || s.StartsWith("<?", StringComparison.Ordinal) || s.StartsWith("<![CDATA[", StringComparison.Ordinal))
            {
                return true;
            }

            if (s[1] == '!' && s.Length > 2 && char.IsLetter(s[2]))
            {
                return true;
            }

            int nameStart = s[1] == '/' ? 2 : 1;
            int nameEnd = nameStart;
            while (nameEnd < s.Length && (char.IsLetterOrDigit(s[nameEnd]) || s[nameEnd] == '-'))
            {
                nameEnd++;
            }

            if (nameEnd > nameStart && HtmlBlockTags.Contains(s.Substring(nameStart, nameEnd - nameStart)))
            {
                if (nameEnd == s.Length || s[nameEnd] == ' ' || s[nameEnd] == '\t' || s[nameEnd] == '>' || s.Substring(nameEnd).StartsWith("/>", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return !insideParagraph && HtmlLoneTag.IsMatch(s);
        }

        private static bool StartsOtherBlock(string line, bool insideParagraph)
        {
            return TryAtxHeading(line, out _, out _)
                || TryFenceOpen(line, out _, out _, out _)
                || IsThematicBreak(line)
                || IsBlockQuote(line)
                || IsListItemStart(line, insideParagraph)
                || IsHtmlBlockStart(line, insideParagraph);
        }

        private static string RemoveIndent(string line, int indent)
        {
            int remove = 0;
            while (remove < indent && remove < line.Length && line[remove] == ' ')
            {
                remove++;
            }

            return line.Substring(remove);
        }
    }
}
