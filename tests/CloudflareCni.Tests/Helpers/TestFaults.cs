using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using CloudflareCni.Emulator;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>The sandbox's scripted faults as tests queue them: by kind, by query, and at random rates.</summary>
    internal static class TestFaults
    {
        public static EmulatorFault TooManyRequests(string? method = null, int? retryAfterSeconds = null) =>
            EmulatorFault.For(EmulatorFaultKind.TooManyRequests, 429, method, retryAfterSeconds: retryAfterSeconds);

        public static EmulatorFault ServerError(int status = 503, string? method = null) => EmulatorFault.For(EmulatorFaultKind.ServerError, status, method);

        public static EmulatorFault NonJson(string? method = null) => EmulatorFault.For(EmulatorFaultKind.NonJson, 502, method);

        public static EmulatorFault TruncatedJson(string? method = null) => EmulatorFault.For(EmulatorFaultKind.TruncatedJson, 200, method);

        public static EmulatorFault EmptyBody(string? method = null) => EmulatorFault.For(EmulatorFaultKind.EmptyBody, 200, method);

        public static EmulatorFault ConnectionReset(string? method = null) => EmulatorFault.For(EmulatorFaultKind.ConnectionReset, 0, method);

        public static EmulatorFault Stall(string? method = null) => EmulatorFault.For(EmulatorFaultKind.Stall, 0, method);

        public static EmulatorFault CommitThenFail(int status = 502, string? method = null) => EmulatorFault.For(EmulatorFaultKind.CommitThenFail, status, method);

        public static EmulatorFault Unauthorized(string? method = null) => EmulatorFault.For(EmulatorFaultKind.Unauthorized, 401, method);

        public static EmulatorFault Forbidden(string? method = null) => EmulatorFault.For(EmulatorFaultKind.Forbidden, 403, method);

        /// <summary>A fault for the requests whose query string (without '?', such as <c>cursor=100&amp;limit=100</c>) matches the wildcard pattern.</summary>
        public static EmulatorFault OnQuery(EmulatorFaultKind kind, int status, string method, string queryPattern)
        {
            var pattern = new WildcardPattern(queryPattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            return new EmulatorFault(
                kind,
                request => string.Equals(request.Method, method, StringComparison.OrdinalIgnoreCase) && pattern.IsMatch((request.QueryString ?? string.Empty).TrimStart('?')),
                status);
        }

        /// <summary>
        /// Faults at random, reproducible from <paramref name="seed"/>: each request draws one number, and at most one of
        /// the faults fires, checked in the order given.
        /// </summary>
        public static void AtRates(this EmulatorFaults faults, int seed, params (EmulatorFaultKind Kind, int Status, double Rate)[] rates)
        {
            var random = new Random(seed);
            var rolls = new ConditionalWeakTable<EmulatorRequest, StrongBox<double>>();
            double Roll(EmulatorRequest request)
            {
                lock (random)
                {
                    return rolls.GetValue(request, _ => new StrongBox<double>(random.NextDouble())).Value;
                }
            }

            double edge = 0;
            foreach ((EmulatorFaultKind kind, int status, double rate) in rates)
            {
                double from = edge;
                double to = edge += rate;
                faults.Enqueue(new EmulatorFault(kind, request => Roll(request) >= from && Roll(request) < to, status), int.MaxValue);
            }
        }

        /// <summary>Queues a fault for the next request it matches.</summary>
        public static void Enqueue(this EmulatorFaults faults, EmulatorFault fault) => faults.Enqueue(fault, 1);

        /// <summary>How many more requests the scripted faults will hit, all together.</summary>
        public static long PendingCount(this EmulatorFaults faults) => faults.Pending.Sum(pending => (long)pending.Remaining);
    }
}
