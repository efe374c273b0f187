using System;
using System.Collections.Generic;
using System.Globalization;

namespace CloudflareCni.Emulator
{
    /// <summary>What goes wrong with one request. The names are the ones Add-CfSandboxFault -Kind takes.</summary>
    internal enum EmulatorFaultKind
    {
        /// <summary>429 with Retry-After (and retry-after-ms when configured), error code 971.</summary>
        TooManyRequests,

        /// <summary>A 5xx (the fault's <see cref="EmulatorFault.Status"/>) with an error envelope, code 1100.</summary>
        ServerError,

        /// <summary>502 with an HTML body (<c>text/html</c>), as a proxy in front of the API would answer.</summary>
        NonJson,

        /// <summary>200 with <c>application/json</c> whose body is cut in half.</summary>
        TruncatedJson,

        /// <summary>200 with <c>application/json</c> and an empty body.</summary>
        EmptyBody,

        /// <summary>The connection is dropped without an answer (<see cref="EmulatorResponse.AbortConnection"/>).</summary>
        ConnectionReset,

        /// <summary>No answer until the request's cancellation token fires (its timeout, or Ctrl+C; with CancellationToken.None: never).</summary>
        Stall,

        /// <summary>The operation runs and its state change is committed, then the answer is replaced by the fault's status with an error body.</summary>
        CommitThenFail,

        /// <summary>401 with error code 10000, as for a revoked or mistyped token.</summary>
        Unauthorized,

        /// <summary>403 with error code 10001, as for a token without permission on the account.</summary>
        Forbidden,
    }

    /// <summary>
    /// A scripted fault: what goes wrong, and which requests it hits. Every filter that is set must match: the method,
    /// the path (a wildcard pattern), and the command that sent the request. Immutable once queued.
    /// </summary>
    internal sealed class EmulatorFault
    {
        public EmulatorFault(EmulatorFaultKind kind, int status = 0, string? method = null)
        {
            Kind = kind;
            Method = method;
            Status = status != 0 ? status : DefaultStatus(kind);
        }

        public EmulatorFaultKind Kind { get; }

        /// <summary>The status answered (for ConnectionReset and Stall: 0).</summary>
        public int Status { get; }

        /// <summary>When set, only a request with this method (case-insensitive) is hit; other requests pass it by.</summary>
        public string? Method { get; }

        /// <summary>
        /// When set, only a request whose path (as sent, without the query, such as
        /// <c>/client/v4/accounts/abc/cni/interconnects/icon-1/status</c>) matches this PowerShell wildcard pattern is
        /// hit, case-insensitively.
        /// </summary>
        public string? Path { get; set; }

        /// <summary>
        /// When set, only a request whose query string (without the '?', such as <c>cursor=100&amp;limit=100</c>) matches
        /// this wildcard pattern is hit: a fault aimed at one page of a listing, whatever was prefetched before it.
        /// </summary>
        public string? Query { get; set; }

        /// <summary>When set, only a request sent by this command (such as <c>Get-CfCni</c>, case-insensitive) is hit.</summary>
        public string? Command { get; set; }

        /// <summary>For TooManyRequests: overrides <see cref="EmulatorFaults.RetryAfterSeconds"/>.</summary>
        public int? RetryAfterSeconds { get; set; }

        /// <summary>For TooManyRequests: overrides <see cref="EmulatorFaults.RetryAfterMilliseconds"/>.</summary>
        public int? RetryAfterMilliseconds { get; set; }

        public static EmulatorFault TooManyRequests(string? method = null, int? retryAfterSeconds = null) =>
            new EmulatorFault(EmulatorFaultKind.TooManyRequests, 429, method) { RetryAfterSeconds = retryAfterSeconds };

        public static EmulatorFault ServerError(int status = 503, string? method = null) =>
            new EmulatorFault(EmulatorFaultKind.ServerError, status, method);

        public static EmulatorFault NonJson(string? method = null) => new EmulatorFault(EmulatorFaultKind.NonJson, 502, method);

        public static EmulatorFault TruncatedJson(string? method = null) => new EmulatorFault(EmulatorFaultKind.TruncatedJson, 200, method);

        public static EmulatorFault EmptyBody(string? method = null) => new EmulatorFault(EmulatorFaultKind.EmptyBody, 200, method);

        public static EmulatorFault ConnectionReset(string? method = null) => new EmulatorFault(EmulatorFaultKind.ConnectionReset, 0, method);

        public static EmulatorFault Stall(string? method = null) => new EmulatorFault(EmulatorFaultKind.Stall, 0, method);

        public static EmulatorFault CommitThenFail(int status = 502, string? method = null) =>
            new EmulatorFault(EmulatorFaultKind.CommitThenFail, status, method);

