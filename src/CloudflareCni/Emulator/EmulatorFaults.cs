using System;
using System.Collections.Generic;

namespace CloudflareCni.Emulator
{
    /// <summary>What goes wrong with one request.</summary>
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

        /// <summary>No answer until the request's cancellation token fires (with CancellationToken.None: never).</summary>
        Stall,

        /// <summary>The operation runs and its state change is committed, then the answer is replaced by the fault's status with an error body.</summary>
        CommitThenFail,
    }

    /// <summary>A scripted fault for one upcoming request (optionally only a request with a given method).</summary>
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

        /// <summary>When set, the fault waits for the next request with this method (case-insensitive); other requests pass it by.</summary>
        public string? Method { get; }

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

        internal bool Matches(string method) =>
            Method == null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => Kind + (Status != 0 ? "(" + Status.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : string.Empty) + (Method != null ? " on " + Method : string.Empty);

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
                default: return 0;
            }
        }
    }

    /// <summary>
    /// Fault switches of a <see cref="CniEmulator"/> (thread-safe). Scripted faults (<see cref="Enqueue"/>) come first;
    /// when none applies, each request draws one random number and at most one rate-based fault fires, checked in the
    /// order ConnectionReset, TooManyRequests, ServerError, NonJson.
    /// </summary>
    internal sealed class EmulatorFaults
    {
        private readonly object _gate = new object();
        private readonly List<EmulatorFault> _queue = new List<EmulatorFault>();
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

        /// <summary>Scripted faults not yet used.</summary>
        public int PendingCount { get { lock (_gate) { return _queue.Count; } } }

        /// <summary>Queues a fault for the next request (matching its method filter, if any).</summary>
        public void Enqueue(EmulatorFault fault)
        {
            if (fault == null) throw new ArgumentNullException(nameof(fault));
            lock (_gate)
            {
                _queue.Add(fault);
            }
        }

        /// <summary>Queues the same fault <paramref name="count"/> times.</summary>
        public void Enqueue(EmulatorFault fault, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Enqueue(fault);
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

        /// <summary>Takes the fault for a request with this method: the first matching scripted one, else a random draw; null for none.</summary>
        internal EmulatorFault? Take(string method)
        {
            lock (_gate)
            {
                for (int i = 0; i < _queue.Count; i++)
                {
                    if (_queue[i].Matches(method))
                    {
                        EmulatorFault scripted = _queue[i];
                        _queue.RemoveAt(i);
                        return scripted;
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
    }
}
