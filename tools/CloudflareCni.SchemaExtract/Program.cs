// CloudflareCni.SchemaExtract --from <openapi.yaml> [--from <more.yaml>] [--source-commit <sha>] [--out <contract.json>]
//                             [--pinned <contract.json>] [--diff | --check | --test]
//
// Writes the contract the tests check the module against (tests/Contract/cloudflare-api-contract.json): the facts of
// every operation under the module's path prefixes, from Cloudflare's openapi.yaml (or extracts of it), sorted, so that
// an update is a clean diff. --diff names what changed against the pinned contract without writing it; --check fails
// when the pinned contract is not what the inputs give; --test runs the xunit contract tests against the inputs.
// Exit codes: 0 done (for --check: up to date), 1 --check found changes or --test failed, 2 usage or input error.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace CloudflareCni.SchemaExtract
{
    internal static class Program
    {
        internal const int ExitOk = 0;
        internal const int ExitChanged = 1;
        internal const int ExitUsage = 2;

        /// <summary>Points the contract tests at another contract file than the pinned one.</summary>
        internal const string ContractVariable = "CLOUDFLARECNI_CONTRACT";

        internal const string PinnedRelativePath = "tests/Contract/cloudflare-api-contract.json";

        private const string Usage =
            "usage: CloudflareCni.SchemaExtract --from <openapi.yaml> [--from <file>...] [--source-commit <sha>]\n" +
            "                                   [--out <contract.json>] [--pinned <contract.json>] [--diff | --check | --test]\n" +
            "  --from           Cloudflare's openapi.yaml (YAML or JSON), or extracts of it; repeat for several\n" +
            "  --source-commit  the cloudflare/api-schemas commit of the input (default: the inputs' info.x-source-commit)\n" +
            "  --out            where to write the contract (default: the pinned " + PinnedRelativePath + ")\n" +
            "  --pinned         the contract to compare with (default: " + PinnedRelativePath + ")\n" +
            "  --diff           name what changed against the pinned contract; writes only with --out\n" +
            "  --check          exit 1 when the pinned contract is not what the inputs give\n" +
            "  --test           name what changed, then run the xunit contract tests against the inputs (" + ContractVariable + ")";

        private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        internal static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            var inputs = new List<string>();
            string? output = null;
            string? pinned = null;
            string? commit = null;
            string? mode = null;
            for (int i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--diff":
                    case "--check":
                    case "--test":
                        if (mode != null)
                        {
                            return UsageError(stderr, "give one of --diff, --check and --test");
                        }

                        mode = args[i];
                        continue;
                    case "--from":
                    case "--out":
                    case "--pinned":
                    case "--source-commit":
                        if (i + 1 >= args.Count)
                        {
                            return UsageError(stderr, args[i] + " needs a value");
                        }

                        string value = args[++i];
                        switch (args[i - 1])
                        {
                            case "--from": inputs.Add(value); break;
                            case "--out": output = value; break;
                            case "--pinned": pinned = value; break;
                            default: commit = value; break;
                        }

                        continue;
                    default:
                        return UsageError(stderr, $"unknown argument '{args[i]}'");
                }
            }

            if (inputs.Count == 0)
            {
                return UsageError(stderr, "--from is required");
            }

            string? root = RepoRoot();
            pinned ??= root is null ? null : Path.Combine(root, PinnedRelativePath);

            JsonObject contract;
            try
            {
                var sources = inputs.Select(path => new ContractSource(Path.GetFileName(path), OpenApiDocumentReader.ReadFile(path))).ToList();
                // Only a written contract must name its source; a look at a newer copy may come from anywhere.
                if (mode is "--diff" or "--test" && output is null)
                {
                    commit ??= ContractExtractor.SourceCommitOf(sources) ?? "unknown";
                }

                contract = ContractExtractor.Extract(sources, ContractExtractor.ModulePathPrefixes, commit);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                stderr.WriteLine("error: " + ex.Message);
                return ExitUsage;
            }

            string text = ContractJson.Write(contract);
            if (mode is null)
            {
                string target = output ?? pinned ?? throw new InvalidOperationException("no --out, and no repository to find the pinned contract in");
                File.WriteAllText(target, text);
                stdout.WriteLine($"wrote {target}: {Count(contract)}");
                return ExitOk;
            }

            if (pinned is null || !File.Exists(pinned))
            {
                stderr.WriteLine("error: no pinned contract at " + (pinned ?? PinnedRelativePath) + "; give --pinned.");
                return ExitUsage;
            }

            IReadOnlyList<ContractChange> changes = ContractDiff.Compare(ContractJson.Read(pinned), contract);
            foreach (ContractChange change in changes)
            {
                stdout.WriteLine(change);
            }

            stdout.WriteLine(changes.Count == 0 ? "no changes against " + pinned : $"{changes.Count} change(s) against {pinned}");
            if (output != null)
            {
                File.WriteAllText(output, text);
                stdout.WriteLine($"wrote {output}: {Count(contract)}");
            }

            switch (mode)
            {
                case "--check":
                    bool same = File.ReadAllText(pinned) == text;
                    if (!same && changes.Count == 0)
                    {
                        stdout.WriteLine("the facts are the same, but the pinned file is not written as the extractor writes it: rewrite it");
                    }

                    return same ? ExitOk : ExitChanged;
                case "--test":
                    string tested = output ?? WriteTemporary(text);
                    try
                    {
                        return RunContractTests(root, tested, stdout, stderr);
                    }
                    finally
                    {
                        if (output is null)
                        {
                            File.Delete(tested);
                        }
                    }

                default:
                    return ExitOk;
            }
        }

        private static string WriteTemporary(string text)
        {
            string path = Path.Combine(Path.GetTempPath(), "cloudflare-api-contract-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".json");
            File.WriteAllText(path, text);
            return path;
        }

        private static int RunContractTests(string? root, string contract, TextWriter stdout, TextWriter stderr)
        {
            if (root is null)
            {
                stderr.WriteLine("error: run --test inside the repository.");
                return ExitUsage;
            }

            stdout.WriteLine($"running the xunit tests (every one checks its exchanges against the contract) with {ContractVariable}={contract}");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root };
            start.ArgumentList.Add("test");
            start.ArgumentList.Add(Path.Combine(root, "tests", "CloudflareCni.Tests", "CloudflareCni.Tests.csproj"));
            start.Environment[ContractVariable] = contract;
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            process.WaitForExit();
            return process.ExitCode == 0 ? ExitOk : ExitChanged;
        }

        private static string Count(JsonObject contract)
        {
            int operations = (contract["paths"] as JsonObject ?? new JsonObject()).Sum(p => (p.Value as JsonObject)?.Count ?? 0);
            int schemas = (contract["components"]?["schemas"] as JsonObject)?.Count ?? 0;
            return $"{operations} operations, {schemas} component schemas, source commit {contract["info"]?["x-source-commit"]}";
        }

        /// <summary>The repository: the nearest folder above the working directory (or this tool) that holds CloudflareCni.sln.</summary>
        internal static string? RepoRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "CloudflareCni.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            return null;
        }

        private static int UsageError(TextWriter stderr, string message)
        {
            stderr.WriteLine("error: " + message);
            stderr.WriteLine(Usage);
            return ExitUsage;
        }
    }
}
