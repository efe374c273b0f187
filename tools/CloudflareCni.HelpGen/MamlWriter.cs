// Writes MAML help (the *-Help.xml that Get-Help reads) from CommandHelp objects, reproducing what
// Microsoft.PowerShell.PlatyPS 1.x's Export-MamlCommandHelp writes: MamlConversionHelper's conversion
// (src/MamlWriter/MamlHelpers.cs), the XmlSerializer layout of the src/MamlWriter/*.cs classes, and the
// "__REMOVE_ME_LINE_BREAK__" post-processing of src/Command/ExportMamlCommandHelp.cs. See SCHEMA.md.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace CloudflareCni.HelpGen
{
    public static class MamlWriter
    {
        public const string RootNamespace = "http://msh";
        public const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
        public const string CommandNamespace = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public const string DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>Placeholder platyPS puts between example paragraphs before replacing it in the written file.</summary>
        internal const string LineBreakPlaceholder = "__REMOVE_ME_LINE_BREAK__";

        /// <summary>What platyPS writes in place of the placeholder paragraph (a space and a backspace character reference).</summary>
        public const string ExampleParagraphSeparator = "&#x20;&#x08;";

        /// <summary>
        /// Builds the MAML document text. <paramref name="newLine"/> is what XmlSerializer uses on the host:
        /// "\n" on Linux and macOS, "\r\n" on Windows (it also replaces the "\n" inside text).
        /// The result is not well-formed XML 1.0 when an example has several paragraphs, because platyPS writes
        /// <c>&amp;#x08;</c>; read it with <see cref="XmlReaderSettings.CheckCharacters"/> = false, as PowerShell does.
        /// </summary>
        public static string Write(IEnumerable<CommandHelp> commands, string newLine = "\n")
        {
            if (commands is null)
            {
                throw new ArgumentNullException(nameof(commands));
            }

            var settings = new XmlWriterSettings
            {
                Indent = true,
                IndentChars = "  ",
                NewLineChars = newLine,
                NewLineHandling = NewLineHandling.Replace,
                Encoding = new UTF8Encoding(false),
            };

            using var buffer = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(buffer, settings))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement("helpItems", RootNamespace);
                writer.WriteAttributeString("xmlns", "maml", null, MamlNamespace);
                writer.WriteAttributeString("xmlns", "command", null, CommandNamespace);
                writer.WriteAttributeString("xmlns", "dev", null, DevNamespace);
                writer.WriteAttributeString("schema", "maml");
                foreach (CommandHelp command in commands)
                {
                    WriteCommand(writer, command);
                }

                writer.WriteEndElement();
                writer.WriteEndDocument();
            }

            string xml = new UTF8Encoding(false).GetString(buffer.ToArray());
            return xml.Replace("<maml:para>" + LineBreakPlaceholder + "</maml:para>", "<maml:para>" + ExampleParagraphSeparator + "</maml:para>");
        }

        /// <summary>Writes the document to <paramref name="path"/> as UTF-8 without BOM (platyPS's default encoding).</summary>
        public static void WriteFile(IEnumerable<CommandHelp> commands, string path, string newLine = "\n")
        {
            File.WriteAllText(path, Write(commands, newLine), new UTF8Encoding(false));
        }

        /// <summary>Splits text into paragraphs the way platyPS does: on "\n\n" exactly, without dropping empty pieces.</summary>
        public static string[] SplitParagraphs(string text) => text.Split(new[] { "\n\n" }, StringSplitOptions.None);

        /// <summary>MAML pipelineInput attribute text.</summary>
        public static string PipelineInputText(bool byValue, bool byPropertyName)
        {
            if (byValue && byPropertyName)
            {
                return "true (ByValue, ByPropertyName)";
            }

            if (byValue)
            {
                return "true (ByValue)";
            }

            return byPropertyName ? "true (ByPropertyName)" : "false";
        }

        /// <summary>Syntax parameters in the order platyPS's SyntaxItem.SortParameters puts them: positional by position, then mandatory, then the rest.</summary>
        public static IReadOnlyList<CommandHelpSyntaxParameter> SortSyntaxParameters(IEnumerable<CommandHelpSyntaxParameter> parameters)
        {
            var list = parameters.ToList();
            var positional = list.Where(p => !string.Equals(p.Position, "named", StringComparison.Ordinal))
                .OrderBy(p => int.TryParse(p.Position, out int position) ? position : int.MaxValue)
                .ToList();
            var mandatory = list.Where(p => string.Equals(p.Position, "named", StringComparison.Ordinal) && p.IsMandatory);
            var named = list.Where(p => string.Equals(p.Position, "named", StringComparison.Ordinal) && !p.IsMandatory);
            return positional.Concat(mandatory).Concat(named).ToList();
        }

        private static void WriteCommand(XmlWriter writer, CommandHelp help)
        {
            writer.WriteStartElement("command", "command", CommandNamespace);

            writer.WriteStartElement("command", "details", CommandNamespace);
            writer.WriteElementString("command", "name", CommandNamespace, help.Name);
            WriteParagraphs(writer, "maml", "description", MamlNamespace, new[] { help.Synopsis });
            writer.WriteElementString("command", "verb", CommandNamespace, help.Verb);
            writer.WriteElementString("command", "noun", CommandNamespace, help.Noun);
            writer.WriteEndElement();

            WriteParagraphs(writer, "maml", "description", MamlNamespace, SplitParagraphs(help.Description).Select(p => p.Replace("\n", " ").Trim()));

            writer.WriteStartElement("command", "syntax", CommandNamespace);
            foreach (CommandHelpSyntax syntax in help.Syntax)
            {
                writer.WriteStartElement("command", "syntaxItem", CommandNamespace);
                int space = syntax.CommandName.IndexOf(' ');
                writer.WriteElementString("maml", "name", MamlNamespace, space < 0 ? syntax.CommandName : syntax.CommandName.Substring(0, space));
                foreach (CommandHelpSyntaxParameter parameter in SortSyntaxParameters(syntax.Parameters))
                {
                    WriteSyntaxParameter(writer, parameter, help);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();

            writer.WriteStartElement("command", "parameters", CommandNamespace);
            foreach (CommandHelpParameter parameter in help.Parameters)
            {
                WriteParameter(writer, parameter);
            }

            writer.WriteEndElement();

            WriteTypes(writer, "inputTypes", "inputType", help.Inputs);
            WriteTypes(writer, "returnValues", "returnValue", help.Outputs);

            // Notes become one alert with a single paragraph (platyPS writes it even when the notes are empty).
            writer.WriteStartElement("maml", "alertSet", MamlNamespace);
            writer.WriteStartElement("maml", "alert", MamlNamespace);
            writer.WriteElementString("maml", "para", MamlNamespace, help.Notes);
            writer.WriteEndElement();
            writer.WriteEndElement();

            writer.WriteStartElement("command", "examples", CommandNamespace);
            foreach (CommandHelpExample example in help.Examples)
            {
                writer.WriteStartElement("command", "example", CommandNamespace);
                writer.WriteElementString("maml", "title", MamlNamespace, $"--------- {example.Title} ---------");
                var paragraphs = new List<string>();
                string[] pieces = SplitParagraphs(example.Remarks);
                for (int i = 0; i < pieces.Length; i++)
                {
                    paragraphs.Add(pieces[i].Trim());
                    if (i < pieces.Length - 1)
                    {
                        paragraphs.Add(LineBreakPlaceholder);
                    }
                }

                WriteParagraphs(writer, "maml", "introduction", MamlNamespace, paragraphs);
                writer.WriteElementString("dev", "code", DevNamespace, string.Empty);
                WriteParagraphs(writer, "dev", "remarks", DevNamespace, Array.Empty<string>());
                writer.WriteEndElement();
            }

            writer.WriteEndElement();

            writer.WriteStartElement("command", "relatedLinks", CommandNamespace);
            if (help.HelpUri is not null)
            {
                WriteLink(writer, "Online Version", help.HelpUri);
            }

            foreach (CommandHelpLink link in help.RelatedLinks)
            {
                WriteLink(writer, link.Text, link.Uri);
            }

            writer.WriteEndElement();

            writer.WriteEndElement();
        }

        private static void WriteSyntaxParameter(XmlWriter writer, CommandHelpSyntaxParameter syntaxParameter, CommandHelp help)
        {
            // MamlConversionHelper.ConvertSyntaxParameter: only name, required and position come from the syntax text;
            // type, aliases and accepted values come from the parameter entry with the same (ordinal) name.
            CommandHelpParameter? parameter = syntaxParameter.IsSwitch
                ? null
                : help.Parameters.FirstOrDefault(p => string.Equals(p.Name, syntaxParameter.Name, StringComparison.Ordinal));

            writer.WriteStartElement("command", "parameter", CommandNamespace);
            WriteParameterAttributes(
                writer,
                required: syntaxParameter.IsMandatory,
                globbing: false,
                pipelineInput: "false",
                position: syntaxParameter.Position,
                aliases: parameter is not null && parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none");
            writer.WriteElementString("maml", "name", MamlNamespace, syntaxParameter.Name);
            WriteParagraphs(writer, "maml", "description", MamlNamespace, Array.Empty<string>());
            if (syntaxParameter.IsSwitch)
            {
                WriteType(writer, "System.Management.Automation.SwitchParameter");
            }
            else
            {
                if (parameter is not null && parameter.AcceptedValues.Count > 0)
                {
                    WriteValueGroup(writer, parameter.AcceptedValues);
                }

                WriteParameterValue(writer, syntaxParameter.TypeName, required: true, variableLength: false);
                if (parameter is not null)
                {
                    WriteType(writer, parameter.Type);
                }
            }

            writer.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter writer, CommandHelpParameter parameter)
        {
            // MamlConversionHelper.ConvertParameter.
            CommandHelpParameterSet? first = parameter.ParameterSets.FirstOrDefault();
            writer.WriteStartElement("command", "parameter", CommandNamespace);
            WriteParameterAttributes(
                writer,
                required: parameter.IsRequiredInAnySet,
                globbing: parameter.SupportsWildcards,
                pipelineInput: PipelineInputText(parameter.AcceptsPipelineInputByValue, parameter.AcceptsPipelineInputByPropertyName),
                position: first is null ? "Named" : first.Position,
                aliases: parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none");
            writer.WriteElementString("maml", "name", MamlNamespace, parameter.Name);
            WriteParagraphs(writer, "maml", "description", MamlNamespace, SplitParagraphs(parameter.Description).Select(p => p.Trim()));
            if (parameter.AcceptedValues.Count > 0)
            {
                WriteValueGroup(writer, parameter.AcceptedValues);
            }

            if (!parameter.IsSwitch)
            {
                // The YAML VariableLength key is ignored by platyPS, so the value is always true here.
                WriteParameterValue(writer, parameter.Type, required: true, variableLength: true);
            }

            WriteType(writer, parameter.Type);
            writer.WriteEndElement();
        }

        private static void WriteParameterAttributes(XmlWriter writer, bool required, bool globbing, string pipelineInput, string position, string aliases)
        {
            writer.WriteAttributeString("required", Lower(required));
            writer.WriteAttributeString("variableLength", "false");
            writer.WriteAttributeString("globbing", Lower(globbing));
            writer.WriteAttributeString("pipelineInput", pipelineInput);
            writer.WriteAttributeString("position", position);
            writer.WriteAttributeString("aliases", aliases);
        }

        private static void WriteValueGroup(XmlWriter writer, IEnumerable<string> values)
        {
            writer.WriteStartElement("command", "parameterValueGroup", CommandNamespace);
            foreach (string value in values)
            {
                WriteParameterValue(writer, value, required: false, variableLength: false);
            }

            writer.WriteEndElement();
        }

        private static void WriteParameterValue(XmlWriter writer, string text, bool required, bool variableLength)
        {
            writer.WriteStartElement("command", "parameterValue", CommandNamespace);
            writer.WriteAttributeString("required", Lower(required));
            writer.WriteAttributeString("variableLength", Lower(variableLength));
            writer.WriteString(text);
            writer.WriteEndElement();
        }

        private static void WriteType(XmlWriter writer, string typeName)
        {
            writer.WriteStartElement("dev", "type", DevNamespace);
            writer.WriteElementString("maml", "name", MamlNamespace, typeName);
            writer.WriteEndElement();
        }

        private static void WriteTypes(XmlWriter writer, string listName, string itemName, IReadOnlyList<CommandHelpTypeInfo> items)
        {
            writer.WriteStartElement("command", listName, CommandNamespace);
            foreach (CommandHelpTypeInfo item in items)
            {
                writer.WriteStartElement("command", itemName, CommandNamespace);
                WriteType(writer, item.TypeName);
                WriteParagraphs(writer, "maml", "description", MamlNamespace, new[] { item.Description });
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        private static void WriteLink(XmlWriter writer, string text, string uri)
        {
            writer.WriteStartElement("maml", "navigationLink", MamlNamespace);
            writer.WriteElementString("maml", "linkText", MamlNamespace, text);
            writer.WriteElementString("maml", "uri", MamlNamespace, uri);
            writer.WriteEndElement();
        }

        /// <summary>An element holding one maml:para per item; an empty list gives an empty element, as XmlSerializer does.</summary>
        private static void WriteParagraphs(XmlWriter writer, string prefix, string name, string ns, IEnumerable<string> paragraphs)
        {
            writer.WriteStartElement(prefix, name, ns);
            foreach (string paragraph in paragraphs)
            {
                writer.WriteElementString("maml", "para", MamlNamespace, paragraph);
            }

            writer.WriteEndElement();
        }

        private static string Lower(bool value) => value ? "true" : "false";
    }
}
