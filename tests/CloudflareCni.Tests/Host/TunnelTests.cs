using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Emulator.Resources;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The Magic tunnels of CNI interconnects (issue 20) in a real host, over the loopback server that checks every
    /// exchange against the published schema: listing, linking from interconnects and to CNIs, the read-modify-write of
    /// the health check, many piped tunnels, validate-only, and a refused change of automatic return routing.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class TunnelTests : IAsyncLifetime
    {
        private const string SlotA = "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
        private const string SlotB = "7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c";
        private const string SlotC = "8c3f2e60-4d5f-4071-8c1d-2e3f4a5b6c7d";

        // The interconnects' reservations, as the CNI API writes them (UUIDs); icon-b's tunnel carries its own in capitals
        // and without dashes, as the Magic API may: they still match.
        private const string ReservationA = "a1b2c3d4-e5f6-4789-8abc-def012345678";
        private const string ReservationB = "0f1e2d3c-4b5a-4697-8877-665544332211";

        private ConnectedShell shell = null!;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync();
            shell.Emulator.Seed(ApiHarness.AccountId, JsonNode.Parse($$"""
                {
                  "slots": [
                    { "id": "{{SlotA}}", "site": "FRA05", "speed": "10G", "facility": { "name": "Interxion FRA6", "address": [] } },
                    { "id": "{{SlotB}}", "site": "FRA05", "speed": "10G", "facility": { "name": "Interxion FRA6", "address": [] } },
                    { "id": "{{SlotC}}", "site": "AMS01", "speed": "10G", "facility": { "name": "Equinix AM3", "address": [] } }
                  ],
                  "interconnects": [
                    { "name": "icon-a", "type": "direct", "slot_id": "{{SlotA}}", "virtual_port_reservation_id": "{{ReservationA}}" },
                    { "name": "icon-b", "type": "direct", "slot_id": "{{SlotB}}", "virtual_port_reservation_id": "{{ReservationB}}" },
                    { "name": "icon-old", "type": "direct", "slot_id": "{{SlotC}}" }
                  ],
                  "cnis": [
                    { "interconnect": "icon-a", "magic": { "conduit_name": "tunnel-a1", "description": "", "mtu": 1500 } },
                    { "interconnect": "icon-a", "magic": { "conduit_name": "tunnel-a2", "description": "", "mtu": 1500 } },
                    { "interconnect": "icon-b", "magic": { "conduit_name": "tunnel-b1", "description": "", "mtu": 1500 } }
                  ],
                  "magic": {
                    "cf_interconnects": [
                      { "interconnect": "icon-b", "virtual_port_reservation_id": "{{ReservationB.Replace("-", string.Empty).ToUpperInvariant()}}",
                        "health_check": { "enabled": true, "rate": "low", "type": "request", "target": { "saved": "10.20.0.10" } },
                        "bgp": { "customer_asn": 65010, "extra_prefixes": ["192.0.2.0/24"], "md5_key": "k3y!", "import_filter_id": "a1b2c3d4e5f647890a1b2c3d4e5f6789",
                                 "as_no": 65010, "cloudflare_endpoint": "10.213.0.0", "customer_endpoint": "10.213.0.1" } },
                      { "interconnect": "icon-old", "version": "1", "virtual_port_reservation_id": null, "bgp": { "as_no": 65030 } }
                    ]
                  }
                }
                """)!.AsObject());
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        private IReadOnlyList<JsonObject> Stored =>
            shell.Emulator.InAccount(ApiHarness.AccountId, account => account.Items<TunnelEntry>().ConvertAll(t => EmulatorJson.ToNode(t.Body, TunnelJsonContext.Default.TunnelJson).AsObject()));

        private JsonObject StoredOf(string name) => Stored.Single(t => (string?)t["name"] == name);

        private string IdOf(string name) => (string)StoredOf(name)["id"]!;

        private IEnumerable<RecordedRequest> Puts => shell.Requests.Where(r => r.Method == "PUT");

        /// <summary>What a colleague's change does: a PUT of some fields straight to the server, not through the module.</summary>
        private void ChangeOnServer(string tunnelId, JsonObject fields)
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiHarness.Token);
            http.DefaultRequestHeaders.Add(TunnelHeaders.ObjectTarget, "true");
            using var body = new StringContent(fields.ToJsonString(), Encoding.UTF8, "application/json");
            var uri = new Uri(shell.Server.BaseUri.AbsoluteUri.TrimEnd('/') + "/accounts/" + ApiHarness.AccountId + "/magic/cf_interconnects/" + tunnelId);
            http.PutAsync(uri, body).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            shell.Server.ClearRequests();
        }

        // ------------------------------------------------------------------ listing

        [Fact]
        public void TheListing_IsOneRequest_WithTheObjectTargetHeader_AndFlatTypedTunnels()
        {
            IReadOnlyList<object> tunnels = shell.Invoke("Get-CfCniTunnel");

            RecordedRequest list = Assert.Single(shell.Requests);
            Assert.Equal("/client/v4/accounts/" + ApiHarness.AccountId + "/magic/cf_interconnects", list.Path);
            Assert.Equal("true", list.Headers[TunnelHeaders.ObjectTarget]);
            Assert.Equal(new[] { "icon-a", "icon-b", "icon-old" }, tunnels.Cast<CniTunnel>().Select(t => t.Name));
            CniTunnel b = tunnels.Cast<CniTunnel>().Single(t => t.Name == "icon-b");
            Assert.Equal((true, "low", "request", "10.20.0.10", "10.20.0.10"), (b.HealthCheckEnabled, b.HealthCheckRate, b.HealthCheckType, b.HealthCheckTarget, b.HealthCheckEffectiveTarget));
            Assert.Equal(("a1b2c3d4e5f647890a1b2c3d4e5f6789", 65010L, ApiHarness.AccountId), (b.BgpImportFilterId, b.CustomerAsn, b.Account));
            CniTunnel a = tunnels.Cast<CniTunnel>().Single(t => t.Name == "icon-a");
            // No target saved: the effective one is the calculated default, the customer's end of the interface address.
            Assert.Equal(string.Empty, a.HealthCheckTarget);
            string[] octets = a.InterfaceAddress!.Split('/')[0].Split('.');
            Assert.Equal("/31", a.InterfaceAddress.Substring(a.InterfaceAddress.IndexOf('/')));
            Assert.Equal(string.Join(".", octets.Take(3)) + "." + (int.Parse(octets[3]) ^ 1), a.HealthCheckEffectiveTarget);
        }

        [Fact]
        public void NamesMatchAsWildcardsInAnyCase_AndAMissingLiteralNameIsNotFound()
        {
            PsResult result = shell.Run("Get-CfCniTunnel -Name 'ICON-?', icon-missing");

            Assert.Equal(new[] { "icon-a", "icon-b" }, result.Objects.Cast<CniTunnel>().Select(t => t.Name));
            ErrorRecord missing = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.NotFound,", missing.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
            Assert.Equal("icon-missing", missing.TargetObject);
        }

        [Fact]
        public void IdsAreLookedUpInTheirOrder_AndABadIdIsRefusedBeforeAnyRequest()
        {
            string a = IdOf("icon-a");
            string b = IdOf("icon-b");

            IReadOnlyList<object> got = shell.Invoke("Get-CfCniTunnel -TunnelId $b, $a.ToUpperInvariant()", ("a", a), ("b", b));
            Assert.Equal(new[] { b, a }, got.Cast<CniTunnel>().Select(t => t.TunnelId));

            shell.Server.ClearRequests();
            PsResult bad = shell.Run("Get-CfCniTunnel -TunnelId 'not-a-tunnel'");
            Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(bad.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void Tab_CompletesTunnelIds_TheRatesAndTypes_AndThePropertiesSetCanChange()
        {
            Assert.Equal(new[] { IdOf("icon-a"), IdOf("icon-b"), IdOf("icon-old") }.OrderBy(i => i, StringComparer.Ordinal), shell.Complete("Set-CfCniTunnel -TunnelId ").OrderBy(i => i, StringComparer.Ordinal));
            // PowerShell offers an enum's values in alphabetical order.
            Assert.Equal(new[] { "high", "low", "mid" }, shell.Complete("Set-CfCniTunnel -HealthCheckRate "));
            Assert.Equal(new[] { "reply", "request" }, shell.Complete("Set-CfCniTunnel -HealthCheckType "));
            Assert.Equal(new[] { "HealthCheckEnabled", "HealthCheckRate", "HealthCheckType", "HealthCheckTarget" }, shell.Complete("$t | Set-CfCniTunnel -Property Health"));
        }

        // ------------------------------------------------------------------ linking

        [Fact]
        public void PipedInterconnects_GetTheirTunnels_ByTheReservationWithoutDashesInAnyCase_InInputOrder_FromOneListing()
        {
            PsResult result = shell.Run("Get-CfInterconnect -Name icon-b, icon-old, icon-a | Get-CfCniTunnel");

            Assert.Equal(new[] { "icon-b", "icon-a" }, result.Objects.Cast<CniTunnel>().Select(t => t.Name));
            ErrorRecord none = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.NotFound,", none.FullyQualifiedErrorId, StringComparison.Ordinal);
            // The API gives every interconnect a reservation; icon-old's tunnel is a version 1 tunnel, which carries none.
            Assert.Contains("No Magic tunnel of the account has the virtual port reservation of interconnect 'icon-old'", none.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("icon-old", ((Interconnect)((PSObject)none.TargetObject).BaseObject).Name);
            Assert.Single(shell.Requests, r => r.Path.EndsWith("/magic/cf_interconnects", StringComparison.Ordinal));
        }

        [Fact]
        public void PipedCnisAndStatuses_GetTheTunnelOfTheirInterconnect()
        {
            PsResult result = shell.Run("Get-CfCni | Get-CfCniTunnel; Get-CfInterconnectStatus -Name icon-b | Get-CfCniTunnel");

            Assert.Empty(result.Errors);
            // Two invocations: the first writes icon-a once although two of its CNIs were piped.
            Assert.Equal(new[] { "icon-a", "icon-b", "icon-b" }, result.Objects.Cast<CniTunnel>().Select(t => t.Name));

            // A CNI's own Id binds no tunnel parameter: piped to Set-CfCniTunnel, the CNI is refused as what it is.
            shell.Server.ClearRequests();
            PsResult refused = shell.Run("Get-CfCni | Select-Object -First 1 | Set-CfCniTunnel -HealthCheckRate high");
            Assert.StartsWith("CfValidation.UnsupportedInput,", Assert.Single(refused.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.DoesNotContain(shell.Requests, r => r.Path.Contains("/magic/", StringComparison.Ordinal));
        }

        [Fact]
        public void PipedCnis_ReadEachInterconnectOnce_AndWriteEachTunnelOnce_SoSetChangesItOnce()
        {
            string a = IdOf("icon-a");

            PsResult result = shell.Run(
                "$got = @(Get-CfCni | Get-CfCniTunnel); $got.Name; $got | Set-CfCniTunnel -HealthCheckRate high -PassThru -Verbose | ForEach-Object { 'set ' + $_.Name }");

            Assert.Empty(result.Errors);
            // Three CNIs on two interconnects: each tunnel once, and each changed once.
            Assert.Equal(new object[] { "icon-a", "icon-b", "set icon-a", "set icon-b" }, result.Objects);
            Assert.Single(shell.Requests, r => r.Method == "GET" && r.Path.EndsWith("/cni/interconnects/icon-a", StringComparison.Ordinal));
            Assert.Single(shell.Requests, r => r.Method == "GET" && r.Path.EndsWith("/cni/interconnects/icon-b", StringComparison.Ordinal));
            Assert.Single(shell.Requests, r => r.Method == "GET" && r.Path.EndsWith("/magic/cf_interconnects/" + a, StringComparison.Ordinal));
            Assert.Equal(2, Puts.Count());
            Assert.DoesNotContain(result.Warnings, w => w.Contains("already has these values", StringComparison.Ordinal));

            // An id given twice is looked up and written once too.
            shell.Server.ClearRequests();
            Assert.Equal(new[] { a }, shell.Invoke("Get-CfCniTunnel -TunnelId $a, $a.ToUpperInvariant()", ("a", a)).Cast<CniTunnel>().Select(t => t.TunnelId));
            Assert.Single(shell.Requests);
        }

        [Fact]
        public void APipedCniOrStatus_WithAnEmptyInterconnectName_IsRefusedBeforeAnyRequest()
        {
            using var folder = new TempFolder();
            string cni = System.IO.Path.Combine(folder.Path, "cni.xml");
            string status = System.IO.Path.Combine(folder.Path, "status.xml");
            shell.Invoke("Get-CfCni | Select-Object -First 1 | Export-Clixml -Path $cni; Get-CfInterconnectStatus -Name icon-b | Export-Clixml -Path $status", ("cni", cni), ("status", status));
            shell.Server.ClearRequests();

            PsResult result = shell.Run(
                "$c = Import-Clixml -Path $cni; $c.Interconnect = ''; $s = Import-Clixml -Path $status; $s.Name = ' '; $c, $s | Get-CfCniTunnel",
                ("cni", cni), ("status", status));

            Assert.Empty(result.Objects);
            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("CfValidation.InvalidPipedValue,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.Contains("-Interconnect", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void GetCfCni_TakesOnlyATunnelIdAsTunnelId_OnTheCommandLineAndFromARow_BeforeAnyRequest()
        {
            string a = IdOf("icon-a");

            PsResult typed = shell.Run("Get-CfCni -TunnelId foo");
            PsResult row = shell.Run("[pscustomobject]@{ TunnelId = 'foo' } | Get-CfCni; 'c4a7362d577a6c3019a474fd6f48582' | ForEach-Object { [pscustomobject]@{ TunnelId = $_ } } | Get-CfCni");

            Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(typed.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(2, row.Errors.Count);
            Assert.All(row.Errors, e => Assert.Contains("is not a Magic tunnel id", e.Exception.Message, StringComparison.Ordinal));
            Assert.Empty(shell.Requests);

            // A tunnel id in capitals is sent as the API writes it.
            IReadOnlyList<object> cnis = shell.Invoke("[pscustomobject]@{ TunnelId = $a.ToUpperInvariant() } | Get-CfCni", ("a", a));
            Assert.Equal(new[] { "tunnel-a1", "tunnel-a2" }, cnis.Cast<Cni>().Select(c => c.ConduitName));
            Assert.Equal(a, Assert.Single(shell.Requests).Query.Single(q => q.Key == "tunnel_id").Value);
        }

        [Fact]
        public void PipedTunnels_BindGetCfCniAsTunnelId_NeverAsId_AndGetTheirOwnCnis()
        {
            string a = IdOf("icon-a");
            string b = IdOf("icon-b");

            using var folder = new TempFolder();
            string trace = System.IO.Path.Combine(folder.Path, "binding.txt");
            PsResult result = shell.Run(
                "Get-CfCniTunnel -Name icon-b, icon-a | Get-CfCni; " +
                "Trace-Command -Name ParameterBinding -Expression { Get-CfCniTunnel -Name icon-b | Get-CfCni } -FilePath $trace | Out-Null",
                ("trace", trace));
            string binding = System.IO.File.ReadAllText(trace);

            Assert.Empty(result.Errors);
            // The tunnels come in the listing's order (a, then b), each followed by its own CNIs.
            Assert.Equal(new[] { "tunnel-a1", "tunnel-a2", "tunnel-b1" }, result.Objects.Cast<Cni>().Select(c => c.ConduitName));
            var cniReads = shell.Requests.Where(r => r.Path.Contains("/cni/cnis", StringComparison.Ordinal)).ToList();
            Assert.All(cniReads, r => Assert.EndsWith("/cni/cnis", r.Path, StringComparison.Ordinal));
            Assert.Equal(new[] { a, b, b }, cniReads.Select(r => r.Query.Single(q => q.Key == "tunnel_id").Value));
            Assert.Matches(@"BIND arg \[" + b + @"\] to parameter \[TunnelId\]", binding);
            Assert.DoesNotMatch(@"to parameter \[Id\]", binding);
        }

        [Fact]
        public void GetCfCni_WithTunnelIdOnTheCommandLine_TakesNoPipedObjects()
        {
            PsResult result = shell.Run("Get-CfCniTunnel -Name icon-a | Get-CfCni -TunnelId $id", ("id", IdOf("icon-b")));

            Assert.StartsWith("CfValidation.UnsupportedInput,", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.DoesNotContain(shell.Requests, r => r.Path.Contains("/cni/cnis", StringComparison.Ordinal));
        }

        // ------------------------------------------------------------------ read-modify-write

        [Fact]
        public void AHealthCheckEdit_SendsTheWholeHealthCheckAsItIsNow_OnlyIt_AndKeepsAColleaguesConcurrentChanges()
        {
            string b = IdOf("icon-b");
            shell.Invoke("$t = Get-CfCniTunnel -TunnelId $id; $t.HealthCheckRate = 'high'", ("id", b));
            // Meanwhile a colleague changes the check's type and target, and the interface address.
            ChangeOnServer(b, JsonNode.Parse("""
                { "health_check": { "enabled": true, "rate": "low", "type": "reply", "target": { "saved": "10.20.0.11" } }, "interface_address": "192.168.9.0/31" }
                """)!.AsObject());

            PsResult result = shell.Run("$t | Set-CfCniTunnel -Verbose");

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            JsonObject sent = JsonNode.Parse(Puts.Single().Body!)!.AsObject();
            Assert.Equal(
                """{"health_check":{"enabled":true,"rate":"high","type":"reply","target":{"saved":"10.20.0.11"}}}""",
                sent.ToJsonString());
            JsonObject stored = StoredOf("icon-b");
            Assert.Equal(("high", "reply", "192.168.9.0/31"), ((string)stored["health_check"]!["rate"]!, (string)stored["health_check"]!["type"]!, (string)stored["interface_address"]!));
            Assert.Equal("10.20.0.11", (string)stored["health_check"]!["target"]!["saved"]!);
            // Nothing of the BGP session was sent, so none of it was touched.
            Assert.Equal("k3y!", (string)stored["bgp"]!["md5_key"]!);
        }

        [Fact]
        public void WhatIf_ShowsOldToNew_AndSendsNoPut_AndAChangeToNothingSendsNothing()
        {
            string b = IdOf("icon-b");

            PsResult preview = shell.Run("Set-CfCniTunnel -TunnelId $id -HealthCheckRate high -HealthCheckTarget '' -WhatIf", ("id", b));
            PsResult same = shell.Run("Set-CfCniTunnel -TunnelId $id -HealthCheckRate low -HealthCheckType request", ("id", b));

            Assert.Contains($"Set HealthCheckRate: 'low' → 'high'; HealthCheckTarget: '10.20.0.10' → ''\" on target \"Magic tunnel {b} ('icon-b')\"", preview.HostText, StringComparison.Ordinal);
            Assert.Contains(same.Warnings, w => w.Contains("already has these values: nothing was sent", StringComparison.Ordinal));
            Assert.Empty(Puts);
        }

        [Fact]
        public void AFilterChange_SendsTheBgpSessionWhole_AndOneOnATunnelWithoutBgpIsRefusedBeforeAnyWrite()
        {
            PsResult result = shell.Run(
                "Set-CfCniTunnel -TunnelId $b -BgpExportFilterId 0f9e8d7c6b5a49382716a5b4c3d2e1f0; Set-CfCniTunnel -TunnelId $a -BgpImportFilterId a1b2c3d4e5f647890a1b2c3d4e5f6789",
                ("a", IdOf("icon-a")), ("b", IdOf("icon-b")));

            Assert.Equal(
                """{"bgp":{"customer_asn":65010,"extra_prefixes":["192.0.2.0/24"],"md5_key":"k3y!","import_filter_id":"a1b2c3d4e5f647890a1b2c3d4e5f6789","export_filter_id":"0f9e8d7c6b5a49382716a5b4c3d2e1f0"}}""",
                Puts.Single().Body);
            ErrorRecord refused = Assert.Single(result.Errors);
            Assert.StartsWith("CfValidation.BgpNeedsCustomerAsn,", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
        }

        [Fact]
        public void AChangeConfirmedAtAPrompt_IsAppliedToTheTunnelAsItIsAfterTheAnswer_KeepingAChangeMadeWhileTheQuestionWasOpen()
        {
            string b = IdOf("icon-b");
            shell.Shell.Host.Prompts.Answer("Yes");
            // While the question is open, a colleague's Set-CfCni -CustomerAsn reaches the tunnel's BGP session.
            shell.Shell.Host.Prompts.WhilePrompting = () => ChangeOnServer(b, JsonNode.Parse("""
                { "bgp": { "customer_asn": 65020, "extra_prefixes": ["192.0.2.0/24"], "md5_key": "k3y!", "import_filter_id": "a1b2c3d4e5f647890a1b2c3d4e5f6789" } }
                """)!.AsObject());

            PsResult result = shell.Run("Set-CfCniTunnel -TunnelId $b -BgpExportFilterId 0f9e8d7c6b5a49382716a5b4c3d2e1f0 -Confirm", ("b", b));

            Assert.Empty(result.Errors);
            Assert.Contains("BgpExportFilterId: (none) → '0f9e8d7c6b5a49382716a5b4c3d2e1f0'", Assert.Single(shell.Shell.Host.Prompts.Shown), StringComparison.Ordinal);
            // The requests after the question: the read again, then the write of what the server had then.
            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            Assert.Equal(
                """{"bgp":{"customer_asn":65020,"extra_prefixes":["192.0.2.0/24"],"md5_key":"k3y!","import_filter_id":"a1b2c3d4e5f647890a1b2c3d4e5f6789","export_filter_id":"0f9e8d7c6b5a49382716a5b4c3d2e1f0"}}""",
                Puts.Single().Body);
            Assert.Equal(65020, (int)StoredOf("icon-b")["bgp"]!["customer_asn"]!);
        }

        [Fact]
        public void AChangeConfirmedAtAPrompt_ThatTheServerAlreadyHasByThen_SendsNothing()
        {
            string b = IdOf("icon-b");
            shell.Shell.Host.Prompts.Answer("Yes");
            shell.Shell.Host.Prompts.WhilePrompting = () => ChangeOnServer(b, JsonNode.Parse("""
                { "health_check": { "enabled": true, "rate": "high", "type": "request", "target": { "saved": "10.20.0.10" } } }
                """)!.AsObject());

            PsResult result = shell.Run("Set-CfCniTunnel -TunnelId $b -HealthCheckRate high -Confirm", ("b", b));

            Assert.Contains(result.Warnings, w => w.Contains("changed on the server while the question was open", StringComparison.Ordinal));
            Assert.Empty(Puts);
        }

        [Fact]
        public void TheBgpSession_IsSentWithoutItsDeprecatedFields_AndAnEditOfOneIsRefused()
        {
            string b = IdOf("icon-b");
            Assert.Equal(65010L, shell.Invoke("(Get-CfCniTunnel -TunnelId $b).BgpAsNo", ("b", b)).Single());

            PsResult edited = shell.Run("$t = Get-CfCniTunnel -TunnelId $b; $t.BgpCustomerEndpoint = '10.213.0.3'; $t | Set-CfCniTunnel", ("b", b));

            ErrorRecord refused = Assert.Single(edited.Errors);
            Assert.StartsWith("CfValidation.UnknownProperty,", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("bgp.customer_endpoint (read-only, derived from interface_address)", refused.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(Puts);
            // What the server holds stays: only a change leaves the deprecated fields out of what it sends.
            Assert.Equal("10.213.0.1", (string)StoredOf("icon-b")["bgp"]!["customer_endpoint"]!);
        }

        [Fact]
        public void ASessionWithoutCustomerAsn_SendsItsAsNo_ItsOnlyAsn()
        {
            PsResult result = shell.Run("$t = Get-CfCniTunnel -Name icon-old; $t.BgpAsNo = 65031; $t | Set-CfCniTunnel");

            Assert.Empty(result.Errors);
            Assert.Equal("""{"bgp":{"as_no":65031}}""", Puts.Single().Body);
        }

        [Fact]
        public void HealthCheckTarget_Null_MeansTheCalculatedDefault_AsEmptyTextDoes()
        {
            string b = IdOf("icon-b");

            PsResult preview = shell.Run("Set-CfCniTunnel -TunnelId $b -HealthCheckTarget $null -WhatIf", ("b", b));
            PsResult result = shell.Run("Set-CfCniTunnel -TunnelId $b -HealthCheckTarget $null -PassThru", ("b", b));

            Assert.Contains("Set HealthCheckTarget: '10.20.0.10' → ''", preview.HostText, StringComparison.Ordinal);
            Assert.Empty(result.Errors);
            Assert.Equal(
                """{"health_check":{"enabled":true,"rate":"low","type":"request","target":{"saved":""}}}""",
                Puts.Single().Body);
            CniTunnel tunnel = Assert.IsType<CniTunnel>(Assert.Single(result.Objects));
            Assert.Equal(string.Empty, tunnel.HealthCheckTarget);
            Assert.NotEqual("10.20.0.10", tunnel.HealthCheckEffectiveTarget);
        }

        [Fact]
        public void CsvRows_ChangeOnlyTheirEditedCells_ReadTrueAndFalse_AndEmptyCellsChangeNothing()
        {
            using var folder = new TempFolder();
            string csv = System.IO.Path.Combine(folder.Path, "tunnels.csv");

            PsResult result = shell.Run(
                "Get-CfCniTunnel -Name icon-a, icon-b | Export-Csv -Path $csv; $rows = Import-Csv -Path $csv; " +
                "$rows[0].HealthCheckEnabled = 'false'; $rows[1].HealthCheckRate = 'HIGH'; $rows[1].InterfaceAddress6 = ''; $rows | Set-CfCniTunnel",
                ("csv", csv));

            Assert.Empty(result.Errors);
            // The listing, then a read and a write for each row.
            Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, shell.Requests.Select(r => r.Method).Skip(1));
            Assert.Equal(new[] { "{\"health_check\":{\"enabled\":false,\"rate\":\"mid\",\"type\":\"reply\",\"target\":{\"saved\":\"\"}}}", "{\"health_check\":{\"enabled\":true,\"rate\":\"high\",\"type\":\"request\",\"target\":{\"saved\":\"10.20.0.10\"}}}" }, Puts.Select(p => p.Body));
        }

        [Fact]
        public void ADeserializedTunnel_IsRefusedWithGuidance_AndTakesMinusProperty()
        {
            using var folder = new TempFolder();
            string xml = System.IO.Path.Combine(folder.Path, "tunnel.xml");
            shell.Invoke("Get-CfCniTunnel -Name icon-a | Export-Clixml -Path $xml", ("xml", xml));

            PsResult result = shell.Run(
                "$t = Import-Clixml -Path $xml; $t.HealthCheckType = 'request'; $t | Set-CfCniTunnel; $t | Set-CfCniTunnel -Property HealthCheckType",
                ("xml", xml));

            ErrorRecord refused = Assert.Single(result.Errors);
            Assert.StartsWith("CfValidation.DeserializedInput,", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("Set-CfCniTunnel -Property", refused.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("request", (string)StoredOf("icon-a")["health_check"]!["type"]!);
            Assert.Single(Puts);
        }

        [Fact]
        public void BadValues_AreRefusedBeforeAnyRequest()
        {
            string a = IdOf("icon-a");
            foreach (string change in new[]
            {
                "-InterfaceAddress 203.0.113.0/31", "-InterfaceAddress 10.0.0.0/24", "-InterfaceAddress6 2001:db8::/64", "-HealthCheckRate fast",
                "-HealthCheckType ping", "-HealthCheckTarget 10.0.0", "-HealthCheckEnabled maybe", "-Property Mtu",
            })
            {
                PsResult result = shell.Run("Set-CfCniTunnel -TunnelId $a " + change + " -Confirm:$false", ("a", a));
                Assert.True(result.TerminatingRecord != null || result.Errors.Count > 0, change + " was taken");
            }

            // A cell PowerShell could not convert is refused, not passed over (its change would be lost without a word).
            PsResult cell = shell.Run("[pscustomobject]@{ TunnelId = $a; HealthCheckRate = 'fast' } | Set-CfCniTunnel", ("a", a));
            Assert.Contains("'fast' is not one of low, mid, high", Assert.Single(cell.Errors).Exception.Message, StringComparison.Ordinal);

            PsResult cleared = shell.Run("Set-CfCniTunnel -TunnelId $a -HealthCheckRate $null; Set-CfCniTunnel -TunnelId $a -AutomaticReturnRouting $null", ("a", a));
            Assert.All(cleared.Errors, e => Assert.StartsWith("CfValidation.ValueRequired,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.Equal(2, cleared.Errors.Count);
            Assert.Empty(shell.Requests);
        }

        // ------------------------------------------------------------------ many tunnels, validate-only, return routing

        [Fact]
        public void ManyPipedTunnels_OnePutEach_InInputOrder_AndAFailureStaysOnItsOwnItem()
        {
            string a = IdOf("icon-a");
            string b = IdOf("icon-b");
            string old = IdOf("icon-old");
            shell.Emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.ServerError, 500, "PUT", path: "*/" + b), 1);

            PsResult result = shell.Run("Get-CfCniTunnel -TunnelId $o, $b, $a | Set-CfCniTunnel -HealthCheckRate high -PassThru", ("a", a), ("b", b), ("o", old));

            Assert.Equal(new[] { old, b, a }, Puts.Select(p => p.Path.Split('/').Last()));
            Assert.Equal(new[] { old, a }, result.Objects.Cast<CniTunnel>().Select(t => t.TunnelId));
            ErrorRecord failed = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.ServerError,", failed.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(b, failed.TargetObject);
            Assert.Equal(new[] { "high", "low", "high" }, new[] { "icon-old", "icon-b", "icon-a" }.Select(n => (string)StoredOf(n)["health_check"]!["rate"]!));
        }

        [Fact]
        public void ValidateOnly_SendsTheQuery_SavesNothing_AndPassThruShowsTheTunnelAsItWouldBe()
        {
            string a = IdOf("icon-a");
            string before = (string)StoredOf("icon-a")["interface_address"]!;

            PsResult result = shell.Run("Set-CfCniTunnel -TunnelId $a -InterfaceAddress 192.168.40.0/31 -ValidateOnly -PassThru -Verbose", ("a", a));

            Assert.Empty(result.Errors);
            Assert.Equal("validate_only=true", Puts.Single().QueryString);
            Assert.Equal("192.168.40.0/31", Assert.IsType<CniTunnel>(Assert.Single(result.Objects)).InterfaceAddress);
            Assert.Equal(before, (string)StoredOf("icon-a")["interface_address"]!);
            Assert.Contains(result.Verbose, v => v.Contains("validated the change; nothing was saved", StringComparison.Ordinal));

            // A change the server refuses is refused under validate-only too, with Cloudflare's code.
            PsResult refused = shell.Run("Set-CfCniTunnel -TunnelId $a -AutomaticReturnRouting $true -ValidateOnly", ("a", a));
            Assert.StartsWith("CfApi.BadRequest,", Assert.Single(refused.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        }

        [Fact]
        public void AutomaticReturnRouting_IsRefusedWithCloudflaresCodeAndMessage_UntilTheAccountHasTheFlag()
        {
            string a = IdOf("icon-a");

            PsResult refused = shell.Run("Set-CfCniTunnel -TunnelId $a -AutomaticReturnRouting $true", ("a", a));

            ErrorRecord error = Assert.Single(refused.Errors);
            Assert.StartsWith("CfApi.BadRequest,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("[1001]", error.Exception.Message, StringComparison.Ordinal);
            Assert.Contains("coupler_integration", error.Exception.Message, StringComparison.Ordinal);
            Assert.False(StoredOf("icon-a")["automatic_return_routing"]!.GetValue<bool>());

            shell.Emulator.Seed(ApiHarness.AccountId, new JsonObject { ["magic"] = new JsonObject { ["account_flags"] = new JsonArray("coupler_integration") } });
            shell.Invoke("Set-CfCniTunnel -TunnelId $a -AutomaticReturnRouting $true", ("a", a));
            Assert.True(StoredOf("icon-a")["automatic_return_routing"]!.GetValue<bool>());
        }

        [Fact]
        public async Task FromSlotToAHealthyHealthCheckedTunnel_InOnePipeline()
        {
            CniEmulator sandbox = CniEmulator.CreateSandbox();
            sandbox.PendingStatusReads = 1;
            await using ConnectedShell fresh = await ConnectedShell.StartAsync(sandbox);

            PsResult result = fresh.Run(
                "Get-CfCniSlot -Site FRA05 -Occupied:$false -First 1 | New-CfInterconnect -Type direct | Wait-CfInterconnect -PollInterval 0.1 -Timeout 10 | " +
                "New-CfCni -ConduitName fra-cni-01 -Mtu 1476 -CustomerAsn 65010 | Get-CfCniTunnel | " +
                "Set-CfCniTunnel -HealthCheckEnabled $true -HealthCheckRate high -HealthCheckType request -HealthCheckTarget 10.20.0.10 -PassThru");

            Assert.Empty(result.Errors);
            CniTunnel tunnel = Assert.IsType<CniTunnel>(Assert.Single(result.Objects));
            var sent = fresh.Requests.ToList();
            string reservation = fresh.Invoke("(Get-CfInterconnect -Site FRA05).VirtualPortReservationId").Cast<string>().Single();
            Assert.Equal(("high", "request", "10.20.0.10", reservation.Replace("-", string.Empty)), (tunnel.HealthCheckRate, tunnel.HealthCheckType, tunnel.HealthCheckEffectiveTarget, tunnel.VirtualPortReservationId));
            Assert.Equal(
                new[] { "GET /cni/slots", "POST /cni/interconnects", "GET /cni/interconnects/{}/status", "GET /cni/interconnects/{}/status", "POST /cni/cnis", "GET /cni/interconnects/{}", "GET /magic/cf_interconnects", "GET /magic/cf_interconnects/{}", "PUT /magic/cf_interconnects/{}" },
                sent.Select(r => r.Method + " " + System.Text.RegularExpressions.Regex.Replace(r.Path.Substring(r.Path.IndexOf("/accounts/", StringComparison.Ordinal) + 42), "/(icon-[0-9a-f]+|[0-9a-f]{32})", "/{}")));
        }

        [Fact]
        public void TheSandbox_DropsATunnelWithItsInterconnect_AndMakesOneForANewInterconnect()
        {
            string slot = shell.AddSlot(site: "SIN03");
            shell.Invoke("Get-CfCni -Interconnect icon-b | Remove-CfCni -Confirm:$false; Remove-CfInterconnect -Name icon-b -Confirm:$false");
            string created = shell.Invoke("(New-CfInterconnect -SlotId $s -Type direct).Name", ("s", slot)).Cast<string>().Single();

            IReadOnlyList<object> names = shell.Invoke("(Get-CfCniTunnel).Name");

            Assert.Equal(new[] { "icon-a", "icon-old", created }, names.Cast<string>());
        }
    }
    /// <summary>
    /// Tunnels the module cannot read, served by a server of its own (the sandbox never sends them): as in every other
    /// listing (issue 17), each is a non-terminating CfApi.InvalidItem in its place, and the listing, the tunnels of piped
    /// interconnects and Tab completion go on with the others.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class UnreadableTunnelTests : IAsyncLifetime
    {
        private const string ReservationA = "a1b2c3d4-e5f6-4789-8abc-def012345678";
        private const string ReservationC = "0f1e2d3c-4b5a-4697-8877-665544332211";
        private const string IdA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        private const string IdD = "dddddddddddddddddddddddddddddddd";

        private static readonly string[] Tunnels =
        {
            Tunnel(IdA, "icon-a", ReservationA),
            "{\"name\":\"icon-x\",\"version\":\"2\"}",
            "{\"id\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"name\":\"icon-b\",\"mtu\":99999999999}",
            "{\"id\":\"cccccccccccccccccccccccccccccccc\",\"name\":\"icon-c\",\"virtual_port_reservation_id\":\"" + ReservationC.Replace("-", string.Empty) + "\",\"health_check\":{\"enabled\":true,\"target\":42}}",
            Tunnel(IdD, "icon-d", null),
        };

        private readonly PowerShellSession shell = new PowerShellSession();
        private LoopbackServer server = null!;

        public async Task InitializeAsync()
        {
            server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                string path = context.Request.Path.Value!;
                string interconnects = "[" + Interconnect("icon-a", ReservationA) + "," + Interconnect("icon-c", ReservationC) + "]";
                string body = path.EndsWith("/magic/cf_interconnects", StringComparison.Ordinal)
                    ? "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"interconnects\":[" + string.Join(",", Tunnels) + "]}}"
                    : path.EndsWith("/cni/interconnects", StringComparison.Ordinal)
                        ? "{\"items\":" + interconnects + ",\"next\":null}"
                        : Interconnect(path.Substring(path.LastIndexOf('/') + 1), ReservationA);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            });
            shell.ConnectTo(server.BaseUri);
        }

        public async Task DisposeAsync()
        {
            shell.Run("Disconnect-CfAccount");
            shell.Dispose();
            await server.DisposeAsync();
        }

        [Fact]
        public void TheListing_WritesEachTunnelItCannotRead_AsANonTerminatingErrorInItsPlace_AndGoesOn()
        {
            PsResult result = shell.Run("Get-CfCniTunnel 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error: ' + $_.TargetObject } else { $_.Name } }");
            PsResult errors = shell.Run("Get-CfCniTunnel -Name icon-*");

            Assert.Null(result.Terminating);
            Assert.Equal(new object[] { "icon-a", "error: " + Tunnels[1], "error: " + Tunnels[2], "error: " + Tunnels[3], "icon-d" }, result.Objects);
            Assert.Equal(new[] { "icon-a", "icon-d" }, errors.Objects.Cast<CniTunnel>().Select(t => t.Name));
            Assert.Equal(3, errors.Errors.Count);
            Assert.All(errors.Errors, e => Assert.Equal(("CfApi.InvalidItem,CloudflareCni.Cmdlets.GetCfCniTunnelCommand", ErrorCategory.InvalidResult), (e.FullyQualifiedErrorId, e.CategoryInfo.Category)));
            Assert.Contains("GET /accounts/" + ApiHarness.AccountId + "/magic/cf_interconnects listed an item that could not be read", errors.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("has no id", errors.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("The mtu 99999999999 is out of range", errors.Errors[1].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("neither text nor an object", errors.Errors[2].Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void PipedInterconnects_GetTheirTunnels_AndOneWhoseTunnelCannotBeReadIsNotFound_WithTheUnreadableOnesReportedOnce()
        {
            PsResult result = shell.Run("Get-CfInterconnect | Get-CfCniTunnel");

            Assert.Null(result.Terminating);
            Assert.Equal(new[] { IdA }, result.Objects.Cast<CniTunnel>().Select(t => t.TunnelId));
            Assert.Equal(
                new[] { "CfApi.InvalidItem", "CfApi.InvalidItem", "CfApi.InvalidItem", "CfApi.NotFound" },
                result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Contains("3 tunnel(s) of the account's listing could not be read (CfApi.InvalidItem)", result.Errors[3].Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Tab_CompletesTheTunnelsItCanRead()
        {
            var completed = shell.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches", ("text", "Set-CfCniTunnel -TunnelId "))
                .Cast<System.Management.Automation.CompletionResult>().Select(c => c.CompletionText);

            Assert.Equal(new[] { IdA, IdD }, completed.OrderBy(id => id, StringComparer.Ordinal));
        }

        private static string Tunnel(string id, string name, string? reservation) =>
            "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"version\":\"2\"" +
            (reservation is null ? string.Empty : ",\"virtual_port_reservation_id\":\"" + reservation.Replace("-", string.Empty) + "\"") +
            ",\"health_check\":{\"enabled\":true,\"rate\":\"mid\",\"type\":\"reply\",\"target\":{\"saved\":\"\",\"effective\":\"10.0.0.1\"}}}";

        private static string Interconnect(string name, string reservation) =>
            "{\"account\":\"" + ApiHarness.AccountId + "\",\"name\":\"" + name + "\",\"type\":\"direct\",\"site\":\"FRA05\",\"slot_id\":\"6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b\",\"speed\":\"10G\"," +
            "\"facility\":{\"name\":\"f\",\"address\":[]},\"virtual_port_reservation_id\":\"" + reservation + "\"}";
    }
}
