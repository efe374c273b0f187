using System;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Emulator;

namespace CloudflareCni.Tests.Support
{
    /// <summary>A loopback server over an emulator with a connection of its own client options, disposed synchronously.</summary>
    internal sealed class ApiOptionsScope : IDisposable
    {
        public ApiOptionsScope(CniEmulator emulator, Action<CfClientOptions>? configure = null)
        {
            Harness = ApiHarness.StartAsync(emulator, configure).GetAwaiter().GetResult();
            Scope = Harness.Scope();
        }

        public ApiHarness Harness { get; }

        public CfCommandScope Scope { get; }

        public void Dispose()
        {
            Scope.Dispose();
            Harness.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
