using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>An emulator behind a real loopback socket, and the module's connection to it.</summary>
    internal sealed class ApiHarness : IAsyncDisposable
    {
        public const string AccountId = "023e105f4ecef8ad9ca31a8372d0c353";

        /// <summary>Another account of the same credential; account ids are 32 hexadecimal characters, as Cloudflare issues them.</summary>
        public const string OtherAccountId = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        public const string Token = "cf-test-token-3f9a7c1e8b2d4a6f0e5c9b1d";

        private ApiHarness(TestServer server, CfConnection connection)
        {
            Server = server;
            Connection = connection;
        }

        public TestServer Server { get; }

        public CniEmulator Emulator => Server.Emulator;

        public CfConnection Connection { get; }

        /// <summary>A call whose verbose and debug messages are kept.</summary>
        public RecordingObserver Observer { get; } = new RecordingObserver();

        public CfCall Call => new CfCall(Observer, System.Threading.CancellationToken.None);

        /// <param name="server">What the server does around the emulator; by default it lets only <see cref="Token"/> through.</param>
        public static async Task<ApiHarness> StartAsync(CniEmulator? emulator = null, Action<CfClientOptions>? configure = null, TestServerOptions? server = null)
        {
            TestServer started = await TestServer.StartAsync(emulator, server ?? new TestServerOptions { Token = Token });
            return new ApiHarness(started, ConnectTo(started.BaseUri, configure));
        }

        /// <summary>The module's connection to a test server, with the test token and short retry delays.</summary>
        public static CfConnection ConnectTo(Uri baseUri, Action<CfClientOptions>? configure = null)
        {
            var options = new CfClientOptions
            {
                BaseUri = baseUri,
                Credential = CfCredential.FromToken(Token),
                // Small delays keep fault tests fast; the rules are the same as with the defaults.
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                RetryMaxDelay = TimeSpan.FromMilliseconds(40),
            };
            configure?.Invoke(options);
            return CfConnection.Create(options, AccountId, CfContextSource.Session, null);
        }

        public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

        public string SlotId(int index = 0) => Emulator.GetSlots(AccountId)[index]["id"]!.GetValue<string>();

        public string AddSlot(string site = "AMS01", string speed = "10G", bool occupied = false) =>
            Emulator.AddSlot(null, site, "Equinix AM3", new[] { "Science Park 610", "1098 XH Amsterdam" }, speed, occupied);

        /// <summary>The first page of a listing, and the cursor of the next.</summary>
        public static async Task<(IReadOnlyList<T> Items, long? Next)> FirstPageAsync<T>(CfPager<T> pager)
        {
            IReadOnlyList<T> items = await pager.NextPageAsync(System.Threading.CancellationToken.None) ?? new T[0];
            return (items, pager.NextCursor);
        }

        /// <summary>Every item of a listing, page by page.</summary>
        public static async Task<List<T>> DrainAsync<T>(CfPager<T> pager)
        {
            var all = new List<T>();
            IReadOnlyList<T>? page;
            while ((page = await pager.NextPageAsync(System.Threading.CancellationToken.None)) != null)
            {
                all.AddRange(page);
            }

            return all;
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }

    /// <summary>Keeps the pipeline's diagnostics, as a cmdlet's pump would receive them, from any thread.</summary>
    internal sealed class RecordingObserver : IRequestObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> verbose = new System.Collections.Concurrent.ConcurrentQueue<string>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> debug = new System.Collections.Concurrent.ConcurrentQueue<string>();

        public bool WantsVerbose => true;

        public bool WantsDebug => true;

        public IReadOnlyList<string> VerboseMessages => verbose.ToArray();

        public IReadOnlyList<string> DebugMessages => debug.ToArray();

        public void Verbose(string message) => verbose.Enqueue(message);

        public void Debug(string message) => debug.Enqueue(message);

        /// <summary>The rate budget's holds that lasted long enough for progress, as they began.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<RateBudgetHold> Holds { get; } = new System.Collections.Concurrent.ConcurrentQueue<RateBudgetHold>();

        public void WaitingForBudget(object request, RateBudgetHold hold) => Holds.Enqueue(hold);

        public void DoneWaitingForBudget(object request)
        {
        }
    }
}
