// A deliberately small YAML reader for the two YAML shapes the platyPS 1.x markdown schema uses:
// the front matter (flat "key: value" lines) and the parameter metadata block (a mapping whose values are
// scalars, flow sequences such as [] or [a, b], or block sequences of scalars or of small mappings).
// Anything outside that subset is reported as an error instead of being guessed at.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CloudflareCni.HelpGen
{
    internal enum CommandHelpYamlKind
    {
        Scalar,
        Sequence,
        Mapping,
    }

    internal sealed class CommandHelpYamlNode
    {
        private CommandHelpYamlNode(CommandHelpYamlKind kind, int line)
        {
            Kind = kind;
            Line = line;
        }

        public CommandHelpYamlKind Kind { get; }

        /// <summary>1-based line in the markdown file.</summary>
        public int Line { get; }

        /// <summary>Scalar value; null for an empty plain scalar, "~" or "null".</summary>
        public string? Value { get; private set; }

        public List<CommandHelpYamlNode> Items { get; } = new List<CommandHelpYamlNode>();

        public List<KeyValuePair<string, CommandHelpYamlNode>> Entries { get; } = new List<KeyValuePair<string, CommandHelpYamlNode>>();

        public static CommandHelpYamlNode Scalar(string? value, int line) => new CommandHelpYamlNode(CommandHelpYamlKind.Scalar, line) { Value = value };

        public static CommandHelpYamlNode Sequence(int line) => new CommandHelpYamlNode(CommandHelpYamlKind.Sequence, line);

        public static CommandHelpYamlNode Mapping(int line) => new CommandHelpYamlNode(CommandHelpYamlKind.Mapping, line);
    }

    internal sealed class CommandHelpYamlException : Exception
    {
        public CommandHelpYamlException(int line, string message)
            : base(message)
        {
            Line = line;
        }

        /// <summary>1-based line in the markdown file.</summary>
        public int Line { get; }
    }

    internal static class CommandHelpYaml
    {
        /// <summary>Parses a block mapping. <paramref name="firstLine"/> is the 1-based file line of lines[0].</summary>
        public static CommandHelpYamlNode ParseMapping(IReadOnlyList<string> lines, int firstLine)
        {
            var rows = new List<Row>();
            for (int i = 0; i < lines.Count; i++)
            {
                string text = lines[i];
                for (int k = 0; k < text.Length && (text[k] == ' ' || text[k] == '\t'); k++)
                {
                    if (text[k] == '\t')
                    {
                        throw new CommandHelpYamlException(firstLine + i, "tabs are not allowed for YAML indentation");
                    }
                }

                string trimmed = text.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                rows.Add(new Row(firstLine + i, CountIndent(text), text.TrimEnd()));
            }

            int index = 0;
            if (rows.Count == 0)
            {
                return CommandHelpYamlNode.Mapping(firstLine);
            }

            if (rows[0].Indent != 0)
            {
                throw new CommandHelpYamlException(rows[0].Line, "the YAML block must start at column 1");
            }

            CommandHelpYamlNode root = ParseMappingAt(rows, ref index, 0);
            if (index < rows.Count)
            {
                throw new CommandHelpYamlException(rows[index].Line, "unexpected indentation in YAML");
            }

            return root;
        }

        /// <summary>Parses one scalar as written after "key:" (quoted or plain). Empty plain text gives null.</summary>
        public static string? ParseScalarText(string raw, int line)
        {
            string text = raw.Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (text[0] == '\'')
            {
                return ParseSingleQuoted(text, line);
            }

            if (text[0] == '"')
            {
                return ParseDoubleQuoted(text, line);
            }

            // Strip a trailing comment (" #...") from a plain scalar.
            int comment = text.IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0)
            {
                text = text.Substring(0, comment).TrimEnd();
            }

            char first = text[0];
            if ("{&*!|>%@`".IndexOf(first) >= 0)
            {
                throw new CommandHelpYamlException(line, $"unsupported YAML value '{text}'; quote it with single quotes");
            }

            if (text.IndexOf(": ", StringComparison.Ordinal) >= 0 || text.EndsWith(":", StringComparison.Ordinal))
            {
                throw new CommandHelpYamlException(line, $"YAML value '{text}' contains ': '; quote it with single quotes");
            }

            if (text == "~" || text == "null" || text == "Null" || text == "NULL")
            {
                return null;
            }

            return text;
        }

        public static bool TryParseBoolean(string? value, out bool result)
        {
            result = false;
            if (value is null)
            {
                return false;
            }

            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                result = true;
                return true;
            }

            return string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
        }

        private static CommandHelpYamlNode ParseMappingAt(List<Row> rows, ref int index, int indent)
        {
            var mapping = CommandHelpYamlNode.Mapping(rows[index].Line);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (index < rows.Count && rows[index].Indent == indent)
            {
                Row row = rows[index];
                string body = row.Text.Substring(indent);
                if (body.StartsWith("- ", StringComparison.Ordinal) || body == "-")
                {
                    break;
                }

                int colon = FindKeyColon(body);
                if (colon <= 0)
                {
                    throw new CommandHelpYamlException(row.Line, $"expected 'Key: value' but found '{body.Trim()}'");
                }

                string key = body.Substring(0, colon).Trim();
                if (!seen.Add(key))
                {
                    throw new CommandHelpYamlException(row.Line, $"duplicate YAML key '{key}'");
                }

                string rest = body.Substring(colon + 1).Trim();
                index++;
                CommandHelpYamlNode value;
                if (rest.Length == 0)
                {
                    // Either an empty scalar, or a nested block (sequence at the same or deeper indent, mapping deeper).
                    if (index < rows.Count && rows[index].Indent >= indent && IsSequenceItem(rows[index], rows[index].Indent) && rows[index].Indent >= indent)
                    {
                        value = ParseSequenceAt(rows, ref index, rows[index].Indent);
                    }
                    else if (index < rows.Count && rows[index].Indent > indent)
                    {
                        value = ParseMappingAt(rows, ref index, rows[index].Indent);
                    }
                    else
                    {
                        value = CommandHelpYamlNode.Scalar(null, row.Line);
                    }
                }
                else if (rest[0] == '[')
                {
                    value = ParseFlowSequence(rest, row.Line);
                }
                else
                {
                    value = CommandHelpYamlNode.Scalar(ParseScalarText(rest, row.Line), row.Line);
                }

                mapping.Entries.Add(new KeyValuePair<string, CommandHelpYamlNode>(key, value));
            }

            return mapping;
        }

        private static CommandHelpYamlNode ParseSequenceAt(List<Row> rows, ref int index, int indent)
        {
            var sequence = CommandHelpYamlNode.Sequence(rows[index].Line);
            while (index < rows.Count && rows[index].Indent == indent && IsSequenceItem(rows[index], indent))
            {
                Row row = rows[index];
                string after = row.Text.Length > indent + 1 ? row.Text.Substring(indent + 1) : string.Empty;
                string itemText = after.Trim();
                int itemIndent = indent + 1 + (after.Length - after.TrimStart(' ').Length);
                if (itemText.Length == 0)
                {
                    throw new CommandHelpYamlException(row.Line, "empty YAML sequence item");
                }

                if (FindKeyColon(itemText) > 0 && itemText[0] != '\'' && itemText[0] != '"')
                {
                    // "- Key: value" starts a mapping whose other keys are indented to the key's column.
                    var replaced = new List<Row>(rows);
                    replaced[index] = new Row(row.Line, itemIndent, new string(' ', itemIndent) + itemText);
                    int local = index;
                    CommandHelpYamlNode item = ParseMappingAt(replaced, ref local, itemIndent);
                    index = local;
                    sequence.Items.Add(item);
                }
                else if (itemText[0] == '[')
                {
                    throw new CommandHelpYamlException(row.Line, "nested YAML sequences are not supported");
                }
                else
                {
                    sequence.Items.Add(CommandHelpYamlNode.Scalar(ParseScalarText(itemText, row.Line), row.Line));
                    index++;
                }
            }

            return sequence;
        }

        private static CommandHelpYamlNode ParseFlowSequence(string text, int line)
        {
            string trimmed = text.Trim();
            int comment = trimmed.LastIndexOf(" #", StringComparison.Ordinal);
            if (comment > 0 && trimmed.IndexOf(']') < comment)
            {
                trimmed = trimmed.Substring(0, comment).TrimEnd();
            }

            if (!trimmed.EndsWith("]", StringComparison.Ordinal))
            {
                throw new CommandHelpYamlException(line, $"unterminated YAML flow sequence '{trimmed}'");
            }

            var sequence = CommandHelpYamlNode.Sequence(line);
            string inner = trimmed.Substring(1, trimmed.Length - 2);
            if (inner.Trim().Length == 0)
            {
                return sequence;
            }

            var item = new StringBuilder();
            char quote = '\0';
            for (int i = 0; i < inner.Length; i++)
            {
                char c = inner[i];
                if (quote != '\0')
                {
                    item.Append(c);
                    if (c == quote)
                    {
                        if (quote == '\'' && i + 1 < inner.Length && inner[i + 1] == '\'')
                        {
                            item.Append(inner[i + 1]);
                            i++;
                        }
                        else
                        {
                            quote = '\0';
                        }
                    }

                    continue;
                }

                if (c == '\'' || c == '"')
                {
                    quote = c;
                    item.Append(c);
                }
                else if (c == ',')
                {
                    AddFlowItem(sequence, item.ToString(), line);
                    item.Clear();
                }
                else if (c == '[' || c == ']' || c == '{' || c == '}')
                {
                    throw new CommandHelpYamlException(line, "nested YAML collections are not supported");
                }
                else
                {
                    item.Append(c);
                }
            }

            if (quote != '\0')
            {
                throw new CommandHelpYamlException(line, "unterminated quoted string in YAML flow sequence");
            }

            AddFlowItem(sequence, item.ToString(), line);
            return sequence;
        }

        private static void AddFlowItem(CommandHelpYamlNode sequence, string raw, int line)
        {
            if (raw.Trim().Length == 0)
            {
                throw new CommandHelpYamlException(line, "empty item in YAML flow sequence");
            }

            sequence.Items.Add(CommandHelpYamlNode.Scalar(ParseScalarText(raw, line), line));
        }

        private static string ParseSingleQuoted(string text, int line)
        {
            var sb = new StringBuilder();
            int i = 1;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        sb.Append('\'');
                        i += 2;
                        continue;
                    }

                    EnsureOnlyComment(text.Substring(i + 1), line);
                    return sb.ToString();
                }

                sb.Append(c);
                i++;
            }

            throw new CommandHelpYamlException(line, "unterminated single-quoted YAML string");
        }

        private static string ParseDoubleQuoted(string text, int line)
        {
            var sb = new StringBuilder();
            int i = 1;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '"')
                {
                    EnsureOnlyComment(text.Substring(i + 1), line);
                    return sb.ToString();
                }

                if (c == '\\')
                {
                    if (i + 1 >= text.Length)
                    {
                        break;
                    }

                    char e = text[i + 1];
                    switch (e)
                    {
                        case '\\': sb.Append('\\'); break;
                        case '"': sb.Append('"'); break;
                        case '/': sb.Append('/'); break;
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case '0': sb.Append('\0'); break;
                        default:
                            throw new CommandHelpYamlException(line, $"unsupported escape '\\{e}' in double-quoted YAML string");
                    }

                    i += 2;
                    continue;
                }

                sb.Append(c);
                i++;
            }

            throw new CommandHelpYamlException(line, "unterminated double-quoted YAML string");
        }

        private static void EnsureOnlyComment(string rest, int line)
        {
            string trimmed = rest.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                throw new CommandHelpYamlException(line, $"unexpected text '{trimmed}' after a quoted YAML string");
            }
        }

        private static bool IsSequenceItem(Row row, int indent)
        {
            if (row.Text.Length <= indent || row.Text[indent] != '-')
            {
                return false;
            }

            return row.Text.Length == indent + 1 || row.Text[indent + 1] == ' ';
        }

        /// <summary>Index of the ':' that ends a mapping key (followed by space or end), outside quotes; -1 if none.</summary>
        private static int FindKeyColon(string body)
        {
            if (body.Length > 0 && (body[0] == '\'' || body[0] == '"' || body[0] == '[' || body[0] == '{'))
            {
                return -1;
            }

            for (int i = 0; i < body.Length; i++)
            {
                if (body[i] == ':' && (i + 1 == body.Length || body[i + 1] == ' '))
                {
                    return i;
                }

                if (body[i] == ' ' && i + 1 < body.Length && body[i + 1] == '#')
                {
                    return -1;
                }
            }

            return -1;
        }

        private static int CountIndent(string text)
        {
            int count = 0;
            while (count < text.Length && text[count] == ' ')
            {
                count++;
            }

            return count;
        }

        private readonly struct Row
        {
            public Row(int line, int indent, string text)
            {
                Line = line;
                Indent = indent;
                Text = text;
            }

            public int Line { get; }

            public int Indent { get; }

            public string Text { get; }
        }

        internal static string Describe(CommandHelpYamlNode node)
        {
            switch (node.Kind)
            {
                case CommandHelpYamlKind.Scalar:
                    return node.Value is null ? "an empty value" : "'" + node.Value + "'";
                case CommandHelpYamlKind.Sequence:
                    return "a list";
                default:
                    return "a mapping";
            }
        }

        internal static string FormatInvariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
