using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace CloudflareCni.Tests.Support
{
    /// <summary>Where the built module folder (out/CloudflareCni) and its inputs are, found from the test's own location.</summary>
    internal static class ModuleFolder
    {
        public const string ModuleName = "CloudflareCni";

        private static readonly Lazy<string> LazyRepoRoot = new Lazy<string>(FindRepoRoot);

        /// <summary>The folder that holds CloudflareCni.sln.</summary>
        public static string RepoRoot => LazyRepoRoot.Value;

        /// <summary>out/CloudflareCni: the folder Import-Module is given.</summary>
        public static string Root => Path.Combine(RepoRoot, "out", ModuleName);

        public static string DllPath => Path.Combine(Root, ModuleName + ".dll");

        public static string ManifestPath => Path.Combine(Root, ModuleName + ".psd1");

        public static string FormatPath => Path.Combine(Root, ModuleName + ".format.ps1xml");

        /// <summary>The assemblies shipped beside the module DLL (System.Text.Json and its helpers).</summary>
        public static string[] DependencyFiles() =>
            Directory.Exists(Root)
                ? Directory.GetFiles(Root, "*.dll").Where(f => !string.Equals(Path.GetFileName(f), ModuleName + ".dll", StringComparison.OrdinalIgnoreCase)).ToArray()
                : new string[0];

        /// <summary>The manifest as it is kept in the repository (the module folder gets a copy).</summary>
        public static string SourceManifestPath => Path.Combine(RepoRoot, ModuleName + ".psd1");

        public static string CmdletSourceFolder => Path.Combine(RepoRoot, "src", ModuleName, "Cmdlets");

        /// <summary>The NuGet package root: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
        public static string NuGetRoot
        {
            get
            {
                string? fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
                if (!string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    return fromEnvironment;
                }

                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }
        }

        /// <summary>The PowerShellStandard.Library compile-time stub of System.Management.Automation.</summary>
        public static string PowerShellStubPath =>
            Path.Combine(NuGetRoot, "powershellstandard.library", "5.1.0-preview-06", "lib", "netstandard2.0", "System.Management.Automation.dll");

        /// <summary>Every file in the module folder, relative to it, with '/' separators, sorted ordinally.</summary>
        public static IReadOnlyList<string> RelativeFiles()
        {
            return Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(file => file, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Fails with a message that says how to produce the folder when it is not there.</summary>
        public static void EnsureBuilt()
        {
            if (!File.Exists(DllPath))
            {
                throw new InvalidOperationException(
                    $"The built module is missing: '{DllPath}' does not exist. Build it first: dotnet build src/CloudflareCni (or build the test project).");
            }
        }

        private static string FindRepoRoot()
        {
            DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CloudflareCni.sln")))
                {
                    return folder.FullName;
                }

                folder = folder.Parent;
            }

            throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' contains CloudflareCni.sln.");
        }
    }

    /// <summary>
    /// The built CloudflareCni.dll, read through a MetadataLoadContext: its types are inspected, never run.
    /// One instance serves a whole test class (an xunit class fixture).
    /// </summary>
    public sealed class BuiltModule : IDisposable
    {
        public const string AllParameterSets = "__AllParameterSets";
        private const string Sma = "System.Management.Automation.";

        private readonly Lazy<IReadOnlyList<Type>> types;
        private readonly Lazy<IReadOnlyList<CmdletMetadata>> cmdlets;

        public BuiltModule()
        {
            ModuleFolder.EnsureBuilt();
            if (!File.Exists(ModuleFolder.PowerShellStubPath))
            {
                throw new InvalidOperationException($"The PowerShellStandard.Library stub is missing: '{ModuleFolder.PowerShellStubPath}'. Restore the test project first.");
            }

            // The module's own world first: its folder, its Dependencies, the PowerShell stub. The runtime's assemblies
            // fill in the rest (netstandard.dll and the framework), minus those the module ships itself, so that a
            // reference to System.Text.Json 8 resolves to the copy in Dependencies rather than the runtime's newer one.
            var paths = new List<string> { ModuleFolder.DllPath, ModuleFolder.PowerShellStubPath };
            paths.AddRange(ModuleFolder.DependencyFiles());

            var shipped = new HashSet<string>(paths.Select(Path.GetFileName).OfType<string>(), StringComparer.OrdinalIgnoreCase);
            paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(file => !shipped.Contains(Path.GetFileName(file))));

            Context = new MetadataLoadContext(new PathAssemblyResolver(paths), typeof(object).Assembly.GetName().Name);
            Module = Context.LoadFromAssemblyPath(ModuleFolder.DllPath);
            Stub = Context.LoadFromAssemblyPath(ModuleFolder.PowerShellStubPath);
            types = new Lazy<IReadOnlyList<Type>>(LoadTypes);
            cmdlets = new Lazy<IReadOnlyList<CmdletMetadata>>(() => PublicTypes
                .Where(type => type.IsClass && !type.IsAbstract && IsCmdletClass(type))
                .OrderBy(type => type.FullName, StringComparer.Ordinal)
                .Select(type => new CmdletMetadata(this, type))
                .ToList());
        }

        public MetadataLoadContext Context { get; }

        /// <summary>The built CloudflareCni.dll.</summary>
        public Assembly Module { get; }

        /// <summary>The PowerShellStandard stub of System.Management.Automation, as the module was compiled against it.</summary>
        public Assembly Stub { get; }

        /// <summary>Every type of the module, public or not.</summary>
        public IReadOnlyList<Type> AllTypes => types.Value;

        /// <summary>The module's types that PowerShell users can see (public, or nested public in public).</summary>
        public IEnumerable<Type> PublicTypes => AllTypes.Where(type => type.IsVisible);

        /// <summary>The public, non-abstract cmdlet classes.</summary>
        public IReadOnlyList<CmdletMetadata> Cmdlets => cmdlets.Value;

        public CmdletMetadata Cmdlet(string name) =>
            Cmdlets.SingleOrDefault(cmdlet => string.Equals(cmdlet.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"The built module has no cmdlet {name}; it has: {string.Join(", ", Cmdlets.Select(c => c.Name))}.");

        public Type StubType(string fullName) =>
            Stub.GetType(fullName, throwOnError: false) ?? throw new InvalidOperationException($"The PowerShell stub has no type {fullName}.");

        /// <summary>A public type of the module by full name, or null.</summary>
        public Type? PublicType(string fullName) =>
            PublicTypes.FirstOrDefault(type => string.Equals(type.FullName, fullName, StringComparison.Ordinal));

        /// <summary>The module's public types that derive from <paramref name="type"/> (directly or not).</summary>
        public IEnumerable<Type> PublicSubclassesOf(Type type) =>
            PublicTypes.Where(candidate => candidate != type && InheritsFrom(candidate, type));

        public static bool InheritsFrom(Type type, Type ancestor)
        {
            for (Type? current = type.BaseType; current != null; current = current.BaseType)
            {
                if (SameType(current, ancestor))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool SameType(Type a, Type b) =>
            a == b || (string.Equals(a.FullName, b.FullName, StringComparison.Ordinal) && string.Equals(a.Assembly.GetName().Name, b.Assembly.GetName().Name, StringComparison.Ordinal));

        /// <summary>True for classes that derive from System.Management.Automation.Cmdlet (PSCmdlet included).</summary>
        public static bool IsCmdletClass(Type type)
        {
            for (Type? current = type.BaseType; current != null; current = current.BaseType)
            {
                if (current.FullName == Sma + "Cmdlet")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The public static string constants of a stub type (VerbsCommon and the other verb classes).</summary>
        public IReadOnlyList<string> StringConstantsOf(string fullName) =>
            StubType(fullName).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && field.FieldType.FullName == "System.String")
                .Select(field => (string?)field.GetRawConstantValue())
                .OfType<string>()
                .ToList();

        /// <summary>The name of an enum member of the stub, for an attribute argument that holds its raw value.</summary>
        public string EnumName(Type enumType, object? rawValue)
        {
            foreach (FieldInfo field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.IsLiteral && Equals(Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture), Convert.ToInt64(rawValue, CultureInfo.InvariantCulture)))
                {
                    return field.Name;
                }
            }

            return Convert.ToString(rawValue, CultureInfo.InvariantCulture) ?? "null";
        }

        public void Dispose() => Context.Dispose();

        private IReadOnlyList<Type> LoadTypes()
        {
            try
            {
                return Module.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                string problems = string.Join(Environment.NewLine, ex.LoaderExceptions.Select(e => "  " + e?.Message).Distinct());
                throw new InvalidOperationException($"Some types of {ModuleFolder.DllPath} cannot be read:{Environment.NewLine}{problems}", ex);
            }
        }

        // ------------------------------------------------------------------ attribute reading

        internal static IEnumerable<CustomAttributeData> AttributesNamed(MemberInfo member, string shortName) =>
            member.GetCustomAttributesData().Where(attribute => attribute.AttributeType.FullName == Sma + shortName + "Attribute");

        internal static object? Named(CustomAttributeData attribute, string name)
        {
            foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name)
                {
                    return Unwrap(argument.TypedValue);
                }
            }

            return null;
        }

        /// <summary>A constructor's arguments, with a params array spread out.</summary>
        internal static IReadOnlyList<object?> PositionalValues(CustomAttributeData attribute)
        {
            var values = new List<object?>();
            foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
            {
                object? value = Unwrap(argument);
                if (value is IReadOnlyList<object?> list)
                {
                    values.AddRange(list);
                }
                else
                {
                    values.Add(value);
                }
            }

            return values;
        }

        private static object? Unwrap(CustomAttributeTypedArgument argument)
        {
            if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
            {
                return items.Select(Unwrap).ToList();
            }

            return argument.Value;
        }
    }

    /// <summary>One cmdlet class as PowerShell would see it: its [Cmdlet], [OutputType] and parameters.</summary>
    public sealed class CmdletMetadata
    {
        internal CmdletMetadata(BuiltModule module, Type type)
        {
            Type = type;
            CustomAttributeData? cmdlet = BuiltModule.AttributesNamed(type, "Cmdlet").FirstOrDefault();
            HasCmdletAttribute = cmdlet != null;
            if (cmdlet != null)
            {
                IReadOnlyList<object?> positional = BuiltModule.PositionalValues(cmdlet);
                Verb = positional.Count > 0 ? positional[0] as string ?? string.Empty : string.Empty;
                Noun = positional.Count > 1 ? positional[1] as string ?? string.Empty : string.Empty;
                DefaultParameterSetName = BuiltModule.Named(cmdlet, "DefaultParameterSetName") as string;
                SupportsShouldProcess = BuiltModule.Named(cmdlet, "SupportsShouldProcess") is bool ssp && ssp;
                SupportsPaging = BuiltModule.Named(cmdlet, "SupportsPaging") is bool paging && paging;
                object? impact = BuiltModule.Named(cmdlet, "ConfirmImpact");

                // CmdletAttribute.ConfirmImpact defaults to Medium.
                ConfirmImpact = impact is null ? "Medium" : module.EnumName(module.StubType("System.Management.Automation.ConfirmImpact"), impact);
            }

            OutputTypes = BuiltModule.AttributesNamed(type, "OutputType").Select(attribute => new OutputTypeMetadata(attribute)).ToList();

            var parameters = new List<CmdletParameter>();
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                CmdletParameter? parameter = CmdletParameter.From(property, property.PropertyType);
                if (parameter != null)
                {
                    parameters.Add(parameter);
                }
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                CmdletParameter? parameter = CmdletParameter.From(field, field.FieldType);
                if (parameter != null)
                {
                    parameters.Add(parameter);
                }
            }

            Parameters = parameters;
        }

        public Type Type { get; }

        public bool HasCmdletAttribute { get; }

        public string Verb { get; } = string.Empty;

        public string Noun { get; } = string.Empty;

        public string Name => Verb + "-" + Noun;

        public string? DefaultParameterSetName { get; }

        public bool SupportsShouldProcess { get; }

        public bool SupportsPaging { get; }

        /// <summary>The ConfirmImpact enum member's name: None, Low, Medium or High.</summary>
        public string ConfirmImpact { get; } = "Medium";

        public IReadOnlyList<OutputTypeMetadata> OutputTypes { get; }

        public IReadOnlyList<CmdletParameter> Parameters { get; }

        /// <summary>The parameter set names parameters declare (not __AllParameterSets).</summary>
        public IReadOnlyList<string> DeclaredSets =>
            Parameters.SelectMany(parameter => parameter.Attributes)
                .Select(attribute => attribute.SetName)
                .Where(set => set != BuiltModule.AllParameterSets)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(set => set, StringComparer.Ordinal)
                .ToList();

        /// <summary>The sets PowerShell would build: the declared ones and a default set named by the cmdlet, or the one all-sets set.</summary>
        public IReadOnlyList<string> EffectiveSets
        {
            get
            {
                var sets = DeclaredSets.ToList();
                if (DefaultParameterSetName != null && !sets.Contains(DefaultParameterSetName, StringComparer.OrdinalIgnoreCase))
                {
                    sets.Add(DefaultParameterSetName);
                }

                return sets.Count == 0 ? new[] { BuiltModule.AllParameterSets } : sets;
            }
        }

        /// <summary>The parameters in a set, each with the [Parameter] that applies to it there.</summary>
        public IReadOnlyList<(CmdletParameter Parameter, ParameterAttributeData Attribute)> InSet(string set)
        {
            var members = new List<(CmdletParameter, ParameterAttributeData)>();
            foreach (CmdletParameter parameter in Parameters)
            {
                ParameterAttributeData? attribute = parameter.For(set);
                if (attribute != null)
                {
                    members.Add((parameter, attribute));
                }
            }

            return members;
        }

        public CmdletParameter? Parameter(string name) =>
            Parameters.FirstOrDefault(parameter => string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Name;
    }

    public sealed class CmdletParameter
    {
        private CmdletParameter(MemberInfo member, Type type, IReadOnlyList<ParameterAttributeData> attributes, IReadOnlyList<string> aliases)
        {
            Member = member;
            Type = type;
            Attributes = attributes;
            Aliases = aliases;
        }

        public MemberInfo Member { get; }

        public string Name => Member.Name;

        public Type Type { get; }

        /// <summary>The declaring class, for messages: inherited parameters say where they come from.</summary>
        public string DeclaredBy => Member.DeclaringType?.Name ?? "?";

        public IReadOnlyList<ParameterAttributeData> Attributes { get; }

        public IReadOnlyList<string> Aliases { get; }

        /// <summary>The name and every alias.</summary>
        public IEnumerable<string> Names => new[] { Name }.Concat(Aliases);

        public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";

        /// <summary>The [Parameter] that applies in a set: the one naming it, else the one for all sets.</summary>
        public ParameterAttributeData? For(string set) =>
            Attributes.FirstOrDefault(attribute => string.Equals(attribute.SetName, set, StringComparison.OrdinalIgnoreCase))
            ?? Attributes.FirstOrDefault(attribute => attribute.SetName == BuiltModule.AllParameterSets);

        public bool Matches(string name) => Names.Any(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Name;

        internal static CmdletParameter? From(MemberInfo member, Type type)
        {
            var attributes = BuiltModule.AttributesNamed(member, "Parameter").Select(attribute => new ParameterAttributeData(attribute)).ToList();
            if (attributes.Count == 0)
            {
                return null;
            }

            var aliases = BuiltModule.AttributesNamed(member, "Alias")
                .SelectMany(BuiltModule.PositionalValues)
                .OfType<string>()
                .ToList();
            return new CmdletParameter(member, type, attributes, aliases);
        }
    }

    public sealed class ParameterAttributeData
    {
        internal ParameterAttributeData(CustomAttributeData attribute)
        {
            SetName = BuiltModule.Named(attribute, "ParameterSetName") as string ?? BuiltModule.AllParameterSets;
            Mandatory = BuiltModule.Named(attribute, "Mandatory") is bool mandatory && mandatory;
            object? position = BuiltModule.Named(attribute, "Position");
            Position = position is int value && value != int.MinValue ? value : (int?)null;
            ValueFromPipeline = BuiltModule.Named(attribute, "ValueFromPipeline") is bool vfp && vfp;
            ValueFromPipelineByPropertyName = BuiltModule.Named(attribute, "ValueFromPipelineByPropertyName") is bool vfpbpn && vfpbpn;
        }

        public string SetName { get; }

        public bool Mandatory { get; }

        public int? Position { get; }

        public bool ValueFromPipeline { get; }

        public bool ValueFromPipelineByPropertyName { get; }
    }

    public sealed class OutputTypeMetadata
    {
        internal OutputTypeMetadata(CustomAttributeData attribute)
        {
            var typesNamed = new List<Type>();
            var names = new List<string>();
            foreach (object? value in BuiltModule.PositionalValues(attribute))
            {
                if (value is Type type)
                {
                    typesNamed.Add(type);
                }
                else if (value is string name)
                {
                    names.Add(name);
                }
            }

            Types = typesNamed;
            TypeNames = names;
            object? sets = BuiltModule.Named(attribute, "ParameterSetName");
            ParameterSetNames = sets is IReadOnlyList<object?> list ? list.OfType<string>().ToList() : new List<string>();
        }

        public IReadOnlyList<Type> Types { get; }

        /// <summary>Types given by name ([OutputType("Some.Type")]).</summary>
        public IReadOnlyList<string> TypeNames { get; }

        /// <summary>Empty when the attribute applies to every set.</summary>
        public IReadOnlyList<string> ParameterSetNames { get; }

        public bool AppliesTo(string set) =>
            ParameterSetNames.Count == 0
            || ParameterSetNames.Any(name => string.Equals(name, set, StringComparison.OrdinalIgnoreCase) || name == BuiltModule.AllParameterSets);
    }

    /// <summary>
    /// Reads a PowerShell data file (.psd1) the way Import-PowerShellDataFile would for a module manifest: a hashtable
    /// literal of quoted strings, @() arrays, nested @{}, numbers and $true/$false/$null, with # and &lt;# #&gt; comments.
    /// Keys are case-insensitive. Arrays come back as List&lt;object?&gt;, hashtables as Dictionary&lt;string, object?&gt;.
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        private readonly string text;
        private int position;

        private PowerShellDataFile(string text)
        {
            this.text = text;
        }

        public static Dictionary<string, object?> Parse(string text)
        {
            var reader = new PowerShellDataFile(text);
            reader.SkipTrivia(newlines: true);
            if (!reader.At("@{"))
            {
                throw reader.Error("a data file must hold one hashtable literal, @{ ... }");
            }

            Dictionary<string, object?> result = reader.ReadHashtable();
            reader.SkipTrivia(newlines: true);
            if (reader.position < reader.text.Length)
            {
                throw reader.Error("unexpected text after the hashtable");
            }

            return result;
        }

        private bool At(string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;

        private char Current => position < text.Length ? text[position] : '\0';

        private FormatException Error(string message)
        {
            int line = 1 + text.Take(Math.Min(position, text.Length)).Count(c => c == '\n');
            return new FormatException($"psd1 line {line}: {message}.");
        }

        private void SkipTrivia(bool newlines)
        {
            while (position < text.Length)
            {
                char c = text[position];
                if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
                {
                    position++;
                }
                else if (At("<#"))
                {
                    int end = text.IndexOf("#>", position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error("unterminated <# comment");
                    }

                    position = end + 2;
                }
                else if (c == '#')
                {
                    while (position < text.Length && text[position] != '\n')
                    {
                        position++;
                    }
                }
                else if (c == '`' && position + 1 < text.Length && (text[position + 1] == '\n' || text[position + 1] == '\r'))
                {
                    // Line continuation.
                    position++;
                    while (position < text.Length && (text[position] == '\r' || text[position] == '\n'))
                    {
                        position++;
                    }
                }
                else
                {
                    break;
                }
            }
        }

        private Dictionary<string, object?> ReadHashtable()
        {
            position += 2; // @{
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSeparators(';');
                if (Current == '}')
                {
                    position++;
                    return table;
                }

                if (position >= text.Length)
                {
                    throw Error("unterminated hashtable");
                }

                string key = Current == '\'' || Current == '"' ? (string)ReadString() : ReadBareWord();
                SkipTrivia(newlines: false);
                if (Current != '=')
                {
                    throw Error($"expected '=' after key '{key}'");
                }

                position++;
                SkipTrivia(newlines: true);
                object? value = ReadValue();
                SkipTrivia(newlines: false);
                if (Current == ',')
                {
                    // A bare comma list: Key = 'a', 'b'.
                    var list = new List<object?> { value };
                    while (Current == ',')
                    {
                        position++;
                        SkipTrivia(newlines: true);
                        list.Add(ReadValue());
                        SkipTrivia(newlines: false);
                    }

                    value = list;
                }

                if (table.ContainsKey(key))
                {
                    throw Error($"duplicate key '{key}'");
                }

                table[key] = value;
                if (Current != '\n' && Current != ';' && Current != '}' && position < text.Length)
                {
                    throw Error($"expected a new line, ';' or '}}' after the value of '{key}'");
                }
            }
        }

        private void SkipSeparators(char separator)
        {
            while (true)
            {
                SkipTrivia(newlines: true);
                if (Current == separator)
                {
                    position++;
                    continue;
                }

                return;
            }
        }

        private List<object?> ReadArray()
        {
            position += 2; // @(
            var items = new List<object?>();
            while (true)
            {
                SkipSeparators(',');
                if (Current == ')')
                {
                    position++;
                    return items;
                }

                if (position >= text.Length)
                {
                    throw Error("unterminated @( array");
                }

                items.Add(ReadValue());
                SkipTrivia(newlines: false);
                if (Current == ';')
                {
                    position++;
                }
            }
        }

        private object? ReadValue()
        {
            if (At("@{"))
            {
                return ReadHashtable();
            }

            if (At("@("))
            {
                return ReadArray();
            }

            if (Current == '\'' || Current == '"')
            {
                return ReadString();
            }

            if (Current == '$')
            {
                string word = ReadBareWord(skipDollar: true);
                switch (word.ToLowerInvariant())
                {
                    case "true": return true;
                    case "false": return false;
                    case "null": return null;
                    default: throw Error($"variables are not allowed in a data file: ${word}");
                }
            }

            if (char.IsDigit(Current) || Current == '-' || Current == '.')
            {
                // Numbers are kept as their literal text: the checks compare versions, not arithmetic.
                int start = position;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '.' || text[position] == '-'))
                {
                    position++;
                }

                return text.Substring(start, position - start);
            }

            throw Error($"unexpected character '{Current}'");
        }

        private string ReadBareWord(bool skipDollar = false)
        {
            if (skipDollar)
            {
                position++;
            }

            int start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_' || text[position] == '-' || text[position] == '.'))
            {
                position++;
            }

            if (start == position)
            {
                throw Error($"expected a key or a word, found '{Current}'");
            }

            return text.Substring(start, position - start);
        }

        private object ReadString()
        {
            char quote = Current;
            position++;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = text[position];
                if (c == quote)
                {
                    if (position + 1 < text.Length && text[position + 1] == quote)
                    {
                        value.Append(quote);
                        position += 2;
                        continue;
                    }

                    position++;
                    return value.ToString();
                }

                if (quote == '"' && c == '$')
                {
                    throw Error("double-quoted strings with $ expansion are not allowed in a data file");
                }

                if (quote == '"' && c == '`' && position + 1 < text.Length)
                {
                    char escaped = text[position + 1];
                    value.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => escaped });
                    position += 2;
                    continue;
                }

                value.Append(c);
                position++;
            }
        }
    }
}
