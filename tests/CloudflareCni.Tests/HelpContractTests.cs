using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CloudflareCni.HelpGen;
using CloudflareCni.Tests.Support;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>
    /// The help contract: docs/*.md (the single source of help, in the Microsoft.PowerShell.PlatyPS 1.x schema) must
    /// describe the cmdlets that the built out/CloudflareCni/CloudflareCni.dll really has, and the shipped MAML must be
    /// what the docs produce. The DLL is read through a MetadataLoadContext (never run); the docs through HelpGen's
    /// reader. Each test gathers every offender before it fails, so that one run shows all of them.
    /// </summary>
    public sealed class HelpContractTests : IClassFixture<BuiltModule>
    {
        private const string AllParameterSets = BuiltModule.AllParameterSets;
        private const string AllSetsInDocs = "(All)";
        private const string SwitchType = "System.Management.Automation.SwitchParameter";
        private const string MamlFileName = "CloudflareCni.dll-Help.xml";
        private static readonly string NL = Environment.NewLine;
        private static readonly XNamespace CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";

        private readonly BuiltModule module;

        public HelpContractTests(BuiltModule module)
        {
            this.module = module;
        }

        private static string DocsFolder => Path.Combine(ModuleFolder.RepoRoot, "docs");

        private static string ShippedMamlPath => Path.Combine(ModuleFolder.Root, "en-US", MamlFileName);

        // ================================================================== 1. one doc per cmdlet

        [Fact]
        public void EveryCmdletHasExactlyOneDoc_AndEveryDocNamesACmdlet()
        {
            var problems = new List<string>();
            DocSet docs = ReadDocs(problems);
            var cmdletNames = new HashSet<string>(module.Cmdlets.Select(c => c.Name), StringComparer.Ordinal);
            string[] markdownFiles = Directory.GetFiles(DocsFolder, "*.md").Select(path => Path.GetFileName(path)!).ToArray();

            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                string expectedFile = cmdlet.Name + ".md";
                string[] exact = markdownFiles.Where(file => string.Equals(file, expectedFile, StringComparison.Ordinal)).ToArray();
                string[] otherCase = markdownFiles.Where(file => !string.Equals(file, expectedFile, StringComparison.Ordinal)
                    && string.Equals(file, expectedFile, StringComparison.OrdinalIgnoreCase)).ToArray();
                if (exact.Length == 0)
                {
                    problems.Add(otherCase.Length > 0
                        ? $"{cmdlet.Name}: its doc must be named docs/{expectedFile}, found {Quote(otherCase)} (file names are case-sensitive on Linux)"
                        : $"{cmdlet.Name}: no docs/{expectedFile}");
                }

                List<DocFile> documenting = docs.Files.Where(doc => string.Equals(doc.Help.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (documenting.Count > 1)
                {
                    problems.Add($"{cmdlet.Name}: documented by {documenting.Count} files: {Quote(documenting.Select(doc => doc.FileName))}");
                }

                foreach (DocFile doc in documenting.Where(doc => !string.Equals(doc.Help.Name, cmdlet.Name, StringComparison.Ordinal)))
                {
                    problems.Add($"{doc.FileName}: the title spells '{doc.Help.Name}', the cmdlet is '{cmdlet.Name}'");
                }
            }

            foreach (DocFile doc in docs.Files)
            {
                if (!cmdletNames.Contains(doc.Help.Name) && !module.Cmdlets.Any(c => string.Equals(c.Name, doc.Help.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{doc.FileName}: documents '{doc.Help.Name}', which is not a cmdlet of the built module ({Join(cmdletNames.OrderBy(n => n, StringComparer.Ordinal))})");
                }

                if (!string.Equals(doc.FileName, doc.Help.Name + ".md", StringComparison.Ordinal))
                {
                    problems.Add($"{doc.FileName}: documents '{doc.Help.Name}', so it must be named '{doc.Help.Name}.md'");
                }
            }

            AssertNone(problems, "docs/ and the cmdlets of the built module do not pair up one to one");
        }

        // ================================================================== 2. parameters

        [Fact]
        public void DocumentedParameters_AreExactlyTheCmdletParameters()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                IReadOnlyList<ExpectedParameter> expected = ExpectedParameters(cmdlet);
                var expectedNames = new HashSet<string>(expected.Select(p => p.Name), StringComparer.Ordinal);
                var documentedNames = new HashSet<string>(help.Parameters.Select(p => p.Name), StringComparer.Ordinal);

                foreach (ExpectedParameter parameter in expected.Where(p => !documentedNames.Contains(p.Name)))
                {
                    problems.Add($"{cmdlet.Name}: -{parameter.Name} ({parameter.Origin}) is not documented under ## PARAMETERS");
                }

                foreach (CommandHelpParameter parameter in help.Parameters.Where(p => !expectedNames.Contains(p.Name)))
                {
                    ExpectedParameter? otherCase = expected.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                    problems.Add(otherCase != null
                        ? $"{cmdlet.Name}: the doc spells -{parameter.Name}, the cmdlet -{otherCase.Name}"
                        : $"{cmdlet.Name}: the doc has -{parameter.Name}, which the cmdlet does not have");
                }

                if (!help.HasCommonParameters)
                {
                    problems.Add($"{cmdlet.Name}: ## PARAMETERS has no '### CommonParameters' entry");
                }
            }

            AssertNone(problems, "The documented parameters differ from the cmdlets' parameters");
        }

        [Fact]
        public void DocumentedParameterDetails_MatchTheAttributes()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                foreach (ExpectedParameter expected in ExpectedParameters(cmdlet))
                {
                    CommandHelpParameter? documented = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, expected.Name, StringComparison.Ordinal));
                    if (documented is null)
                    {
                        continue; // Reported by DocumentedParameters_AreExactlyTheCmdletParameters.
                    }

                    string where = $"{cmdlet.Name} -{expected.Name}";
                    if (!string.Equals(documented.Type, expected.TypeName, StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: Type is '{documented.Type}', the parameter is {expected.TypeName}");
                    }

                    if (!documented.Aliases.SequenceEqual(expected.Aliases, StringComparer.Ordinal))
                    {
                        problems.Add($"{where}: Aliases are [{Join(documented.Aliases)}], the parameter has [{Join(expected.Aliases)}]");
                    }

                    if (!documented.AcceptedValues.SequenceEqual(expected.AcceptedValues, StringComparer.Ordinal))
                    {
                        problems.Add($"{where}: AcceptedValues are [{Join(documented.AcceptedValues)}], the parameter accepts [{Join(expected.AcceptedValues)}]");
                    }

                    if (documented.SupportsWildcards)
                    {
                        problems.Add($"{where}: SupportsWildcards is true, but no parameter of the module expands wildcards");
                    }

                    foreach (ExpectedSet set in expected.Sets)
                    {
                        CommandHelpParameterSet? entry = documented.ParameterSets.FirstOrDefault(s => string.Equals(s.Name, set.DocName, StringComparison.Ordinal));
                        if (entry is null)
                        {
                            problems.Add($"{where}: ParameterSets has no entry '{set.DocName}' (it has {Quote(documented.ParameterSets.Select(s => s.Name))})");
                            continue;
                        }

                        string inSet = $"{where} in set '{set.DocName}'";
                        if (entry.IsRequired != set.Required)
                        {
                            problems.Add($"{inSet}: IsRequired is {Lower(entry.IsRequired)}, Mandatory is {Lower(set.Required)}");
                        }

                        if (!string.Equals(entry.Position, set.Position, StringComparison.Ordinal))
                        {
                            problems.Add($"{inSet}: Position is '{entry.Position}', the attribute says '{set.Position}'");
                        }

                        if (entry.ValueFromPipeline != set.ByValue)
                        {
                            problems.Add($"{inSet}: ValueFromPipeline is {Lower(entry.ValueFromPipeline)}, the attribute says {Lower(set.ByValue)}");
                        }

                        if (entry.ValueFromPipelineByPropertyName != set.ByPropertyName)
                        {
                            problems.Add($"{inSet}: ValueFromPipelineByPropertyName is {Lower(entry.ValueFromPipelineByPropertyName)}, the attribute says {Lower(set.ByPropertyName)}");
                        }

                        if (entry.ValueFromRemainingArguments)
                        {
                            problems.Add($"{inSet}: ValueFromRemainingArguments is true, the attribute says false");
                        }
                    }

                    foreach (CommandHelpParameterSet entry in documented.ParameterSets.Where(s => !expected.Sets.Any(e => string.Equals(e.DocName, s.Name, StringComparison.Ordinal))))
                    {
                        problems.Add($"{where}: ParameterSets lists '{entry.Name}', but the parameter's attributes give only {Quote(expected.Sets.Select(s => s.DocName))}");
                    }
                }
            }

            AssertNone(problems, "Documented parameter details differ from the cmdlets' attributes");
        }

        // ================================================================== 3. parameter sets and syntax

        [Fact]
        public void DocumentedParameterSets_AreTheCmdletSets_WithTheDefaultMarked()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                IReadOnlyList<string> sets = cmdlet.EffectiveSets;
                List<string> documented = help.Syntax.Select(s => s.ParameterSetName).ToList();
                foreach (string set in sets.Where(s => !documented.Contains(s, StringComparer.Ordinal)))
                {
                    problems.Add($"{cmdlet.Name}: parameter set '{set}' has no '### {set}' under ## SYNTAX (documented: {Quote(documented)})");
                }

                foreach (string set in documented.Where(s => !sets.Contains(s, StringComparer.Ordinal)))
                {
                    problems.Add($"{cmdlet.Name}: ## SYNTAX has set '{set}', which the cmdlet does not have (it has {Quote(sets)})");
                }

                CommandHelpSyntax? marked = help.DefaultSyntax;
                if (cmdlet.DefaultParameterSetName != null)
                {
                    if (marked is null)
                    {
                        problems.Add($"{cmdlet.Name}: the default set '{cmdlet.DefaultParameterSetName}' is not marked '(Default)' under ## SYNTAX");
                    }
                    else if (!string.Equals(marked.ParameterSetName, cmdlet.DefaultParameterSetName, StringComparison.Ordinal))
                    {
                        problems.Add($"{cmdlet.Name}: '{marked.ParameterSetName}' is marked '(Default)', the cmdlet's default set is '{cmdlet.DefaultParameterSetName}'");
                    }
                }
                else if (marked != null)
                {
                    problems.Add($"{cmdlet.Name}: '{marked.ParameterSetName}' is marked '(Default)', but the cmdlet names no default parameter set");
                }
            }

            AssertNone(problems, "The documented parameter sets differ from the cmdlets' sets");
        }

        [Fact]
        public void SyntaxBlocks_ListEachSetsParameters_AsGetCommandSyntaxWould()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                IReadOnlyList<ExpectedParameter> parameters = ExpectedParameters(cmdlet);
                foreach (string set in cmdlet.EffectiveSets)
                {
                    CommandHelpSyntax? syntax = help.Syntax.FirstOrDefault(s => string.Equals(s.ParameterSetName, set, StringComparison.Ordinal));
                    if (syntax is null)
                    {
                        continue; // Reported by DocumentedParameterSets_AreTheCmdletSets_WithTheDefaultMarked.
                    }

                    // Get-Command -Syntax: positional parameters by position, then mandatory named ones, then the
                    // optional ones, each group in declaration order (the cmdlet's own, its base classes', then
                    // -WhatIf/-Confirm, then the paging parameters).
                    var members = parameters.Select(p => (Parameter: p, Set: p.SetFor(set))).Where(m => m.Set != null).ToList();
                    var ordered = members.Where(m => m.Set!.Position != "Named").OrderBy(m => int.Parse(m.Set!.Position, CultureInfo.InvariantCulture))
                        .Concat(members.Where(m => m.Set!.Position == "Named" && m.Set.Required).OrderBy(m => m.Parameter.Order))
                        .Concat(members.Where(m => m.Set!.Position == "Named" && !m.Set.Required).OrderBy(m => m.Parameter.Order))
                        .ToList();
                    string expectedText = cmdlet.Name + " " + string.Join(" ", ordered.Select(m => Render(m.Parameter, m.Set!)).Append("[<CommonParameters>]"));
                    string documentedText = cmdlet.Name + " " + string.Join(" ", syntax.Parameters.Select(p => p.ToString()).Concat(syntax.HasCommonParameters ? new[] { "[<CommonParameters>]" } : Array.Empty<string>()));
                    if (!string.Equals(Normalize(expectedText), Normalize(documentedText), StringComparison.Ordinal))
                    {
                        problems.Add($"{cmdlet.Name} set '{set}':{NL}      doc:      {documentedText}{NL}      expected: {expectedText}");
                    }
                }
            }

            AssertNone(problems, "Syntax blocks differ from what Get-Command -Syntax shows for the built cmdlets (type names are compared case-insensitively)");
        }

        // ================================================================== 4. the other sections

        [Fact]
        public void Outputs_ListTheOutputTypes()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                var declared = cmdlet.OutputTypes
                    .SelectMany(o => o.Types.Select(t => t.FullName == "System.Void" ? "None" : t.FullName ?? t.Name).Concat(o.TypeNames))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                List<string> documented = help.Outputs.Select(o => o.TypeName).ToList();
                foreach (string type in declared.Where(t => !documented.Contains(t, StringComparer.Ordinal)))
                {
                    problems.Add($"{cmdlet.Name}: [OutputType] declares {type}, which ## OUTPUTS does not list (it lists {Quote(documented)})");
                }

                // "None" may be added for what a -PassThru cmdlet writes without -PassThru.
                bool mayAddNone = cmdlet.Parameter("PassThru") != null;
                foreach (string type in documented.Where(t => !declared.Contains(t, StringComparer.Ordinal) && !(mayAddNone && t == "None")))
                {
                    problems.Add($"{cmdlet.Name}: ## OUTPUTS lists {type}, which no [OutputType] of the cmdlet declares");
                }

                if (cmdlet.OutputTypes.Count == 0)
                {
                    problems.Add($"{cmdlet.Name}: the cmdlet declares no [OutputType], so ## OUTPUTS cannot be checked");
                }
            }

            AssertNone(problems, "## OUTPUTS differs from the cmdlets' [OutputType] attributes");
        }

        [Fact]
        public void Inputs_AgreeWithThePipelineParameters()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                bool takesPipelineInput = cmdlet.Parameters.Any(p => p.Attributes.Any(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName));
                List<string> documented = help.Inputs.Select(i => i.TypeName).ToList();
                bool documentsNone = documented.Count == 1 && documented[0] == "None";
                if (takesPipelineInput && documentsNone)
                {
                    problems.Add($"{cmdlet.Name}: ## INPUTS says None, but the cmdlet takes pipeline input");
                }
                else if (!takesPipelineInput && !documentsNone)
                {
                    problems.Add($"{cmdlet.Name}: ## INPUTS lists {Quote(documented)}, but no parameter takes pipeline input (write '### None')");
                }
            }

            AssertNone(problems, "## INPUTS disagrees with the cmdlets' pipeline parameters");
        }

        [Fact]
        public void EveryDoc_HasSynopsisDescriptionAndAnExampleThatRunsTheCmdlet()
        {
            var problems = new List<string>();
            foreach ((CmdletMetadata cmdlet, CommandHelp help) in Pairs(problems))
            {
                if (string.IsNullOrWhiteSpace(help.Synopsis))
                {
                    problems.Add($"{cmdlet.Name}: ## SYNOPSIS is empty");
                }

                if (string.IsNullOrWhiteSpace(help.Description))
                {
                    problems.Add($"{cmdlet.Name}: ## DESCRIPTION is empty");
                }

                if (!help.Examples.Any(example => example.Remarks.Contains(cmdlet.Name, StringComparison.Ordinal)))
                {
                    problems.Add($"{cmdlet.Name}: none of its {help.Examples.Count} example(s) contains '{cmdlet.Name}'");
                }

                foreach (CommandHelpParameter parameter in help.Parameters.Where(p => string.IsNullOrWhiteSpace(p.Description)))
                {
                    problems.Add($"{cmdlet.Name}: -{parameter.Name} has no description");
                }

                foreach (CommandHelpDiagnostic warning in help.Warnings)
                {
                    problems.Add($"{cmdlet.Name}: HelpGen warns: {warning}");
                }
            }

            AssertNone(problems, "Docs lack required content");
        }

        // ================================================================== 5. the shipped MAML

        [Fact]
        public void ShippedMaml_IsWhatTheDocsProduce()
        {
            Assert.True(File.Exists(ShippedMamlPath), $"The module folder has no help file: '{ShippedMamlPath}' does not exist. Build src/CloudflareCni.");

            IReadOnlyList<CommandHelp> helps;
            try
            {
                helps = CommandHelpMarkdownReader.ReadFolder(DocsFolder);
            }
            catch (CommandHelpFormatException ex)
            {
                Assert.Fail("docs/ does not follow the command help schema, so no MAML can be produced from it:" + NL + ex.Message);
                return;
            }

            // The build runs HelpGen without --newline, which writes LF line endings.
            string expected = MamlWriter.Write(helps, "\n");
            byte[] shippedBytes = File.ReadAllBytes(ShippedMamlPath);
            var problems = new List<string>();
            if (shippedBytes.Length >= 3 && shippedBytes[0] == 0xEF && shippedBytes[1] == 0xBB && shippedBytes[2] == 0xBF)
            {
                problems.Add("the file starts with a UTF-8 byte order mark; platyPS writes none");
            }

            string shipped = new UTF8Encoding(false).GetString(shippedBytes).TrimStart('\uFEFF');
            if (!string.Equals(shipped, expected, StringComparison.Ordinal))
            {
                problems.Add("the shipped MAML is not what docs/ produces; rebuild src/CloudflareCni" + FirstDifference(shipped, expected));
            }

            AssertNone(problems, $"{ShippedMamlPath} is out of date with docs/");
        }

        [Fact]
        public void ShippedMaml_HasACommandEntryForEveryCmdlet()
        {
            Assert.True(File.Exists(ShippedMamlPath), $"The module folder has no help file: '{ShippedMamlPath}' does not exist. Build src/CloudflareCni.");

            // platyPS writes '&#x08;' between example paragraphs, which XML 1.0 forbids: read without character checks.
            var settings = new XmlReaderSettings { CheckCharacters = false, DtdProcessing = DtdProcessing.Prohibit };
            XDocument document;
            using (XmlReader reader = XmlReader.Create(ShippedMamlPath, settings))
            {
                document = XDocument.Load(reader);
            }

            List<string> names = document.Descendants(CommandNs + "command")
                .Select(command => ((string?)command.Element(CommandNs + "details")?.Element(CommandNs + "name"))?.Trim() ?? string.Empty)
                .ToList();
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                int count = names.Count(name => string.Equals(name, cmdlet.Name, StringComparison.Ordinal));
                if (count != 1)
                {
                    problems.Add(count == 0
                        ? $"{cmdlet.Name}: no <command:name>{cmdlet.Name}</command:name> (Get-Help would show the syntax only)"
                        : $"{cmdlet.Name}: {count} <command:command> entries");
                }
            }

            foreach (string name in names.Where(name => !module.Cmdlets.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal))))
            {
                problems.Add($"<command:name>{name}</command:name> names no cmdlet of the built module");
            }

            AssertNone(problems, $"{MamlFileName} does not cover the cmdlets one to one");
        }

        // ================================================================== what PowerShell makes of a cmdlet class

        private sealed class ExpectedSet
        {
            public ExpectedSet(string name, bool required, string position, bool byValue, bool byPropertyName)
            {
                Name = name;
                Required = required;
                Position = position;
                ByValue = byValue;
                ByPropertyName = byPropertyName;
            }

            /// <summary>The set as PowerShell names it (__AllParameterSets for a [Parameter] without a set).</summary>
            public string Name { get; }

            /// <summary>The set as the docs name it: "(All)" for every set.</summary>
            public string DocName => Name == AllParameterSets ? AllSetsInDocs : Name;

            public bool Required { get; }

            /// <summary>"Named" or the position, as the docs write it.</summary>
            public string Position { get; }

            public bool ByValue { get; }

            public bool ByPropertyName { get; }
        }

        private sealed class ExpectedParameter
        {
            public ExpectedParameter(string name, string typeName, IReadOnlyList<string> aliases, IReadOnlyList<string> acceptedValues, IReadOnlyList<ExpectedSet> sets, int order, string origin)
            {
                Name = name;
                TypeName = typeName;
                Aliases = aliases;
                AcceptedValues = acceptedValues;
                Sets = sets;
                Order = order;
                Origin = origin;
            }

            public string Name { get; }

            /// <summary>Full .NET name, e.g. System.String[].</summary>
            public string TypeName { get; }

            public IReadOnlyList<string> Aliases { get; }

            public IReadOnlyList<string> AcceptedValues { get; }

            public IReadOnlyList<ExpectedSet> Sets { get; }

            /// <summary>Where PowerShell's parameter metadata lists it; Get-Command -Syntax keeps this order within a group.</summary>
            public int Order { get; }

            /// <summary>For messages: the declaring class, or the common parameter group.</summary>
            public string Origin { get; }

            public bool IsSwitch => TypeName == SwitchType;

            /// <summary>The entry that applies in a set: the one naming it, else the one for all sets.</summary>
            public ExpectedSet? SetFor(string set) =>
                Sets.FirstOrDefault(s => string.Equals(s.Name, set, StringComparison.Ordinal)) ?? Sets.FirstOrDefault(s => s.Name == AllParameterSets);
        }

        /// <summary>
        /// The cmdlet's parameters as PowerShell builds them: its own [Parameter] properties (the class's first, then
        /// its base classes'), then -WhatIf and -Confirm for SupportsShouldProcess, then -IncludeTotalCount, -Skip and
        /// -First for SupportsPaging. The common parameters (-Verbose and the rest) are left out, as the docs leave them.
        /// </summary>
        private static IReadOnlyList<ExpectedParameter> ExpectedParameters(CmdletMetadata cmdlet)
        {
            var result = new List<ExpectedParameter>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (Type? type = cmdlet.Type; type != null; type = type.BaseType)
            {
                foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    CmdletParameter? parameter = cmdlet.Parameters.FirstOrDefault(p => p.Member.Name == property.Name);
                    if (parameter is null || !seen.Add(parameter.Name))
                    {
                        continue;
                    }

                    result.Add(new ExpectedParameter(
                        parameter.Name,
                        parameter.Type.FullName ?? parameter.Type.Name,
                        parameter.Aliases,
                        AcceptedValuesOf(parameter),
                        parameter.Attributes.Select(a => new ExpectedSet(a.SetName, a.Mandatory, a.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named", a.ValueFromPipeline, a.ValueFromPipelineByPropertyName)).ToList(),
                        result.Count,
                        parameter.DeclaredBy));
                }
            }

            // Fields and anything the walk above missed, so that nothing the cmdlet has goes unchecked.
            foreach (CmdletParameter parameter in cmdlet.Parameters.Where(p => !seen.Contains(p.Name)))
            {
                seen.Add(parameter.Name);
                result.Add(new ExpectedParameter(
                    parameter.Name,
                    parameter.Type.FullName ?? parameter.Type.Name,
                    parameter.Aliases,
                    AcceptedValuesOf(parameter),
                    parameter.Attributes.Select(a => new ExpectedSet(a.SetName, a.Mandatory, a.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named", a.ValueFromPipeline, a.ValueFromPipelineByPropertyName)).ToList(),
                    result.Count,
                    parameter.DeclaredBy));
            }

            if (cmdlet.SupportsShouldProcess)
            {
                result.Add(Builtin("WhatIf", SwitchType, "wi", result.Count, "SupportsShouldProcess"));
                result.Add(Builtin("Confirm", SwitchType, "cf", result.Count, "SupportsShouldProcess"));
            }

            if (cmdlet.SupportsPaging)
            {
                // System.Management.Automation.PagingParameters declares them in this order.
                result.Add(Builtin("IncludeTotalCount", SwitchType, null, result.Count, "SupportsPaging"));
                result.Add(Builtin("Skip", "System.UInt64", null, result.Count, "SupportsPaging"));
                result.Add(Builtin("First", "System.UInt64", null, result.Count, "SupportsPaging"));
            }

            return result;
        }

        private static ExpectedParameter Builtin(string name, string type, string? alias, int order, string origin) =>
            new ExpectedParameter(
                name,
                type,
                alias is null ? Array.Empty<string>() : new[] { alias },
                Array.Empty<string>(),
                new[] { new ExpectedSet(AllParameterSets, false, "Named", false, false) },
                order,
                origin);

        /// <summary>[ValidateSet] values in their order, else an enum's names in value order (what tab completion offers).</summary>
        private static IReadOnlyList<string> AcceptedValuesOf(CmdletParameter parameter)
        {
            CustomAttributeData? validateSet = BuiltModule.AttributesNamed(parameter.Member, "ValidateSet").FirstOrDefault();
            if (validateSet != null)
            {
                return BuiltModule.PositionalValues(validateSet).OfType<string>().ToList();
            }

            Type type = parameter.Type.IsArray ? parameter.Type.GetElementType()! : parameter.Type;
            if (type.IsEnum)
            {
                return type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(field => field.IsLiteral)
                    .OrderBy(field => Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture))
                    .Select(field => field.Name)
                    .ToList();
            }

            return Array.Empty<string>();
        }

        /// <summary>One parameter the way Get-Command -Syntax writes it, with the .NET type name (String, not string).</summary>
        private static string Render(ExpectedParameter parameter, ExpectedSet set)
        {
            bool positional = set.Position != "Named";
            if (parameter.IsSwitch)
            {
                return set.Required ? "-" + parameter.Name : "[-" + parameter.Name + "]";
            }

            string type = ShortTypeName(parameter.TypeName);
            if (positional)
            {
                return set.Required ? $"[-{parameter.Name}] <{type}>" : $"[[-{parameter.Name}] <{type}>]";
            }

            return set.Required ? $"-{parameter.Name} <{type}>" : $"[-{parameter.Name} <{type}>]";
        }

        private static string ShortTypeName(string fullName)
        {
            int dot = fullName.LastIndexOf('.', fullName.EndsWith("]", StringComparison.Ordinal) ? fullName.IndexOf('[') : fullName.Length - 1);
            return dot < 0 ? fullName : fullName.Substring(dot + 1);
        }

        /// <summary>Type names inside &lt;&gt; are compared case-insensitively: PowerShell 7 writes &lt;string&gt;, Get-Help &lt;String&gt;.</summary>
        private static string Normalize(string syntax) => syntax.ToLowerInvariant();

        // ================================================================== reading docs/

        private sealed class DocFile
        {
            public DocFile(string path, CommandHelp help)
            {
                Path = path;
                Help = help;
            }

            public string Path { get; }

            public string FileName => System.IO.Path.GetFileName(Path);

            public CommandHelp Help { get; }
        }

        private sealed class DocSet
        {
            public List<DocFile> Files { get; } = new List<DocFile>();
        }

        /// <summary>Every command-help file of docs/; files that do not follow the schema become problems.</summary>
        private static DocSet ReadDocs(List<string> problems)
        {
            var docs = new DocSet();
            if (!Directory.Exists(DocsFolder))
            {
                problems.Add($"no docs folder at '{DocsFolder}'");
                return docs;
            }

            foreach (string path in CommandHelpMarkdownReader.GetCommandHelpFiles(DocsFolder))
            {
                try
                {
                    docs.Files.Add(new DocFile(path, CommandHelpMarkdownReader.ReadFile(path)));
                }
                catch (CommandHelpFormatException ex)
                {
                    problems.Add($"{Path.GetFileName(path)} does not follow the command help schema:{NL}      " + string.Join(NL + "      ", ex.Errors.Select(e => e.ToString())));
                }
            }

            return docs;
        }

        /// <summary>Each cmdlet with its doc (docs/&lt;Name&gt;.md). A cmdlet without one is a problem here too, so no test passes on a missing doc.</summary>
        private IEnumerable<(CmdletMetadata Cmdlet, CommandHelp Help)> Pairs(List<string> problems)
        {
            DocSet docs = ReadDocs(problems);
            var pairs = new List<(CmdletMetadata, CommandHelp)>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                DocFile? doc = docs.Files.FirstOrDefault(d => string.Equals(d.Help.Name, cmdlet.Name, StringComparison.Ordinal));
                if (doc is null)
                {
                    problems.Add($"{cmdlet.Name}: no readable doc in docs/");
                    continue;
                }

                pairs.Add((cmdlet, doc.Help));
            }

            if (module.Cmdlets.Count == 0)
            {
                problems.Add($"the built module {ModuleFolder.DllPath} has no cmdlets");
            }

            return pairs;
        }

        // ================================================================== helpers

        private static string FirstDifference(string actual, string expected)
        {
            string[] a = actual.Split('\n');
            string[] e = expected.Split('\n');
            for (int i = 0; i < Math.Max(a.Length, e.Length); i++)
            {
                string left = i < a.Length ? a[i] : "<end of file>";
                string right = i < e.Length ? e[i] : "<end of file>";
                if (!string.Equals(left, right, StringComparison.Ordinal))
                {
                    return $" (first difference at line {i + 1}: shipped '{left.Trim()}', from docs '{right.Trim()}')";
                }
            }

            return string.Empty;
        }

        private static void AssertNone(IReadOnlyCollection<string> problems, string summary)
        {
            if (problems.Count > 0)
            {
                Assert.Fail($"{summary} ({problems.Count}):{NL}  - {string.Join(NL + "  - ", problems)}");
            }
        }

        private static string Lower(bool value) => value ? "true" : "false";

        private static string Join(IEnumerable<string> items) => string.Join(", ", items);

        private static string Quote(IEnumerable<string> items) => string.Join(", ", items.Select(i => "'" + i + "'"));
    }
}
