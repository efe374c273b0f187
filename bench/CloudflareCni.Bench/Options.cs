using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CloudflareCni.Bench
{
    internal sealed class Options
    {
        public static readonly string[] AllMeasures = { "start", "listing", "lookups", "budget", "faults", "memory" };

        public bool Quick { get; private set; }

        public HashSet<string> Only { get; private set; } = new HashSet<string>(AllMeasures, StringComparer.Ordinal);

        public string? Module { get; private set; }

        /// <summary>An earlier build of the module (folder or manifest): the budget measure's fresh sweep is compared with it.</summary>
        public string? BaselineModule { get; private set; }

        public bool ReadyToRun { get; private set; } = true;

        public int ListItems { get; private set; } = 100_000;

        public int ListPageSize { get; private set; } = 100;

        public int Lookups { get; private set; } = 200;

        public int LatencyMs { get; private set; } = 50;

        /// <summary>Status lookups of the budget measure's sweep.</summary>
        public int BudgetLookups { get; private set; } = 150;

        /// <summary>The budget the stand-in enforces in the budget measure: requests per window...</summary>
        public int BudgetQuota { get; private set; } = 60;

        /// <summary>...and the window, in seconds (the issue's scale model of Cloudflare's 1,200 per 300 s).</summary>
        public int BudgetWindowSeconds { get; private set; } = 4;

        public int MemorySmall { get; private set; } = 10_000;

        public int MemoryLarge { get; private set; } = 1_000_000;

        /// <summary>Only run the stand-in server (for profiling by hand) until Enter or this many seconds.</summary>
        public int? ServeSeconds { get; private set; }

        public int MaxPageSize { get; private set; } = 1000;

        public bool UnknownField { get; private set; }

        public bool Build { get; private set; }

        public int? StartReps { get; private set; }

        public int? ListReps { get; private set; }

        public int? LookupReps { get; private set; }

        public int? MemoryReps { get; private set; }

        public int? BudgetReps { get; private set; }

        public int BudgetRepCount => BudgetReps ?? (Quick ? 1 : 3);

        public int? FaultReps { get; private set; }

        public int FaultRepCount => FaultReps ?? (Quick ? 1 : 3);

        public int StartRepCount => StartReps ?? (Quick ? 7 : 15);

        public int ListRepCount => ListReps ?? (Quick ? 2 : 5);

        public int LookupRepCount => LookupReps ?? (Quick ? 1 : 3);

        public int MemoryRepCount => MemoryReps ?? (Quick ? 1 : 3);

        public const string Usage = @"CloudflareCni benchmark: measures the module in out/CloudflareCni against baselines, in one run, on loopback.

  dotnet run -c Release --project bench/CloudflareCni.Bench [-- OPTIONS]

Options:
  --quick               fewer repetitions (about a third of the time); the same measures
  --only LIST           some of: start,listing,lookups,budget,faults,memory (comma-separated)
  --build               first run 'dotnet build CloudflareCni.sln -c Release' (which lays out out/CloudflareCni)
  --module PATH         the module folder or manifest to measure (default: out/CloudflareCni)
  --il                  time the dotnet tool's IL-only pwsh instead of the ReadyToRun copy
  --items N             items in the timed listing (default 100000)
  --page-size N         page size of the timed listing (default 100)
  --lookups N           names piped into Get-CfInterconnectStatus (default 200)
  --latency-ms N        server latency of each status request (default 50)
  --budget-lookups N    status lookups in the budget measure's sweep (default 150)
  --budget Q/W          the budget the stand-in enforces there: Q requests per W seconds (default 60/4)
  --baseline-module PATH   an earlier build of the module (folder or manifest): the budget measure times the same
                        sweep on a fresh budget of Cloudflare's figures with it and with the module measured
  --max-page-size N     the largest limit the stand-in accepts; above it, a 400 naming limit (default 1000)
  --unknown-field       physical interconnects also carry port_group, a field the module does not model, as
                        one the API may add (kept and shown as a property)
  --memory-small N, --memory-large N   the two listings of the memory measure (default 10000, 1000000)
  --start-reps N, --list-reps N, --lookup-reps N, --budget-reps N, --fault-reps N, --memory-reps N
                        repetitions (default 15, 5, 3, 3, 3, 3; quick 7, 2, 1, 1, 1, 1)
  --serve SECONDS       only start the stand-in server, print its base URI and serve until Enter or SECONDS pass
                        (for profiling by hand: the account N, zero-padded to 32 digits, holds N interconnects)
  -h, --help            this text";

        public static Options? Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new BenchException(arg + " needs a value.");
                int Number(int min)
                {
                    string text = Next();
                    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min)
                    {
                        throw new BenchException($"{arg}: '{text}' is not a whole number of at least {min}.");
                    }

                    return value;
                }

                switch (arg)
                {
                    case "-h":
                    case "--help":
                        return null;
                    case "--quick":
                        options.Quick = true;
                        break;
                    case "--only":
                        var only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                        string? unknown = only.FirstOrDefault(m => !AllMeasures.Contains(m));
                        if (unknown != null || only.Count == 0)
                        {
                            throw new BenchException("--only takes some of: " + string.Join(',', AllMeasures));
                        }

                        options.Only = only;
                        break;
                    case "--baseline-module":
                        options.BaselineModule = Next();
                        break;
                    case "--module":
                        options.Module = Next();
                        break;
                    case "--serve":
                        options.ServeSeconds = Number(1);
                        break;
                    case "--build":
                        options.Build = true;
                        break;
                    case "--max-page-size":
                        options.MaxPageSize = Number(1);
                        break;
                    case "--unknown-field":
                        options.UnknownField = true;
                        break;
                    case "--il":
                        options.ReadyToRun = false;
                        break;
                    case "--items":
                        options.ListItems = Number(1);
                        break;
                    case "--page-size":
                        options.ListPageSize = Number(1);
                        break;
                    case "--lookups":
                        options.Lookups = Number(1);
                        break;
                    case "--latency-ms":
                        options.LatencyMs = Number(0);
                        break;
                    case "--memory-small":
                        options.MemorySmall = Number(1);
                        break;
                    case "--memory-large":
                        options.MemoryLarge = Number(1);
                        break;
                    case "--start-reps":
                        options.StartReps = Number(1);
                        break;
                    case "--list-reps":
                        options.ListReps = Number(1);
                        break;
                    case "--lookup-reps":
                        options.LookupReps = Number(1);
                        break;
                    case "--memory-reps":
                        options.MemoryReps = Number(1);
                        break;
                    case "--budget-reps":
                        options.BudgetReps = Number(1);
                        break;
                    case "--fault-reps":
                        options.FaultReps = Number(1);
                        break;
                    case "--budget-lookups":
                        options.BudgetLookups = Number(1);
                        break;
                    case "--budget":
                        string shape = Next();
                        string[] parts = shape.Split('/');
                        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int quota) || quota < 2
                            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int window) || window < 1)
                        {
                            throw new BenchException($"--budget: '{shape}' is not QUOTA/WINDOW-SECONDS, such as 60/4.");
                        }

                        options.BudgetQuota = quota;
                        options.BudgetWindowSeconds = window;
                        break;
                    default:
                        throw new BenchException($"Unknown option '{arg}'.\n\n{Usage}");
                }
            }

            return options;
        }
    }
}
