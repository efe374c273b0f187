using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>The sandbox cmdlets in a real session: never against a real connection, and what they shape reaches the cmdlets.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class SandboxTests : IAsyncLifetime
    {
        private static readonly string[] SandboxCommands =
        {
            "Set-CfSandboxInterconnect -Name icon-1 -State Down",
            "Add-CfSandboxFault -Kind TooManyRequests -Count 5",
            "Get-CfSandboxFault",
            "Clear-CfSandboxFault",
            "Get-CfSandboxRequest",
            "Clear-CfSandboxRequest",
            "Get-CfSandboxRateLimit",
            "Set-CfSandboxRateLimit -Quota 60 -WindowSec 4",
        };

        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void OnARealConnection_EverySandboxCmdlet_EndsWithNotSandbox_AndNothingReachesTheServer()
        {
            // The module's own cmdlets: one of them per sandbox cmdlet, each with its own terminating error.
            Assert.Equal(
                SandboxCommands.Select(c => c.Split(' ')[0]).OrderBy(n => n),
                shell.Invoke("(Get-Command -Module CloudflareCni -Noun CfSandbox*).Name").Cast<string>().OrderBy(n => n));

            foreach (string command in SandboxCommands)
            {
                PsResult result = shell.Run(command);
                ErrorRecord error = Assert.Single(result.Errors);
                Assert.StartsWith("CfSandbox.NotSandbox,CloudflareCni.Cmdlets.", error.FullyQualifiedErrorId, StringComparison.Ordinal);
                Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
                Assert.Contains(shell.Server.BaseUri.ToString().TrimEnd('/'), error.Exception.Message, StringComparison.Ordinal);
                Assert.Equal("Run Connect-CfAccount -Sandbox.", error.ErrorDetails.RecommendedAction);
            }

            Assert.Empty(shell.Requests);
            Assert.Equal(0, shell.Emulator.Faults.PendingCount());
        }

        [Fact]
        public void EachSandbox_HasItsOwnRateLimit_AndShowsNoPartOfItsToken()
        {
            // A 429 pauses every request of the same credential: one sandbox's must not pause another's.
            PsResult result = shell.Run(
                "$a = Connect-CfAccount -Sandbox -PassThru -MaximumRetryCount 0 -TimeoutSec 5; $b = Connect-CfAccount -Sandbox -PassThru -TimeoutSec 5; " +
                "Add-CfSandboxFault -Kind TooManyRequests -RetryAfterSec 60 -Connection $a; " +
                "try { $null = Get-CfCniSetting -Connection $a -ErrorAction Stop } catch { 'first: ' + $_.FullyQualifiedErrorId.Split(',')[0] }; " +
                "$watch = [Diagnostics.Stopwatch]::StartNew(); " +
                "'other: AS' + (Get-CfCniSetting -Connection $b).DefaultAsn; " +
                "try { $null = Get-CfCniSetting -Connection $a -ErrorAction Stop } catch { 'same: ' + $_.FullyQualifiedErrorId.Split(',')[0] }; " +
                "'quick: ' + ($watch.Elapsed.TotalSeconds -lt 5); " +
                "'hints: ' + (@($a, $b | Where-Object CredentialHint).Count) + ' ' + $a.AuthKind + ' ' + $b.AuthKind");

            Assert.Empty(result.Errors);
            Assert.Equal(
                new object[] { "first: CfApi.RateLimited", "other: AS65000", "same: CfApi.RateLimited", "quick: True", "hints: 0 Sandbox Sandbox" },
                result.Objects);
        }

        [Fact]
        public void ASandboxConnection_InAnotherRunspace_IsTheOneTheSandboxCmdletsShape()
        {
            // The default connection is process-wide: a runspace that connects the sandbox shapes what this one reads.
            PsResult result = shell.Run(
                "$null = Connect-CfAccount -Sandbox -PendingStatusReads 0; " +
                "$icon = Get-CfCniSlot -Occupied:$false -First 1 | New-CfInterconnect -Type direct; " +
                "$ps = [powershell]::Create(); try { $null = $ps.AddScript('param($n, $m) Import-Module $m; Set-CfSandboxInterconnect -Name $n -State Down -Reason from-elsewhere').AddArgument($icon.Name).AddArgument($manifest).Invoke() } finally { $ps.Dispose() }; " +
                "Get-CfInterconnectStatus -Name $icon.Name",
                ("manifest", RepoPaths.ModuleManifest));

            Assert.Empty(result.Errors);
            InterconnectStatus status = Assert.IsType<InterconnectStatus>(Assert.Single(result.Objects));
            Assert.Equal(("Down", "from-elsewhere"), (status.State, status.Reason));
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public async Task AStalledSandboxRequest_HonoursCtrlC_EvenWithALongTimeout()
        {
            var context = (CfContext)shell.Invoke("Connect-CfAccount -Sandbox -TimeoutSec 3600; Add-CfSandboxFault Stall -Command Get-CfCniSetting | Out-Null").Single();
            CloudflareCni.Emulator.CniEmulator sandbox = context.Connection!.Sandbox!;
            Task<PsResult> running = Task.Run(() => shell.Run("Get-CfCniSetting"));
            while (sandbox.Requests.Count == 0)
            {
                await Task.Delay(10);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Shell.Stop();
            PsResult result = await running;

            Assert.InRange(clock.ElapsedMilliseconds, 0, 2000);
            Assert.True(result.Stopped);
            Assert.Empty(result.Objects);
            CfSandboxRequest stalled = Assert.IsType<CfSandboxRequest>(Assert.Single(shell.Invoke("Get-CfSandboxRequest")));
            Assert.Equal(("Get-CfCniSetting", "Stall", 0), (stalled.Command, stalled.Fault, stalled.StatusCode));
        }

        [Fact]
        public void EachRequest_IsRecordedWithTheCmdletThatSentIt_InAPipeline()
        {
            PsResult result = shell.Run(
                "$null = Connect-CfAccount -Sandbox; $null = Get-CfCniSlot -Site SIN03 -First 1 | New-CfInterconnect -Type direct | Get-CfInterconnectStatus; " +
                "Get-CfSandboxRequest");

            Assert.Empty(result.Errors);
            Assert.Equal(
                new[] { "Get-CfCniSlot GET /slots", "New-CfInterconnect POST /interconnects", "Get-CfInterconnectStatus GET /interconnects/{name}/status" },
                result.Objects.Cast<CfSandboxRequest>().Select(r => $"{r.Command} {r.Method} {System.Text.RegularExpressions.Regex.Replace(r.Route, "icon-[0-9a-f]{8}", "{name}")}"));
        }
    }
}
