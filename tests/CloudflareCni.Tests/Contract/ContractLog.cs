using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// The contract check of one loopback server: every exchange of the module (User-Agent CloudflareCni/...) is checked
    /// as it happens, and what breaks the contract is kept until the server is disposed, which throws it, so that the test
    /// that caused it fails. Other clients (tests poking the server directly) are not the module, and are not checked.
    /// </summary>
    internal sealed class ContractLog
    {
        public const string ModuleUserAgentPrefix = "CloudflareCni/";

        private readonly object gate = new object();
        private readonly List<ContractViolation> violations = new List<ContractViolation>();
        private readonly List<(ContractExchange Exchange, ContractSettings Settings)> recorded = new List<(ContractExchange, ContractSettings)>();
        private readonly List<(ContractExchange Exchange, ContractSettings Settings)> exchanges = new List<(ContractExchange, ContractSettings)>();
        private readonly HashSet<string> operations = new HashSet<string>(StringComparer.Ordinal);

        public ContractLog(ApiContract contract)
        {
            Contract = contract;
        }

        public ApiContract Contract { get; }

        /// <summary>The module's exchanges so far, with the emulator's settings at the time.</summary>
        public IReadOnlyList<(ContractExchange Exchange, ContractSettings Settings)> Exchanges
        {
            get
            {
                lock (gate)
                {
                    CheckRecorded();
                    return exchanges.ToList();
                }
            }
        }

        /// <summary>What broke the contract so far (a copy; disposing the server still throws it).</summary>
        public IReadOnlyList<ContractViolation> Violations
        {
            get
            {
                lock (gate)
                {
                    CheckRecorded();
                    return violations.ToList();
                }
            }
        }

        /// <summary>The ids of the operations that answered the module with a 2xx.</summary>
        public IReadOnlyCollection<string> OperationsAnswered
        {
            get
            {
                lock (gate)
                {
                    CheckRecorded();
                    return operations.ToList();
                }
            }
        }

        public static bool IsModule(IReadOnlyDictionary<string, string> headers) =>
            headers.TryGetValue("User-Agent", out string? agent) && agent.StartsWith(ModuleUserAgentPrefix, StringComparison.Ordinal);

        /// <summary>The settings of the test server that matter to the check, as they are now (a test may change them at any time).</summary>
        public static ContractSettings SettingsOf(TestServerOptions options) => new ContractSettings(
            CniEmulator.BasePath,
            options.Envelope,
            new[] { options.InterconnectFieldsOnCreate, options.CniFieldsOnCreate }
                .SelectMany(Keys)
                .Concat(ContractExemptions.FixtureFields)
                .Distinct(StringComparer.Ordinal)
                .ToArray());

        /// <summary>Records one exchange of the module, to be checked with the settings given.</summary>
        public void Record(ContractExchange exchange, ContractSettings settings)
        {
            lock (gate)
            {
                recorded.Add((exchange, settings));
            }
        }

        private void CheckRecorded()
        {
            foreach ((ContractExchange exchange, ContractSettings settings) in recorded)
            {
                violations.AddRange(ContractChecker.Check(Contract, exchange, settings, out ContractOperation? operation));
                exchanges.Add((exchange, settings));
                if (operation != null && exchange.Status >= 200 && exchange.Status <= 299)
                {
                    operations.Add(operation.Id);
                }
            }

            recorded.Clear();
        }

        /// <summary>The violations so far, which are then no longer thrown at the end (for the tests of the check itself).</summary>
        public IReadOnlyList<ContractViolation> TakeViolations()
        {
            lock (gate)
            {
                CheckRecorded();
                List<ContractViolation> taken = violations.ToList();
                violations.Clear();
                return taken;
            }
        }

        public void ThrowIfViolated()
        {
            IReadOnlyList<ContractViolation> found = TakeViolations();
            if (found.Count > 0)
            {
                throw new ContractViolationException(Contract, found);
            }
        }

        private static IEnumerable<string> Keys(JsonObject? fields) => fields?.Select(f => f.Key) ?? Enumerable.Empty<string>();
    }

    /// <summary>The module or its emulator broke the published schema during a test.</summary>
    internal sealed class ContractViolationException : Exception
    {
        public ContractViolationException(ApiContract contract, IReadOnlyList<ContractViolation> violations)
            : base(
                violations.Count + " exchange problem(s) break the API contract (" + contract.Source + ", api-schemas " + contract.SourceCommit +
                "; exemptions: tests/CloudflareCni.Tests/Contract/ContractExemptions.cs):\n  " +
                string.Join("\n  ", violations.Take(40)) + (violations.Count > 40 ? "\n  ..." : string.Empty))
        {
            Violations = violations;
        }

        public IReadOnlyList<ContractViolation> Violations { get; }
    }
}
