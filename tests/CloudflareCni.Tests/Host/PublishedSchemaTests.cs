using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// What Cloudflare's published schema says, as a user meets it (issue 17, points 2 and 4): interconnect types from the
    /// parameter set, the LOA's custom and default name, a CNI's BGP mode, and the schema's newer fields as properties.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class PublishedSchemaTests : IAsyncLifetime
    {
        private const string PairingKey = "7e51371e-72a3-40b5-b844-2e3efefaee59/europe-west4/1";
        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        // ------------------------------------------------------------------ types

        [Fact]
        public void TheType_ComesFromTheParameterSet_DirectForASlot_GcpPartnerForAPairingKey()
        {
            string slot = shell.AddSlot();

            var physical = (Interconnect)shell.Invoke("Get-CfCniSlot -Id $s | New-CfInterconnect", ("s", slot)).Single();
            var gcp = (Interconnect)shell.Invoke("New-CfInterconnect -Bandwidth 1G -PairingKey $k", ("k", PairingKey)).Single();
            var spelled = (Interconnect)shell.Invoke("New-CfInterconnect -Bandwidth 1G -PairingKey $k -Type GCP_Partner", ("k", PairingKey)).Single();

            Assert.Equal(new[] { "direct", "gcp_partner", "gcp_partner" }, shell.Writes.Select(w => JsonNode.Parse(w.Body!)!["type"]!.GetValue<string>()));
            Assert.Equal(("Physical", "direct"), (physical.Kind, physical.Type));
            Assert.Equal(("GcpPartner", "gcp_partner"), (gcp.Kind, gcp.Type));
            Assert.Equal("gcp_partner", spelled.Type);
        }

        [Theory]
        [InlineData("New-CfInterconnect -SlotId $s -Type gcp_partner", "-Type gcp_partner contradicts -SlotId, which makes a direct interconnect")]
        [InlineData("New-CfInterconnect -SlotId $s -Type GCP_PARTNER -WhatIf", "-Type gcp_partner contradicts -SlotId")]
        [InlineData("New-CfInterconnect -Bandwidth 1G -PairingKey $k -Type direct", "-Type direct contradicts -PairingKey and -Bandwidth, which make a gcp_partner interconnect")]
        [InlineData("Get-CfCniSlot -Id $s | New-CfInterconnect -Type gcp_partner", "Leave -Type out (it is direct here)")]
        public void AContradictingType_IsRefusedBeforeAnyRequest_WithAStableId(string command, string message)
        {
            string slot = shell.AddSlot();
            shell.Server.ClearRequests();

            PsResult result = shell.Run(command, ("s", slot), ("k", PairingKey));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.TypeConflict,CloudflareCni.Cmdlets.NewCfInterconnectCommand", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(shell.Requests, r => r.Method == "POST");
            Assert.Empty(result.HostText);
        }

        [Fact]
        public void ATypeTheModuleDoesNotKnow_IsSentAsGiven_AndCloudflaresAnswerIsTheError()
        {
            string slot = shell.AddSlot();
            shell.Server.ClearRequests();

            PsResult result = shell.Run("New-CfInterconnect -SlotId $s -Type direct_lag", ("s", slot));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("CfApi.BadRequest,CloudflareCni.Cmdlets.NewCfInterconnectCommand", error.FullyQualifiedErrorId);
            Assert.Contains("type 'direct_lag' is not an interconnect type", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("direct_lag", JsonNode.Parse(shell.Writes.Single().Body!)!["type"]!.GetValue<string>());
            // The schema's discriminator refuses the body, as the sandbox did: that is the contract's finding, by design.
            Assert.NotEmpty(shell.Server.Contract.TakeViolations());
        }

        [Fact]
        public void Tab_OffersThePublishedTypes_EvenInAnEmptyAccount_ThoseThatFitTheSet_AndOthersTheAccountHolds()
        {
            string emptyAccount = string.Join(", ", shell.Complete("New-CfInterconnect -Type "));
            string forASlot = string.Join(", ", shell.Complete("New-CfInterconnect -SlotId 6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b -Type "));
            string forAKey = string.Join(", ", shell.Complete("New-CfInterconnect -Bandwidth 1G -Type "));
            shell.Emulator.Seed(ApiHarness.AccountId, new JsonObject
            {
                ["interconnects"] = new JsonArray(new JsonObject { ["name"] = "icon-aws", ["type"] = "aws_partner", ["aws_region"] = "eu-west-1" }),
            });
            // A create through the module makes Tab fetch again (a seed behind its back does not).
            shell.Invoke("New-CfInterconnect -SlotId $s", ("s", shell.AddSlot()));
            string held = string.Join(", ", shell.Complete("Get-CfInterconnect -Type "));

            Assert.Equal("direct, gcp_partner", emptyAccount);
            Assert.Equal("direct", forASlot);
            Assert.Equal("gcp_partner", forAKey);
            Assert.Equal("direct, gcp_partner, aws_partner", held);
        }

        // ------------------------------------------------------------------ the LOA's name

        [Fact]
        public void TheLoa_IsMadeOutToTheCustomName_OrToTheDefaultOne_WhichGetCfInterconnectLoaNameShows()
        {
            using var folder = new TempFolder();
            string slot = shell.AddSlot();
            string icon = ((Interconnect)shell.Invoke("New-CfInterconnect -SlotId $s", ("s", slot)).Single()).Name;
            shell.Server.ClearRequests();

            var standard = (InterconnectLoaName)shell.Invoke("Get-CfInterconnectLoaName -Name $i", ("i", icon)).Single();
            PsResult whatIf = shell.Run("Save-CfInterconnectLoa -Name $i -Path $f -CustomerName 'Example (EU) Ltd' -WhatIf", ("i", icon), ("f", folder.Path));
            shell.Invoke("Save-CfInterconnectLoa -Name $i -Path (Join-Path $f custom.pdf) -CustomerName 'Example (EU) Ltd'", ("i", icon), ("f", folder.Path));
            shell.Invoke("Get-CfInterconnectLoaName -Name $i | Save-CfInterconnectLoa -Path (Join-Path $f piped.pdf)", ("i", icon), ("f", folder.Path));
            shell.Invoke("Save-CfInterconnectLoa -Name $i -Path (Join-Path $f plain.pdf)", ("i", icon), ("f", folder.Path));
            string table = shell.Invoke("Get-CfInterconnectLoaName -Name $i | Out-String -Width 80", ("i", icon)).Cast<string>().Single();

            Assert.Equal((icon, "Sandbox account " + ApiHarness.AccountId, ApiHarness.AccountId), (standard.Name, standard.CustomerName, standard.Account));
            Assert.Contains("made out to 'Example (EU) Ltd'", whatIf.HostText, StringComparison.Ordinal);
            Assert.Equal(
                new[] { "/loa/default|", "/loa|name=Example%20%28EU%29%20Ltd", "/loa/default|", "/loa|name=Sandbox%20account%20" + ApiHarness.AccountId, "/loa|" },
                shell.Requests.Where(r => r.Path.Contains("/loa", StringComparison.Ordinal)).Select(r => r.Path.Substring(r.Path.IndexOf("/loa", StringComparison.Ordinal)) + "|" + r.QueryString).Take(5));
            Assert.Contains("Customer: Example \\(EU\\) Ltd", Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(folder.Path, "custom.pdf"))), StringComparison.Ordinal);
            Assert.Contains("Customer: Sandbox account", Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(folder.Path, "plain.pdf"))), StringComparison.Ordinal);
            Assert.Matches(@"Name\s+CustomerName\s*\n-+\s+-+\s*\nicon-[0-9a-f]{8}\s+Sandbox account [0-9a-f]{32}", table.Replace("\r", string.Empty, StringComparison.Ordinal));
        }

        [Fact]
        public void TheCustomName_FollowsTheModulesTextRules_Before_AnyRequest()
        {
            PsResult longer = shell.Run("Save-CfInterconnectLoa -Name icon-1 -CustomerName ('n' * 201) -WhatIf");
            PsResult hidden = shell.Run("Save-CfInterconnectLoa -Name icon-1 -CustomerName \"Example`u{202E}Ltd\" -WhatIf");
            PsResult most = shell.Run("Save-CfInterconnectLoa -Name icon-1 -CustomerName ('n' * 200) -WhatIf");

            Assert.Contains("at most 200 characters", Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(longer.Errors).Exception).Message, StringComparison.Ordinal);
            Assert.Contains("U+202E", Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(hidden.Errors).Exception).Message, StringComparison.Ordinal);
            Assert.Empty(most.Errors);
            Assert.Empty(shell.Requests);
        }

        // ------------------------------------------------------------------ BGP mode

        [Fact]
        public void BgpMode_IsSetByReadModifyWrite_InAnyCase_FromTheCommandLineAPipedCniOrACsvRow()
        {
            string id = NewCni();

            PsResult whatIf = shell.Run("Set-CfCni -Id $id -BgpMode ADVERTISE_ONLY -WhatIf", ("id", id));
            shell.Invoke("Set-CfCni -Id $id -BgpMode ADVERTISE_ONLY", ("id", id));
            string afterCommandLine = Stored(id)["bgp_mode"]!.GetValue<string>();
            shell.Invoke("$c = Get-CfCni -Id $id; $c.BgpMode = 'dynamic_route_exchange'; $c | Set-CfCni", ("id", id));
            string afterPiped = Stored(id)["bgp_mode"]!.GetValue<string>();
            shell.Invoke("\"Id,BgpMode,Mtu`n$id,advertise_only,1400\" | ConvertFrom-Csv | Set-CfCni", ("id", id));
            JsonObject afterCsv = Stored(id);
            shell.Invoke("\"Id,BgpMode,Mtu`n$id,,1300\" | ConvertFrom-Csv | Set-CfCni", ("id", id));

            Assert.Contains("Set BgpMode: (none) → 'advertise_only'", whatIf.HostText, StringComparison.Ordinal);
            Assert.Equal(("advertise_only", "dynamic_route_exchange"), (afterCommandLine, afterPiped));
            Assert.Equal(("advertise_only", 1400), (afterCsv["bgp_mode"]!.GetValue<string>(), afterCsv["magic"]!["mtu"]!.GetValue<int>()));
            // An empty cell leaves the mode as it is.
            Assert.Equal(("advertise_only", 1300), (Stored(id)["bgp_mode"]!.GetValue<string>(), Stored(id)["magic"]!["mtu"]!.GetValue<int>()));
            Assert.Equal("advertise_only", ((Cni)shell.Invoke("Get-CfCni -Id $id", ("id", id)).Single()).BgpMode);
            Assert.All(shell.Writes, w => Assert.Equal("PUT", w.Method));
        }

        [Fact]
        public void ANewCni_HasNoModeFromTheCreate_AndPipesToSetCfCniForOne()
        {
            string icon = NewInterconnect();
            shell.Server.ClearRequests();

            var cni = (Cni)shell.Invoke("New-CfCni -Interconnect $i -ConduitName t -Mtu 1500 -CustomerAsn 4294967294 | Set-CfCni -BgpMode advertise_only -PassThru", ("i", icon)).Single();

            Assert.Equal(new[] { "POST", "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            Assert.False(JsonNode.Parse(shell.Requests[0].Body!)!.AsObject().ContainsKey("bgp_mode"));
            Assert.Equal(4294967294L, JsonNode.Parse(shell.Requests[0].Body!)!["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal(("advertise_only", 4294967294L), (cni.BgpMode, cni.CustomerAsn));
        }

        [Fact]
        public void AModeTheModuleDoesNotKnow_ShowsAsItCame_AndAnotherChangeSendsItBack()
        {
            string id = NewCni();
            shell.Emulator.Seed(ApiHarness.AccountId, new JsonObject
            {
                ["cnis"] = new JsonArray(new JsonObject
                {
                    ["interconnect"] = Stored(id)["interconnect"]!.GetValue<string>(), ["bgp_mode"] = "route_reflector",
                    ["magic"] = new JsonObject { ["conduit_name"] = "seeded", ["mtu"] = 1500 },
                }),
            });
            string seeded = shell.Emulator.GetCnis(ApiHarness.AccountId).Single(c => c["bgp_mode"]?.GetValue<string>() == "route_reflector")["id"]!.GetValue<string>();
            shell.Server.ClearRequests();

            var read = (Cni)shell.Invoke("Get-CfCni -Id $id", ("id", seeded)).Single();
            shell.Invoke("Set-CfCni -Id $id -Mtu 1400", ("id", seeded));
            // Piped back, the CNI binds its mode (the one it has is no change), and a CSV row of it too.
            shell.Invoke("Get-CfCni -Id $id | ForEach-Object { $_.Mtu = 1300; $_ } | Set-CfCni", ("id", seeded));
            shell.Invoke("Get-CfCni -Id $id | Select-Object Id, BgpMode, @{ n = 'Mtu'; e = { 1200 } } | ConvertTo-Csv | ConvertFrom-Csv | Set-CfCni", ("id", seeded));
            PsResult another = shell.Run("Set-CfCni -Id $id -BgpMode anycast_only", ("id", seeded));
            // Two CNIs piped with the same unknown mode: one warning for the invocation.
            PsResult twice = shell.Run("Get-CfCni | Select-Object -First 2 | Set-CfCni -BgpMode anycast_only -ErrorAction SilentlyContinue");

            Assert.Equal("route_reflector", read.BgpMode);
            Assert.Equal(new[] { 1400, 1300, 1200 }, shell.Writes.Take(3).Select(w => JsonNode.Parse(w.Body!)!["magic"]!["mtu"]!.GetValue<int>()));
            Assert.All(shell.Writes.Take(3), w => Assert.Equal("route_reflector", JsonNode.Parse(w.Body!)!["bgp_mode"]!.GetValue<string>()));
            // A mode the module does not know, given on the command line: a warning, sent as given, and Cloudflare's answer.
            Assert.Contains(another.Warnings, w => w.Contains("'anycast_only' is not a BGP mode the module knows", StringComparison.Ordinal));
            Assert.Single(twice.Warnings, w => w.Contains("'anycast_only' is not a BGP mode the module knows", StringComparison.Ordinal));
            Assert.Equal("anycast_only", JsonNode.Parse(shell.Writes.Last().Body!)!["bgp_mode"]!.GetValue<string>());
            Assert.Equal("CfApi.BadRequest,CloudflareCni.Cmdlets.SetCfCniCommand", Assert.Single(another.Errors).FullyQualifiedErrorId);
            Assert.NotEmpty(shell.Server.Contract.TakeViolations());
        }

        [Fact]
        public void BgpModes_CompleteOnTab_AndTheSetCfCniPropertyNamesIncludeIt()
        {
            Assert.Equal(new[] { "dynamic_route_exchange", "advertise_only" }, shell.Complete("Set-CfCni -Id x -BgpMode "));
            Assert.Equal(new[] { "advertise_only" }, shell.Complete("Set-CfCni -Id x -BgpMode adv"));
            Assert.Contains("BgpMode", shell.Complete("Set-CfCni -Property "));
        }

        // ------------------------------------------------------------------ the schema's fields as properties

        [Fact]
        public void TheSchemasNewerFields_AreProperties_OfInterconnectsSlotsAndCnis()
        {
            string slot = shell.AddSlot();
            var physical = (Interconnect)shell.Invoke("New-CfInterconnect -SlotId $s", ("s", slot)).Single();
            var gcp = (Interconnect)shell.Invoke("New-CfInterconnect -Bandwidth 1G -PairingKey $k", ("k", PairingKey)).Single();
            var read = (CniSlot)shell.Invoke("Get-CfCniSlot -Id $s", ("s", slot)).Single();

            Assert.True(Guid.TryParseExact(physical.VirtualPortReservationId, "D", out _));
            Assert.True(Guid.TryParseExact(gcp.VirtualPortReservationId, "D", out _));
            Assert.Equal(("ccr01-sandbox", (string?)null, "ccr01-sandbox"), (physical.CcrDeviceName, gcp.CcrDeviceName, read.CcrDeviceName));
            Assert.Empty(physical.GetAdditionalFieldNames().Concat(gcp.GetAdditionalFieldNames()).Concat(read.GetAdditionalFieldNames()));
            Assert.Equal(
                new object[] { "VirtualPortReservationId", "CcrDeviceName" },
                shell.Invoke("Get-CfInterconnect -Name $n | Get-Member -MemberType Property | Where-Object Name -In VirtualPortReservationId, CcrDeviceName | Sort-Object Name -Descending | ForEach-Object Name", ("n", physical.Name)));
        }

        private string NewInterconnect()
        {
            string slot = shell.AddSlot();
            return ((Interconnect)shell.Invoke("New-CfInterconnect -SlotId $s", ("s", slot)).Single()).Name;
        }

        private string NewCni()
        {
            string icon = NewInterconnect();
            string id = shell.Invoke("(New-CfCni -Interconnect $i -ConduitName t -Mtu 1500 -CustomerAsn 65010).Id", ("i", icon)).Cast<string>().Single();
            shell.Server.ClearRequests();
            return id;
        }

        private JsonObject Stored(string id) => shell.Emulator.GetCnis(ApiHarness.AccountId).Single(c => c["id"]!.GetValue<string>() == id);
    }
}
