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
    /// <summary>The types file names real types, its scripts name real properties, and it loads.</summary>
    public sealed class TypesFileContractTests : IClassFixture<BuiltModule>
    {
        private readonly BuiltModule module;

        public TypesFileContractTests(BuiltModule module)
        {
            this.module = module;
        }

        private static string TypesPath => Path.Combine(ModuleFolder.Root, "CloudflareCni.types.ps1xml");

        [Fact]
        public void TheManifestLoadsTheTypesFile()
        {
            string manifest = File.ReadAllText(ModuleFolder.ManifestPath);

            Assert.Matches(@"TypesToProcess\s*=\s*@\(\s*'CloudflareCni\.types\.ps1xml'\s*\)", manifest);
            Assert.True(File.Exists(TypesPath), TypesPath + " is missing: Import-Module would fail.");
        }

        [Fact]
        public void EveryTypeAndEveryScriptReferenceExists_AndNoMemberShadowsARealProperty()
        {
            var problems = new List<string>();
            XDocument types = XDocument.Load(TypesPath);
            foreach (XElement type in types.Root!.Elements("Type"))
            {
                string name = (string)type.Element("Name")!;
                Type? target = module.PublicType(name);
                if (target is null)
                {
                    problems.Add($"{name}: no such public type in the module");
                    continue;
                }

                Type[] candidates = new[] { target }.Concat(module.PublicSubclassesOf(target)).ToArray();
                foreach (XElement member in type.Element("Members")!.Elements("ScriptProperty"))
                {
                    string memberName = (string)member.Element("Name")!;
                    if (candidates.Any(c => c.GetProperty(memberName) != null))
                    {
                        problems.Add($"{name}.{memberName}: a real property already has that name; Import-Module would fail");
                    }

                    string script = (string)member.Element("GetScriptBlock")!;
                    foreach (Match reference in Regex.Matches(script, @"\$this((?:\.[A-Za-z_][A-Za-z0-9_]*)+)"))
                    {
                        string[] path = reference.Groups[1].Value.TrimStart('.').Split('.');
                        if (!candidates.Any(c => Resolves(c, path)))
                        {
                            problems.Add($"{name}.{memberName}: $this.{string.Join(".", path)} names no property of {name} or its subclasses");
                        }
                    }

                    foreach (Match typeLiteral in Regex.Matches(script, @"\[([A-Za-z][A-Za-z0-9_.]*)\]"))
                    {
                        string literal = typeLiteral.Groups[1].Value;
                        if (literal.StartsWith("CloudflareCni.", StringComparison.Ordinal) && module.PublicType(literal) is null)
                        {
                            problems.Add($"{name}.{memberName}: [{literal}] is not a public type of the module");
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        private static bool Resolves(Type type, IReadOnlyList<string> path)
        {
            Type current = type;
            foreach (string step in path)
            {
                PropertyInfo? property = current.GetProperty(step, BindingFlags.Public | BindingFlags.Instance);
                if (property is null)
                {
                    return false;
                }

                current = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            }

            return true;
        }
    }
}
