using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudflareCni
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects, and System.Text.Json's helpers ask
    /// for each other at differing versions. This answers the AppDomain's failed loads of the dependencies the module
    /// ships beside its DLL, with the shipped file, when that file's version is no lower than the one asked for.
    /// It answers nothing else: not other modules' requests (only those of the module and of the files it ships), not
    /// other files in the folder, not older versions than asked for. PowerShell 7 loads its own System.Text.Json, so
    /// nothing is registered there.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static IReadOnlyDictionary<string, ShippedAssembly>? shipped;
        private static int imports;

        internal static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            if (!IsNetFramework)
            {
                return;
            }

            lock (Gate)
            {
                // Each runspace that imports the module counts: the resolver stays until the last one removes it.
                imports++;
                if (shipped is null)
                {
                    string folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
                    shipped = ShippedDependencies(folder);
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveShippedDependency;
                }
            }

            ConfigureNetFrameworkNetworking();
        }

        /// <summary>
        /// A method of its own, not inlined, so that PowerShell 7 never compiles it and so never loads
        /// System.Net.Requests (where ServicePointManager lives) on import.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void ConfigureNetFrameworkNetworking()
        {
            // Windows PowerShell's defaults can still exclude TLS 1.2, which the Cloudflare API requires.
            System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;

            // .NET Framework allows 2 connections per host by default, which would cap piped lookups at 2 at a time.
            System.Net.ServicePointManager.DefaultConnectionLimit = Math.Max(System.Net.ServicePointManager.DefaultConnectionLimit, 64);
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                imports = Math.Max(0, imports - 1);
                if (shipped != null && imports == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= ResolveShippedDependency;
                    shipped = null;
                }
            }
        }

        /// <summary>The DLLs beside the module's own, by simple name, with the version each one is.</summary>
        internal static IReadOnlyDictionary<string, ShippedAssembly> ShippedDependencies(string folder)
        {
            var found = new Dictionary<string, ShippedAssembly>(StringComparer.OrdinalIgnoreCase);
            string self = typeof(ModuleInitializer).Assembly.GetName().Name ?? string.Empty;
            foreach (string path in Directory.GetFiles(folder, "*.dll"))
            {
                try
                {
                    AssemblyName name = AssemblyName.GetAssemblyName(path);
                    if (name.Name != null && !string.Equals(name.Name, self, StringComparison.OrdinalIgnoreCase))
                    {
                        found[name.Name] = new ShippedAssembly(path, name.Version ?? new Version(0, 0));
                    }
                }
                catch (BadImageFormatException)
                {
                    // Not an assembly: nothing to serve.
                }
            }

            return found;
        }

        /// <summary>
        /// The shipped file for a requested assembly, or null when the module does not ship it at that version or later,
        /// or when the request comes from an assembly that is neither the module nor one it ships (another module's, or
        /// an unknown requester), which must resolve its own dependencies.
        /// </summary>
        internal static string? Choose(IReadOnlyDictionary<string, ShippedAssembly> dependencies, string requestedName, string? requesterPath)
        {
            bool ours = requesterPath != null &&
                (string.Equals(requesterPath, typeof(ModuleInitializer).Assembly.Location, StringComparison.OrdinalIgnoreCase) ||
                 dependencies.Values.Any(d => string.Equals(d.Path, requesterPath, StringComparison.OrdinalIgnoreCase)));
            if (!ours)
            {
                return null;
            }

            AssemblyName requested;
            try
            {
                requested = new AssemblyName(requestedName);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
            {
                return null;
            }

            if (requested.Name is null || !dependencies.TryGetValue(requested.Name, out ShippedAssembly candidate))
            {
                return null;
            }

            return requested.Version is null || candidate.Version >= requested.Version ? candidate.Path : null;
        }

        private static Assembly? ResolveShippedDependency(object? sender, ResolveEventArgs args)
        {
            IReadOnlyDictionary<string, ShippedAssembly>? dependencies = shipped;
            string? requester = args.RequestingAssembly is Assembly requesting && !requesting.IsDynamic ? requesting.Location : null;
            string? path = dependencies is null ? null : Choose(dependencies, args.Name, requester);
            return path is null ? null : Assembly.LoadFrom(path);
        }

        internal readonly struct ShippedAssembly
        {
            public ShippedAssembly(string path, Version version)
            {
                Path = path;
                Version = version;
            }

            public string Path { get; }

            public Version Version { get; }
        }
    }
}
