using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CloudflareCni.Bench
{
    /// <summary>
    /// Makes (once, then reuses) a ReadyToRun copy of the repo's pwsh: the dotnet tool of .config/dotnet-tools.json ships
    /// its own assemblies as IL only, so every engine path would be JIT-compiled, unlike the official (precompiled)
    /// builds users run. Every IL-only assembly of the tool is compiled with crossgen2 (from NuGet, the version of the
    /// runtime this SDK carries) against the shared framework the copy will run on. The copy lives under
    /// bench/results/pwsh-r2r/, keyed by the pwsh, runtime and crossgen2 versions.
    /// </summary>
    internal static class ReadyToRunPwsh
    {
        public sealed record Result(string Directory, string PwshDll, string Version, int Compiled, int Failed, bool Reused);

        public static Result Ensure(BenchEnvironment env, Action<string> log)
        {
            string version = PwshToolVersion(env.RepoRoot);
            string toolDir = Path.Combine(env.NuGetPackageRoot, "powershell", version, "tools", "net10.0", "any", "unix");
            if (!File.Exists(Path.Combine(toolDir, "pwsh.dll")))
            {
                log("pwsh " + version + " not restored yet: running 'dotnet tool restore'.");
                Proc.RunChecked(env.DotnetHost, new[] { "tool", "restore" }, env.RepoRoot, TimeSpan.FromMinutes(5));
            }

            if (!File.Exists(Path.Combine(toolDir, "pwsh.dll")))
            {
                throw new BenchException("The repo's pwsh was not found at " + toolDir + " after 'dotnet tool restore'.");
            }

            string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
            string runtimeVersion = Path.GetFileName(runtimeDir);
            string key = $"{version}_rt{runtimeVersion}_cg{env.CrossgenVersion}";
            string outDir = Path.Combine(env.ResultsDir, "pwsh-r2r", key);
            string stamp = Path.Combine(outDir, ".complete.json");
            if (File.Exists(stamp))
            {
                var done = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(stamp))!;
                return new Result(outDir, Path.Combine(outDir, "pwsh.dll"), version, done["compiled"], done["failed"], true);
            }

            string crossgen = Path.Combine(env.NuGetPackageRoot, env.CrossgenPackage, env.CrossgenVersion, "tools", "crossgen2");
            if (!File.Exists(crossgen))
            {
                throw new BenchException($"crossgen2 was not found at {crossgen}: the bench project's restore downloads {env.CrossgenPackage} {env.CrossgenVersion}.");
            }

            log($"Making a ReadyToRun copy of pwsh {version} for runtime {runtimeVersion} (once; cached in {Relative(env, outDir)}) ...");
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }

            CopyDirectory(toolDir, outDir);
            string ilDir = Path.Combine(outDir, ".il");
            Directory.CreateDirectory(ilDir);
            var candidates = Directory.GetFiles(toolDir, "*.dll").Where(IsIlOnly).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToList();
            foreach (string name in candidates)
            {
                File.Copy(Path.Combine(toolDir, name), Path.Combine(ilDir, name));
            }

            int compiled = 0;
            int failed = 0;
            var watch = Stopwatch.StartNew();
            foreach (string name in candidates)
            {
                string target = Path.Combine(outDir, name);
                var args = new List<string>
                {
                    Path.Combine(ilDir, name), "-o", target, "-O", "--targetos:linux", "--targetarch:" + Arch(),
                    "-r", runtimeDir + "/*.dll", "-r", ilDir + "/*.dll",
                };
                File.Delete(target);
                Proc.Outcome outcome = Proc.Run(crossgen, args, outDir, TimeSpan.FromMinutes(10));
                if (outcome.ExitCode == 0 && File.Exists(target))
                {
                    compiled++;
                }
                else
                {
                    // Some assemblies (Windows-only, facades) cannot be compiled; the copy keeps their IL.
                    failed++;
                    File.Copy(Path.Combine(ilDir, name), target, overwrite: true);
                }
            }

            Directory.Delete(ilDir, recursive: true);
            File.WriteAllText(stamp, JsonSerializer.Serialize(new Dictionary<string, int> { ["compiled"] = compiled, ["failed"] = failed }));
            log($"  {compiled} assemblies compiled, {failed} kept as IL, in {watch.Elapsed.TotalSeconds:F0} s.");
            return new Result(outDir, Path.Combine(outDir, "pwsh.dll"), version, compiled, failed, false);
        }

        /// <summary>The version of the "powershell" tool in the repo's local tool manifest.</summary>
        public static string PwshToolVersion(string repoRoot)
        {
            using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, ".config", "dotnet-tools.json")));
            return manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()
                ?? throw new BenchException(".config/dotnet-tools.json names no powershell version.");
        }

        /// <summary>A managed assembly with IL only: no native code of its own and not ReadyToRun already.</summary>
        private static bool IsIlOnly(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new PEReader(stream);
                CorHeader? cor = reader.PEHeaders.CorHeader;
                return cor != null
                    && (cor.Flags & CorFlags.ILOnly) != 0
                    && cor.ManagedNativeHeaderDirectory.Size == 0
                    && reader.PEHeaders.IsDll;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        private static string Arch() => RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => throw new BenchException("No crossgen2 target for " + other),
        };

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            }

            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
            }
        }

        private static string Relative(BenchEnvironment env, string path) => Path.GetRelativePath(env.RepoRoot, path);
    }
}