        public static EmulatorFault Unauthorized(string? method = null) => new EmulatorFault(EmulatorFaultKind.Unauthorized, 401, method);

        public static EmulatorFault Forbidden(string? method = null) => new EmulatorFault(EmulatorFaultKind.Forbidden, 403, method);

        internal bool Matches(EmulatorRequest request) =>
            (Method == null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
            && (Command == null || string.Equals(Command, request.Command, StringComparison.OrdinalIgnoreCase))
            && (Path == null || Wildcard.IsMatch(request.Path ?? string.Empty, Path))
            && (Query == null || Wildcard.IsMatch((request.QueryString ?? string.Empty).TrimStart('?'), Query));

        public override string ToString()
        {
            string text = Kind + (Status != 0 ? "(" + Status.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
            var filters = new List<string>();
            if (Method != null) filters.Add(Method);
            if (Path != null) filters.Add(Path);
            if (Command != null) filters.Add("from " + Command);
            return filters.Count == 0 ? text : text + " on " + string.Join(" ", filters);
        }

        private static int DefaultStatus(EmulatorFaultKind kind)
        {
            switch (kind)
            {
                case EmulatorFaultKind.TooManyRequests: return 429;
                case EmulatorFaultKind.ServerError: return 503;
                case EmulatorFaultKind.NonJson: return 502;
                case EmulatorFaultKind.TruncatedJson: return 200;
                case EmulatorFaultKind.EmptyBody: return 200;
                case EmulatorFaultKind.CommitThenFail: return 502;
                case EmulatorFaultKind.Unauthorized: return 401;
                case EmulatorFaultKind.Forbidden: return 403;
                default: return 0;
            }
        }
    }

    /// <summary>A queued fault and how many more requests it will hit (a snapshot: it does not change).</summary>
    internal sealed class PendingFault
    {
        internal PendingFault(EmulatorFault fault, int remaining)
        {
            Fault = fault;
            Remaining = remaining;
        }

        public EmulatorFault Fault { get; }

        public int Remaining { get; }
    }

    /// <summary>
    /// Fault switches of a <see cref="CniEmulator"/> (thread-safe). Scripted faults (<see cref="Enqueue(EmulatorFault, int)"/>)
    /// come first, oldest first: the first one that matches a request hits it and counts down. When none applies, each
    /// request draws one random number and at most one rate-based fault fires, checked in the order ConnectionReset,
    /// TooManyRequests, ServerError, NonJson.
    /// </summary>
    internal sealed class EmulatorFaults
    {
        private readonly object _gate = new object();
        private readonly List<Slot> _queue = new List<Slot>();
        private Random _random = new Random();
        private TimeSpan _latency;
        private double _tooManyRequestsRate;
        private int _retryAfterSeconds = 1;
        private int? _retryAfterMilliseconds;
        private double _serverErrorRate;
        private int _serverErrorStatus = 503;
        private double _nonJsonRate;
        private double _connectionResetRate;
        private int? _seed;

        /// <summary>Delay before every request is handled (honours cancellation).</summary>
        public TimeSpan Latency { get { lock (_gate) { return _latency; } } set { lock (_gate) { _latency = value; } } }

        /// <summary>Share (0..1) of requests answered 429.</summary>
        public double TooManyRequestsRate { get { lock (_gate) { return _tooManyRequestsRate; } } set { lock (_gate) { _tooManyRequestsRate = Clamp(value); } } }

        /// <summary>Retry-After header value (seconds) on a 429. Default 1.</summary>
        public int RetryAfterSeconds { get { lock (_gate) { return _retryAfterSeconds; } } set { lock (_gate) { _retryAfterSeconds = value; } } }

        /// <summary>When set, a 429 also carries <c>retry-after-ms</c> with this value.</summary>
        public int? RetryAfterMilliseconds { get { lock (_gate) { return _retryAfterMilliseconds; } } set { lock (_gate) { _retryAfterMilliseconds = value; } } }

        /// <summary>Share (0..1) of requests answered <see cref="ServerErrorStatus"/>.</summary>
        public double ServerErrorRate { get { lock (_gate) { return _serverErrorRate; } } set { lock (_gate) { _serverErrorRate = Clamp(value); } } }

        /// <summary>Status of rate-based server errors. Default 503.</summary>
        public int ServerErrorStatus { get { lock (_gate) { return _serverErrorStatus; } } set { lock (_gate) { _serverErrorStatus = value; } } }

        /// <summary>Share (0..1) of requests answered 502 with an HTML body.</summary>
        public double NonJsonRate { get { lock (_gate) { return _nonJsonRate; } } set { lock (_gate) { _nonJsonRate = Clamp(value); } } }

        /// <summary>Share (0..1) of requests whose connection is reset.</summary>
        public double ConnectionResetRate { get { lock (_gate) { return _connectionResetRate; } } set { lock (_gate) { _connectionResetRate = Clamp(value); } } }

        /// <summary>Seed of the random source used by the rates; setting it restarts the sequence.</summary>
        public int? Seed
        {
            get { lock (_gate) { return _seed; } }
            set
            {
                lock (_gate)
                {
                    _seed = value;
                    _random = value.HasValue ? new Random(value.Value) : new Random();
                }
            }
        }

        /// <summary>How many more requests the scripted faults will hit, all together.</summary>
        public int PendingCount
        {
            get
            {
                lock (_gate)
                {
                    int total = 0;
                    foreach (Slot slot in _queue)
                    {
                        total += slot.Remaining;
                    }

                    return total;
                }
            }
        }

        /// <summary>The scripted faults not yet used up, in the order they are tried.</summary>
        public IReadOnlyList<PendingFault> Pending
        {
            get
            {
                lock (_gate)
                {
                    var list = new List<PendingFault>(_queue.Count);
                    foreach (Slot slot in _queue)
                    {
                        list.Add(new PendingFault(slot.Fault, slot.Remaining));
                    }

                    return list;
                }
            }
        }

        /// <summary>Queues a fault for the next request it matches.</summary>
        public void Enqueue(EmulatorFault fault) => Enqueue(fault, 1);

        /// <summary>Queues a fault for the next <paramref name="count"/> requests it matches.</summary>
        public void Enqueue(EmulatorFault fault, int count)
        {
            if (fault == null) throw new ArgumentNullException(nameof(fault));
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A fault hits at least one request.");
            lock (_gate)
            {
                _queue.Add(new Slot(fault, count));
            }
        }

        /// <summary>Drops the scripted faults only; rates and latency stay.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _queue.Clear();
            }
        }

