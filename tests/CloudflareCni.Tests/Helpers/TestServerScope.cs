using System;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>A loopback emulator with a bare connection to it, for tests that set the client options themselves.</summary>
    internal sealed class TestServerScope : IAsyncDisposable
    {
        private TestServerScope(TestServer server, CfConnection connection)
        {
            Server = server;
            Connection = connection;
        }

        public TestServer Server { get; }

        public CfConnection Connection { get; }

        public static async Task<TestServerScope> StartAsync(Action<CfClientOptions> configure, CniEmulator? emulator = null, TestServerOptions? options = null)
        {
            TestServer server = await TestServer.StartAsync(emulator, options);
            return new TestServerScope(server, ApiHarness.ConnectTo(server.BaseUri, configure));
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }
}
