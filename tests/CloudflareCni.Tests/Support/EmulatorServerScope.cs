using System;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Infrastructure;

namespace CloudflareCni.Tests.Support
{
    /// <summary>A loopback emulator with a bare connection to it, for tests that set the client options themselves.</summary>
    internal sealed class EmulatorServerScope : IAsyncDisposable
    {
        private EmulatorServerScope(EmulatorServer server, CfConnection connection)
        {
            Server = server;
            Connection = connection;
        }

        public EmulatorServer Server { get; }

        public CfConnection Connection { get; }

        public static async Task<EmulatorServerScope> StartAsync(Action<CfClientOptions> configure, CniEmulator? emulator = null)
        {
            EmulatorServer server = await EmulatorServer.StartAsync(emulator ?? new CniEmulator());
            return new EmulatorServerScope(server, ApiHarness.ConnectTo(server.BaseUri, configure));
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }
}
