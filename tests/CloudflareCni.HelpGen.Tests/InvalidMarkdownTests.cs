using System;
using System.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    /// <summary>Every case breaks the small sample in one way and expects an error naming the file and the line.</summary>
    public sealed class InvalidMarkdownTests
    {
        private static CommandHelpFormatException Reject(string markdown)
        {
            using var folder = new TempFolder();
            string path = folder.Write("Test-CfThing.md", markdown);
            CommandHelpFormatException e = Assert.Throws<CommandHelpFormatException>(() => CommandHelpMarkdownReader.ReadFile(path));
            Assert.Equal(path, e.File);
            Assert.All(e.Errors, d => Assert.Equal(path, d.File));
            Assert.All(e.Errors, d => Assert.Equal(CommandHelpSeverity.Error, d.Severity));
            return e;
        }

        private static void AssertError(CommandHelpFormatException e, int line, string fragment)
        {
            Assert.True(
                e.Errors.Any(d => d.Line == line && d.Message.Contains(fragment, StringComparison.Ordinal)),
                $"expected an error at line {line} containing '{fragment}', got:{Environment.NewLine}{e.Message}");
            Assert.Contains($"Test-CfThing.md:{line}: error: ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheUnmodifiedSampleIsValid()
        {
            using var folder = new TempFolder();
            Assert.Equal("Test-CfThing", CommandHelpMarkdownReader.ReadFile(folder.Write("Test-CfThing.md", Samples.Small)).Name);
        }

        [Fact]
        public void MissingFrontMatter()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Substring(Samples.Small.IndexOf("# Test-CfThing", StringComparison.Ordinal)));
            AssertError(e, 1, "must start with YAML front matter");
        }

        [Fact]
        public void MissingRequiredMetadataKey()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Module Name: CloudflareCni\n", "module name: CloudflareCni\n"));
            AssertError(e, 1, "missing required key 'Module Name' (found 'module name'");
        }

        [Fact]
        public void WrongSchemaVersion()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("PlatyPS schema version: 2024-05-01", "schema: 2.0.0"));
            AssertError(e, 1, "missing required key 'PlatyPS schema version'");
        }

        [Fact]
        public void BlankLineInsideFrontMatter()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Locale: en-US\n", "Locale: en-US\n\n"));
            AssertError(e, 6, "blank line inside the front matter");
        }

        [Fact]
        public void TitleDoesNotMatchFrontMatter()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("title: Test-CfThing", "title: Test-CfOther"));
            AssertError(e, 1, "'title' is 'Test-CfOther' but the heading says 'Test-CfThing'");
        }

        [Fact]
        public void MissingSynopsis()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("## SYNOPSIS\n\nTests a thing.\n\n", string.Empty));
            AssertError(e, 1, "missing required section '## SYNOPSIS'");
        }

        [Fact]
        public void EmptySynopsis()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Tests a thing.\n\n", string.Empty));
            AssertError(e, 14, "## SYNOPSIS is empty");
        }

        [Fact]
        public void EmptyDescription()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Tests the thing.\n\n", string.Empty));
            AssertError(e, 28, "## DESCRIPTION is empty");
        }

        [Fact]
        public void MissingDescription()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("## DESCRIPTION\n\nTests the thing.\n\n", string.Empty));
            AssertError(e, 1, "missing required section '## DESCRIPTION'");
        }

        [Fact]
        public void NoExample()
        {
            string markdown = Samples.Small.Replace("### Example 1: Test it\n\n```powershell\nTest-CfThing -Force\n```\n\nIt works.\n\n", string.Empty);
            CommandHelpFormatException e = Reject(markdown);
            AssertError(e, 32, "## EXAMPLES needs at least one");
        }

        [Fact]
        public void ExampleWithoutContent()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("```powershell\nTest-CfThing -Force\n```\n\nIt works.\n\n", string.Empty));
            AssertError(e, 34, "example 'Example 1: Test it' has no content");
        }

        [Fact]
        public void ParameterWithoutYamlBlock()
        {
            int start = Samples.Small.IndexOf("```yaml", StringComparison.Ordinal);
            int end = Samples.Small.IndexOf("```\n\n### CommonParameters", StringComparison.Ordinal) + 5;
            CommandHelpFormatException e = Reject(Samples.Small.Remove(start, end - start));
            AssertError(e, 44, "parameter -Force has no ```yaml block");
        }

        [Fact]
        public void ParameterYamlWithInvalidBoolean()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("  IsRequired: false", "  IsRequired: maybe"));
            AssertError(e, 57, "'IsRequired' must be true or false, found 'maybe'");
        }

        [Fact]
        public void ParameterYamlInTheOldPlatyPSSchema()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("DontShow: false", "Accept pipeline input: False"));
            AssertError(e, 61, "'Accept pipeline input' is a platyPS 0.x (schema 2.0.0) key");
        }

        [Fact]
        public void ParameterYamlWithScalarAliases()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Aliases: []", "Aliases: f"));
            AssertError(e, 53, "'Aliases' must be a list");
        }

        [Fact]
        public void ParameterYamlWithoutParameterSets()
        {
            string markdown = Samples.Small.Replace("ParameterSets:\n- Name: (All)\n  Position: Named\n  IsRequired: false\n  ValueFromPipeline: false\n  ValueFromPipelineByPropertyName: false\n  ValueFromRemainingArguments: false\n", string.Empty);
            CommandHelpFormatException e = Reject(markdown);
            AssertError(e, 48, "'ParameterSets' must list at least one set");
        }

        [Fact]
        public void ParameterSetPositionMustBeNamedOrANumber()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("  Position: Named", "  Position: first"));
            AssertError(e, 56, "Position must be 'Named' or a number, found 'first'");
        }

        [Fact]
        public void SyntaxUsesAnUndocumentedParameter()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Test-CfThing [-Force] [<CommonParameters>]", "Test-CfThing [-Force] [-WhatIf] [<CommonParameters>]"));
            AssertError(e, 20, "uses -WhatIf, which has no '### -WhatIf' entry");
        }

        [Fact]
        public void SyntaxAndYamlDisagreeAboutMandatory()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Test-CfThing [-Force] [<CommonParameters>]", "Test-CfThing -Force [<CommonParameters>]"));
            AssertError(e, 44, "IsRequired is false for set '(All)' but the syntax of set '__AllParameterSets' shows it as mandatory");
        }

        [Fact]
        public void SyntaxSetWithoutCodeBlock()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("```\nTest-CfThing [-Force] [<CommonParameters>]\n```\n", "Test-CfThing [-Force]\n"));
            AssertError(e, 20, "must be directly followed by a code block");
        }

        [Fact]
        public void SectionsOutOfOrder()
        {
            string markdown = Samples.Small
                .Replace("## DESCRIPTION\n\nTests the thing.\n\n", string.Empty)
                .Replace("## NOTES\n", "## DESCRIPTION\n\nTests the thing.\n\n## NOTES\n");
            CommandHelpFormatException e = Reject(markdown);
            AssertError(e, 76, "section '## DESCRIPTION' is out of order");
        }

        [Fact]
        public void UnknownOrLowerCaseSection()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("## NOTES", "## Notes"));
            AssertError(e, 80, "section heading must be upper case: '## NOTES'");
        }

        [Fact]
        public void HeadingNotPrecededByABlankLine()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Tests a thing.\n\n## SYNTAX", "Tests a thing.\n## SYNTAX"));
            AssertError(e, 17, "a heading must be preceded by a blank line");
        }

        [Fact]
        public void IndentedHeading()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("### Example 1: Test it", "  ### Example 1: Test it"));
            AssertError(e, 34, "a heading must start at the beginning of the line");
        }

        [Fact]
        public void SetextHeadingUnderText()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("Tests the thing.\n", "Tests the thing.\n---\n"));
            AssertError(e, 31, "turns that text into a heading");
        }

        [Fact]
        public void UnclosedCodeFence()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("HelpMessage: ''\n```\n", "HelpMessage: ''\n"));
            AssertError(e, 48, "code fence is never closed");
        }

        [Fact]
        public void TextAfterTheYamlBlock()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("HelpMessage: ''\n```\n", "HelpMessage: ''\n```\n\nMore about Force.\n"));
            AssertError(e, 66, "text after the yaml block of -Force is ignored");
        }

        [Fact]
        public void InputsWithoutATypeHeading()
        {
            CommandHelpFormatException e = Reject(Samples.Small.Replace("## INPUTS\n\n### None\n", "## INPUTS\n\nNone.\n"));
            AssertError(e, 72, "text under '## INPUTS' must be under a '### TypeName' heading");
        }

        [Fact]
        public void ReportsEveryErrorOfAFile()
        {
            string markdown = Samples.Small
                .Replace("Tests a thing.\n\n", string.Empty)
                .Replace("  IsRequired: false", "  IsRequired: maybe");
            CommandHelpFormatException e = Reject(markdown);
            Assert.True(e.Errors.Count >= 2, e.Message);
            Assert.Equal(e.Errors[0].Line, e.Line);
        }
    }
}
