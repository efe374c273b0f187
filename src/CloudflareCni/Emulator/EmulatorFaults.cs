using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace CloudflareCni.Emulator
{
    /// <summary>What goes wrong with one request. The names are the ones Add-CfSandboxFault -Kind takes.</summary>
    internal enum EmulatorFaultKind
    {
        /// <summary>429 with Retry-After, error code 971.</summary>
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
    /// A scripted fault: what goes wrong, and which requests it hits (<see cref="When"/>). Immutable once queued.
    /// </summary>
    internal sealed class EmulatorFault
    {
        /// <summary>The Retry-After seconds of a TooManyRequests fault that names none.</summary>
        public const int DefaultRetryAfterSeconds = 1;

        public EmulatorFault(EmulatorFaultKind kind, Func<EmulatorRequest, bool> when, int status = 0)
        {
            Kind = kind;
            When = when ?? throw new ArgumentNullException(nameof(when));
            Status = status != 0 ? status : DefaultStatus(kind);
        }

        public EmulatorFaultKind Kind { get; }

        /// <summary>The status answered (for ConnectionReset and Stall: 0).</summary>
        public int Status { get; }

        /// <summary>True for the requests the fault hits; others pass it by.</summary>
        public Func<EmulatorRequest, bool> When { get; }

        /// <summary>For TooManyRequests: the Retry-After seconds (<see cref="DefaultRetryAfterSeconds"/> when null).</summary>
        public int? RetryAfterSeconds { get; private set; }

        /// <summary>The method it hits, as the user gave it (for showing the fault); null for any.</summary>
        public string? Method { get; private set; }

        /// <summary>The path pattern it hits, as the user gave it; null for any.</summary>
        public string? Path { get; private set; }

        /// <summary>The command whose requests it hits, as the module spells it; null for any.</summary>
        public string? Command { get; private set; }

        /// <summary>
        /// A fault for the requests that match every filter given: the method (case-insensitive); the path as sent,
        /// without the query (such as <c>/client/v4/accounts/abc/cni/interconnects/icon-1/status</c>), against a
        /// PowerShell wildcard pattern, case-insensitively; the command that sent the request (such as <c>Get-CfCni</c>,
        /// case-insensitive).
        /// </summary>
        public static EmulatorFault For(EmulatorFaultKind kind, int status = 0, string? method = null, string? path = null, string? command = null, int? retryAfterSeconds = null)
        {
            WildcardPattern? pattern = path is null ? null : new WildcardPattern(path, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            return new EmulatorFault(
                kind,
                request => (method is null || string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
                    && (command is null || string.Equals(command, request.Command, StringComparison.OrdinalIgnoreCase))
                    && (pattern is null || pattern.IsMatch(request.Path ?? string.Empty)),
                status)
            {
                Method = method,
                Path = path,
                Command = command,
                RetryAfterSeconds = retryAfterSeconds,
            };
        }

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
    /// The scripted faults of a <see cref="CniEmulator"/> (thread-safe), tried oldest first: the first one that matches a
    /// request hits it and counts down.
    /// </summary>
    internal sealed class EmulatorFaults
    {
        private readonly object _gate = new object();
        private readonly List<Slot> _queue = new List<Slot>();

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

        /// <summary>Drops every queued fault.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _queue.Clear();
            }
        }

        /// <summary>Takes the fault for a request: the first matching one (counting it down); null for none.</summary>
        internal EmulatorFault? Take(EmulatorRequest request)
        {
            lock (_gate)
            {
                for (int i = 0; i < _queue.Count; i++)
                {
                    Slot slot = _queue[i];
                    if (slot.Fault.When(request))
                    {
                        slot.Remaining--;
                        if (slot.Remaining == 0)
                        {
                            _queue.RemoveAt(i);
                        }

                        return slot.Fault;
                    }
                }

                return null;
            }
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
}
