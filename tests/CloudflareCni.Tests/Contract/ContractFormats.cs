using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// The contract asserts every <c>format</c> the schema names: what the module sends and what its sandbox answers must
    /// be what the API documents, a UUID where it says uuid. A format the schema starts to use that has no rule here
    /// stops the contract from loading, so that each new one is a decision, not a silent pass. The rules are written
    /// here from the formats' definitions, not taken from the module (a test must not check the code against itself).
    /// </summary>
    internal static class ContractFormats
    {
        private const string Octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

        private static readonly Regex Uuid = new Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex IPv4 = new Regex("^" + Octet + @"(\." + Octet + "){3}$", RegexOptions.CultureInvariant);
        private static readonly Regex IPv4Prefix = new Regex("^" + Octet + @"(\." + Octet + "){3}/(3[0-2]|[12]?[0-9])$", RegexOptions.CultureInvariant);
        private static readonly Regex DateTime = new Regex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

        /// <summary>Each format the contract knows, with its rule; a rule gets the value whatever its JSON type, and passes types it is not about.</summary>
        public static readonly IReadOnlyDictionary<string, Func<JsonElement, bool>> Rules = new Dictionary<string, Func<JsonElement, bool>>(StringComparer.Ordinal)
        {
            ["uuid"] = value => !IsString(value) || Uuid.IsMatch(value.GetString()!),
            ["int32"] = value => value.ValueKind != JsonValueKind.Number || (value.TryGetInt64(out long n) && n >= int.MinValue && n <= int.MaxValue),
            ["int64"] = value => value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _),
            ["date-time"] = value => !IsString(value) || (DateTime.IsMatch(value.GetString()!)
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
            ["ipv4"] = value => !IsString(value) || IPv4.IsMatch(value.GetString()!),
            // The CNI schema's own name for an IPv4 prefix (192.168.3.4/31).
            ["A.B.C.D/N"] = value => !IsString(value) || IPv4Prefix.IsMatch(value.GetString()!),
            // An IPv4 or IPv6 prefix (the Magic tunnels' extra_prefixes).
            ["cidr"] = value => !IsString(value) || (value.GetString()!.Contains('/') && IPNetwork.TryParse(value.GetString(), out _)),
        };

        /// <summary>A registry with exactly these rules, for <see cref="EvaluationOptions.FormatRegistry"/>.</summary>
        public static FormatRegistry CreateRegistry()
        {
            var registry = new FormatRegistry();
            foreach (KeyValuePair<string, Func<JsonElement, bool>> rule in Rules)
            {
                registry.Register(new PredicateFormat(rule.Key, rule.Value.Invoke));
            }

            return registry;
        }

        private static bool IsString(JsonElement value) => value.ValueKind == JsonValueKind.String;
    }
}
