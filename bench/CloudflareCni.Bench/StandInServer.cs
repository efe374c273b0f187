using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudflareCni.Bench
{
    /// <summary>
    /// A fast stand-in for the CNI API on 127.0.0.1 (Kestrel, HTTP/1.1), serving only what the benchmark asks:
    /// <list type="bullet">
    /// <item><c>GET /client/v4/accounts/{a}/cni/interconnects?cursor=&amp;limit=</c>: a synthetic listing. The account
    /// <see cref="Account"/>(N), N zero-padded to 32 digits, holds N interconnects (others hold <see cref="DefaultCount"/>); pages are
    /// <c>{"items":[...],"next":n}</c>, <c>next</c> null on the last. Without <c>limit</c> a page holds
    /// <see cref="DefaultPageSize"/> items (Cloudflare's default); above <see cref="MaxPageSize"/> the answer is a 400
    /// naming <c>limit</c>.</item>
    /// <item><c>GET .../interconnects/{name}/status</c>: <c>{"state":"Healthy"}</c> after <see cref="StatusLatency"/>.</item>
    /// <item><c>GET .../settings</c>: <c>{"default_asn":65000}</c>.</item>
    /// <item><c>GET /client/v4/user/tokens/verify</c> and <c>/client/v4/accounts/{a}/tokens/verify</c>: an active token,
    /// in Cloudflare's envelope, for a Connect-CfAccount that checks its credential.</item>
    /// </list>
    /// Every item is serialized once, up front, as the bytes around its name; a page is those bytes copied into one
    /// buffer, so the server costs a few microseconds a page and is never what a measure is timing.
    /// Requests need a bearer token (any). Counters tell the driver what each run asked for.
    /// </summary>
    internal sealed class StandInServer : IAsyncDisposable
    {
        private const string Prefix = "/client/v4/accounts/";
        private const int Distinct = 1000;

        private static readonly byte[] Healthy = Encoding.UTF8.GetBytes("{\"state\":\"Healthy\"}");
        private static readonly byte[] Settings = Encoding.UTF8.GetBytes("{\"default_asn\":65000}");
        private static readonly byte[] TokenActive = Encoding.UTF8.GetBytes(
            "{\"result\":{\"id\":\"0123456789abcdef0123456789abcdef\",\"status\":\"active\"},\"success\":true,\"errors\":[],\"messages\":[]}");
        private static readonly byte[] Unauthorized = Encoding.UTF8.GetBytes(
            "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"messages\":[],\"result\":null}");
        private static readonly byte[] TooManyRequests = Encoding.UTF8.GetBytes(
            "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait and consider throttling your request speed.\"}],\"messages\":[],\"result\":null}");
        private static readonly byte[] NotFound = Encoding.UTF8.GetBytes(
            "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":\"No route for that URI\"}],\"messages\":[],\"result\":null}");

        private readonly WebApplication app;
        private readonly ConcurrentDictionary<string, ItemSet> sets = new ConcurrentDictionary<string, ItemSet>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> limitsSeen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private long listRequests;
        private long itemsServed;
        private long statusRequests;
        private long settingsRequests;
        private long otherRequests;
        private long verifyRequests;
        private int statusInFlight;
        private int statusInFlightPeak;

        private StandInServer(WebApplication app)
        {
            this.app = app;
        }

        public int DefaultCount { get; set; } = 100_000;

        public int DefaultPageSize { get; set; } = 25;

        public int MaxPageSize { get; set; } = 1000;

        /// <summary>Physical items also carry port_group, a field the module does not model (as one the API may add).</summary>
        public bool UnknownField { get; set; }

        public TimeSpan StatusLatency { get; set; } = TimeSpan.FromMilliseconds(50);

        /// <summary>Cloudflare's rate limit, with its headers, enforced on every authenticated request; null for none (no headers either).</summary>
        public StandInBudget? Budget { get; set; }

        /// <summary>e.g. http://127.0.0.1:41234/client/v4</summary>
        public string BaseUri { get; private set; } = "";

        public static async Task<StandInServer> StartAsync()
        {
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            // No console lifetime: Ctrl+C and SIGTERM end the bench (and its pwsh children) as they would any program.
            builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
            {
                options.AddServerHeader = false;
                options.Listen(IPAddress.Loopback, 0);
            });
            WebApplication app = builder.Build();
            var server = new StandInServer(app);
            app.Run(server.HandleAsync);
            await app.StartAsync().ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = address.TrimEnd('/') + "/client/v4";
            return server;
        }

        /// <summary>Builds an account's items ahead of the timed runs.</summary>
        public void Prepare(string accountId) => SetFor(accountId);

        public void ResetCounters()
        {
            Interlocked.Exchange(ref listRequests, 0);
            Interlocked.Exchange(ref itemsServed, 0);
            Interlocked.Exchange(ref statusRequests, 0);
            Interlocked.Exchange(ref settingsRequests, 0);
            Interlocked.Exchange(ref otherRequests, 0);
            Interlocked.Exchange(ref verifyRequests, 0);
            Interlocked.Exchange(ref statusInFlightPeak, 0);
            limitsSeen.Clear();
        }

        public ServerCounters Counters() => new ServerCounters(
            Interlocked.Read(ref listRequests),
            Interlocked.Read(ref itemsServed),
            Interlocked.Read(ref statusRequests),
            Interlocked.Read(ref settingsRequests),
            Interlocked.Read(ref otherRequests),
            Interlocked.Read(ref verifyRequests),
            Volatile.Read(ref statusInFlightPeak),
            limitsSeen.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        private async Task HandleAsync(HttpContext context)
        {
            HttpRequest request = context.Request;
            string path = request.Path.Value ?? "";
            string? authorization = request.Headers.Authorization;
            if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
            {
                Interlocked.Increment(ref otherRequests);
                await WriteAsync(context, 401, Unauthorized, Unauthorized.Length).ConfigureAwait(false);
                return;
            }

            if (Budget?.Admit() is var (allowed, ratelimit, policy, retryAfter))
            {
                context.Response.Headers["Ratelimit"] = ratelimit;
                context.Response.Headers["Ratelimit-Policy"] = policy;
                if (!allowed)
                {
                    context.Response.Headers["Retry-After"] = retryAfter!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteAsync(context, 429, TooManyRequests, TooManyRequests.Length).ConfigureAwait(false);
                    return;
                }
            }

            if (HttpMethods.IsGet(request.Method) && (path == "/client/v4/user/tokens/verify"
                || (path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith("/tokens/verify", StringComparison.Ordinal))))
            {
                Interlocked.Increment(ref verifyRequests);
                await WriteAsync(context, 200, TokenActive, TokenActive.Length).ConfigureAwait(false);
                return;
            }

            // accounts/{a}/cni/{rest}
            int accountEnd = path.StartsWith(Prefix, StringComparison.Ordinal) ? path.IndexOf('/', Prefix.Length) : -1;
            string rest = accountEnd > 0 && string.CompareOrdinal(path, accountEnd, "/cni/", 0, 5) == 0 ? path.Substring(accountEnd + 5) : "";
            if (!HttpMethods.IsGet(request.Method) || rest.Length == 0)
            {
                Interlocked.Increment(ref otherRequests);
                await WriteAsync(context, 404, NotFound, NotFound.Length).ConfigureAwait(false);
                return;
            }

            string account = Uri.UnescapeDataString(path.Substring(Prefix.Length, accountEnd - Prefix.Length));
            if (rest == "interconnects")
            {
                await ListAsync(context, account).ConfigureAwait(false);
            }
            else if (rest == "settings")
            {
                Interlocked.Increment(ref settingsRequests);
                await WriteAsync(context, 200, Settings, Settings.Length).ConfigureAwait(false);
            }
            else if (rest.StartsWith("interconnects/", StringComparison.Ordinal) && rest.EndsWith("/status", StringComparison.Ordinal)
                && rest.Length > "interconnects//status".Length)
            {
                Interlocked.Increment(ref statusRequests);
                int now = Interlocked.Increment(ref statusInFlight);
                int peak;
                while (now > (peak = Volatile.Read(ref statusInFlightPeak)) && Interlocked.CompareExchange(ref statusInFlightPeak, now, peak) != peak)
                {
                }

                try
                {
                    await Task.Delay(StatusLatency, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    Interlocked.Decrement(ref statusInFlight);
                }

                await WriteAsync(context, 200, Healthy, Healthy.Length).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref otherRequests);
                await WriteAsync(context, 404, NotFound, NotFound.Length).ConfigureAwait(false);
            }
        }

        private async Task ListAsync(HttpContext context, string account)
        {
            Interlocked.Increment(ref listRequests);
            IQueryCollection query = context.Request.Query;
            string? limitText = query["limit"];
            string? cursorText = query["cursor"];
            limitsSeen.AddOrUpdate(limitText ?? "(none)", 1, (_, n) => n + 1);
            int limit = DefaultPageSize;
            if (limitText != null && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxPageSize))
            {
                byte[] error = Encoding.UTF8.GetBytes(
                    "{\"success\":false,\"errors\":[{\"code\":1001,\"message\":\"limit: must be an integer from 1 to " + MaxPageSize +
                    "\"}],\"messages\":[],\"result\":null}");
                await WriteAsync(context, 400, error, error.Length).ConfigureAwait(false);
                return;
            }

            long cursor = 0;
            if (cursorText != null && (!long.TryParse(cursorText, out cursor) || cursor < 0))
            {
                byte[] error = Encoding.UTF8.GetBytes(
                    "{\"success\":false,\"errors\":[{\"code\":1001,\"message\":\"cursor: not a cursor this server gave\"}],\"messages\":[],\"result\":null}");
                await WriteAsync(context, 400, error, error.Length).ConfigureAwait(false);
                return;
            }

            ItemSet set = SetFor(account);
            long start = Math.Min(cursor, set.Count);
            long end = Math.Min(start + limit, set.Count);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(64 + (int)(end - start) * (set.MaxItemLength + 24));
            try
            {
                int length = set.WritePage(buffer, start, end);
                Interlocked.Add(ref itemsServed, end - start);
                await WriteAsync(context, 200, buffer, length).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private ItemSet SetFor(string account) => sets.GetOrAdd(account, a => new ItemSet(a, CountFor(a), UnknownField));

        /// <summary>
        /// The account that holds <paramref name="items"/> interconnects: the count in decimal, zero-padded to the 32
        /// hexadecimal characters of a Cloudflare account id, which the module requires.
        /// </summary>
        public static string Account(int items) => items.ToString("D32", System.Globalization.CultureInfo.InvariantCulture);

        private int CountFor(string account) =>
            account.Length == 32 && account.All(c => c >= '0' && c <= '9') && int.TryParse(account, out int n) ? n : DefaultCount;

        private static Task WriteAsync(HttpContext context, int status, byte[] body, int length)
        {
            HttpResponse response = context.Response;
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength = length;
            return response.Body.WriteAsync(body, 0, length);
        }

        /// <summary>One account's interconnects: <see cref="Distinct"/> item templates, cut around the name.</summary>
        private sealed class ItemSet
        {
            private static readonly byte[] PageStart = Encoding.UTF8.GetBytes("{\"items\":[");
            private static readonly byte[] PageEndNext = Encoding.UTF8.GetBytes("],\"next\":");
            private static readonly byte[] PageEndLast = Encoding.UTF8.GetBytes("],\"next\":null}");
            private static readonly string[] Sites = { "FRA05", "AMS01", "LHR03", "IAD02", "SJC04", "SIN01", "NRT02", "GRU01" };
            private static readonly string[] Speeds = { "1G", "10G", "100G", "50M", "500M", "2G", "5G" };
            private static readonly string[] Regions = { "europe-west3", "us-east4", "asia-southeast1", "us-west1" };

            private readonly byte[][] before = new byte[Distinct][];
            private readonly byte[][] after = new byte[Distinct][];

            public ItemSet(string account, int count, bool unknownField)
            {
                Count = count;
                string accountJson = System.Text.Json.JsonSerializer.Serialize(account);
                var random = new Random(8);
                for (int k = 0; k < Distinct; k++)
                {
                    // Two in three are physical, one in three GCP partner: both shapes of the union.
                    string head = "{\"account\":" + accountJson + ",";
                    string tail;
                    if (k % 3 != 2)
                    {
                        string site = Sites[k % Sites.Length];
                        var slot = new Guid(random.Next(), (short)random.Next(), (short)random.Next(), (byte)k, 1, 2, 3, 4, 5, 6, 7);
                        head += "\"facility\":{\"address\":[\"" + (100 + k) + " Hanauer Landstrasse\",\"60314 Frankfurt am Main\",\"Germany\"],\"name\":\"Interxion " + site + "\"},";
                        tail = ",\"site\":\"" + site + "\",\"slot_id\":\"" + slot.ToString("D") + "\",\"speed\":\"" + Speeds[k % 3] + "\",\"type\":\"direct\"" +
                            (unknownField ? ",\"port_group\":\"" + slot.ToString("N") + "\"}" : "}");
                    }
                    else
                    {
                        tail = ",\"region\":\"" + Regions[k % Regions.Length] + "\",\"type\":\"gcp_partner\",\"speed\":\"" + Speeds[3 + (k % 4)] + "\"}";
                    }

                    before[k] = Encoding.UTF8.GetBytes(head + "\"name\":\"icon-");
                    after[k] = Encoding.UTF8.GetBytes("\"" + tail);
                    MaxItemLength = Math.Max(MaxItemLength, before[k].Length + after[k].Length);
                }
            }

            public int Count { get; }

            public int MaxItemLength { get; }

            public int WritePage(byte[] buffer, long start, long end)
            {
                Span<byte> span = buffer;
                PageStart.CopyTo(span);
                int at = PageStart.Length;
                for (long i = start; i < end; i++)
                {
                    if (i > start)
                    {
                        span[at++] = (byte)',';
                    }

                    int k = (int)(i % Distinct);
                    before[k].CopyTo(span.Slice(at));
                    at += before[k].Length;
                    Utf8Formatter.TryFormat(i, span.Slice(at), out int written, new StandardFormat('D', 7));
                    at += written;
                    after[k].CopyTo(span.Slice(at));
                    at += after[k].Length;
                }

                if (end < Count)
                {
                    PageEndNext.CopyTo(span.Slice(at));
                    at += PageEndNext.Length;
                    Utf8Formatter.TryFormat(end, span.Slice(at), out int written);
                    at += written;
                    span[at++] = (byte)'}';
                }
                else
                {
                    PageEndLast.CopyTo(span.Slice(at));
                    at += PageEndLast.Length;
                }

                return at;
            }
        }
    }

    internal sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    internal sealed record ServerCounters(
        long ListRequests,
        long ItemsServed,
        long StatusRequests,
        long SettingsRequests,
        long OtherRequests,
        long VerifyRequests,
        int StatusInFlightPeak,
        Dictionary<string, int> LimitsSeen);
}
