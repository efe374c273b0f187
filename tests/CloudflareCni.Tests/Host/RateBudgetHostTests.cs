using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The rate budget as a user meets it, in a real PowerShell host: sweeps against a loopback server that enforces a
    /// budget with Cloudflare's headers and lock-out (scaled down to 60 requests per 4 s, on the real clock), the honest
    /// error of a held request and a connect that keeps a paused credential, Get-CfContext, Tab completion, and waiting
    /// for the budget instead of failing on a sandbox shaped to a small quota.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class RateBudgetHostTests
    {
        private const string Account = ApiHarness.AccountId;
        private readonly ITestOutputHelper output;

        public RateBudgetHostTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static string[] Names(int count) => Enumerable.Range(1, count).Select(i => $"icon-{i:D3}").ToArray();

        /// <summary>Interconnects of the given names (GCP partner ones, which need no slot), in the API's field names.</summary>
        private static JsonObject Interconnects(IEnumerable<string> names) => new JsonObject
        {
            ["interconnects"] = new JsonArray(names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "gcp_partner", ["region"] = "europe-west4", ["speed"] = "1G" }).ToArray()),
        };

        /// <summary>A loopback server enforcing 60 requests per 4 s with Cloudflare's headers and lock-out, in real time, holding the interconnects.</summary>
        private static CniEmulator LimitedServer(IEnumerable<string> names)
        {
            var emulator = new CniEmulator { PendingStatusReads = 0, RateLimit = new SandboxRateLimit(CfClock.Real, quota: 60, windowSeconds: 4) };
            emulator.Seed(Account, Interconnects(names));
            return emulator;
        }

        [Fact]
        public async Task ASweepOf150Lookups_FromOneRunspace_EndsWithEveryResultInOrder_AndNo429()
        {
            string[] names = Names(150);
            await using ConnectedShell shell = await ConnectedShell.StartAsync(LimitedServer(names));
            var clock = System.Diagnostics.Stopwatch.StartNew();

            PsResult result = shell.Run("$names | Get-CfInterconnectStatus", ("names", names));

            clock.Stop();
            Assert.Null(result.Terminating);
            Assert.Empty(result.Errors);
            Assert.Equal(names, result.Objects.Cast<InterconnectStatus>().Select(s => s.Name));
            Assert.Equal(150, shell.Requests.Count);
            Assert.DoesNotContain(shell.Requests, r => r.Status == 429);
            Assert.Equal(0, shell.Emulator.RateLimit!.Refused);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s for 150 lookups at 60 per 4 s (the least the budget allows: about 7.1 s; see bench/).");
        }

        [Fact]
        public async Task SweepsFromTwoRunspacesOfOneCredential_EndWithEveryResultInOrder_AndNo429()
        {
            string[] names = Names(150);
            await using ConnectedShell shell = await ConnectedShell.StartAsync(LimitedServer(names));

            // Two runspaces of the process use the session's connection, and so one budget, at the same time.
            PsResult result = shell.Run(
                "$module = (Get-Module CloudflareCni).Path; " +
                "0, 1 | ForEach-Object -ThrottleLimit 2 -Parallel { " +
                "  Import-Module $using:module; " +
                "  $mine = ($using:names)[(75 * $_)..(75 * $_ + 74)]; " +
                "  ($mine | Get-CfInterconnectStatus | ForEach-Object Name) -join ',' }",
                ("names", names));

            Assert.Null(result.Terminating);
            Assert.Empty(result.Errors);
            List<string[]> sweeps = result.Objects.Cast<string>().Select(s => s.Split(',')).OrderBy(s => s[0], StringComparer.Ordinal).ToList();
            Assert.Equal(names.Take(75), sweeps[0]);
            Assert.Equal(names.Skip(75), sweeps[1]);
            Assert.Equal(150, shell.Requests.Count);
            Assert.DoesNotContain(shell.Requests, r => r.Status == 429);
        }

        [Fact]
        public async Task APausedCredential_KeepsItsConnection_AndHeldRequestsSayNothingWasSent_WhenAndHowToWait()
        {
            await using ConnectedShell shell = await ConnectedShell.StartAsync(LimitedServer(Names(3)));
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.TooManyRequests, method: "GET", retryAfterSeconds: 300), 1);
            PsResult tripped = shell.Run("Get-CfCniSetting");
            Assert.Equal(429, Assert.IsType<CfApiException>(Assert.Single(tripped.Errors).Exception).StatusCode);

            // Disconnect, then connect again with the same credential: kept, unchecked, with a warning that says until when.
            PsResult connected = shell.Run(
                "Disconnect-CfAccount; Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $account -BaseUri $baseUri",
                ("token", ApiHarness.Token), ("account", Account), ("baseUri", shell.Server.BaseUri));
            PsResult after = shell.Run("(Get-CfContext).RateBudget; Get-CfCni");

            Assert.Empty(connected.Errors);
            CfContext context = Assert.IsType<CfContext>(Assert.Single(connected.Objects));
            string warning = Assert.Single(connected.Warnings);
            DateTimeOffset pausedUntil = context.RateBudget!.PausedUntil!.Value;
            Assert.Contains("Cloudflare pauses requests with this credential until " + RateBudgetHold.TimeOfDay(pausedUntil), warning);
            Assert.Contains("The connection is kept", warning);
            Assert.Contains("-WaitForRateLimit", warning);
            Assert.Single(shell.Requests);

            CfRateBudget budget = Assert.IsType<CfRateBudget>(Assert.Single(after.Objects));
            Assert.Equal(1, budget.TooManyRequests);
            Assert.InRange(budget.PausedUntil!.Value, pausedUntil.AddSeconds(-1), pausedUntil.AddSeconds(1));
            ErrorRecord held = Assert.Single(after.Errors);
            var exception = Assert.IsType<CfApiException>(held.Exception);
            Assert.Equal("CfApi.RateLimited,CloudflareCni.Cmdlets.GetCfCniCommand", held.FullyQualifiedErrorId);
            Assert.Equal((0, true, CfFailureKind.RateLimitHeld), (exception.StatusCode, exception.NotSent, exception.Kind));
            Assert.StartsWith("No request was sent for GET /accounts/", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Sending is allowed again at " + RateBudgetHold.TimeOfDay(exception.RetryAt!.Value), exception.Message);
            Assert.Contains("Connect-CfAccount -WaitForRateLimit", exception.Message);
            Assert.Single(shell.Requests);

            // Tab completion gives up at once rather than wait: nothing offered, nothing sent.
            Assert.Empty(shell.Complete("Get-CfInterconnect -Name icon-"));
            Assert.Single(shell.Requests);
        }

        [Fact]
        public async Task ABudgetDownToItsReserve_KeepsANewConnection_WithAWarningThatSaysWhy_AndWithWaitForRateLimit_ConnectDoesNotWaitForTheReset()
        {
            // 20 per 5 minutes, 5 kept in reserve: after the credential check and 14 reads, the budget holds until the reset.
            var emulator = new CniEmulator { PendingStatusReads = 0, RateLimit = new SandboxRateLimit(CfClock.Real, quota: 20, windowSeconds: 300) };
            await using ConnectedShell shell = await ConnectedShell.StartAsync(emulator);
            shell.Run("1..20 | ForEach-Object { Get-CfCniSetting -ErrorAction SilentlyContinue } | Out-Null");
            int spent = shell.Requests.Count;
            string connect = "Disconnect-CfAccount; Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $account -BaseUri $baseUri";
            (string, object?)[] arguments = { ("token", ApiHarness.Token), ("account", Account), ("baseUri", shell.Server.BaseUri) };

            PsResult connected = shell.Run(connect, arguments);

            Assert.Equal(14, spent);
            Assert.Empty(connected.Errors);
            string warning = Assert.Single(connected.Warnings);
            Assert.StartsWith("The rate budget holds requests with this credential until ", warning, StringComparison.Ordinal);
            Assert.Contains("down to its reserve", warning);
            Assert.DoesNotContain("429", warning);
            Assert.Contains("The connection is kept", warning);
            Assert.Equal(spent, shell.Requests.Count);

            // With -WaitForRateLimit the check would wait up to the reset: it is skipped instead, with the same warning.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            PsResult waiting = shell.Run(connect + " -WaitForRateLimit", arguments);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
            Assert.Empty(waiting.Errors);
            Assert.IsType<CfContext>(Assert.Single(waiting.Objects));
            Assert.Contains("down to its reserve", Assert.Single(waiting.Warnings));
            Assert.Contains("Commands wait until then (-WaitForRateLimit)", waiting.Warnings[0]);
            Assert.Equal(spent, shell.Requests.Count);
        }

        [Fact]
        public async Task GetCfContext_ShowsTheBudgetTheHeadersGave_InItsListAndAsATypedObject()
        {
            await using ConnectedShell shell = await ConnectedShell.StartAsync(LimitedServer(Names(3)));
            shell.Run("Get-CfInterconnect | Out-Null");

            CfRateBudget budget = (CfRateBudget)shell.Invoke("(Get-CfContext).RateBudget").Single();
            string list = (string)shell.Invoke("Get-CfContext | Out-String -Width 200").Single();

            Assert.Equal((CfRateBudgetSource.Headers, "default", 60, 6, 4), (budget.Source, budget.Policy, budget.Quota, budget.Reserve, budget.WindowSec));
            Assert.InRange(budget.Remaining!.Value, 1, 58);
            Assert.Null(budget.PausedUntil);
            Assert.Contains($"RateBudget          : {budget.Remaining} of 60 requests left (policy 'default', 6 kept in reserve), resetting at ", list);
            Assert.Contains("WaitForRateLimit    : False", list);
        }

        [Fact]
        public void WithWaitForRateLimit_A429ThatAsksForALongerWaitThanTheRetryLimits_IsWaitedOut_WithinTheRetryCount()
        {
            using var shell = new PowerShellSession();
            try
            {
                // Retry-After 120 s is past -MaximumRetryWaitSec (60) and -TimeoutSec (30): the connection asked to wait.
                PsResult waited = shell.Run(
                    "$null = Connect-CfAccount -Sandbox -WaitForRateLimit; Add-CfSandboxFault TooManyRequests -RetryAfterSec 120; " +
                    "$watch = [Diagnostics.Stopwatch]::StartNew(); @(Get-CfInterconnect -Verbose).Count; [int]$watch.Elapsed.TotalSeconds; " +
                    "$times = @(Get-CfSandboxRequest -Command Get-CfInterconnect).Time; [int]($times[-1] - $times[0]).TotalSeconds; " +
                    "(Get-CfSandboxRequest -Command Get-CfInterconnect).StatusCode -join ','");

                // Without -WaitForRateLimit the same 429 fails, as before; and the retry count still bounds a waiting one.
                PsResult failing = shell.Run(
                    "$null = Connect-CfAccount -Sandbox; Add-CfSandboxFault TooManyRequests -RetryAfterSec 120; Get-CfInterconnect");
                PsResult bounded = shell.Run(
                    "$null = Connect-CfAccount -Sandbox -WaitForRateLimit -MaximumRetryCount 2; Add-CfSandboxFault TooManyRequests -RetryAfterSec 120 -Count 5; " +
                    "Get-CfInterconnect; @(Get-CfSandboxRequest -Command Get-CfInterconnect).Count");

                Assert.Null(waited.Terminating);
                Assert.Empty(waited.Errors);
                object[] lines = waited.Objects.ToArray();
                Assert.True((int)lines[0] > 0, "interconnects listed");
                Assert.True((int)lines[1] < 30, "wall seconds " + lines[1]);
                Assert.True((int)lines[2] >= 119, "sandbox seconds between the 429 and its retry " + lines[2]);
                Assert.Equal("429,200", lines[3]);
                Assert.Contains(waited.Verbose, v => v.Contains("held") && v.Contains("Cloudflare answered 429"));

                ErrorRecord refused = Assert.Single(failing.Errors);
                Assert.Equal(429, Assert.IsType<CfApiException>(refused.Exception).StatusCode);

                ErrorRecord exhausted = Assert.Single(bounded.Errors);
                Assert.Equal(429, Assert.IsType<CfApiException>(exhausted.Exception).StatusCode);
                Assert.Contains("-MaximumRetryCount 2", exhausted.Exception.Message);
                Assert.Equal(3, (int)bounded.Objects.Last());
            }
            finally
            {
                shell.Run("Disconnect-CfAccount");
            }
        }

        [Fact]
        public void ChangingTheSandboxsQuotaOrWindow_WithoutReset_MakesTheConnectionsBudgetForgetWhatItKnew()
        {
            using var shell = new PowerShellSession();
            try
            {
                PsResult result = shell.Run(
                    "$null = Connect-CfAccount -Sandbox; Set-CfSandboxRateLimit -Quota 60 -WindowSec 300; " +
                    "1..10 | ForEach-Object { $null = Get-CfCniSetting }; $before = (Get-CfContext).RateBudget; " +
                    "Set-CfSandboxRateLimit -Quota 20; $lowered = (Get-CfContext).RateBudget; " +
                    "$null = Get-CfCniSetting; $answered = (Get-CfContext).RateBudget; " +
                    "Set-CfSandboxRateLimit -WindowSec 60; $windowed = (Get-CfContext).RateBudget; " +
                    "$before, $lowered, $answered, $windowed");

                // The sandbox applies a new quota at once: a budget that kept "50 of 60 left" would spend past it in a
                // burst. Forgotten, it knows nothing until the next answer, which brings the sandbox's new figures.
                Assert.Null(result.Terminating);
                CfRateBudget[] budgets = result.Objects.Cast<CfRateBudget>().ToArray();
                Assert.Equal((CfRateBudgetSource.Headers, 50, 60), (budgets[0].Source, budgets[0].Remaining, budgets[0].Quota));
                Assert.Equal(CfRateBudgetSource.None, budgets[1].Source);
                Assert.Null(budgets[1].Remaining);
                Assert.Equal((CfRateBudgetSource.Headers, 9, 20), (budgets[2].Source, budgets[2].Remaining, budgets[2].Quota));
                Assert.Equal(CfRateBudgetSource.None, budgets[3].Source);
            }
            finally
            {
                shell.Run("Disconnect-CfAccount");
            }
        }

        [Fact]
        public void ASandboxShapedSmall_HoldsASweepPastTheReserve_AndFailsItHonestly_OrWithWaitForRateLimit_WaitsOnItsOwnClock()
        {
            string[] names = Names(40);
            using var shell = new PowerShellSession();
            try
            {
                // A window of 5 minutes is longer than -TimeoutSec: without -WaitForRateLimit, what is past the reserve fails.
                PsResult failing = shell.Run(
                    "$null = Connect-CfAccount -Sandbox -SandboxData $data -PendingStatusReads 0; Set-CfSandboxRateLimit -Quota 20 -WindowSec 300; " +
                    "$names | Get-CfInterconnectStatus -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable held; " +
                    "'held ' + $held.Count; 'first ' + $held[0].Exception.NotSent + ' ' + $held[0].Exception.StatusCode; " +
                    "'refused ' + (Get-CfSandboxRateLimit).Refused",
                    ("data", Interconnects(names).ToJsonString()), ("names", names));
                PsResult waiting = shell.Run(
                    "$null = Connect-CfAccount -Sandbox -SandboxData $data -PendingStatusReads 0 -WaitForRateLimit; Set-CfSandboxRateLimit -Quota 20 -WindowSec 300; " +
                    "$watch = [Diagnostics.Stopwatch]::StartNew(); $statuses = @($names | Get-CfInterconnectStatus -Verbose); " +
                    "'names ' + (($statuses.Name) -join ','); 'refused ' + (Get-CfSandboxRateLimit).Refused; " +
                    "$times = @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus).Time; 'span ' + [int]($times[-1] - $times[0]).TotalSeconds; 'wall ' + [int]$watch.Elapsed.TotalSeconds",
                    ("data", Interconnects(names).ToJsonString()), ("names", names));

                // 20 a window, 5 kept in reserve: the first 15 are answered, the rest held past -TimeoutSec, nothing sent for them.
                Assert.Null(failing.Terminating);
                Assert.Equal(15, failing.Objects.OfType<InterconnectStatus>().Count());
                Assert.Equal(new[] { "held 25", "first True 0", "refused 0" }, failing.Objects.OfType<string>());

                Assert.Empty(waiting.Errors);
                string[] lines = waiting.Objects.OfType<string>().ToArray();
                Assert.Equal("names " + string.Join(",", names), lines[0]);
                Assert.Equal("refused 0", lines[1]);

                // Two resets of the 5-minute window were waited for on the sandbox's clock, in no wall time; the request
                // log and -Verbose show them, and the command showed progress while they lasted.
                Assert.True(int.Parse(lines[2].Split(' ')[1]) >= 600, lines[2]);
                Assert.True(int.Parse(lines[3].Split(' ')[1]) < 60, lines[3]);
                Assert.Contains(waiting.Verbose, v => v.Contains("by the rate budget, until") && v.Contains("of 20 requests left (policy 'default', 5 kept in reserve), resetting at"));
                Assert.Contains(waiting.Progress, p => p.Activity == "Waiting for Cloudflare's rate budget" && p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("held until"));
                Assert.Equal(ProgressRecordType.Completed, waiting.Progress.Last(p => p.Activity == "Waiting for Cloudflare's rate budget").RecordType);
            }
            finally
            {
                shell.Run("Disconnect-CfAccount");
            }
        }
    }
}
