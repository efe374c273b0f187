using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Bench
{
    /// <summary>
    /// Runs every measure of bench/README.md in one run, sequentially, against the stand-in server in this process,
    /// then prints the table and writes bench/results/. This process only serves and waits while a measured pwsh runs.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            Options? options;
            try
            {
                options = Options.Parse(args);
            }
            catch (BenchException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            if (options is null)
            {
                Console.WriteLine(Options.Usage);
                return 0;
            }

            try
            {
                var env = new BenchEnvironment(options.Module);
                await using StandInServer server = await StandInServer.StartAsync().ConfigureAwait(false);
                if (options.ServeSeconds is int seconds)
                {
                    server.StatusLatency = TimeSpan.FromMilliseconds(options.LatencyMs);
                    Console.WriteLine(server.BaseUri);
                    Console.Error.WriteLine($"Serving for {seconds} s (Enter stops it); any bearer token; the account N, zero-padded to 32 digits, holds N interconnects.");
                    Task enter = Console.IsInputRedirected ? Task.Delay(Timeout.Infinite) : Task.Run(() => Console.In.ReadLine());
                    await Task.WhenAny(enter, Task.Delay(TimeSpan.FromSeconds(seconds))).ConfigureAwait(false);
                    return 0;
                }

                var bench = new Bench(options, env, server);
                return bench.Run();
            }
            catch (BenchException ex)
            {
                Console.Error.WriteLine("bench: " + ex.Message);
                return 1;
            }
        }
    }

    internal sealed class Bench
    {
        private const string Token = "bench-token";

        /// <summary>Cloudflare's documented per-user limit: the budget every sweep on a fresh budget starts with.</summary>
        private const int RateBudgetQuota = 1200;

        private const int RateBudgetWindowSeconds = 300;
        private readonly Options options;
        private readonly BenchEnvironment env;
        private readonly StandInServer server;
        private readonly List<Row> rows = new List<Row>();
        private readonly Dictionary<string, object?> report = new Dictionary<string, object?>(StringComparer.Ordinal);
        private readonly List<double> loads = new List<double>();
        private string pwshDll = "";
        private JsonElement probe;

        public Bench(Options options, BenchEnvironment env, StandInServer server)
        {
            this.options = options;
            this.env = env;
            this.server = server;
        }

        public int Run()
        {
            var total = Stopwatch.StartNew();
            if (options.Build)
            {
                Log("Building the module: dotnet build CloudflareCni.sln -c Release ...");
                Proc.RunChecked(env.DotnetHost, new[] { "build", Path.Combine(env.RepoRoot, "CloudflareCni.sln"), "-c", "Release", "-nologo", "-v", "q" }, env.RepoRoot, TimeSpan.FromMinutes(10));
            }

            if (!File.Exists(env.ModuleManifest))
            {
                throw new BenchException($"No module at {env.ModuleManifest}: run 'dotnet build CloudflareCni.sln' (or -c Release) first, or pass --module.");
            }

            Directory.CreateDirectory(env.ResultsDir);
            server.StatusLatency = TimeSpan.FromMilliseconds(options.LatencyMs);
            server.MaxPageSize = options.MaxPageSize;
            server.UnknownField = options.UnknownField;
            Log($"Stand-in server: {server.BaseUri} (in this process; default page {server.DefaultPageSize}, max {server.MaxPageSize}, status latency {options.LatencyMs} ms" +
                (options.UnknownField ? "; physical items carry port_group, which the module does not model)" : ")"));

            if (options.ReadyToRun)
            {
                ReadyToRunPwsh.Result r2r = ReadyToRunPwsh.Ensure(env, Log);
                pwshDll = r2r.PwshDll;
                report["pwsh"] = new { r2r.Version, ReadyToRun = true, r2r.Directory, r2r.Compiled, KeptAsIl = r2r.Failed };
                Log($"pwsh {r2r.Version}, ReadyToRun copy ({r2r.Compiled} assemblies precompiled{(r2r.Reused ? ", reused" : "")}): {Path.GetRelativePath(env.RepoRoot, r2r.Directory)}");
            }
            else
            {
                string version = ReadyToRunPwsh.PwshToolVersion(env.RepoRoot);
                pwshDll = Path.Combine(env.NuGetPackageRoot, "powershell", version, "tools", "net10.0", "any", "unix", "pwsh.dll");
                report["pwsh"] = new { Version = version, ReadyToRun = false, Directory = Path.GetDirectoryName(pwshDll) };
                Log($"pwsh {version}, the dotnet tool's IL-only build (--il): start times are NOT those of an official build.");
            }

            Probe();
            if (options.Only.Contains("start"))
            {
                SampleLoad();
                MeasureStart();
            }

            if (options.Only.Contains("listing"))
            {
                SampleLoad();
                MeasureListing();
            }

            if (options.Only.Contains("lookups"))
            {
                SampleLoad();
                MeasureLookups();
            }

            if (options.Only.Contains("budget"))
            {
                SampleLoad();
                MeasureBudget();
            }

            if (options.Only.Contains("faults"))
            {
                SampleLoad();
                MeasureFaults();
            }

            if (options.Only.Contains("memory"))
            {
                SampleLoad();
                MeasureMemory();
            }

            SampleLoad();
            total.Stop();
            Print(total.Elapsed);
            WriteResults(total.Elapsed);
            return 0;
        }

        // ---------------------------------------------------------------- probe

        private void Probe()
        {
            server.ResetCounters();
            probe = Script("Probe.ps1", "-ModuleManifest", env.ModuleManifest, "-BaseUri", server.BaseUri, "-AccountId", StandInServer.Account(0), "-Token", Token);
            report["module"] = probe;
            bool optimized = probe.GetProperty("ModuleOptimized").GetBoolean();
            Log($"Module {probe.GetProperty("ModuleVersion").GetString()} at {Path.GetRelativePath(env.RepoRoot, env.ModuleManifest)}: " +
                (optimized ? "optimized (Release) build" : "DEBUG build (JIT optimizations off): build with -c Release for figures worth quoting") +
                $"; Get-CfInterconnectStatus -ThrottleLimit: {(HasThrottleLimit ? "yes" : "no")}");
        }

        private bool HasThrottleLimit => probe.GetProperty("StatusHasThrottleLimit").GetBoolean();

        // ---------------------------------------------------------------- start

        private void MeasureStart()
        {
            string manifest = Quote(env.ModuleManifest);
            string prelude = "$ErrorActionPreference = 'Stop'";
            var variants = new (string Name, string Command)[]
            {
                ("bare", prelude),
                ("import", $"{prelude}; Import-Module -Name {manifest}"),
                ("first", $"{prelude}; Import-Module -Name {manifest}; " +
                    $"$null = Connect-CfAccount -ApiToken ([System.Net.NetworkCredential]::new('', '{Token}').SecurePassword) -BaseUri {Quote(server.BaseUri)} -AccountId '{StandInServer.Account(0)}'; " +
                    "$null = Get-CfCniSetting"),
            };
            var series = variants.ToDictionary(v => v.Name, _ => new Series("ms"));
            var cpu = variants.ToDictionary(v => v.Name, _ => new Series("ms"));
            int reps = options.StartRepCount;
            Log($"Start: bare pwsh, + Import-Module, + import/connect/first call; {reps} rounds after 1 warm-up round ...");
            for (int round = 0; round <= reps; round++)
            {
                foreach ((string name, string command) in variants)
                {
                    server.ResetCounters();
                    Proc.Outcome outcome = Pwsh(new[] { "-Command", command }, TimeSpan.FromMinutes(2));
                    Check(outcome, "start/" + name);
                    if (name == "first" && server.Counters().SettingsRequests < 1)
                    {
                        throw new BenchException("start/first: the server saw no settings request.");
                    }

                    if (round > 0)
                    {
                        series[name].Add(outcome.Wall.TotalMilliseconds);
                        cpu[name].Add(outcome.CpuMs);
                    }
                }
            }

            Series bare = series["bare"];
            Series importAdded = Series.Paired(series["import"], bare, (a, b) => a - b, "ms");
            Series firstAdded = Series.Paired(series["first"], bare, (a, b) => a - b, "ms");
            rows.Add(new Row("start.bare", "Start: bare pwsh -NoProfile (whole process)", bare, "", null, null, "", null));
            rows.Add(new Row("start.import", "Start: Import-Module, added to a bare start", series["import"], "bare " + bare.Describe(), bare,
                importAdded, "", null));
            rows.Add(new Row("start.first", "Start: import + Connect-CfAccount + first Get-CfCniSetting, added", series["first"], "bare " + bare.Describe(), bare,
                firstAdded, "≤ 200 ms added", firstAdded.Median <= 200));
            if (!double.IsNaN(cpu["bare"].Median))
            {
                rows.Add(new Row("start.first_cpu", "Start, CPU time (user+sys): import + connect + first call, added", cpu["first"], "bare " + cpu["bare"].Describe(), cpu["bare"],
                    Series.Paired(cpu["first"], cpu["bare"], (a, b) => a - b, "ms"), "(wall is the target)", null));
            }

            report["start"] = new { WallMs = series.ToDictionary(p => p.Key, p => p.Value.Values), CpuMs = cpu.ToDictionary(p => p.Key, p => p.Value.Values) };
        }

        // ---------------------------------------------------------------- listing

        private void MeasureListing()
        {
            int items = options.ListItems;
            int pageSize = options.ListPageSize;
            string account = StandInServer.Account(items);
            server.Prepare(account);
            var variants = new List<string> { "module", "module-default", "module-where", "irm", "raw", "raw-where" };

            // Warm-up on a small listing: the server's code paths and the disk cache; also shows whether the module's
            // default page size differs from the timed one (when it does not, that variant is not repeated).
            string warmAccount = StandInServer.Account(Math.Min(items, 2 * pageSize + 1));
            Log($"Listing: {items:N0} items into Measure-Object, pages of {pageSize}; module (-PageSize {pageSize} and default), Invoke-RestMethod loop, raw HttpClient loop; module and raw loop through Where-Object; {options.ListRepCount} rounds after a warm-up ...");
            string? defaultLimits = null;
            string defaultHow = "";
            foreach (string variant in variants.ToList())
            {
                server.ResetCounters();
                ListOnce(variant, warmAccount, pageSize);
                if (variant == "module-default")
                {
                    Dictionary<string, int> limits = server.Counters().LimitsSeen;
                    defaultLimits = string.Join(",", limits.Keys);
                    defaultHow = limits.Keys.SequenceEqual(new[] { "(none)" })
                        ? $"no limit sent, server's {server.DefaultPageSize} a page"
                        : "limit=" + defaultLimits;
                    if (limits.Count == 1 && limits.ContainsKey(pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        variants.Remove(variant);
                    }
                }
            }

            var elapsed = variants.ToDictionary(v => v, _ => new Series("ms"));
            var samples = variants.ToDictionary(v => v, _ => new List<object>());
            var requests = new Dictionary<string, long>();
            for (int round = 0; round < options.ListRepCount; round++)
            {
                foreach (string variant in variants)
                {
                    server.ResetCounters();
                    JsonElement result = ListOnce(variant, account, pageSize);
                    ServerCounters counters = server.Counters();
                    long count = result.GetProperty("Count").GetInt64();
                    if (count != items || counters.ItemsServed < items)
                    {
                        throw new BenchException($"listing/{variant}: {count} items counted, {counters.ItemsServed} served; expected {items}.");
                    }

                    elapsed[variant].Add(result.GetProperty("ElapsedMs").GetDouble());
                    requests[variant] = counters.ListRequests;
                    samples[variant].Add(new { Result = result, Server = counters });
                }
            }

            Series module = elapsed["module"];
            Series raw = elapsed["raw"];
            Series irm = elapsed["irm"];
            string pages = $"{Count(items)} items, pages of {pageSize}";
            Series moduleOverRaw = Series.Paired(module, raw, (a, b) => a / b, "x");
            Series irmOverModule = Series.Paired(irm, module, (a, b) => a / b, "x");
            rows.Add(new Row("listing.module_vs_raw", $"Listing {pages}: module vs raw HttpClient loop", module,
                "raw " + raw.Describe(), raw, moduleOverRaw, "≤ 2x the raw loop", moduleOverRaw.Median <= 2));
            rows.Add(new Row("listing.irm_vs_module", $"Listing {pages}: module faster than the Invoke-RestMethod loop", module,
                "IRM " + irm.Describe(), irm, irmOverModule, "≥ 3x faster", irmOverModule.Median >= 3));
            // The objects' properties as a filter reads them: the module's through its type adapter, the raw loop's plain.
            Series moduleWhere = elapsed["module-where"];
            Series rawWhere = elapsed["raw-where"];
            Series whereOverRaw = Series.Paired(moduleWhere, rawWhere, (a, b) => a / b, "x");
            rows.Add(new Row("listing.where_module_vs_raw", $"Listing {pages} through Where-Object Site: module vs raw loop", moduleWhere,
                "raw " + rawWhere.Describe(), rawWhere, whereOverRaw, "≤ 2x the raw loop", whereOverRaw.Median <= 2));
            if (elapsed.TryGetValue("module-default", out Series? byDefault))
            {
                string how = $"module's default page size ({defaultHow}, {requests["module-default"]:N0} requests)";
                Series defaultOverRaw = Series.Paired(byDefault, raw, (a, b) => a / b, "x");
                Series irmOverDefault = Series.Paired(irm, byDefault, (a, b) => a / b, "x");
                rows.Add(new Row("listing.default_vs_raw", $"Listing {Count(items)} items, {how}: vs raw loop", byDefault,
                    "raw " + Series.Format(raw.Median, "ms"), raw, defaultOverRaw, "≤ 2x the raw loop", defaultOverRaw.Median <= 2));
                rows.Add(new Row("listing.irm_vs_default", $"Listing {Count(items)} items, module's default page size: faster than IRM loop", byDefault,
                    "IRM " + Series.Format(irm.Median, "ms"), irm, irmOverDefault, "≥ 3x faster", irmOverDefault.Median >= 3));
            }

            report["listing"] = new { Items = items, PageSize = pageSize, ModuleDefaultLimits = defaultLimits, Samples = samples };
        }

        private JsonElement ListOnce(string variant, string account, int pageSize) =>
            Script("List.ps1", "-Variant", variant, "-BaseUri", server.BaseUri, "-AccountId", account, "-ModuleManifest", env.ModuleManifest,
                "-RawModule", env.RawModule, "-PageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Token", Token);

        // ---------------------------------------------------------------- lookups

        private void MeasureLookups()
        {
            int count = options.Lookups;
            var variants = new List<string> { "module" };
            if (HasThrottleLimit)
            {
                variants.Add("module-throttle1");
            }

            variants.Add("irm");
            Log($"Lookups: {count} names piped into Get-CfInterconnectStatus at {options.LatencyMs} ms latency ({string.Join(", ", variants)}); {options.LookupRepCount} rounds ...");
            var elapsed = variants.ToDictionary(v => v, _ => new Series("ms"));
            var samples = variants.ToDictionary(v => v, _ => new List<object>());
            var peak = variants.ToDictionary(v => v, _ => 0);
            for (int round = 0; round < options.LookupRepCount; round++)
            {
                foreach (string variant in variants)
                {
                    server.ResetCounters();
                    // A fresh budget of Cloudflare's figures, with its headers: the module must not slow down for them.
                    server.Budget = new StandInBudget(RateBudgetQuota, RateBudgetWindowSeconds);
                    JsonElement result = Script("Lookups.ps1", "-Variant", variant, "-BaseUri", server.BaseUri, "-AccountId", StandInServer.Account(0),
                        "-ModuleManifest", env.ModuleManifest, "-Count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Token", Token);
                    ServerCounters counters = server.Counters();
                    if (result.GetProperty("Count").GetInt64() != count)
                    {
                        throw new BenchException($"lookups/{variant}: {result.GetProperty("Count").GetInt64()} results for {count} names.");
                    }

                    if (server.Budget.Refused > 0)
                    {
                        throw new BenchException($"lookups/{variant}: {server.Budget.Refused} requests refused with 429 on a fresh budget.");
                    }

                    elapsed[variant].Add(result.GetProperty("ElapsedMs").GetDouble());
                    peak[variant] = Math.Max(peak[variant], counters.StatusInFlightPeak);
                    samples[variant].Add(new { Result = result, Server = counters });
                }
            }

            Series module = elapsed["module"];
            Series irm = elapsed["irm"];
            string title = $"{count} piped names, Get-CfInterconnectStatus, {options.LatencyMs} ms latency";
            Series irmOverModule = Series.Paired(irm, module, (a, b) => a / b, "x");
            rows.Add(new Row("lookups.irm_vs_module", $"{title}: vs sequential IRM (peak {peak["module"]} in flight)", module,
                "IRM " + irm.Describe(), irm, irmOverModule, "≥ 10x faster", irmOverModule.Median >= 10));
            if (elapsed.TryGetValue("module-throttle1", out Series? one))
            {
                rows.Add(new Row("lookups.irm_vs_throttle1", $"{title}, -ThrottleLimit 1: vs sequential IRM", one,
                    "IRM " + Series.Format(irm.Median, "ms"), irm, Series.Paired(irm, one, (a, b) => a / b, "x"), "", null));
            }

            report["lookups"] = new { Count = count, options.LatencyMs, PeakInFlight = peak, Samples = samples, ServerBudget = "1200/300 s, fresh each run, with Cloudflare's headers" };
            server.Budget = null;
        }

        // ---------------------------------------------------------------- budget

        /// <summary>
        /// A sweep of status lookups under a budget the stand-in enforces with Cloudflare's headers and lock-out (60 per
        /// 4 s by default), from one runspace and from two of one credential; the baseline is the same sweep with no
        /// budget. Each paced run is judged against the least the budget allows, as issue 19 puts it:
        /// max(unpaced, (N - (r0 - reserve)) / (q - reserve) * w), with r0 = q (each run starts on a fresh budget, without
        /// a credential check or warm-up) and the module's reserve (10 % of the quota, at least 5, at most half).
        /// With --baseline-module, the same sweep on a fresh budget of Cloudflare's figures (1,200 per 300 s, with its
        /// headers) is timed with the module and with the earlier build: a budget nowhere near its reserve must cost nothing.
        /// </summary>
        private void MeasureBudget()
        {
            int count = options.BudgetLookups;
            int quota = options.BudgetQuota;
            int window = options.BudgetWindowSeconds;
            int reserve = Math.Min(Math.Max((int)Math.Ceiling(quota * 0.10), 5), quota / 2);
            double pacedSeconds = Math.Max(0, count - (quota - reserve)) / (double)(quota - reserve) * window;
            string? baselineManifest = options.BaselineModule is string baselineModule ? BenchEnvironment.Manifest(baselineModule) : null;
            if (baselineManifest != null && !File.Exists(baselineManifest))
            {
                throw new BenchException($"--baseline-module: no module at {baselineManifest}.");
            }

            var variants = new List<string> { "unpaced", "one", "two" };
            if (baselineManifest != null)
            {
                variants.Add("fresh");
                variants.Add("fresh-baseline");
            }

            Log($"Budget: {count} lookups at {options.LatencyMs} ms latency under {quota} per {window} s (reserve {reserve}): {string.Join(", ", variants)}; {options.BudgetRepCount} rounds ...");
            if (baselineManifest is null)
            {
                Log("Budget: no --baseline-module, so no fresh-budget sweep against an earlier build.");
            }

            var elapsed = variants.ToDictionary(v => v, _ => new Series("ms"));
            var tooMany = variants.ToDictionary(v => v, _ => 0L);
            var least = new Series("ms");
            var samples = new List<object>();
            for (int round = 0; round < options.BudgetRepCount; round++)
            {
                foreach (string variant in variants)
                {
                    server.ResetCounters();
                    server.Budget = variant switch
                    {
                        "unpaced" => null,
                        "one" or "two" => new StandInBudget(quota, window),
                        _ => new StandInBudget(RateBudgetQuota, RateBudgetWindowSeconds),
                    };
                    string manifest = variant == "fresh-baseline" ? baselineManifest! : env.ModuleManifest;
                    bool fresh = variant.StartsWith("fresh", StringComparison.Ordinal);
                    JsonElement result = Script("Budget.ps1", "-Variant", variant == "two" ? "two" : "one", "-BaseUri", server.BaseUri, "-AccountId", StandInServer.Account(0),
                        "-ModuleManifest", manifest, "-Count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Token", Token, "-WarmUp", fresh ? "3" : "0");
                    ServerCounters counters = server.Counters();
                    int warmUp = fresh ? 3 : 0;
                    long refused = server.Budget?.Refused ?? 0;
                    if (result.GetProperty("Count").GetInt64() != count || counters.StatusRequests != count + warmUp)
                    {
                        throw new BenchException($"budget/{variant}: {result.GetProperty("Count").GetInt64()} results and {counters.StatusRequests} answered status requests for {count} names.");
                    }

                    double ms = result.GetProperty("ElapsedMs").GetDouble();
                    elapsed[variant].Add(ms);
                    tooMany[variant] += refused;
                    if (variant == "unpaced")
                    {
                        least.Add(Math.Max(ms, pacedSeconds * 1000));
                    }

                    samples.Add(new { Variant = variant, Result = result, Server = counters, TooManyRequests = refused });
                }
            }

            server.Budget = null;
            string title = $"{count} lookups under {quota} per {window} s";
            foreach (string variant in new[] { "one", "two" })
            {
                Series ratio = Series.Paired(elapsed[variant], least, (a, b) => a / b, "x");
                string who = variant == "one" ? "one runspace" : "two runspaces, one credential";
                rows.Add(new Row(
                    "budget." + variant,
                    $"{title}, {who}: vs the least the budget allows ({tooMany[variant]} x 429)",
                    elapsed[variant],
                    "least " + least.Describe() + " (unpaced " + Series.Format(elapsed["unpaced"].Median, "ms") + ")",
                    least,
                    ratio,
                    "≤ 1.20x, no 429",
                    ratio.Median <= 1.2 && tooMany[variant] == 0));
            }

            if (baselineManifest != null)
            {
                Series ratio = Series.Paired(elapsed["fresh"], elapsed["fresh-baseline"], (a, b) => a / b, "x");
                long refused = tooMany["fresh"] + tooMany["fresh-baseline"];
                rows.Add(new Row(
                    "budget.fresh",
                    $"{count} lookups on a fresh budget of {RateBudgetQuota} per {RateBudgetWindowSeconds} s, one runspace: vs the earlier build ({refused} x 429)",
                    elapsed["fresh"],
                    "earlier build " + elapsed["fresh-baseline"].Describe(),
                    elapsed["fresh-baseline"],
                    ratio,
                    "≤ 1.05x (not slower, within noise), no 429",
                    ratio.Median <= 1.05 && refused == 0));
            }

            report["budget"] = new
            {
                Count = count, Quota = quota, WindowSeconds = window, Reserve = reserve, options.LatencyMs, PacedLeastMs = pacedSeconds * 1000,
                BaselineModule = baselineManifest, TooManyRequests = tooMany, Samples = samples,
            };
        }

        // ---------------------------------------------------------------- faults

        /// <summary>
        /// Issue 15, point 5: a file of error-path tests against the sandbox (scripts/Faults.ps1: 12 tests, each on a fresh
        /// sandbox, with the module's own retry settings), on the sandbox's own clock (the default) and with
        /// -SandboxRealTime (real waits, as before the clock), in fresh processes, round by round.
        /// </summary>
        private void MeasureFaults()
        {
            var variants = new[] { "clock", "realtime" };
            Log($"Faults: error-path tests against the sandbox, on its clock and with -SandboxRealTime; {options.FaultRepCount} rounds ...");
            var elapsed = variants.ToDictionary(v => v, _ => new Series("ms"));
            var samples = new List<object>();
            long tests = 0;
            for (int round = 0; round < options.FaultRepCount; round++)
            {
                foreach (string variant in variants)
                {
                    JsonElement result = Script("Faults.ps1", "-Variant", variant, "-ModuleManifest", env.ModuleManifest);
                    tests = result.GetProperty("Count").GetInt64();
                    elapsed[variant].Add(result.GetProperty("ElapsedMs").GetDouble());
                    samples.Add(new { Variant = variant, Result = result });
                }
            }

            Series speedup = Series.Paired(elapsed["realtime"], elapsed["clock"], (a, b) => a / b, "x");
            rows.Add(new Row("faults.clock", $"{tests} error-path tests against the sandbox, on its clock: vs -SandboxRealTime", elapsed["clock"],
                "real time " + elapsed["realtime"].Describe(), elapsed["realtime"], speedup, "", null));
            report["faults"] = new { Tests = tests, Samples = samples };
        }

        // ---------------------------------------------------------------- memory

        private void MeasureMemory()
        {
            int small = options.MemorySmall;
            int large = options.MemoryLarge;
            server.Prepare(StandInServer.Account(small));
            server.Prepare(StandInServer.Account(large));
            Log($"Memory: peak RSS of one pwsh listing {small:N0} then {large:N0} items (module defaults); {options.MemoryRepCount} runs ...");
            var growth = new Series("MB");
            var startPeak = new Series("MB");
            var smallPeak = new Series("MB");
            var largePeak = new Series("MB");
            var largeTime = new Series("ms");
            var samples = new List<object>();
            for (int round = 0; round < options.MemoryRepCount; round++)
            {
                server.ResetCounters();
                JsonElement result = Script("Memory.ps1", "-BaseUri", server.BaseUri, "-ModuleManifest", env.ModuleManifest,
                    "-Small", small.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Large", large.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-Token", Token);
                JsonElement s = result.GetProperty("Small");
                JsonElement l = result.GetProperty("Large");
                if (s.GetProperty("Count").GetInt64() != small || l.GetProperty("Count").GetInt64() != large)
                {
                    throw new BenchException($"memory: counted {s.GetProperty("Count")} and {l.GetProperty("Count")}, expected {small} and {large}.");
                }

                const double MB = 1024 * 1024;
                startPeak.Add(result.GetProperty("StartPeakRss").GetInt64() / MB);
                smallPeak.Add(s.GetProperty("PeakRss").GetInt64() / MB);
                largePeak.Add(l.GetProperty("PeakRss").GetInt64() / MB);
                growth.Add((l.GetProperty("PeakRss").GetInt64() - s.GetProperty("PeakRss").GetInt64()) / MB);
                largeTime.Add(l.GetProperty("ElapsedMs").GetDouble());
                samples.Add(new { Result = result, Server = server.Counters() });
            }

            rows.Add(new Row("memory.growth", $"Peak RSS growth, one pwsh listing {Count(small)} then {Count(large)} items (the {Count(large)} took {largeTime.Describe()}; peak {startPeak.Median:F0} MB once connected)",
                largePeak, $"after {Count(small)}: {smallPeak.Describe()}", smallPeak, growth, "≤ 32 MB growth", growth.Median <= 32));
            report["memory"] = new { Small = small, Large = large, GrowthMB = growth.Values, StartPeakMB = startPeak.Values, SmallPeakMB = smallPeak.Values, LargePeakMB = largePeak.Values, Samples = samples };
        }

        private static string Count(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // ---------------------------------------------------------------- running pwsh

        private JsonElement Script(string script, params string[] args)
        {
            var all = new List<string> { "-File", Path.Combine(env.ScriptsDir, script) };
            all.AddRange(args);
            Proc.Outcome outcome = Pwsh(all, TimeSpan.FromMinutes(10));
            Check(outcome, script + " " + string.Join(' ', args.Take(2)));
            string? line = outcome.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("BENCH-RESULT ", StringComparison.Ordinal));
            if (line is null)
            {
                throw new BenchException($"{script} printed no result:\n{Tail(outcome.Stdout)}\n{Tail(outcome.Stderr)}");
            }

            using JsonDocument document = JsonDocument.Parse(line.Substring("BENCH-RESULT ".Length));
            return document.RootElement.Clone();
        }

        private Proc.Outcome Pwsh(IEnumerable<string> args, TimeSpan timeout)
        {
            var all = new List<string> { pwshDll, "-NoProfile", "-NonInteractive" };
            all.AddRange(args);
            return Proc.Run(env.DotnetHost, all, env.RepoRoot, timeout, BenchEnvironment.ChildEnvironment());
        }

        private static void Check(Proc.Outcome outcome, string what)
        {
            if (outcome.TimedOut || outcome.ExitCode != 0 || outcome.Stderr.Trim().Length > 0)
            {
                throw new BenchException($"{what}: pwsh {(outcome.TimedOut ? "timed out" : "exited " + outcome.ExitCode)}:\n{Tail(outcome.Stdout)}\n{Tail(outcome.Stderr)}");
            }
        }

        private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text.Substring(text.Length - 4000);

        private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

        private static void Log(string message) => Console.Error.WriteLine(message);

        /// <summary>The 1-minute load average: other work on the machine shows here, and stretches wall times.</summary>
        private void SampleLoad()
        {
            try
            {
                string text = File.ReadAllText("/proc/loadavg");
                loads.Add(double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        // ---------------------------------------------------------------- report

        private void Print(TimeSpan total)
        {
            var header = new[] { "measure", "module (median, min–max)", "baseline (median, min–max)", "ratio or added (median, min–max)", "target", "" };
            var table = rows.Select(r => new[]
            {
                r.Measure,
                r.Subject.Describe(),
                r.Baseline,
                r.Ratio is null ? "" : r.Ratio.Unit == "x" ? r.Ratio.Describe() : "+" + r.Ratio.Describe(),
                r.Target,
                r.Met is null ? "" : r.Met.Value ? "met" : "MISSED",
            }).ToList();
            int[] widths = Enumerable.Range(0, header.Length).Select(i => table.Select(t => t[i].Length).Append(header[i].Length).Max()).ToArray();
            string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
            Console.WriteLine();
            Console.WriteLine(Line(header));
            Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
            foreach (string[] row in table)
            {
                Console.WriteLine(Line(row));
            }

            Console.WriteLine();
            if (probe.ValueKind == JsonValueKind.Object)
            {
                Console.WriteLine("What the module adds to a fresh pwsh (one run; 'nothing' is the probe's own cost):");
                foreach (JsonElement step in probe.GetProperty("Steps").EnumerateArray())
                {
                    Console.WriteLine($"  {step.GetProperty("Step").GetString(),-24} {step.GetProperty("WallMs").GetDouble(),7:F1} ms wall, " +
                        $"{step.GetProperty("Assemblies").GetInt32(),3} assemblies loaded, {step.GetProperty("Jitted").GetInt32(),5} methods JIT-compiled " +
                        $"({step.GetProperty("JitMs").GetDouble():F1} ms JIT)");
                    string[] names = step.TryGetProperty("AssemblyNames", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                        ? list.EnumerateArray().Select(n => n.GetString() ?? "").ToArray()
                        : Array.Empty<string>();
                    if (names.Length > 0)
                    {
                        Console.WriteLine("      loads " + string.Join(", ", names));
                    }
                }
            }

            var repeated = new List<string>();
            if (options.Only.Contains("start"))
            {
                repeated.Add($"{options.StartRepCount} start rounds");
            }

            if (options.Only.Contains("listing"))
            {
                repeated.Add($"{options.ListRepCount} listing rounds");
            }

            if (options.Only.Contains("lookups"))
            {
                repeated.Add($"{options.LookupRepCount} lookup rounds");
            }

            if (options.Only.Contains("budget"))
            {
                repeated.Add($"{options.BudgetRepCount} budget rounds");
            }

            if (options.Only.Contains("faults"))
            {
                repeated.Add($"{options.FaultRepCount} fault rounds");
            }

            if (options.Only.Contains("memory"))
            {
                repeated.Add($"{options.MemoryRepCount} memory runs");
            }

            Console.WriteLine("Ratios: listing module/raw (lower is better), IRM/module (higher is better); lookups IRM/module (higher is better); " +
                "budget module/least the budget allows (lower is better); faults real time/sandbox clock (higher is better); " +
                "start and memory as amounts added. Each figure is a median of " + string.Join(", ", repeated) +
                $"{(options.Quick ? " (--quick)" : "")}; total {total.TotalSeconds:F0} s.");
            if (loads.Count > 0)
            {
                double worst = loads.Max();
                Console.WriteLine($"Load average (1 min) between measures: {string.Join(", ", loads.Select(l => l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} on {Environment.ProcessorCount} cores" +
                    (worst > Environment.ProcessorCount + 0.5 ? ": the machine was busy with other work, so wall times are stretched; trust ratios more than times, and CPU times more than wall times." : "."));
            }
        }

        private void WriteResults(TimeSpan total)
        {
            report["rows"] = rows.Select(r => new
            {
                r.Id,
                r.Measure,
                Median = r.Subject.Median,
                Min = r.Subject.Min,
                Max = r.Subject.Max,
                Unit = r.Subject.Unit,
                Values = r.Subject.Values,
                r.Baseline,
                BaselineMedian = r.BaselineSeries?.Median,
                BaselineValues = r.BaselineSeries?.Values,
                Ratio = r.Ratio?.Median,
                RatioValues = r.Ratio?.Values,
                r.Target,
                r.Met,
            }).ToList();
            report["when"] = DateTimeOffset.Now.ToString("o");
            report["git"] = Git();
            report["machine"] = new
            {
                Environment.ProcessorCount,
                Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            };
            report["options"] = options;
            report["server"] = new { server.DefaultPageSize, server.MaxPageSize, LatencyMs = options.LatencyMs, InProcess = true, server.UnknownField };
            report["totalSeconds"] = total.TotalSeconds;
            report["loadAverages"] = loads;
            string name = "bench-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".json";
            string json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
            File.WriteAllText(Path.Combine(env.ResultsDir, name), json);
            File.WriteAllText(Path.Combine(env.ResultsDir, "latest.json"), json);
            Console.WriteLine($"Results: bench/results/{name} (and latest.json)");
        }

        private object Git()
        {
            string Run(params string[] args)
            {
                try
                {
                    Proc.Outcome o = Proc.Run("git", args, env.RepoRoot, TimeSpan.FromSeconds(20));
                    return o.ExitCode == 0 ? o.Stdout.Trim() : "";
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    return "";
                }
            }

            return new { Commit = Run("rev-parse", "HEAD"), Branch = Run("rev-parse", "--abbrev-ref", "HEAD"), ChangedFiles = Run("status", "--porcelain").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length };
        }
    }

    /// <summary>
    /// One line of the table: a measure, its baseline, and the ratio (or added amount) against the target. The ratio is
    /// taken round by round (the runs of one round are adjacent in time) and its median is what meets the target or not.
    /// </summary>
    internal sealed record Row(
        string Id,
        string Measure,
        Series Subject,
        string Baseline,
        Series? BaselineSeries,
        Series? Ratio,
        string Target,
        bool? Met);
}
