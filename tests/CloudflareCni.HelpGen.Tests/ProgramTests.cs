using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class ProgramTests
    {
        private static (int Exit, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = Program.Run(args, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        [Fact]
        public void WritesOneMamlFileForAllCommandDocs()
        {
            using var folder = new TempFolder();
            folder.Write("docs/Get-CfWidget.md", Samples.Widget);
            folder.Write("docs/Test-CfThing.md", Samples.Small);
            folder.Write("docs/about_CloudflareCni.md", "# about\n");
            string output = Path.Combine(folder.Path, "out", "CloudflareCni", "en-US", "CloudflareCni.dll-Help.xml");

            (int exit, string stdout, string stderr) = Run("--docs", Path.Combine(folder.Path, "docs"), "--out", output);

            Assert.Equal(0, exit);
            Assert.Equal(string.Empty, stderr);
            Assert.Contains("wrote", stdout);
            string xml = File.ReadAllText(output);
            Assert.False(File.ReadAllBytes(output).Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
            XDocument document = Maml.Parse(xml);
            Assert.Equal(
                new[] { "Get-CfWidget", "Test-CfThing" },
                document.Root!.Elements(Maml.C + "command").Select(c => (string?)c.Element(Maml.C + "details")!.Element(Maml.C + "name")));
            Assert.Equal(MamlWriter.Write(CommandHelpMarkdownReader.ReadFolder(Path.Combine(folder.Path, "docs"))), xml);
        }

        [Fact]
        public void CheckPassesWhenUpToDateAndFailsAfterADocChange()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small);
            string output = Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml");

            Assert.Equal(3, Run("--docs", docs, "--out", output, "--check").Exit);
            Assert.False(File.Exists(output));
            Assert.Equal(0, Run("--docs", docs, "--out", output).Exit);
            Assert.Equal(0, Run("--docs", docs, "--out", output, "--check").Exit);

            folder.Write("docs/Test-CfThing.md", Samples.Small.Replace("Tests the thing.", "Tests the thing again."));
            (int exit, _, string stderr) = Run("--docs", docs, "--out", output, "--check");

            Assert.Equal(3, exit);
            Assert.Contains("out of date", stderr);
            Assert.Contains("Tests the thing again.", stderr);
            Assert.DoesNotContain("again", File.ReadAllText(output));
        }

        [Fact]
        public void InvalidDocFailsWithFileAndLineAndWritesNothing()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            string bad = folder.Write("docs/Test-CfThing.md", Samples.Small.Replace("  IsRequired: false", "  IsRequired: yes"));
            folder.Write("docs/Get-CfWidget.md", Samples.Widget);
            string output = Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml");

            (int exit, _, string stderr) = Run("--docs", docs, "--out", output);

            Assert.Equal(1, exit);
            Assert.Contains($"{bad}:57: error: yaml of -Force", stderr);
            Assert.Contains("no MAML written", stderr);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void OutputNameMustMatchTheExternalHelpFile()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small);

            (int exit, _, string stderr) = Run("--docs", docs, "--out", Path.Combine(folder.Path, "CloudflareCni-Help.xml"));

            Assert.Equal(1, exit);
            Assert.Contains("'external help file' is 'CloudflareCni.dll-Help.xml' but the output file is 'CloudflareCni-Help.xml'", stderr);
        }

        [Fact]
        public void DuplicateCommandsAreRejected()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small);
            folder.Write("docs/Test-CfThing2.md", Samples.Small);

            (int exit, _, string stderr) = Run("--docs", docs, "--out", Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml"));

            Assert.Equal(1, exit);
            Assert.Contains("command 'Test-CfThing' is documented more than once", stderr);
        }

        [Fact]
        public void WarningsArePrintedButDoNotFail()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small.Replace("## ALIASES\n\n", string.Empty));

            (int exit, _, string stderr) = Run("--docs", docs, "--out", Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml"));

            Assert.Equal(0, exit);
            Assert.Contains("warning: ## ALIASES section is missing", stderr);
        }

        [Fact]
        public void CrLfOption()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small);
            string output = Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml");

            Assert.Equal(0, Run("--docs", docs, "--out", output, "--newline", "crlf").Exit);

            string xml = File.ReadAllText(output, Encoding.UTF8);
            Assert.Contains("?>\r\n<helpItems", xml);
            Assert.DoesNotContain("\n", xml.Replace("\r\n", string.Empty));
        }

        [Theory]
        [InlineData("--docs")]
        [InlineData("--out", "x.xml")]
        [InlineData("--bogus")]
        [InlineData("--docs", "does-not-exist-folder", "--out", "x.xml")]
        [InlineData("--docs", ".", "--out", "x.xml", "--newline", "cr")]
        public void UsageErrors(params string[] args)
        {
            (int exit, _, string stderr) = Run(args);

            Assert.Equal(2, exit);
            Assert.Contains("usage: CloudflareCni.HelpGen --docs <folder> --out", stderr);
        }

        [Fact]
        public void CharactersXmlCannotHoldAreAnError()
        {
            using var folder = new TempFolder();
            string docs = Path.Combine(folder.Path, "docs");
            folder.Write("docs/Test-CfThing.md", Samples.Small.Replace("Tests the thing.", "Tests the \u0001 thing."));
            string output = Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml");

            (int exit, _, string stderr) = Run("--docs", docs, "--out", output);

            Assert.Equal(1, exit);
            Assert.Contains("cannot write MAML", stderr);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void EmptyDocsFolderIsAnError()
        {
            using var folder = new TempFolder();

            (int exit, _, string stderr) = Run("--docs", folder.Path, "--out", Path.Combine(folder.Path, "CloudflareCni.dll-Help.xml"));

            Assert.Equal(1, exit);
            Assert.Contains("no command help markdown files", stderr);
        }
    }
}
