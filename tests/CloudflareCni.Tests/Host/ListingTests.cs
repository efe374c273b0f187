using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>The Get cmdlets in a real PowerShell session, over loopback: what is asked for, and what is written when.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ListingTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync();
            for (int i = 0; i < 25; i++)
            {
                shell.AddSlot(site: i < 20 ? "AMS01" : "FRA05", occupied: i % 5 == 0);
            }

            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void AListing_SendsTheFiltersAndPageSize_AndWritesTypedObjects()
        {
            var slots = shell.Invoke("Get-CfCniSlot -Site AMS01 -Occupied:$false -PageSize 7").Cast<CniSlot>().ToList();

            Assert.Equal(16, slots.Count);
            Assert.All(slots, s => Assert.Equal(("AMS01", false), (s.Site, s.Occupied)));
            Assert.Equal(
                new[] { "limit=7&occupied=false&site=AMS01", "cursor=7&limit=7&occupied=false&site=AMS01", "cursor=14&limit=7&occupied=false&site=AMS01" },
                shell.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void EachPage_IsWrittenAsItArrives_WithAtMostTheNextPageRequestedMeanwhile()
        {
            var seen = shell.Invoke("Get-CfCniSlot -PageSize 10 | ForEach-Object { $requestCount.Invoke() }").Cast<int>().ToList();

            // While page N is written, page N+1 may be in flight (prefetched), and never page N+2.
            Assert.Equal(25, seen.Count);
            Assert.All(seen.Take(10), n => Assert.InRange(n, 1, 2));
            Assert.All(seen.Skip(10).Take(10), n => Assert.InRange(n, 2, 3));
            Assert.All(seen.Skip(20), n => Assert.Equal(3, n));
            Assert.Equal(3, shell.Requests.Count);
        }

        [Fact]
        public void First_AsksOnlyForWhatIsLeft_AndSendsNothingBeyondThePageHoldingTheNthItem()
        {
            var slots = shell.Invoke("Get-CfCniSlot -PageSize 10 -First 12").Cast<CniSlot>().ToList();

            Assert.Equal(12, slots.Count);
            Assert.Equal(new[] { "limit=10", "cursor=10&limit=2" }, shell.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void Skip_DropsTheFirstItems_AndFirstCountsAfterThem()
        {
            string[] all = shell.Emulator.GetSlots(ApiHarness.AccountId).Select(s => s["id"]!.GetValue<string>()).ToArray();

            var slots = shell.Invoke("Get-CfCniSlot -Skip 3 -First 4").Cast<CniSlot>().ToList();

            Assert.Equal(all.Skip(3).Take(4), slots.Select(s => s.Id));
        }

        [Fact]
        public void IncludeTotalCount_IsExactWhenTheListingReachedItsEnd_AndUnknownWhenFirstStoppedIt()
        {
            var whole = shell.Run("Get-CfCniSlot -Skip 24 -IncludeTotalCount").Output;
            var partial = shell.Run("Get-CfCniSlot -First 2 -IncludeTotalCount").Output;

            Assert.IsType<CniSlot>(whole[0].BaseObject);
            Assert.Equal((25UL, 1.0), ((ulong)whole[1].BaseObject, (double)whole[1].Properties["Accuracy"].Value));
            Assert.Equal(3, partial.Count);
            Assert.Equal(0.0, (double)partial[2].Properties["Accuracy"].Value);
        }

        [Fact]
        public void SinglePage_WritesOnePageWithItsNextCursor_AndCursorContinuesFromIt()
        {
            CfPage first = Assert.IsType<CfPage>(Assert.Single(shell.Invoke("Get-CfCniSlot -SinglePage -PageSize 20")));
            CfPage second = Assert.IsType<CfPage>(Assert.Single(shell.Invoke("Get-CfCniSlot -SinglePage -PageSize 20 -Cursor $next", ("next", first.NextCursor))));

            Assert.Equal((20, 20L, true), (first.Count, first.NextCursor!.Value, first.HasMore));
            Assert.Equal((5, (long?)null), (second.Count, second.NextCursor));
            Assert.Equal(new[] { "limit=20", "cursor=20&limit=20" }, shell.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public void AnUnknownName_IsANonTerminatingErrorForThatNameOnly_WithCloudflaresMessage()
        {
            string slot = shell.Emulator.GetSlots(ApiHarness.AccountId)[1]["id"]!.GetValue<string>();
            string icon = shell.Invoke("(New-CfInterconnect -SlotId $slot -Type direct).Name", ("slot", slot)).Cast<string>().Single();

            PsResult result = shell.Run("'icon-missing', $icon | Get-CfInterconnect", ("icon", icon));

            Assert.Equal(icon, Assert.IsType<PhysicalInterconnect>(Assert.Single(result.Objects)).Name);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("CfApi.NotFound,CloudflareCni.Cmdlets.GetCfInterconnectCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("icon-missing", error.TargetObject);
            Assert.Contains("Interconnect 'icon-missing' not found.", error.Exception.Message);
            Assert.Equal(1002, ((CfApiException)error.Exception).CloudflareCode);
        }

        [Fact]
        public void AListingThatFailsPartWay_EndsTheStatement_AfterWritingWhatArrived()
        {
            // The fault is aimed at the second page, whenever it is asked for (prefetch asks early).
            shell.Emulator.Faults.Enqueue(TestFaults.OnQuery(EmulatorFaultKind.ServerError, 500, "GET", "cursor=10*"));
            PsResult result = shell.Run("Get-CfCniSlot -PageSize 10; 'after'");

            Assert.Equal(10, result.Objects.OfType<CniSlot>().Count());
            Assert.Equal("CfApi.ServerError,CloudflareCni.Cmdlets.GetCfCniSlotCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal("after", result.Objects.Last());
        }

        [Fact]
        public void Verbose_ShowsMethodPathStatusAndElapsedTime_ForEachRequest()
        {
            PsResult result = shell.Run("Get-CfCniSlot -PageSize 20 -Verbose");

            Assert.Equal(2, result.Verbose.Count);
            Assert.Matches($@"^GET /accounts/{ApiHarness.AccountId}/cni/slots\?limit=20 -> 200 OK \(\d+ ms\)$", result.Verbose[0]);
        }

        [Fact]
        public async Task Stopping_APipelineDuringAStalledRequest_ReturnsPromptly_AndSendsNothingAfterwards()
        {
            shell.Emulator.Faults.Enqueue(TestFaults.Stall("GET"));
            Task<PsResult> running = Task.Run(() => shell.Run("Get-CfCniSlot"));
            while (shell.Requests.Count == 0)
            {
                await Task.Delay(10);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Shell.Stop();
            PsResult result = await running;

            Assert.InRange(clock.ElapsedMilliseconds, 0, 2000);
            Assert.True(result.Stopped);
            Assert.Empty(result.Objects);
            await Task.Delay(200);
            Assert.Single(shell.Requests);
        }
    }
}
