using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class HelpGenTests
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>Loads the MAML the way a strict consumer does: default XmlReaderSettings, XML 1.0 character checks on.</summary>
        private static XElement LoadCommand(string path, string name)
        {
            using XmlReader reader = XmlReader.Create(path, new XmlReaderSettings());
            XDocument document = XDocument.Load(reader);
            return document.Root!.Elements(Command + "command").Single(c => (string?)c.Element(Command + "details")!.Element(Command + "name") == name);
        }

        private static XElement Parameter(XElement command, string name) =>
            command.Element(Command + "parameters")!.Elements(Command + "parameter").Single(p => (string?)p.Element(Maml + "name") == name);

        [Fact]
        public void WritesMamlThatGetHelpShowsAsPlainReflowedText()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);

            (int exit, string stdout, string stderr) = folder.Run();

            Assert.Equal(Program.ExitOk, exit);
            Assert.Equal(string.Empty, stderr);
            Assert.Contains("1 cmdlet(s)", stdout);
            XElement command = LoadCommand(folder.Maml, "Get-CfWidget");
            Assert.Equal("Gets widgets, all of them or some.", command.Element(Command + "details")!.Element(Maml + "description")!.Element(Maml + "para")!.Value);
            Assert.Equal(
                new[] { "Get-CfWidget lists widgets with the API (https://example.com/api) and Get-CfThing.", "Second paragraph." },
                command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
            Assert.Equal("Errors: CfApi.NotFound.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
        }

        [Fact]
        public void PutsExampleCodeWithoutFencesInCodeAndProseInRemarks()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Run();

            XElement example = LoadCommand(folder.Maml, "Get-CfWidget").Element(Command + "examples")!.Element(Command + "example")!;

            Assert.Contains("Example 1: List red widgets", example.Element(Maml + "title")!.Value);
            Assert.Equal("Get-CfWidget -Color Red\n\nId  Color\n--  -----\nw-1 Red", example.Element(Dev + "code")!.Value);
            Assert.Equal("Only red widgets come back.", example.Element(Dev + "remarks")!.Elements(Maml + "para").First().Value);
            Assert.DoesNotContain("```", LoadCommand(folder.Maml, "Get-CfWidget").ToString());
        }

        [Fact]
        public void DescribesParametersWithDefaultsAcceptedValuesPipelineInputAliasesAndWildcards()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Run();
            XElement command = LoadCommand(folder.Maml, "Get-CfWidget");

            XElement timeout = Parameter(command, "TimeoutSec");
            Assert.Equal("60", timeout.Element(Dev + "defaultValue")!.Value);
            Assert.Equal("Int32", timeout.Element(Command + "parameterValue")!.Value);
            Assert.Equal("System.Int32", timeout.Element(Dev + "type")!.Element(Maml + "name")!.Value);

            XElement color = Parameter(command, "Color");
            Assert.Equal("None", color.Element(Dev + "defaultValue")!.Value);
            Assert.Equal("true", (string?)color.Attribute("globbing"));
            Assert.Equal(new[] { "Red", "Blue" }, color.Element(Command + "parameterValueGroup")!.Elements().Select(v => v.Value));

            XElement id = Parameter(command, "Id");
            Assert.Equal("true (ByValue, ByPropertyName)", (string?)id.Attribute("pipelineInput"));
            Assert.Equal("WidgetId", (string?)id.Attribute("aliases"));
            Assert.Equal("0", (string?)id.Attribute("position"));
            Assert.Equal("true", (string?)id.Attribute("required"));
            Assert.Equal("named", (string?)timeout.Attribute("position"));
        }

        [Fact]
        public void WritesOneSyntaxItemPerParameterSetInTheDocsOrder()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Run();

            var items = LoadCommand(folder.Maml, "Get-CfWidget").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

            Assert.Equal(2, items.Count);
            Assert.Equal(new[] { "Color", "TimeoutSec" }, items[0].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
            XElement id = items[1].Elements(Command + "parameter").Single();
            Assert.Equal("String[]", id.Element(Command + "parameterValue")!.Value);
            Assert.Equal("0", (string?)id.Attribute("position"));
        }

        [Fact]
        public void PutsTheOnlinePageFirstAndWritesNoAddressForLinksToOtherDocs()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Run();

            var links = LoadCommand(folder.Maml, "Get-CfWidget").Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
                .Select(l => (Text: l.Element(Maml + "linkText")!.Value, Uri: l.Element(Maml + "uri")!.Value)).ToList();

            Assert.Equal(("Online Version:", "https://developers.cloudflare.com/api/resources/network_interconnects/subresources/cnis"), links[0]);
            Assert.Equal(("Get-CfThing", string.Empty), links[1]);
        }

        [Fact]
        public void WritesNoOnlineLinkWhenHelpUriIsEmpty()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget.Replace("HelpUri: https://developers.cloudflare.com/api/resources/network_interconnects/subresources/cnis", "HelpUri: ''"));
            folder.Run();

            var uris = LoadCommand(folder.Maml, "Get-CfWidget").Descendants(Maml + "uri").Select(u => u.Value);

            Assert.All(uris, uri => Assert.Equal(string.Empty, uri));
        }

        [Theory]
        [InlineData("## DESCRIPTION", "## DESCRIPTION-GONE", "missing the '## DESCRIPTION' section")]
        [InlineData("  Position: 0\n", "  Position: Named\n", "syntax set 'Id' writes -Id as '[-Id] <String[]>', but its yaml says")]
        [InlineData("IsRequired: true", "IsRequired: maybe", "yaml of -Id:")]
        [InlineData("HelpUri: https://developers.cloudflare.com/api/resources/network_interconnects/subresources/cnis", "HelpUri: Get-CfWidget.md", "HelpUri 'Get-CfWidget.md' is not an absolute http(s) address")]
        [InlineData("### -TimeoutSec\n\nSeconds to wait.\n\n```yaml", "### -TimeoutSec\n\n```yaml", "-TimeoutSec has no description")]
        [InlineData("### Example 1: List red widgets\n\n```powershell\nGet-CfWidget -Color Red\n```\n\n```Output\nId  Color\n--  -----\nw-1 Red\n```", "### Example 1: List red widgets", "'Example 1: List red widgets' has no code block")]
        public void RefusesABrokenDocNamingTheFileAndTheProblemAndWritesNothing(string find, string replace, string message)
        {
            using var folder = new DocsFolder();
            Assert.Contains(find, Samples.Widget);
            string file = folder.Write("Get-CfWidget.md", Samples.Widget.Replace(find, replace));

            (int exit, _, string stderr) = folder.Run();

            Assert.Equal(Program.ExitInvalidDocs, exit);
            Assert.Contains(file, stderr);
            Assert.Contains(message, stderr);
            Assert.False(File.Exists(folder.Maml));
        }

        [Fact]
        public void GivesTheLineOfAYamlError()
        {
            using var folder = new DocsFolder();
            string file = folder.Write("Get-CfWidget.md", Samples.Widget.Replace("IsRequired: true", "IsRequired: maybe"));
            int line = Samples.Widget.Replace("\r\n", "\n").Split('\n').ToList().FindIndex(l => l.Contains("IsRequired: true")) + 1;

            (_, _, string stderr) = folder.Run();

            Assert.Contains($"{file}:{line}: error: yaml of -Id", stderr);
        }

        [Fact]
        public void RefusesAControlCharacterThatXmlCannotHold()
        {
            using var folder = new DocsFolder();
            string file = folder.Write("Get-CfWidget.md", Samples.Widget.Replace("Second paragraph.", "Second\u0008 paragraph."));

            (int exit, _, string stderr) = folder.Run();

            Assert.Equal(Program.ExitInvalidDocs, exit);
            Assert.Contains($"{file}:", stderr);
            Assert.Contains("control character U+0008", stderr);
        }

        [Fact]
        public void WritesAboutTopicsBesideTheMamlWithTheShortDescriptionOnLineFive()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Write("about_CfWidgets.md", Samples.About);

            Assert.Equal(Program.ExitOk, folder.Run().Exit);

            string[] lines = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(folder.Maml)!, "about_CfWidgets.help.txt"));
            // Get-Help takes the fifth line of a help file as the topic's synopsis.
            Assert.Equal("How widgets work.", lines[4].Trim());
            Assert.Contains("about_CfWidgets", lines[1]);
            Assert.All(lines.Where(l => !l.Contains("Get-CfWidget -Color")), l => Assert.True(l.Length <= 80, $"longer than 80 columns: '{l}'"));
            Assert.Contains("COLORS", lines);
            Assert.Contains("        Get-CfWidget -Color Red", lines);
            Assert.Contains(lines, l => l.StartsWith("    - Red widgets are red", System.StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("```") || l.Contains("](") || l.Contains("##"));
        }

        [Fact]
        public void RefusesAnAboutTopicWithoutShortDescription()
        {
            using var folder = new DocsFolder();
            folder.Write("Get-CfWidget.md", Samples.Widget);
            string file = folder.Write("about_CfWidgets.md", Samples.About.Replace("## Short description\n\nHow widgets work.\n\n", string.Empty));

            (int exit, _, string stderr) = folder.Run();

            Assert.Equal(Program.ExitInvalidDocs, exit);
            Assert.Contains(file, stderr);
            Assert.Contains("must be '## Short description'", stderr);
        }

        [Theory]
        [InlineData("--docs")]
        [InlineData("--frobnicate", "x")]
        public void RefusesAWrongCommandLine(params string[] args)
        {
            var stderr = new StringWriter();
            Assert.Equal(Program.ExitUsage, Program.Run(args, new StringWriter(), stderr));
            Assert.Contains("usage: CloudflareCni.HelpGen --docs <folder> --out", stderr.ToString());
        }
    }
}
