using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Who owns the session's default, in three runspaces of one process (as a host with a runspace pool has them): the
    /// first to connect; once it has closed, the next one to connect.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class RunspaceOwnerTests
    {
        [Fact]
        public async Task TheFirstToConnect_OwnsTheSessionsDefault_UntilItCloses_ThenTheNextConnectTakesItOver()
        {
            await using TestServer server = await TestServer.StartAsync(new CniEmulator());
            var first = new PowerShellSession();
            using var second = new PowerShellSession();
            using var never = new PowerShellSession();
            try
            {
                Connect(first, server, "0000000000000000000000000000f157");
                Connect(second, server, "00000000000000000000000000005ec0");

                Assert.True(CfSession.Process.IsOwner(RunspaceOf(first)), "the first runspace to connect owns the session's default");
                Assert.Equal("00000000000000000000000000005ec0", AccountSeenBy(second));
                Assert.Equal("0000000000000000000000000000f157", AccountSeenBy(never));

                first.Dispose();
                // The owner closed: its connection stays for the runspaces that never connected, until another connect.
                Assert.Equal("0000000000000000000000000000f157", AccountSeenBy(never));
                Connect(second, server, "0000000000000000000000000000a9a1");

                Assert.True(CfSession.Process.IsOwner(RunspaceOf(second)));
                Assert.Equal("0000000000000000000000000000a9a1", AccountSeenBy(never));
                Assert.Contains(
                    "This runspace has no connection of its own. The session's default belongs to the runspace that made it, and stays: Disconnect-CfAccount there forgets it.",
                    never.Run("Disconnect-CfAccount -Verbose").Verbose);
                Assert.Equal("0000000000000000000000000000a9a1", AccountSeenBy(never));

                second.Dispose();
                // Nobody owns it any more: a Disconnect-CfAccount anywhere forgets it.
                never.Invoke("Disconnect-CfAccount");
                Assert.Equal(0, never.Invoke("@(Get-CfContext).Count").Single());
            }
            finally
            {
                first.Dispose();
            }
        }

        [Fact]
        public async Task AClosedRunspace_IsNotKeptAlive_ByTheConnectionItMade()
        {
            await using TestServer server = await TestServer.StartAsync(new CniEmulator());
            using var owner = new PowerShellSession();
            Connect(owner, server, "00000000000000000000000000000e0e");

            WeakReference connected = RunspaceThatConnected(server, "0000000000000000000000000000c105");
            for (int i = 0; i < 20 && connected.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.False(connected.IsAlive, "the module keeps a closed runspace alive");
            owner.Invoke("Disconnect-CfAccount");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference RunspaceThatConnected(TestServer server, string account)
        {
            var shell = new PowerShellSession();
            Connect(shell, server, account);
            Assert.Equal(account, AccountSeenBy(shell));
            var weak = new WeakReference(RunspaceOf(shell));
            shell.Dispose();
            return weak;
        }

        private static void Connect(PowerShellSession shell, TestServer server, string account) =>
            shell.Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString 'owner-test-token-0123456789' -AsPlainText -Force) -AccountId $account -BaseUri $baseUri | Out-Null",
                ("account", account),
                ("baseUri", server.BaseUri));

        private static string? AccountSeenBy(PowerShellSession shell) => (string?)shell.Invoke("(Get-CfContext).AccountId").SingleOrDefault();

        private static Runspace RunspaceOf(PowerShellSession shell) => (Runspace)shell.Invoke("[runspace]::DefaultRunspace").Single();
    }
}
