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

        /// <summary>
        /// The cmdlet names are written in the manifest (CmdletsToExport); everything else that lists them is checked
        /// against it here, once: the DLL's [Cmdlet] types, what PowerShell exports, one docs/ page each, and the README's
        /// cmdlet table. Other tests read the names from Get-Command.
        /// </summary>
        [Fact]
        public void TheManifest_TheCmdletTypes_TheExports_TheDocs_AndTheReadme_NameTheSameCmdlets()
        {
            string[] manifest = shell.Invoke("(Import-PowerShellDataFile -LiteralPath $path).CmdletsToExport", ("path", Path.Combine(RepoPaths.Root, "CloudflareCni.psd1")))
                .Cast<string>().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            string[] inDll = typeof(ModuleInitializer).Assembly.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>())
                .Where(a => a != null)
                .Select(a => a!.VerbName + "-" + a.NounName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            string[] exported = shell.Invoke("(Get-Module CloudflareCni).ExportedCmdlets.Keys").Cast<string>().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            string[] docs = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(n => !n!.StartsWith("about_", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray()!;

            Assert.NotEmpty(manifest);
            Assert.Equal(manifest, inDll);
            Assert.Equal(manifest, exported);
            Assert.Equal(manifest, docs);
            Assert.Equal(manifest, ReadmeCmdletTable());
            Assert.Empty(shell.Invoke("$m = Get-Module CloudflareCni; @($m.ExportedFunctions.Keys) + @($m.ExportedAliases.Keys) + @($m.ExportedVariables.Keys)"));
        }

        private static IEnumerable<Type> SelfAndBases(Type type)
        {
            for (Type? current = type; current != null && current != typeof(object); current = current.BaseType)
            {
                yield return current;
            }
        }

        /// <summary>The names in the first column of the README's "## Cmdlets" table, each in backquotes.</summary>
        private static string[] ReadmeCmdletTable()
        {
            string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
            int heading = Array.IndexOf(lines, "## Cmdlets");
            Assert.True(heading >= 0, "README.md has no '## Cmdlets' section.");
            return lines.Skip(heading + 1)
                .SkipWhile(line => !line.StartsWith("|", StringComparison.Ordinal))
                .TakeWhile(line => line.StartsWith("|", StringComparison.Ordinal))
                .Skip(2)
                .SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line.Split('|')[1], "`([A-Za-z]+-Cf[A-Za-z]+)`").Select(m => m.Groups[1].Value))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
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
        public void EveryCmdlet_StandsAtMostTwoOfTheModulesBaseClassesAbovePSCmdlet_AndEveryConnectionParameterIsDeclaredAlike()
        {
            CmdletInfo[] commands = shell.Invoke("Get-Command -Module CloudflareCni").Cast<CmdletInfo>().ToArray();
            foreach (CmdletInfo command in commands)
            {
                Type[] bases = SelfAndBases(command.ImplementingType).Skip(1).TakeWhile(t => t != typeof(PSCmdlet)).ToArray();
                Assert.True(bases.Length <= 2, $"{command.Name} stands on {string.Join(", ", bases.Select(b => b.Name))}");
                Assert.All(bases, b => Assert.Equal(typeof(ModuleInitializer).Assembly, b.Assembly));
            }

            // -Connection is declared by the two bases that use a connection; the rule behind it is one (InvocationConnection).
            CmdletInfo[] connected = commands.Where(c => c.Parameters.ContainsKey("Connection")).ToArray();
            Assert.Equal(
                commands.Where(c => typeof(CloudflareCni.Cmdlets.CfApiCmdlet).IsAssignableFrom(c.ImplementingType) || typeof(CloudflareCni.Cmdlets.CfSandboxCmdlet).IsAssignableFrom(c.ImplementingType)).Select(c => c.Name),
                connected.Select(c => c.Name));
            string Shape(ParameterMetadata p) =>
                $"{p.ParameterType} sets={string.Join(",", p.ParameterSets.Keys)} mandatory={p.ParameterSets.Values.Any(s => s.IsMandatory)} " +
                $"position={p.ParameterSets.Values.Max(s => s.Position)} pipeline={p.ParameterSets.Values.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName)} " +
                $"aliases={string.Join(",", p.Aliases)} attributes={string.Join(",", p.Attributes.Where(a => a.GetType().Namespace != "System.Runtime.CompilerServices").Select(a => a is ArgumentCompleterAttribute c ? "completer " + c.Type!.Name : a.GetType().Name).OrderBy(n => n, StringComparer.Ordinal))}";
            string expected = Shape(connected[0].Parameters["Connection"]);
            Assert.Contains("completer ConnectionNameCompleter", expected, StringComparison.Ordinal);
            Assert.Contains("ConnectionArgumentAttribute", expected, StringComparison.Ordinal);
            Assert.All(connected, c => Assert.Equal(expected, Shape(c.Parameters["Connection"])));
            Assert.True(connected.Length >= 2 && connected.Any(c => c.Noun.StartsWith("CfSandbox", StringComparison.Ordinal)));
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
            // The types the cmdlets declare ([OutputType]); a type shows through its own view or a base type's (both
            // interconnect kinds through Interconnect's).
            Type[] types = shell.Invoke("Get-Command -Module CloudflareCni | ForEach-Object OutputType | ForEach-Object Type | Sort-Object FullName -Unique")
                .Cast<Type>()
                .Where(t => t.Assembly == typeof(CfObject).Assembly)
                .ToArray();
            Assert.Contains(typeof(Cni), types);
            foreach (Type type in types)
            {
                Assert.True(SelfAndBases(type).Select(t => t.FullName!).Any(name => shell.Invoke("Get-FormatData -TypeName $type", ("type", name)).Count > 0), type.FullName + " has no view, nor has any of its base types.");
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
