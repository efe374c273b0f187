using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    /// <summary>Checks the sample doc that lives in the repository's docs folder.</summary>
    public sealed class RepositoryDocsTests
    {
        private static string RepositoryFile(string relativePath)
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CloudflareCni.sln")))
                {
                    return Path.Combine(dir.FullName, relativePath);
                }
            }

            throw new InvalidOperationException("CloudflareCni.sln not found above " + AppContext.BaseDirectory);
        }

        [Fact]
        public void GetCfContextDocIsValidAndComplete()
        {
            CommandHelp help = CommandHelpMarkdownReader.ReadFile(RepositoryFile(Path.Combine("docs", "Get-CfContext.md")));

            Assert.Empty(help.Warnings);
            Assert.Equal("Get-CfContext", help.Name);
            Assert.Equal("CloudflareCni", help.ModuleName);
            Assert.Equal("CloudflareCni.dll-Help.xml", help.ExternalHelpFile);
            CommandHelpSyntax syntax = Assert.Single(help.Syntax);
            Assert.Empty(syntax.Parameters);
            Assert.True(syntax.HasCommonParameters);
            Assert.True(help.HasCommonParameters);
            Assert.Empty(help.Parameters);
            Assert.Equal("CloudflareCni.CfContext", Assert.Single(help.Outputs).TypeName);
            Assert.Equal("None", Assert.Single(help.Inputs).TypeName);
            Assert.True(help.Examples.Count >= 1);
            foreach (string kind in new[] { "ApiToken", "ApiKey", "Sandbox", "None" })
            {
                Assert.Contains(kind, help.Description);
            }
        }

        [Fact]
        public void GetCfContextDocConvertsToMaml()
        {
            CommandHelp help = CommandHelpMarkdownReader.ReadFile(RepositoryFile(Path.Combine("docs", "Get-CfContext.md")));

            XDocument document = Maml.Parse(MamlWriter.Write(new[] { help }));

            XElement command = Assert.Single(document.Root!.Elements(Maml.C + "command"));
            Assert.Equal("Get-CfContext", (string?)command.Element(Maml.C + "details")!.Element(Maml.C + "name"));
            Assert.Empty(command.Element(Maml.C + "parameters")!.Elements());
            Assert.Empty(command.Element(Maml.C + "syntax")!.Element(Maml.C + "syntaxItem")!.Elements(Maml.C + "parameter"));
            Assert.Equal(
                "CloudflareCni.CfContext",
                (string?)command.Element(Maml.C + "returnValues")!.Element(Maml.C + "returnValue")!.Element(Maml.D + "type")!.Element(Maml.M + "name"));
        }
    }
}
