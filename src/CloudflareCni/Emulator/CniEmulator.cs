using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator.Resources;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// A stateful, in-memory emulator of the Cloudflare Network Interconnects (CNI) API, behind Connect-CfAccount -Sandbox.
    /// It is transport-free: <see cref="HandleAsync"/> takes and returns plain messages, and <see cref="CniEmulatorHandler"/>
    /// (in-process) or a test's socket server carries them. Thread-safe: every request runs under one lock.
    /// <para>
    /// Each API resource is one <see cref="SandboxResource"/> (in Resources/), found by reflection: its routes under
    /// <c>{BasePath}/accounts/{account_id}/</c>, its rules, its seed section. State is per account id (the one in the path),
    /// held in the API's own wire types (<see cref="SandboxAccount"/>). Every request, faulted or not, is recorded in
    /// <see cref="Requests"/>. Error bodies always use Cloudflare's envelope; the codes are listed on
    /// <see cref="EmulatorErrorCodes"/>.
    /// </para>
    /// </summary>
    // Matching is exact and case-sensitive (ordinal) everywhere: ids and names in paths, the id in a PUT body, and every
    // filter. The API's docs do not say whether it ignores case, so the sandbox takes the strictest reading: a script that
    // passes here does not depend on a leniency the API may not have.
    internal sealed class CniEmulator
    {
        /// <summary>An account id the sandbox suggests (any account id works).</summary>
        public const string SandboxAccountId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

        private const int SandboxSeed = 20240917;

        /// <summary>The resources of this assembly, found once per process, ordered as their sections are seeded.</summary>
        private static readonly Lazy<Type[]> ResourceTypes = new Lazy<Type[]>(() =>
            typeof(SandboxResource).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(SandboxResource).IsAssignableFrom(type))
                .OrderBy(type => ((SandboxResource)Activator.CreateInstance(type)!).SeedOrder)
                .ThenBy(type => type.Name, StringComparer.Ordinal)
                .ToArray());

        private readonly object _gate = new object();
        private readonly Dictionary<string, SandboxAccount> _accounts = new Dictionary<string, SandboxAccount>(StringComparer.Ordinal);
        private readonly List<LogEntry> _log = new List<LogEntry>();
        private readonly SandboxResource[] _resources;
        private Random? _idRandom;
        private int _pendingStatusReads = 2;

        /// <param name="clock">The sandbox's clock, which its connection shares (request times, the rate limit's windows); the real one by default.</param>
        public CniEmulator(CfClock? clock = null)
        {
            Clock = clock ?? CfClock.Real;
            _resources = ResourceTypes.Value.Select(type => (SandboxResource)Activator.CreateInstance(type)!).ToArray();
            foreach (SandboxResource resource in _resources)
            {
                resource.Emulator = this;
            }
        }

        /// <summary>The path every route starts with, before <c>/accounts/{account_id}/</c>.</summary>
        public const string BasePath = "/client/v4";

        /// <summary>A new interconnect reports <c>Pending</c> for this many status reads, then <c>Healthy</c> (Connect-CfAccount -PendingStatusReads).</summary>
        public int PendingStatusReads
        {
            get { lock (_gate) { return _pendingStatusReads; } }
            set { lock (_gate) { _pendingStatusReads = value; } }
        }

        public EmulatorFaults Faults { get; } = new EmulatorFaults();

        /// <summary>The clock of the sandbox: the times of its request log, and its rate limit's windows.</summary>
        public CfClock Clock { get; }

        /// <summary>
        /// Cloudflare's rate limit, enforced on every request before anything else (a request it refuses is answered 429
        /// and not acted on), its headers on every answer; null for none (no headers either). Connect-CfAccount -Sandbox
        /// gives each sandbox one with Cloudflare's figures; Set-CfSandboxRateLimit shapes it.
        /// </summary>
        public SandboxRateLimit? RateLimit { get; set; }

        private static readonly Lazy<string[]> SeedSectionNames = new Lazy<string[]>(() =>
            ResourceTypes.Value.Select(type => ((SandboxResource)Activator.CreateInstance(type)!).SeedSection).OfType<string>().ToArray());

        /// <summary>The sections seed data may have, in the API's own field names, in the order they are seeded.</summary>
        public static IReadOnlyList<string> SeedSections => SeedSectionNames.Value;

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

        /// <summary>The source of generated ids and names (CNI ids, interconnect names, slot ids). Under the lock only.</summary>
        internal Random Ids => _idRandom ??= new Random(Guid.NewGuid().GetHashCode());

        /// <summary>The accounts used so far. Under the lock only.</summary>
        internal IEnumerable<SandboxAccount> Accounts => _accounts.Values;

        public void ClearRequests()
        {
            lock (_gate)
            {
                _log.Clear();
            }
        }

        /// <summary>
        /// The sandbox a newcomer meets (Connect-CfAccount -Sandbox): the 12 slots of <see cref="CreateSandbox"/> and, in
        /// <paramref name="accountId"/>, a small estate from SandboxSample.json, seeded as -SandboxData is: interconnects of
        /// both kinds in each link state, CNIs with and without BGP, their Magic tunnels (one health-checked) and the
        /// account's default ASN, so that every Get-Cf* command returns something on the first try.
        /// </summary>
        public static CniEmulator CreateSample(string accountId, CfClock? clock = null)
        {
            CniEmulator emulator = CreateSandbox(clock);
            using (Stream stream = typeof(CniEmulator).Assembly.GetManifestResourceStream("CloudflareCni.SandboxSample.json")
                ?? throw new InvalidOperationException("The module's sandbox sample is missing from its DLL."))
            using (var reader = new StreamReader(stream))
            {
                emulator.Seed(accountId, (JsonObject)JsonNode.Parse(reader.ReadToEnd())!);
            }

            return emulator;
        }

        /// <summary>
        /// A sandbox: 12 slots (3 per site at AMS01, FRA05, IAD02, SIN03; 10G and 100G; 3 occupied by other customers)
        /// visible in every account, with ids derived from a fixed seed so that it looks the same every time.
        /// </summary>
        public static CniEmulator CreateSandbox(CfClock? clock = null)
        {
            var emulator = new CniEmulator(clock);
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
                var slot = new SlotJson
                {
                    Id = id ?? NewGuid(Ids),
                    Facility = new FacilityJson { Address = new List<string>(address), Name = facilityName },
                    Occupied = occupied,
                    Site = site,
                    Speed = speed,
                };
                Resource<SlotSandbox>().Add(accountId is null ? null : Account(accountId), slot, _accounts.Values);
                return slot.Id;
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
            InAccount(accountId, account => Resource<InterconnectSandbox>().SetStatus(account, name, state, reason, afterStatusReads));
        }

        /// <summary>
        /// Loads seed data, in the API's own field names: an object with a section per resource (<see cref="SeedSections"/>:
        /// <c>{"slots":[...], "interconnects":[...], "cnis":[...], "settings":{"default_asn":n}}</c>), every section optional.
        /// Slots are visible in every account; interconnects, CNIs and settings belong to <paramref name="accountId"/>.
        /// Objects are kept as given (fields the emulator does not know included), with what the API would add filled in:
        /// generated ids and names, a physical interconnect's facility, site and speed from its slot, a CNI's /31 from the
        /// link pool. An interconnect may carry <c>"status": {"state": ..., "reason": ...}</c> (taken out of the object): the
        /// status it reports; without one it reports Healthy, as an interconnect that is already up. Values follow the API's
        /// rules: never stricter. UUIDs are stored in lower case, as the API writes them.
        /// </summary>
        /// <exception cref="SandboxDataException">The data breaks a rule; the message names the item and field.</exception>
        public void Seed(string accountId, JsonObject data)
        {
            if (accountId == null) throw new ArgumentNullException(nameof(accountId));
            if (data == null) throw new ArgumentNullException(nameof(data));

            foreach (KeyValuePair<string, JsonNode?> section in data.ToList())
            {
                if (!SeedSections.Contains(section.Key, StringComparer.Ordinal))
                {
                    throw new SandboxDataException(
                        "The sandbox data has an unknown section '" + section.Key + "'. The sections are " + string.Join(", ", SeedSections) +
                        " (the API's own field names, in lower case).");
                }
            }

            lock (_gate)
            {
                SandboxAccount account = Account(accountId);
                foreach (SandboxResource resource in _resources)
                {
                    if (resource.SeedSection != null && data.TryGetPropertyValue(resource.SeedSection, out JsonNode? section) && section != null)
                    {
                        resource.Seed(account, section);
                    }
                }
            }
        }

        /// <summary>
        /// Runs <paramref name="use"/> on the account's state under the emulator's lock, so that it sees and leaves the
        /// state whole (the account is made when it is first used).
        /// </summary>
        internal T InAccount<T>(string accountId, Func<SandboxAccount, T> use)
        {
            lock (_gate)
            {
                return use(Account(accountId));
            }
        }

        /// <summary>As <see cref="InAccount{T}"/>, for a change.</summary>
        internal void InAccount(string accountId, Action<SandboxAccount> change) => InAccount(accountId, account =>
        {
            change(account);
            return true;
        });

        /// <summary>Handles one request: faults, routing, the operation; records it in the log.</summary>
        public async Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));

            LogEntry entry = Record(request);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();

                string method = (request.Method ?? string.Empty).ToUpperInvariant();

                // The rate limit counts every request the server receives; one it refuses goes no further (no fault, no work).
                SandboxRateAnswer? rate = RateLimit?.Admit();
                if (rate != null && !rate.Allowed)
                {
                    EmulatorResponse refused = Error(429, EmulatorErrorCodes.RateLimited, SandboxRateAnswer.RefusalMessage);
                    rate.ApplyTo(refused.Headers);
                    refused.Headers["cf-ray"] = NewRayId();
                    lock (_gate)
                    {
                        entry.Status = refused.Status;
                    }

                    return refused;
                }

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
                if (!response.AbortConnection)
                {
                    // After a fault's own headers: a scripted 429 keeps its Retry-After.
                    rate?.ApplyTo(response.Headers);
                }

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

        /// <summary>The answer to a path that no resource has (its message gets the path where it is answered).</summary>
        internal static EmulatorApiException NoRoute() => new EmulatorApiException(404, EmulatorErrorCodes.NoRoute, "No route for that URI.");

        private T Resource<T>()
            where T : SandboxResource => _resources.OfType<T>().Single();

        private EmulatorResponse Process(EmulatorRequest request, string method)
        {
            try
            {
                string path = request.Path ?? string.Empty;
                string[] segments = ParseRoute(path, out string accountId);
                lock (_gate)
                {
                    foreach (SandboxResource resource in _resources)
                    {
                        string[] route = resource.Route.Split('/');
                        if (segments.Length >= route.Length && route.SequenceEqual(segments.Take(route.Length), StringComparer.Ordinal))
                        {
                            return resource.Handle(new SandboxRequest(request, method, Account(accountId), segments.Skip(route.Length).ToArray()));
                        }
                    }
                }

                throw NoRoute();
            }
            catch (EmulatorApiException ex)
            {
                // A missing route is named with the path as sent.
                string message = ex.Code == EmulatorErrorCodes.NoRoute ? "No route for that URI: " + (request.Path ?? string.Empty) : ex.Message;
                EmulatorResponse response = Error(ex.Status, ex.Code, message);
                if (ex.Allow != null)
                {
                    response.Headers["Allow"] = ex.Allow;
                }

                return response;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // A defect in the emulator (or in state a test seeded) answers 500 rather than breaking the transport.
                return Error(500, EmulatorErrorCodes.ServerError, "Internal emulator error: " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        /// <summary>Splits <c>{BasePath}/accounts/{id}/...</c>; returns the segments after the account id, unescaped.</summary>
        private string[] ParseRoute(string path, out string accountId)
        {
            const string prefix = BasePath + "/accounts/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw NoRoute();
            }

            string[] raw = path.Substring(prefix.Length).Split('/');
            var segments = new string[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                string segment;
                try
                {
                    segment = Uri.UnescapeDataString(raw[i]);
                }
                catch (UriFormatException)
                {
                    throw NoRoute();
                }

                if (segment.Length == 0)
                {
                    throw NoRoute();
                }

                segments[i] = segment;
            }

            accountId = segments[0];
            return segments.Skip(1).ToArray();
        }

        private static EmulatorResponse Error(int status, int code, string message) => new EmulatorResponse
        {
            Status = status,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(EmulatorJson.ErrorEnvelope(code, message)),
        };

        private SandboxAccount Account(string accountId)
        {
            if (!_accounts.TryGetValue(accountId, out SandboxAccount? account))
            {
                account = new SandboxAccount(accountId);
                _accounts.Add(accountId, account);
                foreach (SandboxResource resource in _resources)
                {
                    resource.OnNewAccount(account);
                }
            }

            return account;
        }

        private EmulatorResponse FaultResponse(EmulatorFault fault)
        {
            switch (fault.Kind)
            {
                case EmulatorFaultKind.TooManyRequests:
                {
                    EmulatorResponse response = Error(fault.Status, EmulatorErrorCodes.RateLimited, "Please wait and consider throttling your request speed.");
                    int seconds = fault.RetryAfterSeconds ?? EmulatorFault.DefaultRetryAfterSeconds;
                    response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);

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
                Clock.WallNow,
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
