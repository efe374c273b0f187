using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudflareCni.Bench
{
    /// <summary>Where everything is: the repo, the module under test, the dotnet host, NuGet's packages, crossgen2.</summary>
    internal sealed class BenchEnvironment
    {
        public BenchEnvironment(string? modulePath)
        {
            var metadata = typeof(BenchEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .ToDictionary(a => a.Key, a => a.Value ?? "", StringComparer.Ordinal);
            RepoRoot = Path.GetFullPath(metadata["RepoRoot"]);
            NuGetPackageRoot = metadata["NuGetPackageRoot"];
            CrossgenPackage = metadata["CrossgenPackage"];
            CrossgenVersion = metadata["CrossgenVersion"];
            ResultsDir = Path.Combine(RepoRoot, "bench", "results");
            ScriptsDir = Path.Combine(RepoRoot, "bench", "scripts");
            RawModule = Path.Combine(AppContext.BaseDirectory, "CloudflareCni.Bench.Raw.dll");
            ModuleManifest = Manifest(modulePath ?? Path.Combine(RepoRoot, "out", "CloudflareCni"));
            DotnetHost = FindDotnetHost();
        }

        public string RepoRoot { get; }

        /// <summary>The manifest of a module given as its folder or its manifest.</summary>
        public static string Manifest(string module)
        {
            module = Path.GetFullPath(module);
            return module.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) ? module : Path.Combine(module, "CloudflareCni.psd1");
        }

        public string NuGetPackageRoot { get; }

        public string CrossgenPackage { get; }

        public string CrossgenVersion { get; }

        public string ResultsDir { get; }

        public string ScriptsDir { get; }

        public string RawModule { get; }

        public string ModuleManifest { get; }

        public string DotnetHost { get; }

        /// <summary>What every pwsh the bench starts gets: no telemetry, no update check, nothing that could redirect or authenticate its requests.</summary>
        public static IDictionary<string, string?> ChildEnvironment()
        {
            var env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
                ["POWERSHELL_UPDATECHECK"] = "Off",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["NO_COLOR"] = "1",
            };
            foreach (string name in Environment.GetEnvironmentVariables().Keys.OfType<string>())
            {
                string upper = name.ToUpperInvariant();
                if (upper.StartsWith("CLOUDFLARE_", StringComparison.Ordinal)
                    || upper is "HTTP_PROXY" or "HTTPS_PROXY" or "ALL_PROXY" or "NO_PROXY"
                    || upper.StartsWith("CLOUDFLARECNI_", StringComparison.Ordinal))
                {
                    env[name] = null;
                }
            }

            return env;
        }

        private static string FindDotnetHost()
        {
            string? fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
            {
                return fromCli;
            }

            // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
            string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
            string candidate = Path.Combine(Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..")), "dotnet");
            return File.Exists(candidate) ? candidate : "dotnet";
        }
    }
}
