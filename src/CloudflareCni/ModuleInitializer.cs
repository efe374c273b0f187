using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudflareCni
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects, and System.Text.Json's helpers ask
    /// for each other at differing versions. This serves any version of an assembly the module ships from the
    /// module's own folder, where they sit beside the module DLL (so that plain probing finds them first). PowerShell 7
    /// loads its own System.Text.Json, so nothing is registered there.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyFolder =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        private static bool registered;

        internal static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            if (IsNetFramework && !registered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
                registered = true;

                // Windows PowerShell's defaults can still exclude TLS 1.2, which the Cloudflare API requires.
                System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (registered)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleFolder;
                registered = false;
            }
        }

        /// <summary>The file in the module folder for a requested assembly name, whatever version was asked for.</summary>
        internal static string? FindDependency(string folder, string assemblyName)
        {
            string simpleName = new AssemblyName(assemblyName).Name ?? string.Empty;
            if (simpleName.Length == 0 || simpleName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                return null;
            }

            string candidate = Path.Combine(folder, simpleName + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }

        private static Assembly? ResolveFromModuleFolder(object? sender, ResolveEventArgs args)
        {
            string? path = FindDependency(DependencyFolder, args.Name);
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}
