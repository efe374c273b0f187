using System;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class MamlWriterTests
    {
        private static (string Xml, XDocument Document) WriteWidget()
        {
            using var folder = new TempFolder();
            CommandHelp help = CommandHelpMarkdownReader.ReadFile(folder.Write("Get-CfWidget.md", Samples.Widget));
            string xml = MamlWriter.Write(new[] { help });
            return (xml, Maml.Parse(xml));
        }

        private static XElement Command(XDocument document) => document.Root!.Element(Maml.C + "command")!;

        private static XElement Parameter(XDocument document, string name) =>
            Command(document).Element(Maml.C + "parameters")!.Elements(Maml.C + "parameter").Single(p => (string?)p.Element(Maml.M + "name") == name);

        [Fact]
        public void RootDeclaresTheMamlNamespaces()
        {
            (string xml, XDocument document) = WriteWidget();

            Assert.StartsWith(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<helpItems xmlns:maml=\"http://schemas.microsoft.com/maml/2004/10\" xmlns:command=\"http://schemas.microsoft.com/maml/dev/command/2004/10\" xmlns:dev=\"http://schemas.microsoft.com/maml/dev/2004/10\" schema=\"maml\" xmlns=\"http://msh\">\n",
                xml);
            Assert.Equal(Maml.Root + "helpItems", document.Root!.Name);
            Assert.Equal("maml", (string?)document.Root.Attribute("schema"));
            Assert.Single(document.Root.Elements(Maml.C + "command"));
            Assert.EndsWith("</helpItems>", xml);
        }

        [Fact]
        public void CommandChildrenComeInExportMamlCommandHelpOrder()
        {
            (_, XDocument document) = WriteWidget();

            Assert.Equal(
                new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks" },
                Command(document).Elements().Select(e => e.Name.LocalName));
            Assert.Equal(
                new[] { Maml.C, Maml.M, Maml.C, Maml.C, Maml.C, Maml.C, Maml.M, Maml.C, Maml.C },
                Command(document).Elements().Select(e => e.Name.Namespace));

            XElement details = Command(document).Element(Maml.C + "details")!;
            Assert.Equal(new[] { "name", "description", "verb", "noun" }, details.Elements().Select(e => e.Name.LocalName));
            Assert.Equal("Get-CfWidget", (string?)details.Element(Maml.C + "name"));
            Assert.Equal("Gets widgets & their <status>.", (string?)details.Element(Maml.M + "description")!.Element(Maml.M + "para"));
            Assert.Equal("Get", (string?)details.Element(Maml.C + "verb"));
            Assert.Equal("CfWidget", (string?)details.Element(Maml.C + "noun"));
        }

        [Fact]
        public void DescriptionParagraphsSplitOnBlankLinesAndJoinLines()
        {
            (_, XDocument document) = WriteWidget();

            string[] paragraphs = Command(document).Element(Maml.M + "description")!.Elements(Maml.M + "para").Select(p => p.Value).ToArray();

            Assert.Equal(
                new[]
                {
                    "`Get-CfWidget` lists the widgets of an account, or gets widgets by name.",
                    "With **-SinglePage** it returns one page.",
                    string.Empty,
                    "A third paragraph after extra blank lines.",
                },
                paragraphs);
        }

        [Fact]
        public void ParametersCarryRequiredGlobbingPipelinePositionAndAliases()
        {
            (_, XDocument document) = WriteWidget();

            XElement name = Parameter(document, "Name");
            Assert.Equal(
                new[] { "required", "variableLength", "globbing", "pipelineInput", "position", "aliases" },
                name.Attributes().Select(a => a.Name.LocalName));
            Assert.Equal("true", (string?)name.Attribute("required"));
            Assert.Equal("false", (string?)name.Attribute("variableLength"));
            Assert.Equal("false", (string?)name.Attribute("globbing"));
            Assert.Equal("true (ByValue, ByPropertyName)", (string?)name.Attribute("pipelineInput"));
            Assert.Equal("0", (string?)name.Attribute("position"));
            Assert.Equal("Icon, WidgetName", (string?)name.Attribute("aliases"));
            Assert.Equal(new[] { "name", "description", "parameterValue", "type" }, name.Elements().Select(e => e.Name.LocalName));
            Assert.Equal(
                new[] { "The names of the widgets.\nWildcards are not allowed.", "Names are case-sensitive." },
                name.Element(Maml.M + "description")!.Elements(Maml.M + "para").Select(p => p.Value));
            XElement value = name.Element(Maml.C + "parameterValue")!;
            Assert.Equal("System.String[]", value.Value);
            Assert.Equal("true", (string?)value.Attribute("required"));
            Assert.Equal("true", (string?)value.Attribute("variableLength"));
            Assert.Equal("System.String[]", (string?)name.Element(Maml.D + "type")!.Element(Maml.M + "name"));

            XElement accountId = Parameter(document, "AccountId");
            Assert.Equal("false", (string?)accountId.Attribute("required"));
            Assert.Equal("true (ByPropertyName)", (string?)accountId.Attribute("pipelineInput"));
            Assert.Equal("Named", (string?)accountId.Attribute("position"));
            Assert.Equal("Account", (string?)accountId.Attribute("aliases"));

            XElement filter = Parameter(document, "Filter");
            Assert.Equal("true", (string?)filter.Attribute("globbing"));
            Assert.Equal("false", (string?)filter.Attribute("pipelineInput"));
            Assert.Equal("none", (string?)filter.Attribute("aliases"));
        }

        [Fact]
        public void ParametersAreSortedAndSwitchesHaveNoParameterValue()
        {
            (_, XDocument document) = WriteWidget();

            Assert.Equal(
                new[] { "AccountId", "Filter", "Name", "SinglePage", "Site", "Status" },
                Command(document).Element(Maml.C + "parameters")!.Elements().Select(p => (string?)p.Element(Maml.M + "name")));

            XElement singlePage = Parameter(document, "SinglePage");
            Assert.Null(singlePage.Element(Maml.C + "parameterValue"));
            Assert.Equal("System.Management.Automation.SwitchParameter", (string?)singlePage.Element(Maml.D + "type")!.Element(Maml.M + "name"));
            Assert.Equal("true", (string?)singlePage.Attribute("required"));

            XElement status = Parameter(document, "Status");
            Assert.Equal(new[] { "name", "description", "parameterValueGroup", "parameterValue", "type" }, status.Elements().Select(e => e.Name.LocalName));
            XElement[] accepted = status.Element(Maml.C + "parameterValueGroup")!.Elements(Maml.C + "parameterValue").ToArray();
            Assert.Equal(new[] { "Active", "Pending", "Failed" }, accepted.Select(v => v.Value));
            Assert.All(accepted, v => Assert.Equal("false", (string?)v.Attribute("required")));
        }

        [Fact]
        public void SyntaxItemsListPositionalThenMandatoryThenOtherParameters()
        {
            (_, XDocument document) = WriteWidget();

            XElement[] items = Command(document).Element(Maml.C + "syntax")!.Elements(Maml.C + "syntaxItem").ToArray();

            Assert.Equal(3, items.Length);
            Assert.All(items, i => Assert.Equal("Get-CfWidget", (string?)i.Element(Maml.M + "name")));
            string Describe(XElement p) => $"{p.Element(Maml.M + "name")!.Value}:{p.Attribute("required")!.Value}:{p.Attribute("position")!.Value}";
            Assert.Equal(new[] { "Filter:false:0", "Site:false:named", "Status:false:named", "AccountId:false:named" }, items[0].Elements(Maml.C + "parameter").Select(Describe));
            Assert.Equal(new[] { "Name:true:0", "AccountId:false:named" }, items[1].Elements(Maml.C + "parameter").Select(Describe));
            Assert.Equal(new[] { "SinglePage:true:named", "Site:false:named", "AccountId:false:named" }, items[2].Elements(Maml.C + "parameter").Select(Describe));

            XElement name = items[1].Element(Maml.C + "parameter")!;
            Assert.Equal("false", (string?)name.Attribute("pipelineInput"));
            Assert.Equal("Icon, WidgetName", (string?)name.Attribute("aliases"));
            Assert.True(name.Element(Maml.M + "description")!.IsEmpty);
            Assert.Equal("String[]", name.Element(Maml.C + "parameterValue")!.Value);
            Assert.Equal("false", (string?)name.Element(Maml.C + "parameterValue")!.Attribute("variableLength"));

            XElement singlePage = items[2].Element(Maml.C + "parameter")!;
            Assert.Equal(new[] { "name", "description", "type" }, singlePage.Elements().Select(e => e.Name.LocalName));
        }

        [Fact]
        public void ExamplesKeepCodeFencesAndSeparateParagraphsLikePlatyPS()
        {
            (string xml, XDocument document) = WriteWidget();

            XElement[] examples = Command(document).Element(Maml.C + "examples")!.Elements(Maml.C + "example").ToArray();

            Assert.Equal(2, examples.Length);
            Assert.Equal(new[] { "title", "introduction", "code", "remarks" }, examples[0].Elements().Select(e => e.Name.LocalName));
            Assert.Equal("--------- Example 1: List all widgets ---------", (string?)examples[0].Element(Maml.M + "title"));
            Assert.Equal(
                new[] { "```powershell\nGet-CfWidget\n```", " \b", "Lists every widget." },
                examples[0].Element(Maml.M + "introduction")!.Elements(Maml.M + "para").Select(p => p.Value));
            Assert.True(examples[0].Element(Maml.D + "code")!.IsEmpty);
            Assert.True(examples[0].Element(Maml.D + "remarks")!.IsEmpty);
            Assert.Single(examples[1].Element(Maml.M + "introduction")!.Elements());
            Assert.Contains("<maml:para>&#x20;&#x08;</maml:para>", xml);
            Assert.DoesNotContain("__REMOVE_ME_LINE_BREAK__", xml);
        }

        [Fact]
        public void TypesNotesAndLinksFollowTheSchema()
        {
            (_, XDocument document) = WriteWidget();
            XElement command = Command(document);

            XElement[] inputs = command.Element(Maml.C + "inputTypes")!.Elements(Maml.C + "inputType").ToArray();
            Assert.Equal(new[] { "System.String[]", "None" }, inputs.Select(i => (string?)i.Element(Maml.D + "type")!.Element(Maml.M + "name")));
            Assert.Equal(new[] { "Names of widgets.", string.Empty }, inputs.Select(i => i.Element(Maml.M + "description")!.Element(Maml.M + "para")!.Value));
            Assert.Equal("CloudflareCni.Widget", (string?)command.Element(Maml.C + "returnValues")!.Element(Maml.C + "returnValue")!.Element(Maml.D + "type")!.Element(Maml.M + "name"));

            XElement alert = Assert.Single(command.Element(Maml.M + "alertSet")!.Elements(Maml.M + "alert"));
            Assert.Equal("Widgets are cached\nfor 5 minutes.", Assert.Single(alert.Elements(Maml.M + "para")).Value);

            XElement[] links = command.Element(Maml.C + "relatedLinks")!.Elements(Maml.M + "navigationLink").ToArray();
            Assert.Equal(
                new[] { "Online Version", "Get-CfContext", "Connect-CfAccount", "Cloudflare docs" },
                links.Select(l => (string?)l.Element(Maml.M + "linkText")));
            Assert.Equal(
                new[] { "https://example.test/help/Get-CfWidget", "Get-CfContext.md", "Connect-CfAccount.md", "https://developers.cloudflare.com/" },
                links.Select(l => (string?)l.Element(Maml.M + "uri")));
        }

        [Fact]
        public void PlatyPSOutputIsNotStrictXml10()
        {
            (string xml, _) = WriteWidget();

            Assert.Throws<XmlException>(() => XDocument.Parse(xml));
        }

        [Theory]
        [InlineData(false, false, "false")]
        [InlineData(true, false, "true (ByValue)")]
        [InlineData(false, true, "true (ByPropertyName)")]
        [InlineData(true, true, "true (ByValue, ByPropertyName)")]
        public void PipelineInputText(bool byValue, bool byPropertyName, string expected)
        {
            Assert.Equal(expected, MamlWriter.PipelineInputText(byValue, byPropertyName));
        }

        [Fact]
        public void WritesExactlyWhatExportMamlCommandHelpWrites()
        {
            CommandHelp help = CommandHelpMarkdownReader.Read(Samples.Small, "Test-CfThing.md");

            string xml = MamlWriter.Write(new[] { help });

            Assert.Equal(SmallMaml, xml);
        }

        [Fact]
        public void CrLfModeUsesCrLfEverywhere()
        {
            CommandHelp help = CommandHelpMarkdownReader.Read(Samples.Small, "Test-CfThing.md");

            string xml = MamlWriter.Write(new[] { help }, "\r\n");

            Assert.Equal(SmallMaml.Replace("\n", "\r\n"), xml);
        }

        [Fact]
        public void WritesCommandsInTheGivenOrder()
        {
            CommandHelp small = CommandHelpMarkdownReader.Read(Samples.Small, "Test-CfThing.md");
            CommandHelp widget = CommandHelpMarkdownReader.Read(Samples.Widget, "Get-CfWidget.md");

            XDocument document = Maml.Parse(MamlWriter.Write(new[] { small, widget }));

            Assert.Equal(
                new[] { "Test-CfThing", "Get-CfWidget" },
                document.Root!.Elements(Maml.C + "command").Select(c => (string?)c.Element(Maml.C + "details")!.Element(Maml.C + "name")));
        }

        private const string SmallMaml = """
<?xml version="1.0" encoding="utf-8"?>
<helpItems xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10" schema="maml" xmlns="http://msh">
  <command:command>
    <command:details>
      <command:name>Test-CfThing</command:name>
      <maml:description>
        <maml:para>Tests a thing.</maml:para>
      </maml:description>
      <command:verb>Test</command:verb>
      <command:noun>CfThing</command:noun>
    </command:details>
    <maml:description>
      <maml:para>Tests the thing.</maml:para>
    </maml:description>
    <command:syntax>
      <command:syntaxItem>
        <maml:name>Test-CfThing</maml:name>
        <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="false" position="named" aliases="none">
          <maml:name>Force</maml:name>
          <maml:description />
          <dev:type>
            <maml:name>System.Management.Automation.SwitchParameter</maml:name>
          </dev:type>
        </command:parameter>
      </command:syntaxItem>
    </command:syntax>
    <command:parameters>
      <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="false" position="Named" aliases="none">
        <maml:name>Force</maml:name>
        <maml:description>
          <maml:para>Skips the check.</maml:para>
        </maml:description>
        <dev:type>
          <maml:name>System.Management.Automation.SwitchParameter</maml:name>
        </dev:type>
      </command:parameter>
    </command:parameters>
    <command:inputTypes>
      <command:inputType>
        <dev:type>
          <maml:name>None</maml:name>
        </dev:type>
        <maml:description>
          <maml:para />
        </maml:description>
      </command:inputType>
    </command:inputTypes>
    <command:returnValues>
      <command:returnValue>
        <dev:type>
          <maml:name>System.Boolean</maml:name>
        </dev:type>
        <maml:description>
          <maml:para>True when the thing is fine.</maml:para>
        </maml:description>
      </command:returnValue>
    </command:returnValues>
    <maml:alertSet>
      <maml:alert>
        <maml:para />
      </maml:alert>
    </maml:alertSet>
    <command:examples>
      <command:example>
        <maml:title>--------- Example 1: Test it ---------</maml:title>
        <maml:introduction>
          <maml:para>```powershell
Test-CfThing -Force
```</maml:para>
          <maml:para>&#x20;&#x08;</maml:para>
          <maml:para>It works.</maml:para>
        </maml:introduction>
        <dev:code />
        <dev:remarks />
      </command:example>
    </command:examples>
    <command:relatedLinks />
  </command:command>
</helpItems>
""";
    }
}
