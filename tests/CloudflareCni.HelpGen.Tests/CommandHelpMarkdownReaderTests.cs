using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class CommandHelpMarkdownReaderTests
    {
        private static CommandHelp ReadWidget()
        {
            using var folder = new TempFolder();
            return CommandHelpMarkdownReader.ReadFile(folder.Write("Get-CfWidget.md", Samples.Widget));
        }

        [Fact]
        public void ReadsFrontMatterAndTitle()
        {
            CommandHelp help = ReadWidget();

            Assert.Equal("Get-CfWidget", help.Name);
            Assert.Equal("Get", help.Verb);
            Assert.Equal("CfWidget", help.Noun);
            Assert.Equal("CloudflareCni", help.ModuleName);
            Assert.Equal("CloudflareCni.dll-Help.xml", help.ExternalHelpFile);
            Assert.Equal("https://example.test/help/Get-CfWidget", help.HelpUri);
            Assert.Equal("en-US", help.Locale);
            Assert.Equal("2024-05-01", help.SchemaVersion);
            Assert.Equal("11/21/2026", help.GetMetadata("ms.date"));
            Assert.Equal("cmdlet", help.Metadata[0].Value);
            Assert.EndsWith("Get-CfWidget.md", help.SourcePath);
        }

        [Fact]
        public void ReadsTextSectionsAsRawTrimmedMarkdown()
        {
            CommandHelp help = ReadWidget();

            Assert.Equal("Gets widgets & their <status>.", help.Synopsis);
            Assert.Equal(
                "`Get-CfWidget` lists the widgets of an account,\nor gets widgets by name.\n\nWith **-SinglePage** it returns one page.\n\n\n\nA third paragraph after extra blank lines.",
                help.Description);
            Assert.Equal("Widgets are cached\nfor 5 minutes.", help.Notes);
            Assert.Equal(string.Empty, help.Aliases);
            Assert.True(help.HasCommonParameters);
        }

        [Fact]
        public void ReadsSyntaxPerParameterSet()
        {
            CommandHelp help = ReadWidget();

            Assert.Equal(new[] { "List", "Name", "SinglePage" }, help.Syntax.Select(s => s.ParameterSetName));
            Assert.Equal(new[] { true, false, false }, help.Syntax.Select(s => s.IsDefault));
            Assert.Same(help.Syntax[0], help.DefaultSyntax);
            Assert.All(help.Syntax, s => Assert.Equal("Get-CfWidget", s.CommandName));
            Assert.All(help.Syntax, s => Assert.True(s.HasCommonParameters));

            CommandHelpSyntax list = help.FindSyntax("list")!;
            Assert.Equal(new[] { "Filter", "Site", "Status", "AccountId" }, list.Parameters.Select(p => p.Name));
            CommandHelpSyntaxParameter filter = list.Parameters[0];
            Assert.True(filter.IsPositional);
            Assert.False(filter.IsMandatory);
            Assert.Equal("0", filter.Position);
            Assert.Equal("String", filter.TypeName);
            Assert.Equal("named", list.Parameters[1].Position);

            CommandHelpSyntaxParameter name = help.FindSyntax("Name")!.Parameters[0];
            Assert.True(name.IsPositional);
            Assert.True(name.IsMandatory);
            Assert.Equal("String[]", name.TypeName);
            Assert.Equal("[-Name] <String[]>", name.ToString());

            CommandHelpSyntaxParameter singlePage = help.FindSyntax("SinglePage")!.Parameters[0];
            Assert.True(singlePage.IsSwitch);
            Assert.True(singlePage.IsMandatory);
            Assert.Equal("-SinglePage", singlePage.ToString());
        }

        [Fact]
        public void ReadsParametersSortedByNameWithYamlMetadata()
        {
            CommandHelp help = ReadWidget();

            Assert.Equal(new[] { "AccountId", "Filter", "Name", "SinglePage", "Site", "Status" }, help.Parameters.Select(p => p.Name));

            CommandHelpParameter name = help.FindParameter("name")!;
            Assert.Equal("System.String[]", name.Type);
            Assert.Equal("The names of the widgets.\nWildcards are not allowed.\n\nNames are case-sensitive.", name.Description);
            Assert.Equal(new[] { "Icon", "WidgetName" }, name.Aliases);
            Assert.False(name.SupportsWildcards);
            CommandHelpParameterSet nameSet = Assert.Single(name.ParameterSets);
            Assert.Equal("Name", nameSet.Name);
            Assert.Equal("0", nameSet.Position);
            Assert.Equal(0, nameSet.PositionNumber);
            Assert.True(nameSet.IsRequired);
            Assert.True(nameSet.ValueFromPipeline);
            Assert.True(nameSet.ValueFromPipelineByPropertyName);
            Assert.False(nameSet.ValueFromRemainingArguments);

            CommandHelpParameter accountId = help.FindParameter("AccountId")!;
            Assert.Equal(new[] { "Account" }, accountId.Aliases);
            Assert.True(accountId.ParameterSets[0].AppliesToAllSets);
            Assert.Same(accountId.ParameterSets[0], accountId.GetParameterSet("SinglePage"));
            Assert.Null(accountId.ParameterSets[0].PositionNumber);
            Assert.True(accountId.AcceptsPipelineInputByPropertyName);
            Assert.False(accountId.AcceptsPipelineInputByValue);

            CommandHelpParameter filter = help.FindParameter("Filter")!;
            Assert.True(filter.SupportsWildcards);
            Assert.Equal("None", filter.DefaultValue);

            CommandHelpParameter singlePage = help.FindParameter("SinglePage")!;
            Assert.True(singlePage.IsSwitch);
            Assert.Equal("False", singlePage.DefaultValue);
            Assert.True(singlePage.IsRequiredInAnySet);

            CommandHelpParameter site = help.FindParameter("Site")!;
            Assert.Equal(new[] { "List", "SinglePage" }, site.ParameterSets.Select(s => s.Name));
            Assert.Null(site.GetParameterSet("Name"));

            Assert.Equal(new[] { "Active", "Pending", "Failed" }, help.FindParameter("Status")!.AcceptedValues);
            Assert.Equal(string.Empty, help.FindParameter("Status")!.HelpMessage);
        }

        [Fact]
        public void ReadsExamplesInputsOutputsAndLinks()
        {
            CommandHelp help = ReadWidget();

            Assert.Equal(new[] { "Example 1: List all widgets", "Example 2: Get widgets by name from the pipeline" }, help.Examples.Select(e => e.Title));
            Assert.Equal("```powershell\nGet-CfWidget\n```\n\nLists every widget.", help.Examples[0].Remarks);
            Assert.Equal("'w1', 'w2' | Get-CfWidget", help.Examples[1].Remarks);

            Assert.Equal(new[] { "System.String[]", "None" }, help.Inputs.Select(i => i.TypeName));
            Assert.Equal("Names of widgets.", help.Inputs[0].Description);
            Assert.Equal(string.Empty, help.Inputs[1].Description);
            CommandHelpTypeInfo output = Assert.Single(help.Outputs);
            Assert.Equal("CloudflareCni.Widget", output.TypeName);
            Assert.Equal("A widget.", output.Description);

            Assert.Equal(
                new[] { "[Get-CfContext](Get-CfContext.md)", "[Connect-CfAccount](Connect-CfAccount.md)", "[Cloudflare docs](https://developers.cloudflare.com/)" },
                help.RelatedLinks.Select(l => l.ToString()));
        }

        [Fact]
        public void ReadsTheSmallSampleWithEmptyOptionalParts()
        {
            using var folder = new TempFolder();
            CommandHelp help = CommandHelpMarkdownReader.ReadFile(folder.Write("Test-CfThing.md", Samples.Small));

            Assert.Null(help.HelpUri);
            Assert.Equal(string.Empty, help.Notes);
            Assert.Empty(help.RelatedLinks);
            Assert.Equal("__AllParameterSets", Assert.Single(help.Syntax).ParameterSetName);
            Assert.False(help.Syntax[0].IsDefault);
            Assert.Empty(help.Warnings);
        }

        [Fact]
        public void AcceptsCrLfLineEndingsAndAByteOrderMark()
        {
            using var folder = new TempFolder();
            string path = Path.Combine(folder.Path, "Get-CfWidget.md");
            File.WriteAllText(path, Samples.Widget.Replace("\n", "\r\n"), new System.Text.UTF8Encoding(true));

            CommandHelp help = CommandHelpMarkdownReader.ReadFile(path);

            Assert.Equal("The names of the widgets.\nWildcards are not allowed.\n\nNames are case-sensitive.", help.FindParameter("Name")!.Description);
            Assert.Equal(6, help.Parameters.Count);
        }

        [Fact]
        public void WarnsAboutMissingAliasesSectionAndOddExampleTitles()
        {
            string markdown = Samples.Small
                .Replace("## ALIASES\n\n", string.Empty)
                .Replace("### Example 1: Test it", "### Testing it");

            CommandHelp help = CommandHelpMarkdownReader.Read(markdown, "Test-CfThing.md");

            Assert.Contains(help.Warnings, w => w.Message.Contains("## ALIASES section is missing"));
            Assert.Contains(help.Warnings, w => w.Message.Contains("does not follow '### Example N: Title'") && w.Line == 32);
            Assert.All(help.Warnings, w => Assert.Equal(CommandHelpSeverity.Warning, w.Severity));
        }

        [Fact]
        public void FolderListingSkipsAboutReadmeAndModulePages()
        {
            using var folder = new TempFolder();
            folder.Write("Test-CfThing.md", Samples.Small);
            folder.Write("Get-CfWidget.md", Samples.Widget);
            folder.Write("about_CloudflareCni.md", "# about_CloudflareCni\n");
            folder.Write("README.md", "# Docs\n");
            folder.Write("CloudflareCni.md", "---\ndocument type: module\nModule Name: CloudflareCni\n---\n\n# CloudflareCni Module\n");
            folder.Write("notes.txt", "not markdown");

            IReadOnlyList<string> files = CommandHelpMarkdownReader.GetCommandHelpFiles(folder.Path);
            IReadOnlyList<CommandHelp> helps = CommandHelpMarkdownReader.ReadFolder(folder.Path);

            Assert.Equal(new[] { "Get-CfWidget.md", "Test-CfThing.md" }, files.Select(Path.GetFileName));
            Assert.Equal(new[] { "Get-CfWidget", "Test-CfThing" }, helps.Select(h => h.Name));
        }

        [Fact]
        public void FolderListingKeepsFilesWithoutDocumentTypeSoThatTheyFail()
        {
            using var folder = new TempFolder();
            folder.Write("Test-CfThing.md", Samples.Small.Replace("document type: cmdlet\n", string.Empty));

            Assert.Single(CommandHelpMarkdownReader.GetCommandHelpFiles(folder.Path));
            CommandHelpFormatException e = Assert.Throws<CommandHelpFormatException>(() => CommandHelpMarkdownReader.ReadFolder(folder.Path));
            Assert.Contains(e.Errors, d => d.Message.Contains("missing required key 'document type'"));
        }

        [Theory]
        [InlineData("Get-X [-A] <T> [[-B] <U>] -C <V> [-D <W[]>] -E [-F] [<CommonParameters>]", "[-A] <T>|[[-B] <U>]|-C <V>|[-D <W[]>]|-E|[-F]", "0|1|named|named|named|named")]
        [InlineData("Get-X [[-Name] <String[]>]\n [-Count <Nullable<Int32>>]", "[[-Name] <String[]>]|[-Count <Nullable<Int32>>]", "0|named")]
        [InlineData("Get-X [<CommonParameters>]", "", "")]
        public void ParsesSyntaxLikePlatyPS(string syntax, string expected, string positions)
        {
            var parameters = new List<CommandHelpSyntaxParameter>();

            List<string> problems = CommandHelpMarkdownReader.ParseSyntaxParameters(syntax, parameters);

            Assert.Empty(problems);
            Assert.Equal(expected, string.Join("|", parameters.Select(p => p.ToString())));
            Assert.Equal(positions, string.Join("|", parameters.Select(p => p.Position)));
        }

        [Theory]
        [InlineData("Get-X Name <String>")]
        [InlineData("Get-X [-Name <Dictionary[string, int]>]")]
        public void ReportsSyntaxTokensPlatyPSWouldDrop(string syntax)
        {
            var parameters = new List<CommandHelpSyntaxParameter>();

            List<string> problems = CommandHelpMarkdownReader.ParseSyntaxParameters(syntax, parameters);

            Assert.NotEmpty(problems);
        }
    }
}
