using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Named connections and -Connection: several credentials in one session, none of which replaces the default
    /// connection (here: a token for the loopback server).
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class NamedConnectionTests : IAsyncLifetime
    {
        private const string WrongToken = "cf-wrong-token-0000000000000000000000000";

        private const string ReadWriteAccount = "00000000000000000000000000000a11";

        private const string ReadOnlyAccount = "000000000000000000000000000000f0";

        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void ANamedSandbox_IsUsedOnlyWithConnection_AndTheDefaultStaysTheRealServer()
        {
            PsResult result = shell.Run(
                "$made = Connect-CfAccount -Sandbox -Name sb; " +
                "$made.ConnectionName; $made.IsDefault; (Get-CfContext).BaseUri; " +
                "@(Get-CfCniSlot -Connection sb).Count; @(Get-CfCniSlot -Connection SB).Count; " +
                "Get-CfCniSlot | Out-Null");

            Assert.Empty(result.Errors);
            Assert.Equal("sb", result.Output[0].BaseObject);
            Assert.Equal(false, result.Output[1].BaseObject);
            Assert.Equal(shell.Server.BaseUri, result.Output[2].BaseObject);
            Assert.True((int)result.Output[3].BaseObject > 0, "the sandbox's sample slots are listed");
            Assert.Equal(result.Output[3].BaseObject, result.Output[4].BaseObject);
            // Only the call without -Connection reached the real server.
            Assert.Equal("GET", Assert.Single(shell.Requests).Method);
        }

        [Fact]
        public void TwoTokens_AreHeldAtOnce_AndEachCallSendsItsOwn()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $rw -BaseUri $baseUri -Name rw | Out-Null; " +
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $wrong -AsPlainText -Force) -AccountId $ro -BaseUri $baseUri -Name ro -SkipCredentialCheck | Out-Null; " +
                "Get-CfCniSetting -Connection rw | Out-Null; Get-CfCniSetting -Connection ro -ErrorAction Continue; Get-CfCniSetting | Out-Null",
                ("token", ApiHarness.Token),
                ("wrong", WrongToken),
                ("baseUri", shell.Server.BaseUri),
                ("rw", ReadWriteAccount),
                ("ro", ReadOnlyAccount));

            ErrorRecord refused = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.AuthenticationFailed", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
            var requests = shell.Requests.ToList();
            // Connect -Name rw checked its credential; -Name ro skipped the check.
            Assert.Equal(
                new[] { ReadWriteAccount, ReadWriteAccount, ReadOnlyAccount, ApiHarness.AccountId },
                requests.Select(r => r.Path.Split('/')[4]));
            Assert.Equal(
                new[] { ApiHarness.Token, ApiHarness.Token, WrongToken, ApiHarness.Token },
                requests.Select(r => r.Headers["Authorization"].Substring("Bearer ".Length)));
        }

        [Fact]
        public void PassThru_ReturnsAConnectionForConnection_ThatIsNeitherDefaultNorListed()
        {
            PsResult result = shell.Run(
                "$sb = Connect-CfAccount -Sandbox -PassThru -SandboxEmpty; " +
                "Add-CfSandboxFault -Connection $sb -Kind Unauthorized | Out-Null; " +
                "(Get-CfContext).Sandbox; @(Get-CfContext -ListAvailable).Count; " +
                "Get-CfCniSlot -Connection $sb -ErrorAction Continue; @(Get-CfSandboxRequest -Connection $sb).Count; " +
                "Add-CfSandboxFault -Kind ServerError -ErrorAction Continue");

            Assert.Equal(new object[] { false, 1, 1 }, result.Output.Select(o => o.BaseObject));
            // The fault was added to the -Connection sandbox; without -Connection, the sandbox cmdlets see the real
            // default and refuse it.
            Assert.Equal(
                new[] { "CfApi.AuthenticationFailed", "CfSandbox.NotSandbox" },
                result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void AParallelBlock_ConnectsToTheSandbox_WithoutReplacingTheSessionsConnection()
        {
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "$counts = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel { " +
                "  Import-Module $using:module; $sb = Connect-CfAccount -Sandbox -PassThru; (Get-CfCniSlot -Connection $sb | Measure-Object).Count }; " +
                "$counts; (Get-CfContext).BaseUri; " +
                "$shared = Connect-CfAccount -Sandbox -Name shared; " +
                "1..3 | ForEach-Object -Parallel { Import-Module $using:module; (Get-CfCniSlot -Connection shared -First 1).Id } | Sort-Object -Unique | Measure-Object | ForEach-Object Count");

            Assert.Empty(result.Errors);
            Assert.All(result.Output.Take(3), count => Assert.True((int)count.BaseObject > 0));
            Assert.Equal(shell.Server.BaseUri, result.Output[3].BaseObject);
            Assert.Equal(1, result.Output[4].BaseObject);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void GetCfContext_ListsTheConnections_WithoutTheirSecrets()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $rw -BaseUri $baseUri -Name rw | Out-Null; " +
                "Connect-CfAccount -Sandbox -Name sb | Out-Null; " +
                "$all = Get-CfContext -ListAvailable; $all | ForEach-Object { '{0}|{1}|{2}' -f $_.ConnectionName, $_.IsDefault, $_.AuthKind }; " +
                "@(Get-CfContext -Name s*).ConnectionName; " +
                "($all | Format-List * | Out-String) + ($all | ConvertTo-Json -Depth 3) + $($all | Export-Clixml -Path $clixml; Get-Content -Raw $clixml)",
                ("token", ApiHarness.Token),
                ("baseUri", shell.Server.BaseUri),
                ("rw", ReadWriteAccount),
                ("clixml", System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid() + ".xml")));

            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { "|True|ApiToken", "rw|False|ApiToken", "sb|False|Sandbox", "sb" }, result.Output.Take(4).Select(o => o.BaseObject));
            string shown = (string)result.Output[4].BaseObject;
            Assert.Contains(ReadWriteAccount, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiHarness.Token, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiHarness.Token.Substring(0, 20), shown, StringComparison.Ordinal);
        }

        [Fact]
        public void ADroppedOrUnknownConnection_IsABindingError_BeforeAnyRequest()
        {
            PsResult result = shell.Run(
                "$sb = Connect-CfAccount -Sandbox -Name sb; Disconnect-CfAccount -Name sb; " +
                "Get-CfCniSlot -Connection sb; Get-CfCniSlot -Connection $sb; Get-CfCniSlot -Connection (Get-CfContext -ListAvailable)[0] | Out-Null; " +
                "Disconnect-CfAccount -Name sb; Get-CfContext -Name sb; Get-CfContext -Name none*; " +
                "Connect-CfAccount -Sandbox -Name 'two words'");

            Assert.Equal(
                new[]
                {
                    "ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand",
                    "ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand",
                    "CfAccount.ConnectionNotFound,CloudflareCni.Cmdlets.DisconnectCfAccountCommand",
                    "CfAccount.ConnectionNotFound,CloudflareCni.Cmdlets.GetCfContextCommand",
                    "ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand",
                },
                result.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Contains("No connection is named 'sb'", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("was disconnected", result.Errors[1].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("letters, digits", result.Errors[4].Exception.Message, StringComparison.Ordinal);
            // The default connection's context, passed as -Connection, works: one request, to the real server.
            Assert.Single(shell.Requests);
        }

        [Fact]
        public void ConnectionNames_CompleteOnTab_AndLiveValuesComeFromTheChosenConnection()
        {
            shell.Run("Connect-CfAccount -Sandbox -Name sandbox-a | Out-Null; Connect-CfAccount -Sandbox -Name sandbox-b -SandboxEmpty | Out-Null; Connect-CfAccount -Sandbox -Name other | Out-Null");
            string sandboxSlot = shell.Invoke("(Get-CfCniSlot -Connection sandbox-a -First 1).Id").Cast<string>().Single();
            string defaultSlot = shell.AddSlot();
            shell.Server.ClearRequests();

            IReadOnlyList<string> names = Complete("Get-CfCni -Connection sand");
            IReadOnlyList<string> disconnectNames = Complete("Disconnect-CfAccount -Name o");
            IReadOnlyList<string> slotIds = Complete("Get-CfCniSlot -Connection sandbox-a -Id ");
            IReadOnlyList<string> emptySandboxSlotIds = Complete("Get-CfCniSlot -Connection sandbox-b -Id ");
            IReadOnlyList<string> unknownConnectionSlotIds = Complete("Get-CfCniSlot -Connection no-such-name -Id ");
            int requestsBeforeDefault = shell.Requests.Count;
            IReadOnlyList<string> defaultSlotIds = Complete("Get-CfCniSlot -Id ");

            Assert.Equal(new[] { "sandbox-a", "sandbox-b" }, names);
            Assert.Equal(new[] { "other" }, disconnectNames);
            Assert.Contains(sandboxSlot, slotIds);
            Assert.Empty(emptySandboxSlotIds);
            // A name no connection has offers nothing, rather than the default connection's values.
            Assert.Empty(unknownConnectionSlotIds);
            Assert.Equal(0, requestsBeforeDefault);
            Assert.Equal(new[] { defaultSlot }, defaultSlotIds);
        }

        private IReadOnlyList<string> Complete(string input) => shell.Complete(input);
    }
}
