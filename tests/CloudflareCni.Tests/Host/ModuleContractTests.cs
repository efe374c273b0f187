using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The module as PowerShell sees it (Get-Command, the manifest, format and types files), and the module folder as
    /// Windows PowerShell 5.1 would load it: that part is read from metadata, since no 5.1 host runs on Linux.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ModuleContractTests : IDisposable
    {
        private static readonly string[] ChangingVerbs = { "New", "Set", "Remove", "Save", "Add", "Clear" };
        private readonly PowerShellSession shell = new PowerShellSession();

        public void Dispose() => shell.Dispose();

        [Fact]
        public void TheManifestExports_ExactlyTheCmdletsOfTheDll_AndNothingElse()
        {
            var exported = shell.Invoke("(Get-Module CloudflareCni).ExportedCmdlets.Keys").Cast<string>().OrderBy(n => n).ToList();
            var inDll = typeof(ModuleInitializer).Assembly.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>())
                .Where(a => a != null)
                .Select(a => a!.VerbName + "-" + a.NounName)
                .OrderBy(n => n)
                .ToList();

            Assert.Equal(inDll, exported);
            Assert.True(exported.Count >= 16);
            Assert.Empty(shell.Invoke("$m = Get-Module CloudflareCni; @($m.ExportedFunctions.Keys) + @($m.ExportedAliases.Keys) + @($m.ExportedVariables.Keys)"));
        }

        [Fact]
        public void EveryCmdlet_HasAnApprovedVerb_TheCfNoun_AnOutputType_AndParameterSetsPowerShellCanResolve()
        {
            var approved = shell.Invoke("(Get-Verb).Verb").Cast<string>().ToHashSet();
            foreach (CmdletInfo command in shell.Invoke("Get-Command -Module CloudflareCni").Cast<CmdletInfo>())
            {
                Assert.Contains(command.Verb, approved);
                Assert.StartsWith("Cf", command.Noun, StringComparison.Ordinal);
                Assert.True(command.OutputType.Count > 0 || command.Name.StartsWith("Remove", StringComparison.Ordinal) || command.Name.StartsWith("Disconnect", StringComparison.Ordinal), command.Name);
                Assert.NotEmpty(shell.Invoke("Get-Command $name -Syntax", ("name", command.Name)));
            }
        }

        [Fact]
        public void CommandsThatChangeThings_SupportWhatIfAndConfirm_WithTheirImpact_AndRemoveHasForce()
        {
            foreach (CmdletInfo command in shell.Invoke("Get-Command -Module CloudflareCni").Cast<CmdletInfo>().Where(c => ChangingVerbs.Contains(c.Verb)))
            {
                CmdletAttribute attribute = command.ImplementingType.GetCustomAttribute<CmdletAttribute>()!;
                Assert.True(command.Parameters.ContainsKey("WhatIf") && command.Parameters.ContainsKey("Confirm"), command.Name);
                // The sandbox cmdlets change only the offline emulator.
                ConfirmImpact expected = command.Noun.StartsWith("CfSandbox", StringComparison.Ordinal) ? ConfirmImpact.Low
                    : command.Verb == "Remove" ? ConfirmImpact.High : ConfirmImpact.Medium;
                Assert.Equal(expected, attribute.ConfirmImpact);
                if (command.Verb == "Remove")
                {
                    Assert.True(command.Parameters.ContainsKey("Force"), command.Name);
                }
            }
        }

        [Fact]
        public void EveryOutputType_HasADefaultView_ThatFormatsWithoutErrors()
        {
            string[] types =
            {
                // Both interconnect kinds show through their base type's view.
                "CloudflareCni.Interconnect", "CloudflareCni.Cni", "CloudflareCni.CniSlot",
                "CloudflareCni.CniSettings", "CloudflareCni.InterconnectStatus", "CloudflareCni.CfContext", "CloudflareCni.CfPage",
                "CloudflareCni.CfSandboxRequest", "CloudflareCni.CfSandboxFault",
            };
            foreach (string type in types)
            {
                Assert.NotEmpty(shell.Invoke("Get-FormatData -TypeName $type", ("type", type)));
            }

            PsResult shown = shell.Run("Connect-CfAccount -Sandbox | Out-String; Get-CfCniSlot -First 2 | Out-String; Get-CfCniSetting | Out-String; Disconnect-CfAccount");
            Assert.Empty(shown.Errors);
            Assert.Matches(@"Id\s+Site\s+Speed\s+Occupied", string.Join("\n", shown.Objects));
        }

        [Fact]
        public void TheModuleFolder_HoldsExactlyTheModulesFiles_AndNeverThePowerShellStub()
        {
            var files = Directory.EnumerateFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(RepoPaths.ModuleFolder, f).Replace('\\', '/'))
                .ToList();
            string[] expected =
            {
                "CloudflareCni.psd1", "CloudflareCni.dll", "CloudflareCni.format.ps1xml", "CloudflareCni.types.ps1xml", "en-US/CloudflareCni.dll-Help.xml",
                "LICENSE", "THIRD-PARTY-NOTICES",
            };

            Assert.All(expected, f => Assert.Contains(f, files));
            Assert.All(files.Where(f => !expected.Contains(f) && !f.StartsWith("en-US/about_", StringComparison.Ordinal)), f => Assert.Matches(@"^(System|Microsoft\.Bcl)\.[A-Za-z.]+\.dll$", f));
            Assert.DoesNotContain(files, f => f.StartsWith("System.Management.Automation", StringComparison.Ordinal) || f.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal));
        }

        [Fact]
        public void TheModuleFolder_CarriesTheRepositorysLicence_AndNoticesNamingEveryOtherDllItShips_WithItsLicence()
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")), File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "LICENSE")));
            Assert.StartsWith("MIT License", File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "LICENSE")), StringComparison.Ordinal);
            string notices = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "THIRD-PARTY-NOTICES"));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "THIRD-PARTY-NOTICES")), notices);

            // Each shipped assembly has a line of its own: its file name, its package, its licence.
            var listed = notices.Split('\n')
                .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\s+(?<dll>[\w.]+\.dll)\s+(?<package>[\w.]+)\s+(?<licence>\S+)\s*$"))
                .Where(m => m.Success)
                .ToDictionary(m => m.Groups["dll"].Value, m => m.Groups["licence"].Value, StringComparer.Ordinal);
            var shipped = Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll").Select(Path.GetFileName).Where(f => f != "CloudflareCni.dll").OrderBy(f => f, StringComparer.Ordinal);

            Assert.Equal(shipped, listed.Keys.OrderBy(f => f, StringComparer.Ordinal));
            Assert.All(listed, entry => Assert.Equal("MIT", entry.Value));
            Assert.Contains("BSD 3-Clause License", notices, StringComparison.Ordinal);
            Assert.Contains("Copyright (c) 2022, Cloudflare", notices, StringComparison.Ordinal);
        }

        [Fact]
        public void TheDll_TargetsNetStandard20_AndSystemTextJson8_SoOneDllServesPowerShell51And74Up()
        {
            using MetadataLoadContext context = Metadata();
            Assembly module = context.LoadFromAssemblyPath(Path.Combine(RepoPaths.ModuleFolder, "CloudflareCni.dll"));

            string? framework = module.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute")?
                .ConstructorArguments[0].Value as string;
            Assert.Equal(".NETStandard,Version=v2.0", framework);
            Assert.Equal(new Version(8, 0, 0, 0), module.GetReferencedAssemblies().Single(r => r.Name == "System.Text.Json").Version);
            Assert.Equal(new Version(8, 0, 0, 0), AssemblyName.GetAssemblyName(Path.Combine(RepoPaths.ModuleFolder, "System.Text.Json.dll")).Version);
            Assert.All(module.GetReferencedAssemblies().Where(r => r.Name == "System.Management.Automation"), r => Assert.True(r.Version!.Major <= 3, r.ToString()));
        }

        [Fact]
        public void OnWindowsPowerShell_EveryAssemblyTheModuleNeeds_IsInTheFolderOrTheHost()
        {
            var hostProvided = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "netstandard", "mscorlib", "System", "System.Core", "System.Management.Automation" };
            var shipped = Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);
            using MetadataLoadContext context = Metadata();

            var missing = shipped.Values
                .Select(context.LoadFromAssemblyPath)
                .SelectMany(a => a.GetReferencedAssemblies().Select(r => (From: a.GetName().Name, Reference: r)))
                .Where(x => !hostProvided.Contains(x.Reference.Name!) && !shipped.ContainsKey(x.Reference.Name!))
                .Select(x => $"{x.From} needs {x.Reference}")
                .ToList();

            Assert.Empty(missing);
        }

        private static MetadataLoadContext Metadata()
        {
            string runtime = RuntimeEnvironment.GetRuntimeDirectory();
            IEnumerable<string> paths = Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll")
                .Concat(Directory.GetFiles(runtime, "*.dll").Where(f => !Path.GetFileName(f).StartsWith("System.Text.Json", StringComparison.Ordinal)))
                .Append(typeof(PSObject).Assembly.Location);
            return new MetadataLoadContext(new PathAssemblyResolver(paths.GroupBy(Path.GetFileName).Select(g => g.First())));
        }
    }
}
