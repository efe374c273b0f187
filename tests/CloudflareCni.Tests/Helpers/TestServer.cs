using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
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
    /// (loopback only). A simulated connection reset aborts the connection; a stall waits until the client goes away.
    /// Every exchange of the module is recorded as it happens and checked against the published schema (<see cref="Contract"/>),
    /// and disposing the server throws what broke it: every test that talks to the module through this server is a contract test.
    /// </summary>
    internal sealed class TestServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _disposed;

        private TestServer(WebApplication app, CniEmulator emulator, Uri rootUri, ContractLog contract)
        {
            _app = app;
            Emulator = emulator;
            Contract = contract;
            RootUri = rootUri;
            BaseUri = new Uri(rootUri, emulator.Options.BasePath.TrimEnd('/'));
        }

        /// <summary>The emulator answering every request.</summary>
        public CniEmulator Emulator { get; }

        /// <summary>The contract check of the module's exchanges with this server.</summary>
        public ContractLog Contract { get; }

        /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
        public Uri RootUri { get; }

        /// <summary>The API base, e.g. <c>http://127.0.0.1:54321/client/v4</c> (no trailing slash).</summary>
        public Uri BaseUri { get; }

        /// <summary>The URI of <c>{BaseUri}/accounts/{accountId}/cni/{relative}</c>.</summary>
        public Uri CniUri(string accountId, string relative) =>
            new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + "/accounts/" + accountId + "/cni/" + relative.TrimStart('/'));

        public static async Task<TestServer> StartAsync(CniEmulator? emulator = null)
        {
            CniEmulator target = emulator ?? new CniEmulator();
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(TestServer).Assembly.GetName().Name,
            });
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.Listen(IPAddress.Loopback, 0);
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
            app.Run(context => ServeAsync(context, target, contract));
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

            return new TestServer(app, target, root, contract);
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

        private static async Task ServeAsync(HttpContext context, CniEmulator emulator, ContractLog contract)
        {
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
                ContractLog.SettingsOf(emulator.Options));

            EmulatorResponse answer;
            try
            {
                answer = await emulator.HandleAsync(emulatorRequest, context.RequestAborted).ConfigureAwait(false);
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
    }
}
