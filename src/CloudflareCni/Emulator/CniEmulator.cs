using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// A stateful, in-memory emulator of the Cloudflare Network Interconnects (CNI) API: all 15 operations under
    /// <c>{BasePath}/accounts/{account_id}/cni</c>. It is an independent implementation (BCL and System.Text.Json only),
    /// transport-free: <see cref="HandleAsync"/> takes and returns plain messages, and <see cref="CniEmulatorHandler"/>
    /// (in-process) or a test's socket server carries them. Thread-safe.
    /// <para>
    /// State is per account id (the one in the path). Slots added without an account are copied into every account
    /// the first time it is used (so occupying one in account A leaves it free in account B). Every request, faulted
    /// or not, is recorded in <see cref="Requests"/>. Error bodies always use Cloudflare's envelope; the codes are
    /// listed on <see cref="EmulatorErrorCodes"/>.
    /// </para>
    /// </summary>
    internal sealed partial class CniEmulator
    {
        /// <summary>An account id the sandbox suggests (any account id works).</summary>
        public const string SandboxAccountId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

        /// <summary>The value of the unmodelled ccr_device_name field the sandbox adds to slots and interconnects.</summary>
        public const string SandboxCcrDeviceName = "ccr01-sandbox";

        private const int SandboxSeed = 20240917;

        private readonly object _gate = new object();
        private readonly List<JsonObject> _globalSlots = new List<JsonObject>();
        private readonly Dictionary<string, AccountState> _accounts = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        private readonly List<LogEntry> _log = new List<LogEntry>();
        private Random? _idRandom;
        private long _nextLink;

        public CniEmulator()
            : this(new CniEmulatorOptions())
        {
        }

        public CniEmulator(CniEmulatorOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
        }

        public CniEmulatorOptions Options { get; }

        public EmulatorFaults Faults { get; } = new EmulatorFaults();

        /// <summary>A snapshot of the request log, oldest first.</summary>
        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_gate)
                {
                    var list = new List<RecordedRequest>(_log.Count);
                    foreach (LogEntry entry in _log)
                    {
                        list.Add(entry.Snapshot());
                    }

                    return list;
                }
            }
        }

        public void ClearRequests()
        {
            lock (_gate)
            {
                _log.Clear();
            }
        }

        /// <summary>
        /// A sandbox: 12 slots (3 per site at AMS01, FRA05, IAD02, SIN03; 10G and 100G; 3 occupied by other customers)
        /// visible in every account, with ids derived from a fixed seed so that it looks the same every time.
        /// </summary>
        public static CniEmulator CreateSandbox(CniEmulatorOptions? options = null)
        {
            CniEmulator emulator = CreateEmptySandbox(options);
            var ids = new Random(SandboxSeed);

            string[] ams = { "Science Park 610", "1098 XH Amsterdam", "Netherlands" };
            string[] fra = { "Hanauer Landstraße 298", "60314 Frankfurt am Main", "Germany" };
            string[] iad = { "21715 Filigree Court", "Ashburn, VA 20147", "United States" };
            string[] sin = { "20 Ayer Rajah Crescent", "Singapore 139964", "Singapore" };

            emulator.AddSlot(null, "AMS01", "Equinix AM3", ams, "10G", false, NewGuid(ids));
            emulator.AddSlot(null, "AMS01", "Equinix AM3", ams, "10G", true, NewGuid(ids));
            emulator.AddSlot(null, "AMS01", "Equinix AM3", ams, "100G", false, NewGuid(ids));
            emulator.AddSlot(null, "FRA05", "Interxion FRA6", fra, "10G", false, NewGuid(ids));
            emulator.AddSlot(null, "FRA05", "Interxion FRA6", fra, "100G", false, NewGuid(ids));
            emulator.AddSlot(null, "FRA05", "Interxion FRA6", fra, "100G", true, NewGuid(ids));
            emulator.AddSlot(null, "IAD02", "Equinix DC2", iad, "10G", false, NewGuid(ids));
            emulator.AddSlot(null, "IAD02", "Equinix DC2", iad, "10G", false, NewGuid(ids));
            emulator.AddSlot(null, "IAD02", "Equinix DC2", iad, "100G", true, NewGuid(ids));
            emulator.AddSlot(null, "SIN03", "Equinix SG1", sin, "10G", false, NewGuid(ids));
            emulator.AddSlot(null, "SIN03", "Equinix SG1", sin, "100G", false, NewGuid(ids));
            emulator.AddSlot(null, "SIN03", "Equinix SG1", sin, "10G", false, NewGuid(ids));
            return emulator;
        }

        /// <summary>A sandbox without slots, interconnects or CNIs, for a test to fill (<see cref="Seed"/>, <see cref="AddSlot"/>).</summary>
        public static CniEmulator CreateEmptySandbox(CniEmulatorOptions? options = null) => new CniEmulator(options ?? SandboxOptions());

        /// <summary>
        /// The sandbox's settings. The live API already sends fields the seeds lack (ccr_device_name on slots and
        /// interconnects, per the TypeScript SDK 7.3): the sandbox does too, so users see how the module shows fields it
        /// does not model.
        /// </summary>
        public static CniEmulatorOptions SandboxOptions() => new CniEmulatorOptions
        {
            ExtraSlotFields = new JsonObject { ["ccr_device_name"] = SandboxCcrDeviceName },
            ExtraInterconnectFields = new JsonObject { ["ccr_device_name"] = SandboxCcrDeviceName },
        };

        /// <summary>
        /// Adds a slot. With <paramref name="accountId"/> null the slot is visible in every account (each account has its
        /// own copy of its occupancy); otherwise only in that account. Returns the slot id (generated unless given).
        /// </summary>
        public string AddSlot(string? accountId, string site, string facilityName, string[] address, string speed, bool occupied = false, string? id = null)
        {
            if (site == null) throw new ArgumentNullException(nameof(site));
            if (facilityName == null) throw new ArgumentNullException(nameof(facilityName));
            if (address == null) throw new ArgumentNullException(nameof(address));
            if (speed == null) throw new ArgumentNullException(nameof(speed));

            lock (_gate)
            {
                string slotId = id ?? NewGuid(IdRandom());
                var lines = new JsonArray();
                foreach (string line in address)
                {
                    lines.Add(JsonValue.Create(line));
                }

                var slot = new JsonObject
                {
                    ["id"] = slotId,
                    ["facility"] = new JsonObject { ["address"] = lines, ["name"] = facilityName },
                    ["occupied"] = occupied,
                    ["site"] = site,
                    ["speed"] = speed,
                };

                if (accountId == null)
                {
                    _globalSlots.Add(slot);
                    foreach (AccountState state in _accounts.Values)
                    {
                        state.Slots.Add(CopySlotForAccount(slot));
                    }
                }
                else
                {
                    Account(accountId).Slots.Add(CopySlotForAccount(slot));
                }

                return slotId;
            }
        }

        /// <summary>Fixes the status an interconnect reports (e.g. "Down" with a reason); the Pending countdown no longer applies.</summary>
        public void SetInterconnectStatus(string accountId, string name, string state, string? reason) =>
            SetInterconnectStatus(accountId, name, state, reason, 0);

        /// <summary>
        /// Sets the status an interconnect reports. With <paramref name="afterStatusReads"/> 0 it reports
        /// <paramref name="state"/> (and <paramref name="reason"/>) from the next status read on. With N &gt; 0 it keeps
        /// reporting what it reports now for N more status reads, then switches. Either way the built-in
        /// Pending-then-Healthy countdown of a new interconnect no longer applies.
        /// </summary>
        /// <exception cref="KeyNotFoundException">The account has no interconnect of that name (compared exactly).</exception>
        public void SetInterconnectStatus(string accountId, string name, string state, string? reason, int afterStatusReads)
        {
            if (accountId == null) throw new ArgumentNullException(nameof(accountId));
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (state == null) throw new ArgumentNullException(nameof(state));
            if (afterStatusReads < 0) throw new ArgumentOutOfRangeException(nameof(afterStatusReads), afterStatusReads, "A count of reads is at least 0.");
            lock (_gate)
            {
                InterconnectEntry entry = FindInterconnect(Account(accountId), name)
                    ?? throw new KeyNotFoundException("No interconnect '" + name + "' in account '" + accountId + "'.");
                if (afterStatusReads == 0)
                {
                    entry.State = state;
                    entry.Reason = reason;
                    entry.NextState = null;
                    entry.NextReason = null;
                    entry.ReadsBeforeNext = 0;
                }
                else
                {
                    // Freeze what it reports now, so the countdown alone decides when it changes.
                    if (entry.State == null)
                    {
                        entry.State = entry.StatusReads < Options.PendingStatusReads ? "Pending" : "Healthy";
                        entry.Reason = null;
                    }

                    entry.NextState = state;
                    entry.NextReason = reason;
                    entry.ReadsBeforeNext = afterStatusReads;
                }
            }
        }

        /// <summary>A copy of a slot as an account sees it, or null.</summary>
        public JsonObject? GetSlot(string accountId, string slotId)
        {
            lock (_gate)
            {
                JsonObject? slot = FindSlot(Account(accountId), slotId);
                return slot == null ? null : (JsonObject)slot.DeepClone();
            }
        }

        /// <summary>Copies of the account's slots, in order.</summary>
        public IReadOnlyList<JsonObject> GetSlots(string accountId)
        {
            lock (_gate)
            {
                return CloneAll(Account(accountId).Slots);
            }
        }

        /// <summary>Copies of the account's interconnects, in creation order.</summary>
        public IReadOnlyList<JsonObject> GetInterconnects(string accountId)
        {
            lock (_gate)
            {
                var list = new List<JsonObject>();
                foreach (InterconnectEntry entry in Account(accountId).Interconnects)
                {
                    list.Add((JsonObject)entry.Body.DeepClone());
                }

                return list;
            }
        }

        /// <summary>Copies of the account's CNIs, in creation order.</summary>
        public IReadOnlyList<JsonObject> GetCnis(string accountId)
        {
            lock (_gate)
            {
                return CloneAll(Account(accountId).Cnis);
            }
        }

        /// <summary>The account's current <c>default_asn</c>.</summary>
        public long GetDefaultAsn(string accountId)
        {
            lock (_gate)
            {
                return Account(accountId).DefaultAsn;
            }
        }

        /// <summary>Handles one request: latency, faults, auth, routing, the operation; records it in the log.</summary>
        public async Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));

            LogEntry entry = Record(request);
            try
            {
                TimeSpan latency = Faults.Latency;
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();

                string method = (request.Method ?? string.Empty).ToUpperInvariant();
                EmulatorFault? fault = Faults.Take(request);
                if (fault != null)
                {
                    lock (_gate)
                    {
                        entry.Fault = fault.Kind.ToString();
                    }
                }

                EmulatorResponse response;
                if (fault != null && fault.Kind == EmulatorFaultKind.Stall)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    throw new OperationCanceledException(cancellationToken);
                }

                if (fault != null && fault.Kind != EmulatorFaultKind.CommitThenFail)
                {
                    response = FaultResponse(fault);
                }
                else
                {
                    response = Process(request, method);
                    if (fault != null)
                    {
                        response = Error(fault.Status, EmulatorErrorCodes.ServerError,
                            "Bad gateway: the upstream service did not answer in time (emulated; the change was committed).");
                    }
                }

                response.Headers["cf-ray"] = NewRayId();
                response.Fault = fault?.Kind.ToString();
                lock (_gate)
                {
                    entry.Status = response.AbortConnection ? 0 : response.Status;
                }

                return response;
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    entry.Status = 0;
                }

                throw;
            }
        }

        internal static string NewGuid(Random random)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);

            // RFC 4122 version 4, variant 1 (Guid's byte order keeps the version nibble in byte 7).
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString("D");
        }

        private static string NewRayId() => Guid.NewGuid().ToString("N").Substring(0, 16) + "-EMU";

        private static List<JsonObject> CloneAll(List<JsonObject> source)
        {
            var list = new List<JsonObject>(source.Count);
            foreach (JsonObject item in source)
            {
                list.Add((JsonObject)item.DeepClone());
            }

            return list;
        }

        private EmulatorResponse FaultResponse(EmulatorFault fault)
        {
            switch (fault.Kind)
            {
                case EmulatorFaultKind.TooManyRequests:
                {
                    EmulatorResponse response = Error(fault.Status, EmulatorErrorCodes.RateLimited, "Please wait and consider throttling your request speed.");
                    int seconds = fault.RetryAfterSeconds ?? Faults.RetryAfterSeconds;
                    response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                    int? ms = fault.RetryAfterMilliseconds ?? Faults.RetryAfterMilliseconds;
                    if (ms.HasValue)
                    {
                        response.Headers["retry-after-ms"] = ms.Value.ToString(CultureInfo.InvariantCulture);
                    }

                    return response;
                }

                case EmulatorFaultKind.ServerError:
                    return Error(fault.Status, EmulatorErrorCodes.ServerError, "Internal server error (emulated).");

                case EmulatorFaultKind.NonJson:
                    return new EmulatorResponse
                    {
                        Status = fault.Status,
                        ContentType = "text/html",
                        Body = Encoding.UTF8.GetBytes(
                            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
                            "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"),
                    };

                case EmulatorFaultKind.TruncatedJson:
                {
                    string full = "{\"items\":[{\"id\":\"7f6c3b1e-2d4a-4c8e-9b1f-0a2b3c4d5e6f\",\"facility\":{\"address\":[\"Science Park 610\",\"1098 XH Amsterdam\"],\"name\":\"Equinix AM3\"},\"occupied\":false,\"site\":\"AMS01\",\"speed\":\"10G\"}],\"next\":1}";
                    return new EmulatorResponse
                    {
                        Status = fault.Status,
                        ContentType = EmulatorJson.JsonContentType,
                        Body = Encoding.UTF8.GetBytes(full.Substring(0, full.Length / 2)),
                    };
                }

                case EmulatorFaultKind.EmptyBody:
                    return new EmulatorResponse { Status = fault.Status, ContentType = EmulatorJson.JsonContentType };

                case EmulatorFaultKind.ConnectionReset:
                    return new EmulatorResponse { Status = 0, AbortConnection = true };

                case EmulatorFaultKind.Unauthorized:
                    return Error(fault.Status, EmulatorErrorCodes.AuthenticationError, "Authentication error (emulated).");

                case EmulatorFaultKind.Forbidden:
                    return Error(fault.Status, EmulatorErrorCodes.Forbidden, "Authorization error: the token may not use this account (emulated).");

                default:
                    return Error(500, EmulatorErrorCodes.ServerError, "Unknown emulated fault " + fault.Kind + ".");
            }
        }

        private LogEntry Record(EmulatorRequest request)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (request.Headers != null)
            {
                foreach (KeyValuePair<string, string> pair in request.Headers)
                {
                    headers[pair.Key] = pair.Value;
                }
            }

            var query = new List<KeyValuePair<string, string>>();
            if (request.Query != null)
            {
                query.AddRange(request.Query);
            }

            string queryString = request.QueryString ?? BuildQueryString(query);
            if (queryString.StartsWith("?", StringComparison.Ordinal))
            {
                queryString = queryString.Substring(1);
            }

            var entry = new LogEntry(
                DateTimeOffset.UtcNow,
                request.Command,
                request.Method ?? string.Empty,
                request.Path ?? string.Empty,
                queryString,
                query.ToArray(),
                request.Body == null || request.Body.Length == 0 ? null : Encoding.UTF8.GetString(request.Body),
                headers);
            lock (_gate)
            {
                _log.Add(entry);
            }

            return entry;
        }

        private static string BuildQueryString(List<KeyValuePair<string, string>> query)
        {
            var sb = new StringBuilder();
            foreach (KeyValuePair<string, string> pair in query)
            {
                if (sb.Length > 0)
                {
                    sb.Append('&');
                }

                sb.Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
            }

            return sb.ToString();
        }

        private Random IdRandom()
        {
            if (_idRandom == null)
            {
                int? seed = Options.IdSeed;
                _idRandom = seed.HasValue ? new Random(seed.Value) : new Random(Guid.NewGuid().GetHashCode());
            }

            return _idRandom;
        }

        private AccountState Account(string accountId)
        {
            if (!_accounts.TryGetValue(accountId, out AccountState? state))
            {
                state = new AccountState(Options.InitialDefaultAsn);
                foreach (JsonObject slot in _globalSlots)
                {
                    state.Slots.Add(CopySlotForAccount(slot));
                }

                _accounts.Add(accountId, state);
            }

            return state;
        }

        private JsonObject CopySlotForAccount(JsonObject slot)
        {
            var copy = (JsonObject)slot.DeepClone();
            EmulatorJson.MergeMissing(copy, Options.ExtraSlotFields);
            return copy;
        }

        private sealed class AccountState
        {
            public AccountState(long defaultAsn)
            {
                DefaultAsn = defaultAsn;
            }

            public List<JsonObject> Slots { get; } = new List<JsonObject>();

            public List<InterconnectEntry> Interconnects { get; } = new List<InterconnectEntry>();

            public List<JsonObject> Cnis { get; } = new List<JsonObject>();

            public long DefaultAsn { get; set; }
        }

        private sealed class InterconnectEntry
        {
            public InterconnectEntry(JsonObject body)
            {
                Body = body;
            }

            public JsonObject Body { get; }

            public string Name => Body["name"]?.GetValue<string>() ?? string.Empty;

            /// <summary>Status reads so far, for the built-in countdown (Pending for <see cref="CniEmulatorOptions.PendingStatusReads"/> reads, then Healthy).</summary>
            public int StatusReads { get; set; }

            /// <summary>The state it reports when set; null while the built-in countdown applies.</summary>
            public string? State { get; set; }

            public string? Reason { get; set; }

            /// <summary>The state it switches to after <see cref="ReadsBeforeNext"/> more reads; null for none.</summary>
            public string? NextState { get; set; }

            public string? NextReason { get; set; }

            public int ReadsBeforeNext { get; set; }
        }

        private sealed class LogEntry
        {
            private readonly DateTimeOffset _receivedAt;
            private readonly string? _command;
            private readonly string _method;
            private readonly string _path;
            private readonly string _queryString;
            private readonly KeyValuePair<string, string>[] _query;
            private readonly string? _body;
            private readonly Dictionary<string, string> _headers;

            public LogEntry(DateTimeOffset receivedAt, string? command, string method, string path, string queryString, KeyValuePair<string, string>[] query, string? body, Dictionary<string, string> headers)
            {
                _receivedAt = receivedAt;
                _command = command;
                _method = method;
                _path = path;
                _queryString = queryString;
                _query = query;
                _body = body;
                _headers = headers;
            }

            public int Status { get; set; }

            public string? Fault { get; set; }

            public RecordedRequest Snapshot() => new RecordedRequest(
                _receivedAt,
                _command,
                _method,
                _path,
                _queryString,
                (KeyValuePair<string, string>[])_query.Clone(),
                _body,
                new Dictionary<string, string>(_headers, StringComparer.OrdinalIgnoreCase),
                Status,
                Fault);
        }
    }
}
