using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>What PowerShell users expect: wildcards, completion, objects that export, and pipelines that bind only what they should.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class IdiomTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;
        private string[] icons = new string[0];
        private string gcp = string.Empty;

        public async Task InitializeAsync()
        {
            // The sandbox gives every slot and interconnect a field the module does not model (ccr_device_name).
            shell = await ConnectedShell.StartAsync();
            shell.AddSlot("AMS01", "100G");
            shell.AddSlot("AMS01", "10G");
            shell.AddSlot("FRA05", "10G", occupied: true);
            shell.AddSlot("AMS01", "400M");
            icons = new[] { NewPhysical(), NewPhysical() };
            gcp = shell.Invoke("(New-CfInterconnect -Bandwidth 1g -PairingKey 7e51371e-72a3-40b5-b844-2e3efefaee59/europe-west4/1).Name").Cast<string>().Single();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        // ------------------------------------------------------------------ wildcards

        [Fact]
        public void ANamePattern_ListsAndFilters_CaseInsensitively_WithoutAskingForTheLiteralPattern()
        {
            string pattern = icons[0].Substring(0, icons[0].Length - 1).ToUpperInvariant() + "?";

            var found = shell.Invoke("Get-CfInterconnect -Name $p", ("p", pattern)).Cast<Interconnect>().ToList();

            Assert.Equal(icons[0], Assert.Single(found).Name);
            Assert.All(shell.Requests, r => Assert.EndsWith("/interconnects", r.Path, StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("Get-CfInterconnect -Name $n")]
        [InlineData("Get-CfInterconnectStatus -Name $n")]
        [InlineData("Remove-CfInterconnect -Name $n -Confirm:$false")]
        public void ANameThatDiffersOnlyInLetterCase_IsNotFound_AndTheErrorSaysWhichWasMeant(string command)
        {
            string upper = icons[0].ToUpperInvariant();

            PsResult wrongCase = shell.Run(command, ("n", upper));
            PsResult unknown = shell.Run(command, ("n", "icon-nothing-like-it"));

            ErrorRecord error = Assert.Single(wrongCase.Errors);
            Assert.StartsWith("CfApi.NotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(upper, error.TargetObject);
            Assert.Contains($"Did you mean '{icons[0]}'?", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains(icons[0], error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Empty(wrongCase.Objects);
            // Nothing was done to the interconnect that was meant.
            Assert.DoesNotContain(shell.Requests, r => r.Method == "DELETE" && r.Path.EndsWith("/" + icons[0], StringComparison.Ordinal));
            Assert.Single(shell.Invoke("Get-CfInterconnect -Name $n", ("n", icons[0])));
            ErrorRecord plain = Assert.Single(unknown.Errors);
            Assert.StartsWith("CfApi.NotFound,", plain.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.DoesNotContain("Did you mean", plain.ErrorDetails?.Message ?? plain.Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheSuggestion_ComesFromTheAccountTheRequestWentTo_AndCostsNothingWhenTheErrorIsHidden()
        {
            // Only the other account holds the name, in lower case; the row after it belongs to the default account, and
            // is piped before the first row's error is written.
            shell.Invoke("$null = Get-CfCniSlot -AccountId $other -Occupied:$false -First 1 | New-CfInterconnect -Type direct -AccountId $other", ("other", ApiHarness.OtherAccountId));
            string otherName = shell.Invoke("(Get-CfInterconnect -AccountId $other).Name", ("other", ApiHarness.OtherAccountId)).Cast<string>().Single();
            shell.Server.ClearRequests();

            PsResult piped = shell.Run(
                "[pscustomobject]@{ Name = $upper; AccountId = $other }, [pscustomobject]@{ Name = $mine; AccountId = $mine_account } | Get-CfInterconnectStatus",
                ("upper", otherName.ToUpperInvariant()), ("other", ApiHarness.OtherAccountId), ("mine", icons[0]), ("mine_account", ApiHarness.AccountId));
            int listingsBefore = shell.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/cni/interconnects", StringComparison.Ordinal));
            shell.Server.ClearRequests();
            PsResult hidden = shell.Run("Get-CfInterconnect -Name $n -ErrorAction SilentlyContinue; $Error[0].ErrorDetails", ("n", icons[0].ToUpperInvariant()));

            ErrorRecord error = Assert.Single(piped.Errors);
            Assert.Contains($"Did you mean '{otherName}'?", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Single(piped.Objects);
            Assert.Equal(1, listingsBefore);
            Assert.Empty(hidden.Objects);
            Assert.DoesNotContain(shell.Requests, r => r.Path.EndsWith("/cni/interconnects", StringComparison.Ordinal));
        }

        [Fact]
        public void APatternThatMatchesNothing_ReturnsNothing_ButAMissingLiteralNameIsNotFound()
        {
            PsResult none = shell.Run("Get-CfInterconnect -Name 'nothing-like-this-*'");
            PsResult missing = shell.Run("Get-CfInterconnect -Name icon-missing");

            Assert.Empty(none.Objects);
            Assert.Empty(none.Errors);
            Assert.Equal("CfApi.NotFound,CloudflareCni.Cmdlets.GetCfInterconnectCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void APatternTakesFirstAndSkip_AndPipedPatternsAreListedOnce()
        {
            var first = shell.Invoke("Get-CfInterconnect -Name icon-* -First 2").Cast<Interconnect>().ToList();
            shell.Server.ClearRequests();
            var statuses = shell.Invoke("'icon-*', $gcp | Get-CfInterconnectStatus", ("gcp", gcp)).Cast<InterconnectStatus>().ToList();

            Assert.Equal(2, first.Count);
            Assert.Equal(icons.Concat(new[] { gcp }).Concat(new[] { gcp }).OrderBy(n => n), statuses.Select(s => s.Name).OrderBy(n => n));
            Assert.Single(shell.Requests, r => r.Path.EndsWith("/interconnects", StringComparison.Ordinal));
        }

        [Fact]
        public void RemoveWithAPattern_ConfirmsEachMatch_AndWhatIfShowsEach()
        {
            PsResult whatIf = shell.Run("Remove-CfInterconnect -Name icon-* -WhatIf");
            shell.Shell.Host.Prompts.Answer("No", "Yes", "No");
            PsResult confirmed = shell.Run("Remove-CfInterconnect -Name icon-*");

            Assert.Equal(3, whatIf.HostText.Split('\n').Count(line => line.StartsWith("What if:", StringComparison.Ordinal)));
            Assert.Empty(confirmed.Errors);
            Assert.Equal(3, shell.Shell.Host.Prompts.Shown.Count);
            Assert.Single(shell.Writes);
            Assert.Equal(2, shell.Emulator.GetInterconnects(ApiHarness.AccountId).Count);
        }

        [Fact]
        public void WaitAndSaveLoa_TakePatterns_ActingOnEachMatch_AndAPatternMatchingNothingIsNoError()
        {
            using var folder = new TempFolder();
            string pattern = icons[0].Substring(0, icons[0].Length - 1) + "?";

            var reached = shell.Invoke("Wait-CfInterconnect -Name $p -PollInterval 0.1 -Timeout 30", ("p", pattern)).Cast<InterconnectStatus>().ToList();
            PsResult saved = shell.Run("Save-CfInterconnectLoa -Name $p -Path $folder -PassThru; Save-CfInterconnectLoa -Name 'nothing-like-this-*' -Path $folder", ("p", pattern), ("folder", folder.Path));

            Assert.Equal((icons[0], "Healthy"), (Assert.Single(reached).Name, Assert.Single(reached).State));
            Assert.Empty(saved.Errors);
            string file = Assert.Single(System.IO.Directory.GetFiles(folder.Path));
            Assert.Contains(icons[0], System.IO.Path.GetFileName(file), StringComparison.Ordinal);
        }

        [Fact]
        public void SavingSeveralLoasToOneFile_SavesTheFirst_AndRefusesTheRest_EvenWithForce()
        {
            using var folder = new TempFolder();
            string file = System.IO.Path.Combine(folder.Path, "one.pdf");

            PsResult result = shell.Run("$icons | Save-CfInterconnectLoa -Path $file -Force", ("icons", icons), ("file", file));

            ErrorRecord refused = Assert.Single(result.Errors);
            Assert.StartsWith("CfLoa.FileExists", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains(icons[0], refused.Exception.Message, StringComparison.Ordinal);
            Assert.Contains("give -Path a folder", refused.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Equal(new[] { file }, System.IO.Directory.GetFiles(folder.Path));
            // One LOA was asked for: the refused one was not fetched.
            Assert.Single(shell.Requests, r => r.Path.EndsWith("/loa", StringComparison.Ordinal));
        }

        // ------------------------------------------------------------------ completion

        [Fact]
        public void Completion_OffersLiveValues_WithTooltips_AndBandwidthsAndSpeedsBySize()
        {
            var names = Complete("Get-CfInterconnectStatus -Name icon-");
            var speeds = Complete("Get-CfCniSlot -Speed ");
            var sites = Complete("Get-CfCniSlot -Site ");
            var types = Complete("Get-CfInterconnect -Type ");
            var bandwidths = Complete("New-CfInterconnect -Bandwidth ");
            string cni = shell.Invoke("(New-CfCni -Interconnect $i -ConduitName tunnel-tab -Mtu 1500).Id", ("i", icons[0])).Cast<string>().Single();
            var ids = Complete("Remove-CfCni -Id ");

            Assert.Equal(icons.Append(gcp).OrderBy(n => n), names.Select(c => c.CompletionText).OrderBy(n => n));
            Assert.Contains("Physical", names[0].ToolTip);
            Assert.Equal(new[] { "400M", "10G", "100G" }, speeds.Select(c => c.CompletionText));
            Assert.Equal(new[] { "AMS01", "FRA05" }, sites.Select(c => c.CompletionText));
            Assert.Equal(new[] { "direct", "gcp_partner" }, types.Select(c => c.CompletionText));
            Assert.Equal(new[] { "50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "20G", "50G" }, bandwidths.Select(c => c.CompletionText));
            CompletionResult id = Assert.Single(ids);
            Assert.Equal(cni, id.CompletionText);
            Assert.Contains("tunnel-tab", id.ToolTip);
        }

        [Fact]
        public void Completion_CachesWhatItFetched_SoTabAgainSendsNoRequest()
        {
            Complete("Get-CfCniSlot -Id ");
            int afterFirst = shell.Requests.Count;
            Complete("New-CfInterconnect -SlotId ");
            Complete("Get-CfCniSlot -Site ");

            Assert.True(afterFirst >= 1);
            Assert.Equal(afterFirst, shell.Requests.Count);
        }

        [Fact]
        public void Completion_OffersWhatWasJustCreated_AndForgetsWhatWasJustRemoved_AtTheCostOfOneListing()
        {
            List<string> Names() => Complete("Get-CfInterconnectStatus -Name icon-").Select(c => c.CompletionText).ToList();
            Assert.Equal(icons.Append(gcp).OrderBy(n => n, StringComparer.Ordinal), Names().OrderBy(n => n, StringComparer.Ordinal));
            shell.Server.ClearRequests();
            Names();
            Assert.Empty(shell.Requests);

            string created = NewPhysical();
            shell.Server.ClearRequests();
            List<string> afterCreate = Names();
            Assert.Contains(created, afterCreate);
            Assert.Equal("GET", Assert.Single(shell.Requests).Method);

            shell.Invoke("Remove-CfInterconnect -Name $n -Confirm:$false", ("n", created));
            Assert.DoesNotContain(created, Names());

            // Only a write that succeeded counts: a refused one leaves the cache as it was.
            shell.Invoke("Remove-CfInterconnect -Name icon-gone -Confirm:$false -ErrorAction SilentlyContinue");
            shell.Server.ClearRequests();
            Names();
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void Completion_GivesUpQuietly_WhenTheServerStalls_AndOffersNothingWhenNotConnected()
        {
            shell.Emulator.Faults.Enqueue(TestFaults.Stall("GET"), 5);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var stalled = Complete("Get-CfCni -Id ");
            clock.Stop();
            shell.Emulator.Faults.Clear();
            shell.Invoke("Disconnect-CfAccount");
            shell.Server.ClearRequests();
            var offline = Complete("Get-CfInterconnect -Name ");

            Assert.Empty(stalled);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 4.5);
            Assert.Empty(offline);
            Assert.Empty(shell.Requests);
        }

        // ------------------------------------------------------------------ objects that export

        [Fact]
        public void BothInterconnectKinds_ExportTheSameColumns_WithoutTypeNames_AndUnknownFieldsAsColumns()
        {
            // The GCP interconnect first: before, its columns were the only ones the CSV kept.
            var lines = shell.Invoke("$gcp, $icons[0] | Get-CfInterconnect | ConvertTo-Csv", ("gcp", gcp), ("icons", icons)).Cast<string>().ToList();

            string[] header = lines[0].Replace("\"", string.Empty).Split(',');
            Assert.Contains("Site", header);
            Assert.Contains("Region", header);
            Assert.Contains("FacilityAddress", header);
            Assert.Contains("CcrDeviceName", header);
            Assert.DoesNotContain("AdditionalFieldNames", header);
            Assert.Contains("\"Science Park 610;1098 XH Amsterdam\"", lines[2]);
            Assert.DoesNotContain(lines, l => l.Contains("System."));
        }

        [Fact]
        public void ACnisFieldsAreFlatColumns_ListsJoinedBySemicolons_AndStatesAreTextInJson()
        {
            shell.Invoke("$null = New-CfCni -Interconnect $i -ConduitName t -Description d -Mtu 1400 -CustomerAsn 65001 -ExtraPrefix 192.0.2.0/24, 198.51.100.0/24", ("i", icons[0]));

            string csv = string.Join("\n", shell.Invoke("Get-CfCni | ConvertTo-Csv").Cast<string>());
            string json = shell.Invoke("Get-CfInterconnectStatus -Name $i | ConvertTo-Json -Compress", ("i", icons[0])).Cast<string>().Single();
            string list = shell.Invoke("Get-CfInterconnect -Name $i | Format-List | Out-String", ("i", icons[0])).Cast<string>().Single();

            Assert.StartsWith("\"Id\",\"Interconnect\",\"ConduitName\",\"Description\",\"Mtu\",\"CustomerIp\",\"CloudflareIp\",\"CustomerAsn\",\"ExtraPrefix\",\"Md5Key\",\"BgpMode\",\"Account\"", csv, StringComparison.Ordinal);
            Assert.Contains("\"t\",\"d\",\"1400\"", csv);
            Assert.Contains("\"192.0.2.0/24;198.51.100.0/24\"", csv);
            Assert.DoesNotContain("System.", csv);
            Assert.Contains("\"State\":\"Pending\"", json);
            Assert.Contains("CcrDeviceName", list);
            Assert.DoesNotContain("AdditionalFieldNames", list);
        }

        // ------------------------------------------------------------------ pipelines that bind only what they should

        [Fact]
        public void ACsvOfChanges_BindsSetCfCni_AndItsListColumnsAreSplitAgain()
        {
            string id = NewCni(icons[0]);
            string csv = $"Id,Mtu,CustomerAsn,ExtraPrefix\n{id},1400,65010,192.0.2.0/24;198.51.100.0/24";

            shell.Invoke("$csv | ConvertFrom-Csv | Set-CfCni", ("csv", csv));

            JsonObject put = JsonNode.Parse(shell.Writes.Last().Body!)!.AsObject();
            Assert.Equal(1400, put["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal(65010, put["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal("[\"192.0.2.0/24\",\"198.51.100.0/24\"]", put["bgp"]!["extra_prefixes"]!.ToJsonString());
        }

        [Fact]
        public void APipedId_BindsSetCfCni_InAnyLetterCase_AndIsSentLowerCase()
        {
            string id = NewCni(icons[0]);

            shell.Invoke("$id.ToUpperInvariant() | Set-CfCni -Mtu 1450; Get-CfCni -Id $id.ToUpperInvariant() | Out-Null", ("id", id));

            Assert.All(shell.Requests, r => Assert.DoesNotContain(id.ToUpperInvariant(), r.Path));
            Assert.Equal(1450, shell.Emulator.GetCnis(ApiHarness.AccountId).Single()["magic"]!["mtu"]!.GetValue<int>());
        }

        [Theory]
        [InlineData("Get-CfCniSlot -First 1 | Remove-CfCni -Force", "Remove-CfCni", "CloudflareCni.CniSlot")]
        [InlineData("Get-CfContext | Get-CfInterconnect", "Get-CfInterconnect", "CloudflareCni.CfContext")]
        [InlineData("Get-CfCniSetting | Remove-CfInterconnect -WhatIf", "Remove-CfInterconnect", "CloudflareCni.CniSettings")]
        [InlineData("Get-CfCni | Get-CfInterconnect | New-CfInterconnect -Type direct", "New-CfInterconnect", "CloudflareCni.PhysicalInterconnect")]
        public void TheModulesOtherTypes_AreRefused_WithAClearError_BeforeAnyRequest(string pipeline, string command, string type)
        {
            NewCni(icons[0]);
            PsResult result = shell.Run(pipeline);

            ErrorRecord error = result.Errors.First(e => e.FullyQualifiedErrorId.StartsWith("CfValidation.UnsupportedInput", StringComparison.Ordinal));
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains(command + " takes", error.Exception.Message);
            Assert.Contains(type, error.Exception.Message);
            Assert.DoesNotContain(shell.Writes, w => w.Method != "POST" || !w.Path.EndsWith("/cnis", StringComparison.Ordinal));
            Assert.DoesNotContain("What if:", result.HostText);
            Assert.DoesNotContain(shell.Requests, r => r.Path.Contains("ApiToken") || r.Path.Contains("AS65000"));
        }

        [Fact]
        public void DeserializedObjects_AreAccepted_AsTheirOwnType()
        {
            using var folder = new TempFolder();
            string file = Path.Combine(folder.Path, "icons.clixml");

            var statuses = shell.Invoke("Get-CfInterconnect -Name $i | Export-Clixml $file; Import-Clixml $file | Get-CfInterconnectStatus", ("i", icons[1]), ("file", file));

            Assert.Equal(icons[1], Assert.IsType<InterconnectStatus>(Assert.Single(statuses)).Name);
        }

        [Fact]
        public void WorkLeftForTheEndOfInput_UsesEachItemsOwnAccount_NotTheLastPipedObjects()
        {
            shell.Invoke(
                "$theirs = Get-CfCniSlot -AccountId $other -Occupied:$false -First 1 | New-CfInterconnect -Type direct -AccountId $other; " +
                "$theirCni = $theirs | New-CfCni -ConduitName theirs -Mtu 1500; " +
                "$mine = Get-CfInterconnect -Name $i; $myCni = $mine | New-CfCni -ConduitName mine -Mtu 1500",
                ("i", icons[0]), ("other", ApiHarness.OtherAccountId));

            // Mine first (no Account of its own when given as text), then one of the other account.
            var cnis = shell.Invoke("$mine, $theirs | Get-CfCni").Cast<Cni>().Select(c => c.ConduitName).ToList();
            var reached = shell.Invoke("$mine.Name, $theirs | Wait-CfInterconnect -State Pending -PollInterval 0.1 -Timeout 10").Cast<InterconnectStatus>().ToList();
            PsResult removed = shell.Run("$myCni.Id, $theirCni | Remove-CfCni -Confirm:$false");

            Assert.Equal(new[] { "mine", "theirs" }, cnis);
            Assert.Equal(2, reached.Count);
            Assert.Empty(removed.Errors);
            Assert.DoesNotContain(shell.Emulator.GetCnis(ApiHarness.AccountId), c => c["magic"]!["conduit_name"]!.GetValue<string>() == "mine");
            Assert.Empty(shell.Emulator.GetCnis(ApiHarness.OtherAccountId));
        }

        [Fact]
        public void ThePipedObjectsAccount_IsUsed_UnlessAccountIdIsGiven()
        {
            shell.Invoke("$null = Get-CfCniSlot -AccountId $other -Occupied:$false -First 1 | New-CfInterconnect -Type direct -AccountId $other", ("other", ApiHarness.OtherAccountId));
            shell.Server.ClearRequests();

            shell.Invoke("Get-CfInterconnect -AccountId $other | Get-CfInterconnectStatus | Out-Null", ("other", ApiHarness.OtherAccountId));
            PsResult overridden = shell.Run("Get-CfInterconnect -AccountId $other | Get-CfInterconnectStatus -AccountId $a", ("a", ApiHarness.AccountId), ("other", ApiHarness.OtherAccountId));

            Assert.Contains(shell.Requests, r => r.Path.Contains($"/accounts/{ApiHarness.OtherAccountId}/cni/interconnects/") && r.Path.EndsWith("/status", StringComparison.Ordinal));
            Assert.Equal("CfApi.NotFound,CloudflareCni.Cmdlets.GetCfInterconnectStatusCommand", Assert.Single(overridden.Errors).FullyQualifiedErrorId);
        }

        [Theory]
        [InlineData("Get-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e -IncludeTotalCount", "IncludeTotalCount")]
        [InlineData("Get-CfCniSlot -SinglePage -IncludeTotalCount", "IncludeTotalCount")]
        [InlineData("Get-CfInterconnect -Name icon-* -IncludeTotalCount", "IncludeTotalCount")]
        [InlineData("'icon-x', 'icon-y' | Get-CfInterconnect -IncludeTotalCount", "IncludeTotalCount")]
        public void PagingSwitchesThatDoNotApply_AreAnError_NotIgnored(string command, string parameter)
        {
            PsResult result = shell.Run(command);

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("CfValidation.PagingNotApplicable,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("-" + parameter, error.Exception.Message);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void TheCnisOfInterconnects_AreListedOnce_HoweverManyArePiped()
        {
            string first = NewCni(icons[0]);
            string second = NewCni(icons[1]);
            NewCni(icons[1]);
            shell.Server.ClearRequests();

            var piped = shell.Invoke("Get-CfInterconnect -Name $i | Get-CfCni", ("i", icons[0])).Cast<Cni>().ToList();
            int listings = shell.Requests.Count(r => r.Path.EndsWith("/cnis", StringComparison.Ordinal));
            var byName = shell.Invoke("Get-CfCni -Interconnect $i", ("i", icons[1])).Cast<Cni>().ToList();
            var all = shell.Invoke("$icons | Get-CfInterconnect | Get-CfCni", ("icons", icons)).Cast<Cni>().ToList();

            Assert.Equal(first, Assert.Single(piped).Id);
            Assert.Equal(1, listings);
            Assert.Equal(2, byName.Count);
            Assert.Contains(second, byName.Select(c => c.Id));
            Assert.Equal(3, all.Count);
        }

        [Fact]
        public void SavedLoaFiles_FormatLikeGetItem_AndWildcardPathsAreRefused()
        {
            using var folder = new TempFolder();

            PsResult saved = shell.Run("Save-CfInterconnectLoa -Name $i -Path $folder -PassThru", ("i", icons[0]), ("folder", folder.Path));
            PsResult wildcard = shell.Run("Save-CfInterconnectLoa -Name $i -Path (Join-Path $folder '*.pdf')", ("i", icons[0]), ("folder", folder.Path));

            PSObject file = Assert.Single(saved.Output);
            Assert.IsType<FileInfo>(file.BaseObject);
            Assert.Equal("FileSystem", ((ProviderInfo)file.Properties["PSProvider"].Value).Name);
            Assert.StartsWith("ParameterArgumentValidationError", Assert.Single(wildcard.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(folder.Path));
        }

        private IReadOnlyList<CompletionResult> Complete(string input) =>
            shell.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches", ("text", input))
                .Cast<CompletionResult>().ToList();

        private string NewPhysical() =>
            shell.Invoke("(Get-CfCniSlot -Occupied:$false -First 1 | New-CfInterconnect -Type direct).Name").Cast<string>().Single();

        private string NewCni(string icon) =>
            shell.Invoke("(New-CfCni -Interconnect $i -ConduitName t -Mtu 1500).Id", ("i", icon)).Cast<string>().Single();
    }
}
