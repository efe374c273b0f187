using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A <see cref="CniEmulator"/> behind a real socket: a minimal Kestrel server on <c>http://127.0.0.1:{free port}</c>
    /// (loopback only), doing around it what <see cref="TestServerOptions"/> says: Cloudflare's credential check, refused
    /// accounts, the envelope, latency. A simulated connection reset aborts the connection; a stall waits until the client goes away.
    /// Every exchange of the module is recorded as it happens and checked against the published schema (<see cref="Contract"/>),
    /// and disposing the server throws what broke it: every test that talks to the module through this server is a contract test.
    /// </summary>
    internal sealed class TestServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly List<RecordedRequest> _refused = new List<RecordedRequest>();
        private int _disposed;

        private TestServer(WebApplication app, CniEmulator emulator, TestServerOptions options, Uri rootUri, ContractLog contract)
        {
            _app = app;
            Emulator = emulator;
            Options = options;
            Contract = contract;
            RootUri = rootUri;
            BaseUri = new Uri(rootUri, CniEmulator.BasePath);
        }

        /// <summary>The emulator answering every request.</summary>
        public CniEmulator Emulator { get; }

        /// <summary>What the server does around the emulator (the credential check, envelopes, latency...).</summary>
        public TestServerOptions Options { get; }

        /// <summary>
        /// Every request the server received, oldest first: those the emulator answered (its log), and those the server
        /// refused itself (no valid credential, a forbidden account), which never reached the emulator.
        /// </summary>
        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_refused)
                {
                    return Emulator.Requests.Concat(_refused).OrderBy(r => r.ReceivedAt).ToList();
                }
            }
        }

        /// <summary>Forgets the requests received so far.</summary>
        public void ClearRequests()
        {
            lock (_refused)
            {
                _refused.Clear();
                Emulator.ClearRequests();
            }
        }

        /// <summary>The contract check of the module's exchanges with this server.</summary>
        public ContractLog Contract { get; }

        /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
        public Uri RootUri { get; }

        /// <summary>The API base, e.g. <c>http://127.0.0.1:54321/client/v4</c> (no trailing slash).</summary>
        public Uri BaseUri { get; }

        /// <summary>The URI of <c>{BaseUri}/accounts/{accountId}/cni/{relative}</c>.</summary>
        public Uri CniUri(string accountId, string relative) =>
            new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + "/accounts/" + accountId + "/cni/" + relative.TrimStart('/'));

        public static async Task<TestServer> StartAsync(CniEmulator? emulator = null, TestServerOptions? options = null)
        {
            CniEmulator target = emulator ?? new CniEmulator();
            TestServerOptions settings = options ?? new TestServerOptions();
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(TestServer).Assembly.GetName().Name,
            });
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.Listen(IPAddress.Loopback, FreshLoopbackPort.Take());
                options.AddServerHeader = false;
                // Requests of any size reach the emulator and its log (Kestrel would answer 414 or 431 itself), so that
                // a test can count everything that was sent, however long a value made it.
                options.Limits.MaxRequestLineSize = 4 * 1024 * 1024;
                options.Limits.MaxRequestHeadersTotalSize = 4 * 1024 * 1024;
                options.Limits.MaxRequestBufferSize = 8 * 1024 * 1024;
            });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.None);

            WebApplication app = builder.Build();
            var contract = new ContractLog(ApiContract.Active);
            TestServer? started = null;
            app.Run(context => started!.ServeAsync(context, contract));
            await app.StartAsync().ConfigureAwait(false);

            IServerAddressesFeature? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
            string? address = addresses?.Addresses.FirstOrDefault();
            if (address == null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException("The emulator server did not report its address.");
            }

            var root = new Uri(address.TrimEnd('/') + "/");
            if (!IPAddress.TryParse(root.Host, out IPAddress? host) || !IPAddress.IsLoopback(host))
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException("The emulator server must listen on loopback only, not " + root.Host + ".");
            }

            started = new TestServer(app, target, settings, root, contract);
            return started;
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                try
                {
                    await _app.StopAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stalled requests may hold the server; disposing below ends them.
                }
            }

            await _app.DisposeAsync().ConfigureAwait(false);
            Contract.ThrowIfViolated();
        }

        private async Task ServeAsync(HttpContext context, ContractLog contract)
        {
            CniEmulator emulator = Emulator;
            TestServerOptions options = Options;
            DateTimeOffset received = DateTimeOffset.UtcNow;
            HttpRequest request = context.Request;
            string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
            string path = rawTarget;
            string query = string.Empty;
            int mark = rawTarget.IndexOf('?');
            if (mark >= 0)
            {
                path = rawTarget.Substring(0, mark);
                query = rawTarget.Substring(mark + 1);
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value.ToArray());
            }

            byte[] body;
            using (var buffer = new MemoryStream())
            {
                await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                body = buffer.ToArray();
            }

            var emulatorRequest = new EmulatorRequest
            {
                Method = request.Method,
                Path = path,
                QueryString = query,
                Query = EmulatorRequest.ParseQuery(query),
                Headers = headers,
                Body = body,
            };

            bool fromModule = ContractLog.IsModule(headers);
            void Record(int status, string? contentType, byte[] answerBody, string? fault) => contract.Record(
                new ContractExchange(request.Method, path, query, headers, body, status, contentType, answerBody, fault),
                ContractLog.SettingsOf(options));

            EmulatorResponse answer;
            try
            {
                EmulatorResponse? refused = Refusal(options, headers, path);
                if (refused != null)
                {
                    lock (_refused)
                    {
                        _refused.Add(new RecordedRequest(
                            received, null, request.Method, path, query, emulatorRequest.Query, body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body),
                            headers, refused.Status));
                    }
                }

                answer = refused ?? await emulator.HandleAsync(emulatorRequest, context.RequestAborted).ConfigureAwait(false);
                answer = Shaped(emulator, options, emulatorRequest, answer);
                if (options.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(options.Latency, context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                if (fromModule)
                {
                    Record(0, null, Array.Empty<byte>(), null);
                }

                return;
            }

            if (fromModule)
            {
                Record(answer.AbortConnection ? 0 : answer.Status, answer.ContentType, answer.Body ?? Array.Empty<byte>(), answer.Fault);
            }

            if (answer.AbortConnection)
            {
                context.Abort();
                return;
            }

            HttpResponse response = context.Response;
            response.StatusCode = answer.Status;
            foreach (KeyValuePair<string, string> header in answer.Headers)
            {
                response.Headers[header.Key] = header.Value;
            }

            if (answer.ContentType != null)
            {
                response.ContentType = answer.ContentType;
            }

            byte[] payload = answer.Body ?? Array.Empty<byte>();
            response.ContentLength = payload.Length;
            if (payload.Length > 0)
            {
                await response.Body.WriteAsync(payload, context.RequestAborted).ConfigureAwait(false);
            }
        }

        /// <summary>Cloudflare's answer to a request without a valid credential (401), or for an account the token may not use (403); null otherwise.</summary>
        private static EmulatorResponse? Refusal(TestServerOptions options, IReadOnlyDictionary<string, string> headers, string path)
        {
            headers.TryGetValue("Authorization", out string? authorization);
            string? token = authorization != null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? authorization.Substring("Bearer ".Length).Trim()
                : null;
            bool keyPair = headers.TryGetValue("X-Auth-Email", out string? email) && !string.IsNullOrWhiteSpace(email)
                && headers.TryGetValue("X-Auth-Key", out string? key) && !string.IsNullOrWhiteSpace(key);
            bool allowed = options.Token is null ? !string.IsNullOrEmpty(token) || keyPair : string.Equals(token, options.Token, StringComparison.Ordinal);
            if (!allowed)
            {
                return Error(401, EmulatorErrorCodes.AuthenticationError, "Authentication error");
            }

            string[] segments = path.Split('/');
            int accounts = Array.IndexOf(segments, "accounts");
            string? account = accounts >= 0 && accounts + 1 < segments.Length ? Uri.UnescapeDataString(segments[accounts + 1]) : null;
            return account != null && options.ForbiddenAccounts.Contains(account)
                ? Error(403, EmulatorErrorCodes.Forbidden, "Authorization error: you may not use account '" + account + "'.")
                : null;
        }

        /// <summary>The emulator's answer, shaped as the options say: fields added to a new object, next: null, the envelope, retry-after-ms.</summary>
        private static EmulatorResponse Shaped(CniEmulator emulator, TestServerOptions options, EmulatorRequest request, EmulatorResponse answer)
        {
            bool success = answer.Status >= 200 && answer.Status <= 299 && answer.Fault is null;
            if (success && request.Method == "POST" && answer.Body.Length > 0)
            {
                string[] segments = request.Path.Split('/');
                string collection = segments[segments.Length - 1];
                JsonObject? fields = collection == "cnis" ? options.CniFieldsOnCreate : collection == "interconnects" ? options.InterconnectFieldsOnCreate : null;
                if (fields != null)
                {
                    JsonObject created = JsonNode.Parse(answer.Body)!.AsObject();
                    string account = Uri.UnescapeDataString(segments[Array.IndexOf(segments, "accounts") + 1]);
                    emulator.AddFields(account, collection, (string)created[collection == "cnis" ? "id" : "name"]!, fields);
                    foreach (KeyValuePair<string, JsonNode?> field in fields.Where(f => !created.ContainsKey(f.Key)).ToList())
                    {
                        created[field.Key] = field.Value?.DeepClone();
                    }

                    answer.Body = Bytes(created);
                }
            }

            if (success && options.EndOfListAsNull && request.Method == "GET" && answer.Body.Length > 0 &&
                JsonNode.Parse(answer.Body) is JsonObject page && page.ContainsKey("items") && !page.ContainsKey("next"))
            {
                page["next"] = null;
                answer.Body = Bytes(page);
            }

            if (success && options.Envelope && (answer.Body.Length == 0 || answer.ContentType == EmulatorJson.JsonContentType))
            {
                answer.Body = Bytes(new JsonObject
                {
                    ["result"] = answer.Body.Length == 0 ? null : JsonNode.Parse(answer.Body),
                    ["success"] = true,
                    ["errors"] = new JsonArray(),
                    ["messages"] = new JsonArray(),
                });
                answer.ContentType = EmulatorJson.JsonContentType;
            }

            if (answer.Status == 429 && options.RetryAfterMs is int ms)
            {
                answer.Headers["retry-after-ms"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return answer;
        }

        private static EmulatorResponse Error(int status, int code, string message) => new EmulatorResponse
        {
            Status = status,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(EmulatorJson.ErrorEnvelope(code, message)),
            Headers = { ["cf-ray"] = Guid.NewGuid().ToString("N").Substring(0, 16) + "-EMU" },
        };

        private static byte[] Bytes(JsonNode node) =>
            System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
