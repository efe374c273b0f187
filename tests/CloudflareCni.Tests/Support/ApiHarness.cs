using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Emulator;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Infrastructure;

namespace CloudflareCni.Tests.Support
{
    /// <summary>An emulator behind a real loopback socket, and the module's connection to it.</summary>
    internal sealed class ApiHarness : IAsyncDisposable
    {
        public const string AccountId = "023e105f4ecef8ad9ca31a8372d0c353";
        public const string Token = "cf-test-token-3f9a7c1e8b2d4a6f0e5c9b1d";

        private ApiHarness(EmulatorServer server, CfConnection connection, CfSession session)
        {
            Server = server;
            Connection = connection;
            Session = session;
        }

        public EmulatorServer Server { get; }

        public CniEmulator Emulator => Server.Emulator;

        public CfConnection Connection { get; }

        public CfSession Session { get; }

        public FakeEnvironment Environment { get; } = new FakeEnvironment();

        public static async Task<ApiHarness> StartAsync(CniEmulator? emulator = null, Action<CfClientOptions>? configure = null)
        {
            EmulatorServer server = await EmulatorServer.StartAsync(emulator ?? new CniEmulator(new CniEmulatorOptions { ExpectedToken = Token }));
            var session = new CfSession();
            CfConnection connection = ConnectTo(server.BaseUri, configure);
            session.Connect(connection);
            return new ApiHarness(server, connection, session);
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

        public CfCommandScope Scope(string? accountId = null) => new CfCommandScope(Session, Environment, accountId);

        public IReadOnlyList<RecordedRequest> Requests => Emulator.Requests;

        public string SlotId(int index = 0) => Emulator.GetSlots(AccountId)[index]["id"]!.GetValue<string>();

        public string AddSlot(string site = "AMS01", string speed = "10G", bool occupied = false) =>
            Emulator.AddSlot(null, site, "Equinix AM3", new[] { "Science Park 610", "1098 XH Amsterdam" }, speed, occupied);

        public async ValueTask DisposeAsync()
        {
            Session.Disconnect();
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }

    internal sealed class FakeEnvironment : ICfEnvironment
    {
        public Dictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public string? GetVariable(string name) => Variables.TryGetValue(name, out string? value) ? value : null;
    }
}
