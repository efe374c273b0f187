using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Piped lookups run concurrently and write in input order; stopping the pipeline cancels what is in flight; a 429
    /// pauses every request of the credential; listings prefetch one page, never more. Observed at the server (when each
    /// request arrived), not timed as a performance claim: the benchmark in bench/ measures speed.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ConcurrencyTests : IAsyncLifetime
    {
        private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);
        private ConnectedShell shell = null!;
        private string[] names = new string[0];

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync(new CniEmulator { PendingStatusReads = 0 });
            for (int i = 0; i < 20; i++)
            {
                shell.AddSlot();
            }

            names = shell.Invoke("Get-CfCniSlot | New-CfInterconnect -Type direct | ForEach-Object Name").Cast<string>().ToArray();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void PipedLookups_RunUpToTheThrottleLimitAtOnce_AndOneAtATimeWithLimitOne()
        {
            shell.Server.Options.Latency = Latency;

            var concurrent = shell.Invoke("$names | Get-CfInterconnectStatus -ThrottleLimit 8", ("names", names)).Cast<InterconnectStatus>().ToList();
            var arrivedTogether = shell.Requests.Select(r => r.ReceivedAt).ToList();
            shell.Server.ClearRequests();
            shell.Invoke("$names[0..3] | Get-CfInterconnectStatus -ThrottleLimit 1", ("names", names));
            var arrivedInTurn = shell.Requests.Select(r => r.ReceivedAt).ToList();

            // Output in input order, however the answers came.
            Assert.Equal(names, concurrent.Select(s => s.Name));
            // The first 8 arrived within one latency of each other; the 9th only when the first answered.
            Assert.True(arrivedTogether[7] - arrivedTogether[0] < Latency, $"{arrivedTogether[7] - arrivedTogether[0]}");
            Assert.True(arrivedTogether[8] - arrivedTogether[0] >= Latency * 0.9, $"{arrivedTogether[8] - arrivedTogether[0]}");
            Assert.All(arrivedInTurn.Zip(arrivedInTurn.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= Latency * 0.9, gap.ToString()));
        }

        [Fact]
        public void ErrorsAndOutput_KeepTheInputOrder()
        {
            object[] merged = shell.Invoke(
                "$names[0], 'icon-missing', 'bad name?x', $names[1] | Get-CfInterconnectStatus -ThrottleLimit 4 2>&1", ("names", names)).ToArray();

            Assert.Equal(names[0], Assert.IsType<InterconnectStatus>(merged[0]).Name);
            Assert.StartsWith("CfApi.NotFound", Assert.IsType<ErrorRecord>(merged[1]).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(names[1], Assert.IsType<InterconnectStatus>(merged[2]).Name);
            Assert.Equal(3, merged.Length);
        }

        [Fact]
        public async Task SelectObjectFirst_CancelsWhatIsInFlight_AndNothingIsSentAfterwards()
        {
            shell.Server.Options.Latency = TimeSpan.FromSeconds(2);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            // 60 names: the first 16 go at once; the first result comes 2 s later.
            var first = shell.Invoke("$names + $names + $names | Get-CfInterconnectStatus | Select-Object -First 1", ("names", names));
            clock.Stop();
            // A request the client had already begun to send when the pipeline stopped may reach the server a moment
            // later; what must not come is another request after that (a new one would be sent, and arrive, 2 s on).
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            int sent = shell.Requests.Count;
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            Assert.Single(first);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.9, 3.9);
            // Only the few whose turn came in the moments between the first answers and the first result were added
            // to the 16: not another round.
            Assert.InRange(sent, 16, 31);
            // What was in flight was cancelled on the client; the names left were never asked for.
            Assert.Equal(sent, shell.Requests.Count);
        }

        [Fact]
        public async Task CtrlC_DuringConcurrentLookups_StopsPromptly_AndSendsNothingAfterwards()
        {
            shell.Server.Options.Latency = TimeSpan.FromSeconds(5);
            Task<PsResult> running = Task.Run(() => shell.Run("$names | Get-CfInterconnectStatus", ("names", names)));
            while (shell.Requests.Count < 16)
            {
                await Task.Delay(10);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Shell.Stop();
            PsResult result = await running;
            clock.Stop();
            await Task.Delay(TimeSpan.FromSeconds(1));

            Assert.True(result.Stopped);
            Assert.Empty(result.Objects);
            // Well within one 5 s answer: the 16 in flight were cancelled, not awaited.
            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 2);
            Assert.Equal(16, shell.Requests.Count);
        }

        [Fact]
        public async Task ErrorActionStop_OnAFailedItem_CancelsWhatIsInFlight()
        {
            shell.Server.Options.Latency = TimeSpan.FromMilliseconds(500);

            PsResult result = shell.Run("'icon-missing', $names | Get-CfInterconnectStatus -ErrorAction Stop", ("names", names));
            int sent = shell.Requests.Count;
            await Task.Delay(TimeSpan.FromSeconds(1));

            Assert.NotNull(result.Terminating);
            Assert.Empty(result.Objects);
            Assert.Equal(sent, shell.Requests.Count);
            Assert.True(sent <= 17, sent.ToString());
        }

        [Fact]
        public void ALookupWaitingToRetry_DoesNotHoldUpTheOthers_AndOutputKeepsTheInputOrder()
        {
            ConnectWithRetries();
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.ServerError, 503, "GET", "*/" + names[0] + "/status"));

            // Up to 4 x 5 = 20 lookups may be owed at once: all of them here.
            var statuses = shell.Invoke("$names | Get-CfInterconnectStatus -ThrottleLimit 5", ("names", names)).Cast<InterconnectStatus>().ToList();

            Assert.Equal(names, statuses.Select(s => s.Name));
            // The first name waited at least 250 ms to retry its 503; the 19 others were read meanwhile, 4 at a time.
            var retry = shell.Requests.Where(r => r.Path.EndsWith("/" + names[0] + "/status", StringComparison.Ordinal)).ElementAt(1);
            var others = shell.Requests.Where(r => !r.Path.EndsWith("/" + names[0] + "/status", StringComparison.Ordinal)).ToList();
            Assert.Equal(19, others.Count);
            Assert.All(others, r => Assert.True(r.ReceivedAt < retry.ReceivedAt, $"{r.Path} came after the retry"));
        }

        [Fact]
        public void A429_PausesEveryRequestOfTheCredential_NotOnlyItsOwn()
        {
            ConnectWithRetries();
            shell.Server.Options.RetryAfterMs = 1000;
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.TooManyRequests, 429, "GET", "*/" + names[2] + "/status"));

            // Two runspaces of the process: one reads names[2] and is told to wait 1 s; the other, once that 429 has come
            // back, reads four other names, which must wait too rather than run into 429s of their own.
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "1, 2 | ForEach-Object -ThrottleLimit 2 -Parallel { " +
                "  Import-Module $using:module; " +
                "  if ($_ -eq 1) { Get-CfInterconnectStatus -Name ($using:names)[2] | Out-Null } " +
                "  else { " +
                "    while (($using:requestCount).Invoke() -lt 1) { Start-Sleep -Milliseconds 10 }; Start-Sleep -Milliseconds 100; " +
                "    ($using:names)[5..8] | Get-CfInterconnectStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message } }",
                ("names", names));

            Assert.Empty(result.Errors);
            var limited = shell.Requests.First(r => r.Status == 429);
            var others = shell.Requests.Where(r => !r.Path.EndsWith("/" + names[2] + "/status", StringComparison.Ordinal)).ToList();
            string timeline = string.Join(", ", shell.Requests.Select(r => $"{(r.ReceivedAt - limited.ReceivedAt).TotalMilliseconds:0}:{r.Status}"));
            Assert.Equal(4, others.Count);
            // Nothing else reached the server while the pause lasted.
            Assert.All(others, r => Assert.True(r.ReceivedAt >= limited.ReceivedAt + TimeSpan.FromMilliseconds(900), "Requests arrived during the pause (ms after the 429:status): " + timeline));
            Assert.Contains(result.Objects.Select(o => o.ToString() ?? string.Empty), v => v.Contains("by the rate budget") && v.Contains("Cloudflare answered 429 (Too Many Requests) to a request with this credential"));
        }

        [Fact]
        public void WaitCfInterconnect_WaitsForAllAtOnce_WritingEachAsItIsReached()
        {
            // Not read yet: each reports Pending for three reads, then Healthy.
            shell.Emulator.PendingStatusReads = 3;
            var clock = System.Diagnostics.Stopwatch.StartNew();

            PsResult result = shell.Run("$names[15..19] | Wait-CfInterconnect -PollInterval 0.2 -Timeout 30", ("names", names));

            clock.Stop();
            Assert.Empty(result.Errors);
            Assert.Equal(names.Skip(15).OrderBy(n => n), result.Objects.Cast<InterconnectStatus>().Select(s => s.Name).OrderBy(n => n));
            // Five interconnects, Healthy at their 4th read: four rounds of five checks, not twenty checks one after another.
            Assert.Equal(20, shell.Requests.Count(r => r.Path.EndsWith("/status", StringComparison.Ordinal)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), clock.Elapsed.ToString());
            Assert.Single(result.Progress.Select(p => p.ActivityId).Distinct());
        }

        [Fact]
        public void AListingStoppedEarly_FetchesAtMostOnePageAhead()
        {
            shell.Invoke("Get-CfInterconnect -PageSize 2 | Select-Object -First 1 | Out-Null");

            Assert.InRange(shell.Requests.Count, 1, 2);
        }

        /// <summary>The same credential and server, with the default retries (the shell connects with none).</summary>
        private void ConnectWithRetries() =>
            shell.Invoke("Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -SkipCredentialCheck | Out-Null",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", shell.Server.BaseUri));
    }
}
