using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CloudflareCni.Tests.Support;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>
    /// What PowerShell itself will hold the built module to, checked on out/CloudflareCni without running it: the
    /// DLL is read through a MetadataLoadContext. Each test gathers every offender before it fails, so that one run
    /// shows all of them.
    /// </summary>
    public sealed class ContractTests : IClassFixture<BuiltModule>
    {
        private const string Ns = "CloudflareCni.";
        private static readonly string NL = Environment.NewLine;

        /// <summary>Get-Verb in PowerShell 7 (100 verbs: Windows PowerShell 5.1's 98, plus Build and Deploy).</summary>
        private static readonly string[] ApprovedVerbsPowerShell7 =
        {
            // VerbsCommon
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
            "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show",
            "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",

            // VerbsCommunications
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",

            // VerbsData
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
            "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
            "Unpublish", "Update",

            // VerbsDiagnostic
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",

            // VerbsLifecycle
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",

            // VerbsSecurity
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",

            // VerbsOther
            "Use",
        };

        private static readonly string[] VerbClasses =
        {
            "VerbsCommon", "VerbsData", "VerbsLifecycle", "VerbsDiagnostic", "VerbsCommunications", "VerbsSecurity", "VerbsOther",
        };

        /// <summary>Verbs that change state: their cmdlets must support -WhatIf and -Confirm.</summary>
        private static readonly HashSet<string> StateChangingVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "New", "Set", "Remove", "Save", "Add", "Clear", "Update", "Start", "Stop", "Restart", "Reset", "Rename", "Move", "Copy",
            "Install", "Uninstall", "Publish", "Register", "Unregister", "Enable", "Disable",
        };

        private static readonly Dictionary<string, string> ExpectedConfirmImpact = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["New"] = "Medium",
            ["Set"] = "Medium",
            ["Save"] = "Medium",
            ["Remove"] = "High",
        };

        /// <summary>Every common parameter PowerShell adds to a cmdlet, with its alias.</summary>
        private static readonly (string Name, string Alias)[] CommonParameters =
        {
            ("Verbose", "vb"), ("Debug", "db"), ("ErrorAction", "ea"), ("WarningAction", "wa"), ("InformationAction", "infa"),
            ("ErrorVariable", "ev"), ("WarningVariable", "wv"), ("InformationVariable", "iv"), ("OutVariable", "ov"),
            ("OutBuffer", "ob"), ("PipelineVariable", "pv"), ("ProgressAction", "proga"),
        };

        private static readonly string[] ExpectedDependencies =
        {
            "Microsoft.Bcl.AsyncInterfaces.dll", "System.Buffers.dll", "System.Memory.dll", "System.Numerics.Vectors.dll",
            "System.Runtime.CompilerServices.Unsafe.dll", "System.Text.Encodings.Web.dll", "System.Text.Json.dll",
            "System.Threading.Tasks.Extensions.dll",
        };

        private static readonly string[] InterconnectInputs = { "Interconnect", "InterconnectStatus" };

        /// <summary>
        /// The objects each cmdlet is meant to take from the pipeline by property name (type short names in the
        /// CloudflareCni namespace; public subclasses count too). A cmdlet with a ValueFromPipelineByPropertyName
        /// parameter must be listed here.
        /// </summary>
        private static readonly Dictionary<string, string[]> PipelineInputTypes = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Get-CfInterconnect"] = InterconnectInputs,
            ["Get-CfInterconnectStatus"] = InterconnectInputs,
            ["Remove-CfInterconnect"] = InterconnectInputs,
            ["Save-CfInterconnectLoa"] = InterconnectInputs,
            ["Wait-CfInterconnect"] = InterconnectInputs,
            ["New-CfInterconnect"] = new[] { "CniSlot" },
            ["Get-CfCni"] = new[] { "Cni" },
            ["Remove-CfCni"] = new[] { "Cni" },
            ["Set-CfCni"] = new[] { "Cni" },
            ["New-CfCni"] = new[] { "Interconnect", "Cni" },
            ["Get-CfCniSlot"] = new[] { "CniSlot", "PhysicalInterconnect" },
            ["Set-CfCniSetting"] = new[] { "CniSettings" },
        };

        /// <summary>The property-to-parameter bindings the spec relies on: (cmdlet, input type, its property, the parameter it must bind).</summary>
        private static readonly (string Cmdlet, string Type, string Property, string Parameter)[] ExpectedPropertyBindings =
        {
            ("Get-CfInterconnect", "Interconnect", "Name", "Name"),
            ("Get-CfInterconnectStatus", "Interconnect", "Name", "Name"),
            ("Get-CfInterconnectStatus", "InterconnectStatus", "Name", "Name"),
            ("Remove-CfInterconnect", "Interconnect", "Name", "Name"),
            ("Save-CfInterconnectLoa", "PhysicalInterconnect", "Name", "Name"),
            ("Wait-CfInterconnect", "Interconnect", "Name", "Name"),
            ("Wait-CfInterconnect", "InterconnectStatus", "Name", "Name"),
            ("New-CfInterconnect", "CniSlot", "Id", "SlotId"),
            ("New-CfInterconnect", "CniSlot", "Speed", "Speed"),
            ("Get-CfCni", "Cni", "Id", "Id"),
            ("Remove-CfCni", "Cni", "Id", "Id"),
            ("Set-CfCni", "Cni", "Id", "Id"),
            ("New-CfCni", "Interconnect", "Name", "Interconnect"),
            ("New-CfCni", "Cni", "Interconnect", "Interconnect"),
            ("Get-CfCniSlot", "CniSlot", "Id", "Id"),
            ("Get-CfCniSlot", "PhysicalInterconnect", "SlotId", "Id"),
            ("Set-CfCniSetting", "CniSettings", "DefaultAsn", "DefaultAsn"),
        };

        /// <summary>PowerShell's type accelerators that a format file's script blocks are likely to use.</summary>
        private static readonly Dictionary<string, string> TypeAccelerators = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["string"] = "System.String", ["int"] = "System.Int32", ["long"] = "System.Int64", ["bool"] = "System.Boolean",
            ["double"] = "System.Double", ["decimal"] = "System.Decimal", ["datetime"] = "System.DateTime", ["timespan"] = "System.TimeSpan",
            ["guid"] = "System.Guid", ["uri"] = "System.Uri", ["array"] = "System.Array", ["object"] = "System.Object",
            ["hashtable"] = "System.Collections.Hashtable", ["char"] = "System.Char", ["byte"] = "System.Byte",
        };

        private readonly BuiltModule module;

        public ContractTests(BuiltModule module)
        {
            this.module = module;
        }

        // ================================================================== 1. names

        [Fact]
        public void Cmdlets_HaveCmdletAttribute_ApprovedVerb_CfNoun_AndConventionalClassAndFileName()
        {
            var problems = new List<string>();
            IReadOnlyList<CmdletMetadata> cmdlets = module.Cmdlets;
            if (cmdlets.Count == 0)
            {
                problems.Add($"{ModuleFolder.DllPath} has no public non-abstract class that derives from Cmdlet/PSCmdlet.");
            }

            HashSet<string> approved = ApprovedVerbs();
            foreach (CmdletMetadata cmdlet in cmdlets)
            {
                string type = cmdlet.Type.FullName ?? cmdlet.Type.Name;
                if (!cmdlet.HasCmdletAttribute)
                {
                    problems.Add($"{type}: a public cmdlet class without [Cmdlet]; PowerShell cannot export it.");
                    continue;
                }

                if (!approved.Contains(cmdlet.Verb))
                {
                    problems.Add($"{cmdlet.Name} ({type}): '{cmdlet.Verb}' is not an approved verb (Get-Verb); Import-Module warns about it.");
                }
                else if (!approved.Contains(cmdlet.Verb, StringComparer.Ordinal))
                {
                    problems.Add($"{cmdlet.Name} ({type}): the verb '{cmdlet.Verb}' is not spelled as Get-Verb spells it ('{approved.First(v => string.Equals(v, cmdlet.Verb, StringComparison.OrdinalIgnoreCase))}').");
                }

                if (!cmdlet.Noun.StartsWith("Cf", StringComparison.Ordinal) || cmdlet.Noun.Length <= 2)
                {
                    problems.Add($"{cmdlet.Name} ({type}): the noun '{cmdlet.Noun}' does not start with the module prefix 'Cf'.");
                }

                string expectedClass = cmdlet.Verb + cmdlet.Noun + "Command";
                if (!string.Equals(cmdlet.Type.Name, expectedClass, StringComparison.Ordinal))
                {
                    problems.Add($"{cmdlet.Name}: the class is {cmdlet.Type.Name}; expected {expectedClass}.");
                }

                string file = Path.Combine(ModuleFolder.CmdletSourceFolder, cmdlet.Type.Name + ".cs");
                if (!File.Exists(file))
                {
                    problems.Add($"{cmdlet.Name}: its class {cmdlet.Type.Name} is not in src/CloudflareCni/Cmdlets/{cmdlet.Type.Name}.cs.");
                }
                else if (!Regex.IsMatch(File.ReadAllText(file), @"\bclass\s+" + Regex.Escape(cmdlet.Type.Name) + @"\b"))
                {
                    problems.Add($"{cmdlet.Name}: src/CloudflareCni/Cmdlets/{cmdlet.Type.Name}.cs does not declare class {cmdlet.Type.Name}.");
                }
            }

            // A [Cmdlet] class that is not public (or is abstract) is silently not exported.
            foreach (Type type in module.AllTypes.Where(t => t.IsClass && BuiltModule.AttributesNamed(t, "Cmdlet").Any()))
            {
                if (!type.IsVisible || type.IsAbstract || !BuiltModule.IsCmdletClass(type))
                {
                    problems.Add($"{type.FullName} has [Cmdlet] but is {(type.IsVisible ? string.Empty : "not public, ")}{(type.IsAbstract ? "abstract, " : string.Empty)}{(BuiltModule.IsCmdletClass(type) ? string.Empty : "not derived from Cmdlet, ")}so PowerShell does not export it.");
                }
            }

            AssertNone(problems, "Cmdlet names break PowerShell's conventions");
        }

        [Fact]
        public void CmdletSourceFiles_HoldOneCmdletEach_AndEveryOneIsInTheBuiltDll()
        {
            var problems = new List<string>();
            var attribute = new Regex(@"\[\s*(?:System\.Management\.Automation\.)?Cmdlet(?:Attribute)?\s*\(");
            var classDeclaration = new Regex(@"\bclass\s+(\w+)");
            var built = new HashSet<string>(module.Cmdlets.Select(c => c.Type.Name), StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(ModuleFolder.CmdletSourceFolder, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(file);
                string relative = Path.GetRelativePath(ModuleFolder.RepoRoot, file).Replace('\\', '/');
                int count = attribute.Matches(text).Count;
                if (count > 1)
                {
                    problems.Add($"{relative} declares {count} cmdlets; one cmdlet per file.");
                }

                if (count >= 1)
                {
                    string expected = Path.GetFileNameWithoutExtension(file);
                    string[] classes = classDeclaration.Matches(text).Select(m => m.Groups[1].Value).ToArray();
                    if (!classes.Contains(expected, StringComparer.Ordinal))
                    {
                        problems.Add($"{relative} holds a cmdlet but no class named after the file ({expected}); classes: {string.Join(", ", classes)}.");
                    }
                    else if (!built.Contains(expected))
                    {
                        problems.Add($"{relative}: {expected} is not a public cmdlet class of the built {ModuleFolder.DllPath} (stale build, or not public).");
                    }
                }
            }

            AssertNone(problems, "Cmdlet source files break the one-cmdlet-per-file layout");
        }

        [Fact]
        public void EmbeddedApprovedVerbList_CoversEveryVerbOfThePowerShellStub()
        {
            var problems = new List<string>();
            var embedded = new HashSet<string>(ApprovedVerbsPowerShell7, StringComparer.Ordinal);
            int total = 0;
            foreach (string verbClass in VerbClasses)
            {
                IReadOnlyList<string> verbs = module.StringConstantsOf("System.Management.Automation." + verbClass);
                total += verbs.Count;
                problems.AddRange(verbs.Where(verb => !embedded.Contains(verb)).Select(verb => $"{verbClass}.{verb} is in the stub but not in the embedded Get-Verb list."));
            }

            if (total < 90)
            {
                problems.Add($"The stub's verb classes hold only {total} verbs; Windows PowerShell 5.1 has 98.");
            }

            AssertNone(problems, "The embedded approved-verb list disagrees with System.Management.Automation");
        }

        // ================================================================== 2. output types

        [Fact]
        public void Cmdlets_DeclareOutputTypes_ForRealParameterSets_AndPublicTypes()
        {
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                if (cmdlet.OutputTypes.Count == 0)
                {
                    problems.Add($"{cmdlet.Name}: no [OutputType].");
                    continue;
                }

                var realSets = new HashSet<string>(cmdlet.EffectiveSets, StringComparer.OrdinalIgnoreCase) { BuiltModule.AllParameterSets };
                foreach (OutputTypeMetadata output in cmdlet.OutputTypes)
                {
                    string described = string.Join(", ", output.Types.Select(t => t.Name).Concat(output.TypeNames));
                    foreach (string set in output.ParameterSetNames.Where(set => !realSets.Contains(set)))
                    {
                        problems.Add($"{cmdlet.Name}: [OutputType({described})] names parameter set '{set}', which the cmdlet does not have (sets: {string.Join(", ", cmdlet.EffectiveSets)}).");
                    }

                    foreach (Type type in output.Types.SelectMany(TypeAndArguments))
                    {
                        if (IsModuleType(type) && !type.IsVisible)
                        {
                            problems.Add($"{cmdlet.Name}: [OutputType] names {type.FullName}, which is not public in {ModuleFolder.DllPath}.");
                        }
                    }

                    foreach (string name in output.TypeNames.Where(name => name.StartsWith(Ns, StringComparison.Ordinal) && module.PublicType(name) is null))
                    {
                        problems.Add($"{cmdlet.Name}: [OutputType(\"{name}\")] names no public type of the module.");
                    }
                }

                // Every set should say what it writes, so that Get-Command -Syntax and tab completion after | know.
                foreach (string set in cmdlet.EffectiveSets.Where(set => !cmdlet.OutputTypes.Any(o => o.AppliesTo(set))))
                {
                    problems.Add($"{cmdlet.Name}: parameter set '{set}' has no [OutputType].");
                }
            }

            AssertNone(problems, "[OutputType] declarations are missing or wrong");
        }

        // ================================================================== 3. ShouldProcess

        [Fact]
        public void StateChangingCmdlets_SupportShouldProcess_WithTheExpectedConfirmImpact_AndRemoveHasForce()
        {
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets.Where(c => StateChangingVerbs.Contains(c.Verb)))
            {
                if (!cmdlet.SupportsShouldProcess)
                {
                    problems.Add($"{cmdlet.Name}: a state-changing verb without SupportsShouldProcess = true (no -WhatIf / -Confirm).");
                }

                if (ExpectedConfirmImpact.TryGetValue(cmdlet.Verb, out string? impact) && !string.Equals(cmdlet.ConfirmImpact, impact, StringComparison.Ordinal))
                {
                    problems.Add($"{cmdlet.Name}: ConfirmImpact is {cmdlet.ConfirmImpact}; expected {impact}.");
                }

                if (string.Equals(cmdlet.Verb, "Remove", StringComparison.OrdinalIgnoreCase))
                {
                    CmdletParameter? force = cmdlet.Parameter("Force");
                    if (force is null)
                    {
                        problems.Add($"{cmdlet.Name}: no -Force; with ConfirmImpact High it always prompts, and a script cannot skip the prompt.");
                    }
                    else if (!force.IsSwitch)
                    {
                        problems.Add($"{cmdlet.Name}: -Force is a {force.Type.FullName}, not a SwitchParameter.");
                    }
                }
            }

            AssertNone(problems, "State-changing cmdlets do not support -WhatIf/-Confirm as expected");
        }

        // ================================================================== 4. parameter sets

        [Fact]
        public void ParameterSets_AreUnambiguous_AndNamesAliasesPositionsAndPipelineInputAreUnique()
        {
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                string name = cmdlet.Name;
                IReadOnlyList<string> declared = cmdlet.DeclaredSets;
                if (declared.Count > 1)
                {
                    if (cmdlet.DefaultParameterSetName is null)
                    {
                        problems.Add($"{name}: {declared.Count} parameter sets ({string.Join(", ", declared)}) but no DefaultParameterSetName.");
                    }
                    else if (!declared.Contains(cmdlet.DefaultParameterSetName, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"{name}: DefaultParameterSetName '{cmdlet.DefaultParameterSetName}' is not a set any parameter declares ({string.Join(", ", declared)}).");
                    }
                }

                foreach (CmdletParameter parameter in cmdlet.Parameters)
                {
                    foreach (IGrouping<string, ParameterAttributeData> twice in parameter.Attributes.GroupBy(a => a.SetName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                    {
                        problems.Add($"{name}: -{parameter.Name} has {twice.Count()} [Parameter] attributes for set '{twice.Key}'.");
                    }
                }

                IReadOnlyList<string> sets = cmdlet.EffectiveSets;
                for (int i = 0; i < sets.Count; i++)
                {
                    for (int j = i + 1; j < sets.Count; j++)
                    {
                        string a = sets[i];
                        string b = sets[j];
                        var inA = new HashSet<string>(cmdlet.InSet(a).Select(m => m.Parameter.Name), StringComparer.OrdinalIgnoreCase);
                        var inB = new HashSet<string>(cmdlet.InSet(b).Select(m => m.Parameter.Name), StringComparer.OrdinalIgnoreCase);
                        if (inA.SetEquals(inB))
                        {
                            problems.Add($"{name}: sets '{a}' and '{b}' hold the same parameters ({Join(inA)}); nothing tells them apart.");
                        }

                        var mandatoryA = new HashSet<string>(cmdlet.InSet(a).Where(m => m.Attribute.Mandatory).Select(m => m.Parameter.Name), StringComparer.OrdinalIgnoreCase);
                        var mandatoryB = new HashSet<string>(cmdlet.InSet(b).Where(m => m.Attribute.Mandatory).Select(m => m.Parameter.Name), StringComparer.OrdinalIgnoreCase);
                        if (mandatoryA.SetEquals(mandatoryB) && !IsDefault(cmdlet, a) && !IsDefault(cmdlet, b))
                        {
                            problems.Add($"{name}: sets '{a}' and '{b}' have the same mandatory parameters ({Join(mandatoryA)}) and neither is the default: \"Parameter set cannot be resolved\" when only those are given.");
                        }
                    }
                }

                // Names and aliases, the common parameters' included, must be unique (PowerShell refuses the cmdlet otherwise).
                var owners = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                void Own(string key, string owner)
                {
                    if (!owners.TryGetValue(key, out List<string>? list))
                    {
                        owners[key] = list = new List<string>();
                    }

                    list.Add(owner);
                }

                foreach (CmdletParameter parameter in cmdlet.Parameters)
                {
                    string origin = parameter.DeclaredBy == cmdlet.Type.Name ? string.Empty : $" (inherited from {parameter.DeclaredBy})";
                    Own(parameter.Name, $"parameter -{parameter.Name}{origin}");
                    foreach (string alias in parameter.Aliases)
                    {
                        Own(alias, $"alias of -{parameter.Name}{origin}");
                    }
                }

                foreach ((string common, string alias) in CommonParameters)
                {
                    Own(common, $"common parameter -{common}");
                    Own(alias, $"alias of common parameter -{common}");
                }

                if (cmdlet.SupportsShouldProcess)
                {
                    Own("WhatIf", "-WhatIf (SupportsShouldProcess)");
                    Own("wi", "alias of -WhatIf (SupportsShouldProcess)");
                    Own("Confirm", "-Confirm (SupportsShouldProcess)");
                    Own("cf", "alias of -Confirm (SupportsShouldProcess)");
                }

                if (cmdlet.SupportsPaging)
                {
                    Own("First", "-First (SupportsPaging)");
                    Own("Skip", "-Skip (SupportsPaging)");
                    Own("IncludeTotalCount", "-IncludeTotalCount (SupportsPaging)");
                }

                foreach (KeyValuePair<string, List<string>> clash in owners.Where(o => o.Value.Count > 1).OrderBy(o => o.Key, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{name}: '{clash.Key}' is declared {clash.Value.Count} times: {string.Join("; ", clash.Value)}.");
                }

                foreach (string set in sets)
                {
                    var members = cmdlet.InSet(set);
                    foreach (IGrouping<int, (CmdletParameter Parameter, ParameterAttributeData Attribute)> position in members
                        .Where(m => m.Attribute.Position.HasValue)
                        .GroupBy(m => m.Attribute.Position!.Value)
                        .Where(g => g.Count() > 1))
                    {
                        problems.Add($"{name}: in set '{set}', position {position.Key} is taken by {Join(position.Select(m => "-" + m.Parameter.Name))}.");
                    }

                    var fromPipeline = members.Where(m => m.Attribute.ValueFromPipeline).Select(m => "-" + m.Parameter.Name).ToList();
                    if (fromPipeline.Count > 1)
                    {
                        problems.Add($"{name}: in set '{set}', {fromPipeline.Count} parameters take ValueFromPipeline ({Join(fromPipeline)}).");
                    }
                }
            }

            AssertNone(problems, "Parameter sets that PowerShell cannot resolve, or cmdlets it refuses to load");
        }

        // ================================================================== 5. pipeline

        [Fact]
        public void PipelineByPropertyName_ParametersMatchAPropertyOfTheirIntendedInputTypes()
        {
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in module.Cmdlets)
            {
                var byName = cmdlet.Parameters.Where(p => p.Attributes.Any(a => a.ValueFromPipelineByPropertyName)).ToList();
                if (byName.Count == 0)
                {
                    continue;
                }

                if (!PipelineInputTypes.TryGetValue(cmdlet.Name, out string[]? inputNames))
                {
                    problems.Add($"{cmdlet.Name}: takes {Join(byName.Select(p => "-" + p.Name))} by property name, but this test's PipelineInputTypes table does not say from which objects. Add it.");
                    continue;
                }

                List<Type> inputs = InputTypes(inputNames, problems, cmdlet.Name);
                foreach (CmdletParameter parameter in byName)
                {
                    bool matched = inputs.Any(type => PublicProperties(type).Any(property => parameter.Matches(property.Name)));
                    if (!matched)
                    {
                        problems.Add($"{cmdlet.Name}: -{parameter.Name} (names: {Join(parameter.Names)}) is ValueFromPipelineByPropertyName, but none of {Join(inputs.Select(t => t.Name))} has a property of those names.");
                    }
                }
            }

            foreach ((string cmdletName, string typeName, string propertyName, string parameterName) in ExpectedPropertyBindings)
            {
                string binding = $"{cmdletName}: {typeName}.{propertyName} -> -{parameterName}";
                CmdletMetadata? cmdlet = module.Cmdlets.FirstOrDefault(c => string.Equals(c.Name, cmdletName, StringComparison.OrdinalIgnoreCase));
                Type? type = module.PublicType(Ns + typeName);
                PropertyInfo? property = type is null ? null : PublicProperties(type).FirstOrDefault(p => string.Equals(p.Name, propertyName, StringComparison.OrdinalIgnoreCase));
                if (cmdlet is null || type is null || property is null)
                {
                    problems.Add($"{binding}: {(cmdlet is null ? "no such cmdlet" : type is null ? "no such public type" : "no such public property")}.");
                    continue;
                }

                var binds = cmdlet.Parameters.Where(p => p.Attributes.Any(a => a.ValueFromPipelineByPropertyName) && p.Matches(property.Name)).ToList();
                if (binds.Count == 0)
                {
                    problems.Add($"{binding}: no ValueFromPipelineByPropertyName parameter of {cmdletName} is named or aliased '{property.Name}'.");
                }
                else if (binds.Count > 1 || !string.Equals(binds[0].Name, parameterName, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{binding}: '{property.Name}' binds {Join(binds.Select(p => "-" + p.Name))} instead.");
                }
                else if (!Accepts(binds[0].Type, property.PropertyType))
                {
                    problems.Add($"{binding}: the property is a {property.PropertyType.Name}, the parameter a {binds[0].Type.Name}; it binds only by conversion.");
                }
            }

            AssertNone(problems, "Pipeline input by property name does not line up with the objects meant to be piped");
        }

        /// <summary>
        /// The five pipelines the spec promises. Each downstream parameter must bind without type conversion, for
        /// every concrete type the upstream cmdlet declares for the parameter set its arguments select.
        /// </summary>
        [Theory]
        [InlineData("Get-CfInterconnect | Get-CfInterconnectStatus", "Name")]
        [InlineData("Get-CfInterconnect | Remove-CfInterconnect", "Name")]
        [InlineData("Get-CfCniSlot | New-CfInterconnect -Type direct", "SlotId")]
        [InlineData("Get-CfCni -Id $id | Set-CfCni -Mtu 1400", "InputObject")]
        [InlineData("Get-CfCni | Remove-CfCni", "Id")]
        public void SpecPipelines_Bind(string pipeline, string expectedParameter)
        {
            var problems = new List<string>();
            string[] commands = pipeline.Split('|');
            Assert.True(commands.Length == 2, $"'{pipeline}' is not a two-command pipeline.");
            (string upstreamName, IReadOnlyList<string> upstreamArguments) = ParseCommand(commands[0]);
            (string downstreamName, IReadOnlyList<string> downstreamArguments) = ParseCommand(commands[1]);
            CmdletMetadata upstream = module.Cmdlet(upstreamName);
            CmdletMetadata downstream = module.Cmdlet(downstreamName);

            string? upstreamSet = ResolveSetFromCommandLine(upstream, upstreamArguments, out string? upstreamError);
            if (upstreamSet is null)
            {
                Assert.Fail($"{pipeline}: {upstreamError}");
                return;
            }

            var written = upstream.OutputTypes.Where(o => o.AppliesTo(upstreamSet)).SelectMany(o => o.Types).Where(IsModuleType).ToList();
            var concrete = written.SelectMany(t => t.IsAbstract ? module.PublicSubclassesOf(t).Where(s => !s.IsAbstract) : new[] { t })
                .Distinct()
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();
            if (concrete.Count == 0)
            {
                Assert.Fail($"{pipeline}: {upstreamName} declares no [OutputType] of the module for its set '{upstreamSet}', so there is nothing to pipe.");
            }

            foreach (Type piped in concrete)
            {
                PipelineBinding binding = SimulatePipelineBinding(downstream, downstreamArguments, piped);
                if (binding.Error != null)
                {
                    problems.Add($"{pipeline} with a {piped.Name}: {binding.Error}");
                }
                else if (!binding.FromPipeline.Contains(expectedParameter, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{pipeline} with a {piped.Name}: binds {Join(binding.Describe)} in set '{binding.Set}', not -{expectedParameter}.");
                }
            }

            AssertNone(problems, $"The pipeline {pipeline} does not bind as the spec says");
        }

        // ================================================================== 6. manifest

        [Fact]
        public void Manifest_DeclaresRootModuleEditionsVersionsGuidDescriptionAndTags()
        {
            var problems = new List<string>();
            Dictionary<string, object?> manifest = ReadManifest(ModuleFolder.ManifestPath);

            ExpectString(manifest, "RootModule", "CloudflareCni.dll", problems);
            ExpectString(manifest, "PowerShellVersion", "5.1", problems);

            List<string>? editions = StringList(manifest, "CompatiblePSEditions", problems);
            if (editions != null && !editions.ToHashSet(StringComparer.Ordinal).SetEquals(new[] { "Desktop", "Core" }))
            {
                problems.Add($"CompatiblePSEditions is @({Quote(editions)}); expected exactly 'Desktop', 'Core'.");
            }

            Version assemblyVersion = module.Module.GetName().Version ?? new Version(0, 0);
            string expectedVersion = $"{assemblyVersion.Major}.{assemblyVersion.Minor}.{Math.Max(assemblyVersion.Build, 0)}";
            if (!(manifest.TryGetValue("ModuleVersion", out object? version) && version is string moduleVersion))
            {
                problems.Add("ModuleVersion is missing or not a string.");
            }
            else if (!string.Equals(moduleVersion, expectedVersion, StringComparison.Ordinal))
            {
                problems.Add($"ModuleVersion is '{moduleVersion}' but CloudflareCni.dll is version {assemblyVersion} (expected '{expectedVersion}').");
            }

            if (!(manifest.TryGetValue("GUID", out object? guid) && guid is string guidText && Guid.TryParseExact(guidText, "D", out Guid parsed) && parsed != Guid.Empty))
            {
                problems.Add($"GUID is not a GUID: {Describe(manifest, "GUID")}.");
            }

            if (!(manifest.TryGetValue("Description", out object? description) && description is string text && text.Trim().Length > 0))
            {
                problems.Add($"Description is missing or empty: {Describe(manifest, "Description")}.");
            }

            object? tagsValue = manifest.TryGetValue("PrivateData", out object? privateData) && privateData is Dictionary<string, object?> privateTable
                && privateTable.TryGetValue("PSData", out object? psData) && psData is Dictionary<string, object?> psDataTable
                && psDataTable.TryGetValue("Tags", out object? tags) ? tags : null;
            List<string> tagList = tagsValue is List<object?> list ? list.OfType<string>().ToList() : tagsValue is string one ? new List<string> { one } : new List<string>();
            if (tagList.Count == 0)
            {
                problems.Add("PrivateData.PSData.Tags is missing or empty.");
            }

            foreach (string edition in new[] { "PSEdition_Desktop", "PSEdition_Core" }.Where(e => !tagList.Contains(e, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"PrivateData.PSData.Tags lacks {edition} (the PowerShell Gallery filters on it).");
            }

            foreach (string tag in tagList.Where(t => t.Any(char.IsWhiteSpace) || t.Length == 0))
            {
                problems.Add($"PrivateData.PSData.Tags has '{tag}': the PowerShell Gallery rejects tags with spaces.");
            }

            AssertNone(problems, $"{ModuleFolder.ManifestPath} is not as the module needs it");
        }

        [Fact]
        public void Manifest_ExportsExactlyTheDllsCmdlets_AndNothingElse()
        {
            var problems = new List<string>();
            Dictionary<string, object?> manifest = ReadManifest(ModuleFolder.ManifestPath);

            List<string>? exported = StringList(manifest, "CmdletsToExport", problems);
            var inDll = module.Cmdlets.Where(c => c.HasCmdletAttribute).Select(c => c.Name).ToList();
            if (exported != null)
            {
                foreach (string twice in exported.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
                {
                    problems.Add($"CmdletsToExport lists '{twice}' more than once.");
                }

                foreach (string missing in inDll.Where(c => !exported.Contains(c, StringComparer.Ordinal)))
                {
                    problems.Add($"CmdletsToExport lacks {missing}, a cmdlet of the DLL: users cannot run it.");
                }

                foreach (string extra in exported.Where(e => !inDll.Contains(e, StringComparer.Ordinal)))
                {
                    problems.Add($"CmdletsToExport lists '{extra}', which is not a cmdlet of the DLL (or is spelled differently).");
                }
            }

            foreach (string key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
            {
                if (!manifest.TryGetValue(key, out object? value))
                {
                    problems.Add($"{key} is absent: PowerShell then exports everything ('*') and module auto-loading must load the module to find out.");
                }
                else if (!(value is List<object?> items && items.Count == 0))
                {
                    problems.Add($"{key} is {Describe(manifest, key)}; expected an empty array @().");
                }
            }

            AssertNone(problems, $"{ModuleFolder.ManifestPath} exports the wrong commands");
        }

        [Fact]
        public void Manifest_FilesItNamesExistInTheModuleFolder_AndEveryFormatFileIsLoaded()
        {
            var problems = new List<string>();
            Dictionary<string, object?> manifest = ReadManifest(ModuleFolder.ManifestPath);
            foreach (string key in new[] { "RootModule", "FormatsToProcess", "TypesToProcess", "RequiredAssemblies", "NestedModules", "ScriptsToProcess", "FileList" })
            {
                if (!manifest.TryGetValue(key, out object? value))
                {
                    continue;
                }

                IEnumerable<string> files = value is List<object?> list ? list.OfType<string>() : value is string one ? new[] { one } : Enumerable.Empty<string>();
                foreach (string file in files.Where(f => !File.Exists(Path.Combine(ModuleFolder.Root, f.Replace('\\', Path.DirectorySeparatorChar)))))
                {
                    problems.Add($"{key} names '{file}', which is not in {ModuleFolder.Root}: Import-Module fails.");
                }
            }

            List<string>? formats = StringList(manifest, "FormatsToProcess", problems);
            foreach (string file in ModuleFolder.RelativeFiles().Where(f => f.EndsWith(".format.ps1xml", StringComparison.OrdinalIgnoreCase)))
            {
                if (formats is null || !formats.Any(f => string.Equals(f.Replace('\\', '/'), file, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{file} ships in the module folder but FormatsToProcess does not list it: its views never load.");
                }
            }

            AssertNone(problems, "The manifest and the module folder's files disagree");
        }

        [Fact]
        public void Manifest_InTheModuleFolder_IsTheRepositoryCopy()
        {
            Assert.True(File.Exists(ModuleFolder.ManifestPath), $"{ModuleFolder.ManifestPath} does not exist.");
            byte[] built = File.ReadAllBytes(ModuleFolder.ManifestPath);
            byte[] source = File.ReadAllBytes(ModuleFolder.SourceManifestPath);
            Assert.True(
                built.AsSpan().SequenceEqual(source),
                $"{ModuleFolder.ManifestPath} differs from {ModuleFolder.SourceManifestPath} ({built.Length} vs {source.Length} bytes): the module folder is stale; rebuild.");
        }

        // ================================================================== 7. format file

        [Fact]
        public void FormatFile_TypeNamesArePublicTypesOfTheDll()
        {
            var problems = new List<string>();
            foreach (FormatView view in ReadViews())
            {
                if (view.TypeNames.Count == 0)
                {
                    problems.Add($"View '{view.Name}': no <TypeName> under <ViewSelectedBy> (SelectionSetName is not supported by this check).");
                }

                foreach (string typeName in view.TypeNames.Where(t => ResolveViewType(t) is null))
                {
                    problems.Add($"View '{view.Name}': <TypeName>{typeName}</TypeName> is neither a public type of {ModuleFolder.ModuleName}.dll nor a base type of one; the view never applies.");
                }
            }

            AssertNone(problems, "Format views name types the module does not have");
        }

        [Fact]
        public void FormatFile_PropertyNamesAndScriptBlockPropertiesResolveOnTheViewsType()
        {
            var problems = new List<string>();
            foreach (FormatView view in ReadViews())
            {
                foreach (string typeName in view.TypeNames)
                {
                    Type? type = ResolveViewType(typeName);
                    if (type is null)
                    {
                        continue; // Reported by FormatFile_TypeNamesArePublicTypesOfTheDll.
                    }

                    List<Type> candidates = WithPublicSubclasses(type);
                    string searched = candidates.Count > 1
                        ? $"{type.Name}{(type.IsAbstract ? " (abstract)" : string.Empty)} or any of its public subclasses ({Join(candidates.Skip(1).Select(c => c.Name))})"
                        : type.Name;

                    foreach (string property in view.PropertyNames)
                    {
                        if (!candidates.Any(c => PublicProperties(c).Any(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))))
                        {
                            problems.Add($"View '{view.Name}': <PropertyName>{property}</PropertyName> is no public property of {searched}; the column stays empty.");
                        }
                    }

                    foreach (string script in view.ScriptBlocks)
                    {
                        problems.AddRange(CheckScriptBlock(script, candidates, searched).Select(p => $"View '{view.Name}': <ScriptBlock>{script.Trim()}</ScriptBlock>: {p}"));
                    }
                }
            }

            AssertNone(problems, "Format views read properties that the objects do not have");
        }

        [Fact]
        public void FormatFile_ViewNamesAreUnique_AndTablesHaveAsManyHeadersAsColumns()
        {
            var problems = new List<string>();
            List<FormatView> views = ReadViews();
            if (views.Count == 0)
            {
                problems.Add($"{ModuleFolder.FormatPath} defines no views.");
            }

            foreach (IGrouping<string, FormatView> twice in views.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add($"The view name '{twice.Key}' is used {twice.Count()} times.");
            }

            foreach (FormatView view in views.Where(v => string.IsNullOrWhiteSpace(v.Name)))
            {
                problems.Add($"A view for {Join(view.TypeNames)} has no <Name>.");
            }

            foreach (FormatView view in views)
            {
                foreach (XElement table in view.Element.Descendants("TableControl"))
                {
                    int headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").Count() ?? 0;
                    int entry = 0;
                    foreach (XElement row in table.Descendants("TableRowEntry"))
                    {
                        entry++;
                        int columns = row.Element("TableColumnItems")?.Elements("TableColumnItem").Count() ?? 0;
                        if (headers != 0 && columns != headers)
                        {
                            problems.Add($"View '{view.Name}': {headers} <TableColumnHeader> but {columns} <TableColumnItem> in row entry {entry}; Format-Table refuses the view.");
                        }
                    }

                    if (entry == 0)
                    {
                        problems.Add($"View '{view.Name}': a <TableControl> without <TableRowEntry>.");
                    }
                }
            }

            AssertNone(problems, "Format views are malformed");
        }

        // ================================================================== 8. module folder

        [Fact]
        public void ModuleFolder_HoldsExactlyTheExpectedFiles()
        {
            var problems = new List<string>();
            IReadOnlyList<string> files = ModuleFolder.RelativeFiles();
            var expected = new HashSet<string>(StringComparer.Ordinal)
            {
                "CloudflareCni.psd1", "CloudflareCni.dll", "CloudflareCni.format.ps1xml", "CloudflareCni.types.ps1xml",
            };
            foreach (string dependency in ExpectedDependencies)
            {
                expected.Add(dependency);
            }

            foreach (string missing in expected.Where(e => !files.Contains(e, StringComparer.Ordinal)).OrderBy(e => e, StringComparer.Ordinal))
            {
                problems.Add($"missing: {missing}");
            }

            foreach (string extra in files.Where(f => !expected.Contains(f) && !f.StartsWith("en-US/", StringComparison.Ordinal)))
            {
                problems.Add($"unexpected: {extra}");
            }

            if (!Directory.Exists(Path.Combine(ModuleFolder.Root, "en-US")))
            {
                problems.Add("missing: the en-US/ folder (where Get-Help looks for CloudflareCni.dll-Help.xml)");
            }

            AssertNone(problems, $"{ModuleFolder.Root} does not hold exactly the module's files (found: {Join(files)})");
        }

        [Fact]
        public void ModuleFolder_DoesNotShipThePowerShellStub()
        {
            var stubs = Directory.EnumerateFiles(ModuleFolder.Root, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).StartsWith("System.Management.Automation", StringComparison.OrdinalIgnoreCase)
                    || Path.GetFileName(f).StartsWith("Microsoft.PowerShell.", StringComparison.OrdinalIgnoreCase))
                .Select(f => Path.GetRelativePath(ModuleFolder.Root, f))
                .ToList();
            AssertNone(stubs, "The PowerShellStandard compile-time stub (or another PowerShell assembly) ships in the module folder; it shadows the host's real one");
        }

        [Fact]
        public void ModuleDll_TargetsNetStandard20_AndReferencesSystemTextJson800()
        {
            var problems = new List<string>();
            CustomAttributeData? framework = module.Module.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute");
            string? moniker = framework?.ConstructorArguments.FirstOrDefault().Value as string;
            if (moniker != ".NETStandard,Version=v2.0")
            {
                problems.Add($"TargetFrameworkAttribute is '{moniker ?? "(absent)"}'; expected '.NETStandard,Version=v2.0' (Windows PowerShell 5.1 runs on .NET Framework).");
            }

            var stj = module.Module.GetReferencedAssemblies().Where(r => r.Name == "System.Text.Json").ToList();
            if (stj.Count != 1)
            {
                problems.Add($"CloudflareCni.dll references System.Text.Json {stj.Count} times; expected once.");
            }

            foreach (AssemblyName reference in stj.Where(r => r.Version != new Version(8, 0, 0, 0)))
            {
                problems.Add($"CloudflareCni.dll references System.Text.Json {reference.Version}; expected exactly 8.0.0.0 (PowerShell 7.4 loads 8.0 first, and a higher reference cannot be satisfied there).");
            }

            string shippedPath = Path.Combine(ModuleFolder.Root, "System.Text.Json.dll");
            if (File.Exists(shippedPath))
            {
                Version? shipped = AssemblyName.GetAssemblyName(shippedPath).Version;
                if (shipped != new Version(8, 0, 0, 0))
                {
                    problems.Add($"System.Text.Json.dll is version {shipped}; expected 8.0.0.0, the version the DLL references.");
                }
            }

            foreach (AssemblyName reference in module.Module.GetReferencedAssemblies().Where(r => r.Name == "System.Management.Automation" && r.Version != null && r.Version.Major > 3))
            {
                problems.Add($"CloudflareCni.dll references System.Management.Automation {reference.Version}; Windows PowerShell 5.1 loads 3.0.0.0 (compile against PowerShellStandard.Library 5.1).");
            }

            AssertNone(problems, "CloudflareCni.dll does not target what PowerShell 5.1 and 7.4+ load");
        }

        [Fact]
        public void ModuleFolder_DependenciesCoverEveryAssemblyTheModuleNeedsOnWindowsPowerShell()
        {
            // On .NET Framework nothing but netstandard/mscorlib and the host's System.Management.Automation comes from
            // outside: every other reference of the DLL and of its helpers must be in Dependencies.
            var problems = new List<string>();
            var hostProvided = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "netstandard", "mscorlib", "System", "System.Core", "System.Management.Automation" };
            var shipped = ModuleFolder.DependencyFiles().ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.OrdinalIgnoreCase);

            var assemblies = new List<(string Name, Assembly Assembly)> { ("CloudflareCni.dll", module.Module) };
            foreach (KeyValuePair<string, string> dependency in shipped.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                assemblies.Add((Path.GetFileName(dependency.Value), module.Context.LoadFromAssemblyPath(dependency.Value)));
            }

            foreach ((string name, Assembly assembly) in assemblies)
            {
                foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
                {
                    string simple = reference.Name ?? string.Empty;
                    if (!hostProvided.Contains(simple) && !shipped.ContainsKey(simple))
                    {
                        problems.Add($"{name} references {reference.FullName}, which the module folder does not hold.");
                    }
                }
            }

            AssertNone(problems, "Assemblies the module needs on Windows PowerShell 5.1 are not shipped");
        }

        // ================================================================== 9. module initializer

        [Fact]
        public void ModuleInitializerAndCleanup_AreImplementedByOnePublicClass()
        {
            var problems = new List<string>();
            const string initializer = "System.Management.Automation.IModuleAssemblyInitializer";
            const string cleanup = "System.Management.Automation.IModuleAssemblyCleanup";
            var initializers = module.AllTypes.Where(t => t.IsClass && Implements(t, initializer)).ToList();
            var cleanups = module.AllTypes.Where(t => t.IsClass && Implements(t, cleanup)).ToList();

            if (initializers.Count != 1)
            {
                problems.Add($"{initializers.Count} classes implement IModuleAssemblyInitializer ({Join(initializers.Select(t => t.FullName ?? t.Name))}); expected one.");
            }

            if (cleanups.Count != 1)
            {
                problems.Add($"{cleanups.Count} classes implement IModuleAssemblyCleanup ({Join(cleanups.Select(t => t.FullName ?? t.Name))}); expected one.");
            }

            if (initializers.Count == 1 && cleanups.Count == 1 && initializers[0] != cleanups[0])
            {
                problems.Add($"IModuleAssemblyInitializer is {initializers[0].FullName} but IModuleAssemblyCleanup is {cleanups[0].FullName}: the handler registered on import must be removed by the same class.");
            }

            foreach (Type type in initializers.Concat(cleanups).Distinct())
            {
                if (!type.IsVisible)
                {
                    problems.Add($"{type.FullName} is not public: PowerShell only instantiates public initializer classes.");
                }

                if (type.IsAbstract)
                {
                    problems.Add($"{type.FullName} is abstract: PowerShell cannot instantiate it.");
                }

                if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null) is null)
                {
                    problems.Add($"{type.FullName} has no public parameterless constructor: PowerShell cannot instantiate it.");
                }
            }

            AssertNone(problems, "The module's import/remove hooks are not as PowerShell needs them");
        }

        // ================================================================== helpers: assertions

        private static void AssertNone(IReadOnlyCollection<string> problems, string summary)
        {
            if (problems.Count > 0)
            {
                Assert.Fail($"{summary} ({problems.Count}):{NL}  - {string.Join(NL + "  - ", problems)}");
            }
        }

        private static string Join(IEnumerable<string> items) => string.Join(", ", items);

        private static string Quote(IEnumerable<string> items) => string.Join(", ", items.Select(i => "'" + i + "'"));

        /// <summary>A command of a pipeline as text: its name and the names of the parameters it gives (values are skipped).</summary>
        private static (string Name, IReadOnlyList<string> Parameters) ParseCommand(string command)
        {
            string[] tokens = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var parameters = tokens.Skip(1)
                .Where(token => token.StartsWith("-", StringComparison.Ordinal))
                .Select(token => token.Substring(1).Split(':')[0])
                .ToList();
            return (tokens[0], parameters);
        }

        // ================================================================== helpers: types

        private HashSet<string> ApprovedVerbs()
        {
            var verbs = new HashSet<string>(ApprovedVerbsPowerShell7, StringComparer.OrdinalIgnoreCase);
            foreach (string verbClass in VerbClasses)
            {
                verbs.UnionWith(module.StringConstantsOf("System.Management.Automation." + verbClass));
            }

            return verbs;
        }

        private bool IsModuleType(Type type) =>
            string.Equals(type.Assembly.GetName().Name, module.Module.GetName().Name, StringComparison.Ordinal);

        /// <summary>A type with its element type and generic arguments, for checks on every type a signature names.</summary>
        private static IEnumerable<Type> TypeAndArguments(Type type)
        {
            yield return type;
            if (type.HasElementType && type.GetElementType() is Type element)
            {
                foreach (Type inner in TypeAndArguments(element))
                {
                    yield return inner;
                }
            }

            if (type.IsGenericType)
            {
                foreach (Type inner in type.GetGenericArguments().SelectMany(TypeAndArguments))
                {
                    yield return inner;
                }
            }
        }

        private static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);

        private static bool Implements(Type type, string interfaceName) =>
            type.GetInterfaces().Any(i => i.FullName == interfaceName);

        private List<Type> WithPublicSubclasses(Type type)
        {
            var types = new List<Type> { type };
            if (IsModuleType(type))
            {
                types.AddRange(module.PublicSubclassesOf(type));
            }

            return types;
        }

        private List<Type> InputTypes(IEnumerable<string> shortNames, List<string> problems, string cmdlet)
        {
            var types = new List<Type>();
            foreach (string shortName in shortNames)
            {
                Type? type = module.PublicType(Ns + shortName);
                if (type is null)
                {
                    problems.Add($"{cmdlet}: the intended input type {Ns}{shortName} is not a public type of the DLL.");
                    continue;
                }

                types.AddRange(WithPublicSubclasses(type));
            }

            return types.Distinct().ToList();
        }

        /// <summary>Binding without type conversion: the value is an instance of the parameter type, or of its element type for an array.</summary>
        private static bool Accepts(Type parameterType, Type valueType)
        {
            if (parameterType.FullName == "System.Object" || parameterType.IsAssignableFrom(valueType))
            {
                return true;
            }

            return parameterType.IsArray && parameterType.GetElementType() is Type element && element.IsAssignableFrom(valueType);
        }

        private static bool IsDefault(CmdletMetadata cmdlet, string set) =>
            string.Equals(cmdlet.DefaultParameterSetName, set, StringComparison.OrdinalIgnoreCase)
            || (cmdlet.DefaultParameterSetName is null && set == BuiltModule.AllParameterSets);

        // ================================================================== helpers: binding

        private sealed class PipelineBinding
        {
            public string? Set { get; set; }

            public List<string> FromPipeline { get; } = new List<string>();

            public List<string> Describe { get; } = new List<string>();

            public string? Error { get; set; }
        }

        /// <summary>The set PowerShell picks from named arguments alone: sets holding them all whose mandatory parameters they satisfy, the default first.</summary>
        private static string? ResolveSetFromCommandLine(CmdletMetadata cmdlet, IReadOnlyList<string> arguments, out string? error)
        {
            error = null;
            var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string argument in arguments)
            {
                CmdletParameter? parameter = cmdlet.Parameters.FirstOrDefault(p => p.Matches(argument));
                if (parameter is null)
                {
                    error = $"{cmdlet.Name} has no parameter -{argument}.";
                    return null;
                }

                bound.Add(parameter.Name);
            }

            var complete = cmdlet.EffectiveSets
                .Where(set => bound.All(b => cmdlet.Parameter(b)!.For(set) != null))
                .Where(set => cmdlet.InSet(set).Where(m => m.Attribute.Mandatory).All(m => bound.Contains(m.Parameter.Name)))
                .ToList();
            if (complete.Count == 1)
            {
                return complete[0];
            }

            string? chosen = complete.FirstOrDefault(set => IsDefault(cmdlet, set));
            if (chosen is null)
            {
                error = complete.Count == 0
                    ? $"{cmdlet.Name}{string.Concat(arguments.Select(a => " -" + a))}: no parameter set takes these arguments with its mandatory parameters bound."
                    : $"{cmdlet.Name}{string.Concat(arguments.Select(a => " -" + a))}: sets {Join(complete)} all fit and none is the default.";
            }

            return chosen;
        }

        /// <summary>
        /// PowerShell's pipeline binding without type conversion: the default set first; ValueFromPipeline, then
        /// ValueFromPipelineByPropertyName (name or alias, case-insensitive); then one set must remain whose mandatory
        /// parameters are all bound, or the default among several.
        /// </summary>
        private PipelineBinding SimulatePipelineBinding(CmdletMetadata cmdlet, IReadOnlyList<string> arguments, Type piped)
        {
            var commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string argument in arguments)
            {
                CmdletParameter? parameter = cmdlet.Parameters.FirstOrDefault(p => p.Matches(argument));
                if (parameter is null)
                {
                    return new PipelineBinding { Error = $"{cmdlet.Name} has no parameter -{argument}." };
                }

                commandLine.Add(parameter.Name);
            }

            var candidates = cmdlet.EffectiveSets.Where(set => commandLine.All(b => cmdlet.Parameter(b)!.For(set) != null)).ToList();
            if (candidates.Count == 0)
            {
                return new PipelineBinding { Error = $"no parameter set of {cmdlet.Name} holds {Join(commandLine.Select(c => "-" + c))}." };
            }

            string? defaultSet = candidates.FirstOrDefault(set => IsDefault(cmdlet, set));
            if (defaultSet != null && candidates.Count > 1)
            {
                PipelineBinding first = BindPipeline(cmdlet, new List<string> { defaultSet }, commandLine, piped);
                if (first.Error is null)
                {
                    return first;
                }
            }

            return BindPipeline(cmdlet, candidates, commandLine, piped);
        }

        private PipelineBinding BindPipeline(CmdletMetadata cmdlet, List<string> candidates, HashSet<string> commandLine, Type piped)
        {
            var result = new PipelineBinding();
            List<string> sets = candidates;
            foreach (CmdletParameter parameter in cmdlet.Parameters.Where(p => !commandLine.Contains(p.Name)))
            {
                var setsWith = sets.Where(set => parameter.For(set)?.ValueFromPipeline == true).ToList();
                if (setsWith.Count > 0 && Accepts(parameter.Type, piped))
                {
                    sets = setsWith;
                    result.FromPipeline.Add(parameter.Name);
                    result.Describe.Add($"the {piped.Name} itself -> -{parameter.Name}");
                }
            }

            foreach (CmdletParameter parameter in cmdlet.Parameters.Where(p => !commandLine.Contains(p.Name) && !result.FromPipeline.Contains(p.Name)))
            {
                var setsWith = sets.Where(set => parameter.For(set)?.ValueFromPipelineByPropertyName == true).ToList();
                PropertyInfo? property = PublicProperties(piped).FirstOrDefault(p => parameter.Matches(p.Name));
                if (setsWith.Count > 0 && property != null && Accepts(parameter.Type, property.PropertyType))
                {
                    sets = setsWith;
                    result.FromPipeline.Add(parameter.Name);
                    result.Describe.Add($"{piped.Name}.{property.Name} -> -{parameter.Name}");
                }
            }

            if (result.FromPipeline.Count == 0)
            {
                result.Error = $"nothing of a {piped.Name} binds to {cmdlet.Name} without conversion (sets tried: {Join(candidates)}).";
                return result;
            }

            var bound = new HashSet<string>(commandLine.Concat(result.FromPipeline), StringComparer.OrdinalIgnoreCase);
            var complete = sets.Where(set => cmdlet.InSet(set).Where(m => m.Attribute.Mandatory).All(m => bound.Contains(m.Parameter.Name))).ToList();
            if (complete.Count == 0)
            {
                string missing = Join(sets.Select(set => $"'{set}' needs {Join(cmdlet.InSet(set).Where(m => m.Attribute.Mandatory && !bound.Contains(m.Parameter.Name)).Select(m => "-" + m.Parameter.Name))}"));
                result.Error = $"binds {Join(result.Describe)}, but mandatory parameters stay unbound: {missing}.";
            }
            else if (complete.Count == 1)
            {
                result.Set = complete[0];
            }
            else
            {
                result.Set = complete.FirstOrDefault(set => IsDefault(cmdlet, set));
                if (result.Set is null)
                {
                    result.Error = $"binds {Join(result.Describe)}, but sets {Join(complete)} all remain and none is the default: \"Parameter set cannot be resolved\".";
                }
            }

            return result;
        }

        // ================================================================== helpers: manifest

        private static Dictionary<string, object?> ReadManifest(string path)
        {
            Assert.True(File.Exists(path), $"{path} does not exist.");
            try
            {
                return PowerShellDataFile.Parse(File.ReadAllText(path));
            }
            catch (FormatException ex)
            {
                Assert.Fail($"{path} is not a valid PowerShell data file: {ex.Message}");
                throw;
            }
        }

        private static void ExpectString(Dictionary<string, object?> manifest, string key, string expected, List<string> problems)
        {
            if (!(manifest.TryGetValue(key, out object? value) && value is string text && string.Equals(text, expected, StringComparison.Ordinal)))
            {
                problems.Add($"{key} is {Describe(manifest, key)}; expected '{expected}'.");
            }
        }

        /// <summary>An array of strings (a single string counts as a one-item array, as PowerShell reads it).</summary>
        private static List<string>? StringList(Dictionary<string, object?> manifest, string key, List<string> problems)
        {
            if (!manifest.TryGetValue(key, out object? value))
            {
                problems.Add($"{key} is absent.");
                return null;
            }

            if (value is string one)
            {
                return new List<string> { one };
            }

            if (value is List<object?> items && items.All(i => i is string))
            {
                return items.Cast<string>().ToList();
            }

            problems.Add($"{key} is {Describe(manifest, key)}; expected an array of strings.");
            return null;
        }

        private static string Describe(Dictionary<string, object?> manifest, string key)
        {
            if (!manifest.TryGetValue(key, out object? value))
            {
                return "absent";
            }

            return value switch
            {
                null => "$null",
                string text => $"'{text}'",
                List<object?> list => $"@({string.Join(", ", list.Select(i => i is string s ? $"'{s}'" : i?.ToString() ?? "$null"))})",
                Dictionary<string, object?> => "a hashtable",
                _ => value.ToString() ?? "?",
            };
        }

        // ================================================================== helpers: format file

        private sealed class FormatView
        {
            public FormatView(XElement element)
            {
                Element = element;
                Name = element.Element("Name")?.Value.Trim() ?? string.Empty;
                TypeNames = element.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToList() ?? new List<string>();

                // Everything under the control, GroupBy included.
                PropertyNames = element.Descendants("PropertyName").Select(p => p.Value.Trim()).ToList();
                ScriptBlocks = element.Descendants("ScriptBlock").Select(s => s.Value).ToList();
            }

            public XElement Element { get; }

            public string Name { get; }

            public List<string> TypeNames { get; }

            public List<string> PropertyNames { get; }

            public List<string> ScriptBlocks { get; }
        }

        private static List<FormatView> ReadViews()
        {
            Assert.True(File.Exists(ModuleFolder.FormatPath), $"{ModuleFolder.FormatPath} does not exist.");
            XDocument document = XDocument.Load(ModuleFolder.FormatPath);
            Assert.True(document.Root?.Name.LocalName == "Configuration", $"{ModuleFolder.FormatPath}: the root element is not <Configuration>.");
            return document.Root!.Elements("ViewDefinitions").Elements("View").Select(v => new FormatView(v)).ToList();
        }

        /// <summary>The type a view's TypeName selects: a public type of the DLL by full name, or a base type of one.</summary>
        private Type? ResolveViewType(string typeName)
        {
            string name = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring("Deserialized.".Length) : typeName;
            Type? type = module.PublicType(name);
            if (type != null)
            {
                return type;
            }

            foreach (Type candidate in module.PublicTypes)
            {
                for (Type? current = candidate.BaseType; current != null; current = current.BaseType)
                {
                    if (string.Equals(current.FullName, name, StringComparison.Ordinal))
                    {
                        return current;
                    }
                }
            }

            return null;
        }

        private Type? ResolveTypeLiteral(string literal)
        {
            string name = literal.Trim();
            if (TypeAccelerators.TryGetValue(name, out string? full))
            {
                name = full;
            }

            Type? type = module.PublicType(name) ?? module.Module.GetType(name, throwOnError: false);
            if (type != null)
            {
                return type.IsVisible ? type : null;
            }

            if (name.StartsWith(Ns, StringComparison.Ordinal))
            {
                return null;
            }

            foreach (Assembly assembly in module.Context.GetAssemblies())
            {
                Type? found = assembly.GetType(name, throwOnError: false) ?? assembly.GetType("System." + name, throwOnError: false);
                if (found != null)
                {
                    return found;
                }
            }

            return null;
        }

        private static readonly Regex PropertyPath = new Regex(@"\$(?:_|PSItem)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)(\s*\()?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex OperatorTypeLiteral = new Regex(@"-(?:is|isnot|as)\s*\[\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex ModuleTypeLiteral = new Regex(@"\[\s*(CloudflareCni\.[A-Za-z0-9_.]+)\s*\]", RegexOptions.CultureInvariant);

        /// <summary>Every $_.A.B path must resolve along public properties of the view's type or one of its public subclasses; every type literal must exist.</summary>
        private IEnumerable<string> CheckScriptBlock(string script, List<Type> candidates, string searched)
        {
            var literals = OperatorTypeLiteral.Matches(script).Select(m => m.Groups[1].Value)
                .Concat(ModuleTypeLiteral.Matches(script).Select(m => m.Groups[1].Value))
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (string literal in literals)
            {
                if (ResolveTypeLiteral(literal) is null)
                {
                    yield return $"the type [{literal}] does not exist (or is not public); the script block fails for every object.";
                }
            }

            foreach (Match match in PropertyPath.Matches(script))
            {
                string[] segments = match.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries);
                bool methodCall = match.Groups[2].Success;
                List<Type> current = candidates;
                string path = "$_";
                string? failure = null;
                for (int i = 0; i < segments.Length; i++)
                {
                    string segment = segments[i];
                    string where = i == 0 ? searched : Join(current.Select(t => t.Name).Distinct());
                    if (methodCall && i == segments.Length - 1)
                    {
                        if (!current.Any(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => string.Equals(m.Name, segment, StringComparison.OrdinalIgnoreCase))))
                        {
                            failure = $"{path}.{segment}(): no public method {segment} on {where}.";
                        }

                        break;
                    }

                    var next = new List<Type>();
                    foreach (Type type in current)
                    {
                        PropertyInfo? property = PublicProperties(type).FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
                        if (property != null)
                        {
                            next.AddRange(WithPublicSubclasses(Unwrap(property.PropertyType)));
                        }
                    }

                    if (next.Count == 0)
                    {
                        failure = $"{path}.{segment}: no public property {segment} on {where}.";
                        break;
                    }

                    path += "." + segment;
                    current = next.Distinct().ToList();
                }

                if (failure != null)
                {
                    yield return failure;
                }
            }
        }

        /// <summary>Member access goes through Nullable&lt;T&gt; and enumerates arrays, so $_.A.B on T[] or T? reads T.B.</summary>
        private static Type Unwrap(Type type)
        {
            if (type.IsArray && type.GetElementType() is Type element)
            {
                return Unwrap(element);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                return type.GetGenericArguments()[0];
            }

            return type;
        }
    }
}