        /// <summary>Drops scripted faults and sets every rate and the latency back to zero.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _queue.Clear();
                _latency = TimeSpan.Zero;
                _tooManyRequestsRate = 0;
                _serverErrorRate = 0;
                _nonJsonRate = 0;
                _connectionResetRate = 0;
            }
        }

        /// <summary>Takes the fault for a request: the first matching scripted one (counting it down), else a random draw; null for none.</summary>
        internal EmulatorFault? Take(EmulatorRequest request)
        {
            lock (_gate)
            {
                for (int i = 0; i < _queue.Count; i++)
                {
                    Slot slot = _queue[i];
                    if (slot.Fault.Matches(request))
                    {
                        slot.Remaining--;
                        if (slot.Remaining == 0)
                        {
                            _queue.RemoveAt(i);
                        }

                        return slot.Fault;
                    }
                }

                if (_connectionResetRate <= 0 && _tooManyRequestsRate <= 0 && _serverErrorRate <= 0 && _nonJsonRate <= 0)
                {
                    return null;
                }

                double roll = _random.NextDouble();
                double edge = _connectionResetRate;
                if (roll < edge)
                {
                    return EmulatorFault.ConnectionReset();
                }

                edge += _tooManyRequestsRate;
                if (roll < edge)
                {
                    return EmulatorFault.TooManyRequests();
                }

                edge += _serverErrorRate;
                if (roll < edge)
                {
                    return EmulatorFault.ServerError(_serverErrorStatus);
                }

                edge += _nonJsonRate;
                if (roll < edge)
                {
                    return EmulatorFault.NonJson();
                }

                return null;
            }
        }

        private static double Clamp(double value)
        {
            if (double.IsNaN(value) || value < 0)
            {
                return 0;
            }

            return value > 1 ? 1 : value;
        }

        private sealed class Slot
        {
            public Slot(EmulatorFault fault, int remaining)
            {
                Fault = fault;
                Remaining = remaining;
            }

            public EmulatorFault Fault { get; }

            public int Remaining { get; set; }
        }
    }

    /// <summary>
    /// PowerShell's wildcards (<c>*</c>, <c>?</c> and <c>[...]</c> sets), case-insensitive: the sandbox matches paths as
    /// the -Path of its cmdlets promises, which refuse an invalid pattern before it gets here.
    /// </summary>
    internal static class Wildcard
    {
        public static bool IsMatch(string text, string pattern) =>
            new System.Management.Automation.WildcardPattern(
                pattern, System.Management.Automation.WildcardOptions.IgnoreCase | System.Management.Automation.WildcardOptions.CultureInvariant).IsMatch(text);
    }
}
