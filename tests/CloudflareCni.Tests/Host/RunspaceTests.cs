using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Defaults per runspace: connects in ForEach-Object -Parallel runspaces, over a loopback server that accepts any token,
    /// so that each request tells by its token which item sent it, and by its path which account it went to. The test's
    /// own runspace connected first (to ApiHarness.AccountId), so it owns the session's default.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class RunspaceTests : IAsyncLifetime
    {
        private const string AccountA = "0000000000000000000000000000000a";

        private const string AccountB = "0000000000000000000000000000000b";

        private const string RefusedAccount = "00000000000000000000000000000401";

        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync(options: new TestServerOptions());

        public async Task DisposeAsync() => await shell.DisposeAsync();

        /// <summary>Item i connects to account A or B; item 4 of the failing run, to an account whose check answers 401.</summary>
        private static string AccountOf(int item) => item % 2 == 0 ? AccountA : AccountB;

        private static string TokenOf(int item) => $"tok-item-{item}-0123456789";

        private const string ConnectItem =
            "Connect-CfAccount -ApiToken (ConvertTo-SecureString \"tok-item-$item-0123456789\" -AsPlainText -Force) -AccountId $account -BaseUri $using:baseUri -MaximumRetryCount 0 -ErrorAction Stop | Out-Null; ";

        [Fact]
        public void SixParallelRunspaces_ConnectedToTwoAccounts_EachSendEveryRequestToItsOwn()
        {
            using var allConnected = new CountdownEvent(6);

            // Every item connects before any item sends a request: a process-wide default would leave all six on the last
            // account connected.
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "1..6 | ForEach-Object -ThrottleLimit 6 -Parallel { " +
                "  Import-Module $using:module; $item = $_; $account = ($using:accountA, $using:accountB)[$item % 2]; " +
                ConnectItem +
                "  $null = ($using:allConnected).Signal(); if (-not ($using:allConnected).Wait(30000)) { throw 'not all items connected' }; " +
                "  $context = Get-CfContext; '{0}|{1}|{2}' -f $item, $context.AccountId, $context.IsDefault; " +
                "  Get-CfInterconnect | Out-Null; Set-CfCniSetting -DefaultAsn (65000 + $item); Get-CfCniSetting | Out-Null }; " +
                "Get-CfCniSetting | Out-Null; '{0}|{1}' -f (Get-CfContext).AccountId, (Get-CfContext).IsDefault",
                ("baseUri", shell.Server.BaseUri),
                ("allConnected", allConnected),
                ("accountA", AccountA),
                ("accountB", AccountB));

            Assert.True(result.Errors.Count == 0 && result.Terminating is null, string.Join(" | ", result.Errors) + result.Terminating);
            Assert.Equal(
                Enumerable.Range(1, 6).Select(i => $"{i}|{AccountOf(i)}|True").OrderBy(s => s, StringComparer.Ordinal),
                result.Objects.Take(6).Cast<string>().OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal($"{ApiHarness.AccountId}|True", result.Objects[6]);

            var requests = shell.Requests.ToList();
            for (int item = 1; item <= 6; item++)
            {
                // The credential check, the listing, the change and the read: all with the item's token, to its account.
                List<RecordedRequest> sent = requests.Where(r => TokenIn(r) == TokenOf(item)).ToList();
                Assert.Equal(4, sent.Count);
                Assert.All(sent, r => Assert.Equal(AccountOf(item), AccountIn(r)));
                RecordedRequest change = Assert.Single(requests, r => r.Method == "PUT" && r.Body!.Contains((65000 + item).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                Assert.Equal((TokenOf(item), AccountOf(item)), (TokenIn(change), AccountIn(change)));
            }

            // The test's runspace, which connected first, kept its own account after the block.
            RecordedRequest parent = Assert.Single(requests, r => TokenIn(r) == ApiHarness.Token);
            Assert.Equal(ApiHarness.AccountId, AccountIn(parent));
        }

        [Fact]
        public void AFailedConnect_InAReusedRunspace_SendsNothingToAnotherItemsAccount()
        {
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.Unauthorized, path: "*/accounts/" + RefusedAccount + "/*"), 100);

            // Six items at -ThrottleLimit 2: the runspaces are reused, so item 4's runspace connected for an earlier item.
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "1..6 | ForEach-Object -ThrottleLimit 2 -Parallel { " +
                "  Import-Module $using:module; $item = $_; $account = if ($item -eq 4) { $using:refused } else { ($using:accountA, $using:accountB)[$item % 2] }; " +
                "  '{0}|runspace|{1}' -f $item, [runspace]::DefaultRunspace.InstanceId; " +
                "  try { " + ConnectItem + "} catch { '{0}|connect|{1}' -f $item, $_.FullyQualifiedErrorId }; " +
                "  try { Set-CfCniSetting -DefaultAsn (65000 + $item) -ErrorAction Stop; Get-CfInterconnectStatus -Name \"icon-item-$item\" -ErrorAction SilentlyContinue } " +
                "  catch { '{0}|work|{1}' -f $item, $_.FullyQualifiedErrorId } }",
                ("baseUri", shell.Server.BaseUri),
                ("refused", RefusedAccount),
                ("accountA", AccountA),
                ("accountB", AccountB));

            Assert.Null(result.Terminating);
            var lines = result.Objects.Cast<string>().ToList();
            Dictionary<int, string> runspaceOf = lines.Where(l => l.Contains("|runspace|", StringComparison.Ordinal))
                .Select(l => l.Split('|')).ToDictionary(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => p[2]);
            Assert.Equal(6, runspaceOf.Count);
            Assert.Contains(runspaceOf[4], new[] { runspaceOf[1], runspaceOf[2], runspaceOf[3] });
            Assert.Equal(
                new[] { "4|connect|CfApi.AuthenticationFailed,CloudflareCni.Cmdlets.ConnectCfAccountCommand", "4|work|CfAccount.NotConnected,CloudflareCni.Cmdlets.SetCfCniSettingCommand" },
                lines.Where(l => !l.Contains("|runspace|", StringComparison.Ordinal)));

            var requests = shell.Requests.ToList();
            // Item 4 sent its credential check, which was refused, and nothing else, through any connection.
            RecordedRequest check = Assert.Single(requests, r => TokenIn(r) == TokenOf(4));
            Assert.Equal((RefusedAccount, 401), (AccountIn(check), check.Status));
            Assert.DoesNotContain(requests, r => (r.Body ?? string.Empty).Contains("65004", StringComparison.Ordinal) || r.Path.Contains("icon-item-4", StringComparison.Ordinal));
            foreach (int item in new[] { 1, 2, 3, 5, 6 })
            {
                List<RecordedRequest> sent = requests.Where(r => TokenIn(r) == TokenOf(item)).ToList();
                // The check, the setting and the status (NotFound here, hidden by -ErrorAction SilentlyContinue, so no listing
                // looks for the name in another letter case).
                Assert.Equal(3, sent.Count);
                Assert.All(sent, r => Assert.Equal(AccountOf(item), AccountIn(r)));
                Assert.Contains(sent, r => r.Path.EndsWith("/icon-item-" + item + "/status", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void AFailedConnect_InTheOwnerRunspace_ClearsTheSessionsDefault_AndFallsBackToNothing()
        {
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.Unauthorized, path: "*/accounts/" + RefusedAccount + "/*"), 100);

            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "$env:CLOUDFLARE_API_TOKEN = 'env-token-0123456789'; $env:CLOUDFLARE_ACCOUNT_ID = '000000000000000000000000000000e0'; $env:CLOUDFLARE_BASE_URL = $baseUri; " +
                "try { " +
                "  try { Connect-CfAccount -ApiToken (ConvertTo-SecureString 'x-token-0123456789' -AsPlainText -Force) -AccountId $refused -BaseUri $baseUri -MaximumRetryCount 0 } catch { $_.FullyQualifiedErrorId }; " +
                "  @(Get-CfContext).Count; try { Get-CfCniSetting } catch { $_.FullyQualifiedErrorId }; " +
                // A runspace that never connected uses what is left: the environment's credential.
                "  1 | ForEach-Object -Parallel { Import-Module $using:module; (Get-CfContext).Source }; " +
                "  Disconnect-CfAccount; (Get-CfContext).Source " +
                "} finally { Remove-Item Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_ACCOUNT_ID, Env:CLOUDFLARE_BASE_URL }",
                ("baseUri", shell.Server.BaseUri),
                ("refused", RefusedAccount));

            Assert.Equal(
                new object[]
                {
                    "CfApi.AuthenticationFailed,CloudflareCni.Cmdlets.ConnectCfAccountCommand",
                    0,
                    "CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfCniSettingCommand",
                    CfContextSource.Environment,
                    CfContextSource.Environment,
                },
                result.Objects);
            // Neither the connection made before nor the environment's credential was used in the failed one's place.
            Assert.Equal(RefusedAccount, AccountIn(Assert.Single(shell.Requests)));
        }

        [Fact]
        public void ARunspaceThatNeverConnected_UsesTheSessionsDefault_AndDisconnectForgetsOnlyItsOwn()
        {
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "1 | ForEach-Object -Parallel { " +
                "  Import-Module $using:module; $before = Get-CfContext; '{0}|{1}' -f $before.AccountId, $before.IsDefault; " +
                "  Disconnect-CfAccount -Verbose 4>&1 | ForEach-Object Message; " +
                "  $made = Connect-CfAccount -ApiToken (ConvertTo-SecureString 'child-token-0123456789' -AsPlainText -Force) -AccountId 000000000000000000000000000000c1 -BaseUri $using:baseUri; " +
                "  '{0}|{1}' -f $made.AccountId, $made.IsDefault; @(Get-CfContext -ListAvailable | Where-Object IsDefault).AccountId; " +
                "  Disconnect-CfAccount; (Get-CfContext).AccountId }; " +
                "'{0}|{1}' -f (Get-CfContext).AccountId, (Get-CfContext).IsDefault",
                ("baseUri", shell.Server.BaseUri));

            Assert.Empty(result.Errors);
            Assert.Equal(
                new object[]
                {
                    ApiHarness.AccountId + "|True",
                    "This runspace has no connection of its own. The session's default belongs to the runspace that made it, and stays: Disconnect-CfAccount there forgets it.",
                    "000000000000000000000000000000c1|True",
                    "000000000000000000000000000000c1",
                    ApiHarness.AccountId,
                    ApiHarness.AccountId + "|True",
                },
                result.Objects);
        }

        [Fact]
        public void ReplacingANamedConnection_MadeInAnotherRunspace_Warns()
        {
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "Connect-CfAccount -Sandbox -Name shared -WarningVariable first | Out-Null; Connect-CfAccount -Sandbox -Name shared -WarningVariable again | Out-Null; " +
                "$first.Count; $again.Count; " +
                "1 | ForEach-Object -Parallel { Import-Module $using:module; Connect-CfAccount -Sandbox -Name shared -AccountId 000000000000000000000000000000c2 3>&1 | " +
                "  Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message }; " +
                "(Get-CfContext -Name shared).AccountId");

            Assert.Empty(result.Errors);
            Assert.Equal(0, result.Objects[0]);
            Assert.Equal(0, result.Objects[1]);
            Assert.Matches("^Replaced the connection 'shared' that runspace [0-9]+ made: named connections belong to the whole process", (string)result.Objects[2]);
            Assert.Equal("000000000000000000000000000000c2", result.Objects[3]);
        }

        private static string TokenIn(RecordedRequest request) =>
            request.Headers.TryGetValue("Authorization", out string? value) ? value.Substring("Bearer ".Length) : string.Empty;

        private static string AccountIn(RecordedRequest request) => request.Path.Split('/')[4];
    }
}
