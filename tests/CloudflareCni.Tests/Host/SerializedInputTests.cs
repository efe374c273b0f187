using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Edits on objects that came through serialization (Export-Clixml and Import-Clixml, as Start-Job and remoting
    /// serialize them too): refused with guidance rather than dropped, and applied exactly as named with -Property.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class SerializedInputTests : IAsyncLifetime
    {
        private readonly TempFolder folder = new TempFolder();
        private ConnectedShell shell = null!;
        private string cni = string.Empty;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync(options: new TestServerOptions
            {
                Token = ApiHarness.Token,
                CniFieldsOnCreate = new JsonObject { ["lag_group"] = "lag-1" },
            });
            shell.AddSlot();
            string icon = shell.Invoke("(Get-CfCniSlot -First 1 | New-CfInterconnect -Type direct).Name").Cast<string>().Single();
            cni = shell.Invoke(
                "(New-CfCni -Interconnect $i -ConduitName tunnel-a -Description original -Mtu 1500 -CustomerAsn 65010 -ExtraPrefix 192.0.2.0/24).Id; " +
                "Get-CfCni -Interconnect $i | Export-Clixml -Path $file; Get-CfCniSetting | Export-Clixml -Path $settings",
                ("i", icon),
                ("file", Path("cnis.xml")),
                ("settings", Path("settings.xml"))).Cast<string>().Single();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync()
        {
            await shell.DisposeAsync();
            folder.Dispose();
        }

        private JsonObject Stored => shell.Emulator.GetCnis(ApiHarness.AccountId).Single();

        [Fact]
        public void AnEditedClixmlRoundTrip_IsRefusedWithGuidance_AndSendsNothing()
        {
            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; $c.Description = 'edited'; $c.PSObject.TypeNames[0]; $c | Set-CfCni",
                ("file", Path("cnis.xml")));

            Assert.Equal("Deserialized.CloudflareCni.Cni", Assert.Single(result.Objects));
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.DeserializedInput,CloudflareCni.Cmdlets.SetCfCniCommand", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Equal(cni, error.TargetObject);
            foreach (string way in new[] { "came through serialization", "Nothing was sent", "Set-CfCni -Property Description", $"Set-CfCni -Id {cni} -Description", "Import-Csv changes.csv | Set-CfCni" })
            {
                Assert.Contains(way, error.Exception.Message, StringComparison.Ordinal);
            }

            Assert.Empty(result.Warnings);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void WithProperty_OnlyTheNamedEditIsApplied_AndAConcurrentChangeIsKept()
        {
            shell.ChangeOnServer(cni, node => node["magic"]!["conduit_name"] = "renamed-meanwhile");

            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; $c.Description = 'edited'; $c.Mtu = 1400; $c | Set-CfCni -Property description",
                ("file", Path("cnis.xml")));

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            JsonObject stored = Stored;
            Assert.Equal(
                ("edited", 1500, "renamed-meanwhile", "lag-1"),
                (stored["magic"]!["description"]!.GetValue<string>(), stored["magic"]!["mtu"]!.GetValue<int>(),
                 stored["magic"]!["conduit_name"]!.GetValue<string>(), stored["lag_group"]!.GetValue<string>()));
            Assert.Equal(65010, stored["bgp"]!["customer_asn"]!.GetValue<long>());
        }

        [Fact]
        public void WithProperty_SeveralFields_AFieldTheModuleDoesNotModel_AndTheCommandLineCombine()
        {
            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; $c.Mtu = 1400; $c.CustomerAsn = 65020; $c.LagGroup = 'lag-2'; $c.BgpMode = 'advertise_only'; $c.Description = 'not named'; " +
                "$c | Set-CfCni -Property Mtu, CustomerAsn, LagGroup, BgpMode, ExtraPrefix -ConduitName from-command-line -WhatIf; " +
                "$c = Import-Clixml -Path $file; $c.Mtu = 1400; $c.CustomerAsn = 65020; $c.LagGroup = 'lag-2'; $c.BgpMode = 'advertise_only'; $c.ExtraPrefix = '198.51.100.0/24', '203.0.113.0/24'; " +
                "$c | Set-CfCni -Property Mtu, CustomerAsn, LagGroup, BgpMode, ExtraPrefix -ConduitName from-command-line",
                ("file", Path("cnis.xml")));

            Assert.Empty(result.Errors);
            Assert.Contains(
                "Set ConduitName: 'tunnel-a' → 'from-command-line'; Mtu: 1500 → 1400; CustomerAsn: 65010 → 65020; BgpMode: (none) → 'advertise_only'; LagGroup: \"lag-1\" → \"lag-2\"",
                result.HostText,
                StringComparison.Ordinal);
            JsonObject stored = Stored;
            Assert.Equal(
                ("original", 1400, "from-command-line", 65020L, "advertise_only", "lag-2"),
                (stored["magic"]!["description"]!.GetValue<string>(), stored["magic"]!["mtu"]!.GetValue<int>(), stored["magic"]!["conduit_name"]!.GetValue<string>(),
                 stored["bgp"]!["customer_asn"]!.GetValue<long>(), stored["bgp_mode"]!.GetValue<string>(), stored["lag_group"]!.GetValue<string>()));
            Assert.Equal(new[] { "198.51.100.0/24", "203.0.113.0/24" }, stored["bgp"]!["extra_prefixes"]!.AsArray().Select(p => p!.GetValue<string>()));
        }

        [Fact]
        public void ADeserializedCni_WithParameters_OnlyNamesTheCni()
        {
            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; $c.Description = 'edited'; $c | Set-CfCni -Mtu 1400",
                ("file", Path("cnis.xml")));

            Assert.Empty(result.Errors);
            Assert.Equal(("original", 1400), (Stored["magic"]!["description"]!.GetValue<string>(), Stored["magic"]!["mtu"]!.GetValue<int>()));
        }

        [Fact]
        public void Property_LimitsTheChange_OnALiveCni_AndOnACsvRow_ToTheNamedFields()
        {
            PsResult result = shell.Run(
                "$c = Get-CfCni -Id $id; $c.Mtu = 1400; $c.Description = 'live edit'; $c | Set-CfCni -Property Description; " +
                "[pscustomobject]@{ Id = $id; Mtu = '1300'; Description = 'row edit'; ConduitName = 'row-name' } | Set-CfCni -Property Mtu",
                ("id", cni));

            Assert.Empty(result.Errors);
            Assert.Equal(
                ("live edit", 1300, "tunnel-a"),
                (Stored["magic"]!["description"]!.GetValue<string>(), Stored["magic"]!["mtu"]!.GetValue<int>(), Stored["magic"]!["conduit_name"]!.GetValue<string>()));
        }

        [Fact]
        public void Property_RefusesUnknownNames_BeforeAnyRequest_AndCompletesTheSettableOnes()
        {
            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; " +
                "$c | Set-CfCni -Property Descripton; $c | Set-CfCni -Property Id; $c | Set-CfCni -Property 'Desc*'; " +
                "[pscustomobject]@{ Id = $c.Id; Description = 'x' } | Set-CfCni -Property Mtu; Set-CfCni -Id $c.Id -Property Mtu",
                ("file", Path("cnis.xml")));

            Assert.Equal(
                new[]
                {
                    "CfValidation.UnknownProperty,CloudflareCni.Cmdlets.SetCfCniCommand",
                    "ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniCommand",
                    "ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniCommand",
                    "CfValidation.UnknownProperty,CloudflareCni.Cmdlets.SetCfCniCommand",
                    "MissingMandatoryParameter,CloudflareCni.Cmdlets.SetCfCniCommand",
                },
                result.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Contains("'Descripton', which the piped Deserialized.CloudflareCni.Cni does not have", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("Id cannot be changed", result.Errors[1].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("has no Mtu property to take", result.Errors[3].Exception.Message, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);

            Assert.Equal(new[] { "CloudflareIp", "ConduitName", "CustomerAsn", "CustomerIp" }, Complete("$c | Set-CfCni -Property C").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "Description" }, Complete("$c | Set-CfCni -Property Mtu, d"));
        }

        [Fact]
        public void AFieldTheCniNoLongerHas_IsRefusedAfterTheRead_AndNothingIsWritten()
        {
            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $file; $c | Add-Member -NotePropertyName Color -NotePropertyValue blue; $c | Set-CfCni -Property Color",
                ("file", Path("cnis.xml")));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("CfValidation.UnknownProperty,CloudflareCni.Cmdlets.SetCfCniCommand", error.FullyQualifiedErrorId);
            Assert.Contains("has no such field now (the fields it has that the module does not model: LagGroup)", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "GET" }, shell.Requests.Select(r => r.Method));
        }

        [Fact]
        public void ADeserializedSettingsObject_AppliesItsDefaultAsn_ItsOnlyField()
        {
            PsResult result = shell.Run(
                "$s = Import-Clixml -Path $settings; $s.DefaultAsn = 65123; $s | Set-CfCniSetting -PassThru | ForEach-Object DefaultAsn",
                ("settings", Path("settings.xml")));

            Assert.Empty(result.Errors);
            Assert.Equal(65123L, Assert.Single(result.Objects));
            Assert.Equal(65123, shell.Emulator.GetDefaultAsn(ApiHarness.AccountId));
        }

        private string Path(string name) => System.IO.Path.Combine(folder.Path, name);

        private IReadOnlyList<string> Complete(string input)
        {
            shell.Invoke("$c = Import-Clixml -Path $file", ("file", Path("cnis.xml")));
            return shell.Complete(input);
        }
    }
}
