// Writes MAML, the XML that Get-Help reads, laid out the way Get-Help renders best (compare the MAML that ships with
// PowerShell's own modules): example code in dev:code without fences and the prose in dev:remarks; parameter
// defaults in dev:defaultValue; one maml:para per paragraph. Only well-formed XML 1.0 is written.

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CloudflareCni.HelpGen
{
    internal static class MamlWriter
    {
        public static readonly XNamespace Msh = "http://msh";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static XDocument Build(IEnumerable<CommandHelp> commands) =>
            new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(
                    Msh + "helpItems",
                    new XAttribute("schema", "maml"),
                    new XAttribute(XNamespace.Xmlns + "maml", Maml.NamespaceName),
                    new XAttribute(XNamespace.Xmlns + "command", Command.NamespaceName),
                    new XAttribute(XNamespace.Xmlns + "dev", Dev.NamespaceName),
                    commands.Select(CommandElement)));

        /// <summary>UTF-8 without BOM, LF line ends. The XmlWriter checks characters, so nothing invalid in XML 1.0 gets out.</summary>
        public static string ToText(XDocument document)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(false),
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Replace,
                CheckCharacters = true,
            };
            using var buffer = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(buffer, settings))
            {
                document.Save(writer);
            }

            return new UTF8Encoding(false).GetString(buffer.ToArray()) + "\n";
        }

        private static XElement CommandElement(CommandHelp help)
        {
            string[] verbNoun = help.Name.Split('-');
            return new XElement(
                Command + "command",
                new XElement(
                    Command + "details",
                    new XElement(Command + "name", help.Name),
                    Paragraphs(Maml + "description", new[] { help.Synopsis }),
                    new XElement(Command + "verb", verbNoun[0]),
                    new XElement(Command + "noun", verbNoun.Length == 2 ? verbNoun[1] : string.Empty)),
                Paragraphs(Maml + "description", help.Description),
                new XElement(
                    Command + "syntax",
                    help.Syntax.Select(item => new XElement(
                        Command + "syntaxItem",
                        new XElement(Maml + "name", help.Name),
                        item.Parameters.Select(SyntaxParameterElement)))),
                new XElement(Command + "parameters", help.Parameters.Select(ParameterElement)),
                new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement(Command + "inputType", t))),
                new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement(Command + "returnValue", t))),
                new XElement(Maml + "alertSet", Paragraphs(Maml + "alert", help.Notes)),
                new XElement(Command + "examples", help.Examples.Select(ExampleElement)),
                new XElement(Command + "relatedLinks", RelatedLinks(help).Select(LinkElement)));
        }

        /// <summary>Get-Help -Online opens the first non-empty maml:uri, so the online page comes first and file links carry none.</summary>
        private static IEnumerable<LinkHelp> RelatedLinks(CommandHelp help)
        {
            if (help.OnlineUri is not null)
            {
                yield return new LinkHelp("Online Version:", help.OnlineUri);
            }

            foreach (LinkHelp link in help.RelatedLinks.Where(l => l.Uri is null || l.Uri != help.OnlineUri))
            {
                yield return link;
            }
        }

        private static XElement SyntaxParameterElement(SyntaxParameter syntax)
        {
            ParameterHelp parameter = syntax.Parameter;
            return new XElement(
                Command + "parameter",
                ParameterAttributes(parameter, syntax.IsRequired, syntax.Position),
                new XElement(Maml + "name", parameter.Name),
                AcceptedValues(parameter),
                syntax.ValueText.Length == 0 ? null : ValueElement(syntax.ValueText, parameter),
                TypeName(parameter.Metadata.Type));
        }

        private static XElement ParameterElement(ParameterHelp parameter) =>
            new XElement(
                Command + "parameter",
                ParameterAttributes(parameter, parameter.IsRequiredInAnySet, parameter.Position),
                new XElement(Maml + "name", parameter.Name),
                Paragraphs(Maml + "description", parameter.Description),
                AcceptedValues(parameter),
                parameter.IsSwitch ? null : ValueElement(parameter.ShortTypeName, parameter),
                TypeName(parameter.Metadata.Type),
                new XElement(Dev + "defaultValue", string.IsNullOrEmpty(parameter.Metadata.DefaultValue) ? "None" : parameter.Metadata.DefaultValue));

        private static IEnumerable<XAttribute> ParameterAttributes(ParameterHelp parameter, bool required, string position)
        {
            yield return new XAttribute("required", required ? "true" : "false");
            yield return new XAttribute("variableLength", parameter.Metadata.Type.EndsWith("[]", System.StringComparison.Ordinal) ? "true" : "false");
            yield return new XAttribute("globbing", parameter.Metadata.SupportsWildcards ? "true" : "false");
            yield return new XAttribute("pipelineInput", parameter.PipelineInput);
            yield return new XAttribute("position", position == "Named" ? "named" : position);
            yield return new XAttribute("aliases", parameter.Metadata.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Metadata.Aliases));
        }

        private static XElement ValueElement(string text, ParameterHelp parameter) =>
            new XElement(
                Command + "parameterValue",
                new XAttribute("required", "true"),
                new XAttribute("variableLength", parameter.Metadata.Type.EndsWith("[]", System.StringComparison.Ordinal) ? "true" : "false"),
                text);

        private static XElement? AcceptedValues(ParameterHelp parameter) =>
            parameter.Metadata.AcceptedValues.Count == 0
                ? null
                : new XElement(
                    Command + "parameterValueGroup",
                    parameter.Metadata.AcceptedValues.Select(v => new XElement(
                        Command + "parameterValue",
                        new XAttribute("required", "false"),
                        new XAttribute("variableLength", "false"),
                        v)));

        private static XElement TypeName(string name) => new XElement(Dev + "type", new XElement(Maml + "name", name));

        private static XElement TypeElement(XName element, TypeHelp type) =>
            new XElement(element, TypeName(type.TypeName), Paragraphs(Maml + "description", type.Description));

        /// <summary>
        /// Get-Help prints the next example's title right under the last remark; a closing empty paragraph puts a blank
        /// line between them. Without remarks the element is left out: an empty one indents the next title by a space.
        /// </summary>
        private static XElement ExampleElement(ExampleHelp example) =>
            new XElement(
                Command + "example",
                new XElement(Maml + "title", $"---------- {example.Title} ----------"),
                new XElement(Dev + "code", example.Code),
                example.Remarks.Count == 0 ? null : Paragraphs(Dev + "remarks", example.Remarks.Append(string.Empty)));

        private static XElement LinkElement(LinkHelp link) =>
            new XElement(
                Maml + "navigationLink",
                new XElement(Maml + "linkText", link.Text),
                new XElement(Maml + "uri", link.Uri ?? string.Empty));

        private static XElement Paragraphs(XName element, IEnumerable<string> paragraphs) =>
            new XElement(element, paragraphs.Select(p => new XElement(Maml + "para", p)));
    }
}
