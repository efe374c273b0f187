using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>Safe changes and honest errors: no lost update, verified credentials, errors that say what to do.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class SafeChangeTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;
        private string icon = string.Empty;
        private string cni = string.Empty;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync(options: new TestServerOptions
            {
                Token = ApiHarness.Token,
                CniFieldsOnCreate = new JsonObject { ["bgp_mode"] = "dynamic_route_exchange" },
            });
            shell.AddSlot();
            icon = shell.Invoke("(Get-CfCniSlot -First 1 | New-CfInterconnect -Type direct).Name").Cast<string>().Single();
            cni = shell.Invoke("(New-CfCni -Interconnect $i -ConduitName tunnel-a -Description original -Mtu 1500 -CustomerAsn 65010 -ExtraPrefix 192.0.2.0/24 -Md5Key k3y).Id", ("i", icon)).Cast<string>().Single();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        private JsonObject Stored => shell.Emulator.GetCnis(ApiHarness.AccountId).Single();

        [Fact]
        public void AStalePipedCni_DoesNotRevertAColleaguesChange()
        {
            // $c is read; a colleague changes the description; then $c is piped with an MTU change.
            shell.Invoke("$c = Get-CfCni -Id $id", ("id", cni));
            shell.Invoke("Set-CfCni -Id $id -Description new", ("id", cni));
            shell.Server.ClearRequests();

            shell.Invoke("$c | Set-CfCni -Mtu 1400");

            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            Assert.Equal(("new", 1400), (Stored["magic"]!["description"]!.GetValue<string>(), Stored["magic"]!["mtu"]!.GetValue<int>()));
        }

        [Fact]
        public void AChangeConfirmedAtAPrompt_KeepsAColleaguesChangeMadeWhileTheQuestionWasOpen()
        {
            shell.Shell.Host.Prompts.Answer("Yes");
            shell.Shell.Host.Prompts.WhilePrompting = () => shell.ChangeOnServer(cni, node => node["magic"]!["description"] = "changed-while-asked");

            PsResult result = shell.Run("Set-CfCni -Id $id -Mtu 1400 -Confirm -Verbose", ("id", cni));

            Assert.Empty(result.Errors);
            Assert.Contains("Mtu: 1500 → 1400", Assert.Single(shell.Shell.Host.Prompts.Shown), StringComparison.Ordinal);
            // Read again after the answer, and the whole CNI written as it was then.
            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            Assert.Equal(("changed-while-asked", 1400), (Stored["magic"]!["description"]!.GetValue<string>(), Stored["magic"]!["mtu"]!.GetValue<int>()));
        }

        [Fact]
        public void AFieldEditedOnThePipedObject_IsTheChange_AndTheOthersAreNotRewritten()
        {
            shell.Invoke("$c = Get-CfCni -Id $id; $c.Mtu = 1300; $c.ExtraPrefix = '198.51.100.0/24'", ("id", cni));
            shell.ChangeOnServer(cni, node => node["magic"]!["conduit_name"] = "renamed-meanwhile");

            PsResult result = shell.Run("$c | Set-CfCni -WhatIf; $c | Set-CfCni");

            Assert.Contains("Mtu: 1500 → 1300; ExtraPrefix: [192.0.2.0/24] → [198.51.100.0/24]", result.HostText);
            Assert.Equal(1300, Stored["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal("renamed-meanwhile", Stored["magic"]!["conduit_name"]!.GetValue<string>());
            Assert.Equal("[\"198.51.100.0/24\"]", Stored["bgp"]!["extra_prefixes"]!.ToJsonString());
        }

        [Fact]
        public void AnEditedUnknownField_IsSent_AndTheUsersValueWinsOverTheServers_WithVerboseSayingSo()
        {
            shell.Invoke("$c = Get-CfCni -Id $id; $c.BgpMode = 'advertise_only'; $c.Mtu = 1380", ("id", cni));
            shell.ChangeOnServer(cni, node => node["magic"]!["mtu"] = 1450);

            PsResult result = shell.Run("$c | Set-CfCni -Verbose");

            Assert.Equal("advertise_only", Stored["bgp_mode"]!.GetValue<string>());
            Assert.Equal(1380, Stored["magic"]!["mtu"]!.GetValue<int>());
            Assert.Contains(result.Verbose, v => v.Contains("Mtu was changed on the server since it was read (1500 → 1450); your value 1380 wins."));
        }

        [Fact]
        public void AValueGivenOnTheCommandLine_IsAChange_EvenWhenThePipedObjectAlreadyShowsIt()
        {
            // $c shows MTU 1500; a colleague sets 1450; the user asks for 1500 explicitly.
            shell.Invoke("$c = Get-CfCni -Id $id", ("id", cni));
            shell.ChangeOnServer(cni, node => node["magic"]!["mtu"] = 1450);

            PsResult result = shell.Run("$c | Set-CfCni -Mtu 1500");

            Assert.Empty(result.Warnings);
            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            Assert.Equal(1500, Stored["magic"]!["mtu"]!.GetValue<int>());
        }

        [Fact]
        public void ACsvRoundTrip_ChangesOnlyTheEditedColumn_KeepsTheTypesOfUnknownFields_AndEmptyCellsChangeNothing()
        {
            string plain = shell.Invoke("(New-CfCni -Interconnect $i -ConduitName tunnel-b -Mtu 1500).Id", ("i", icon)).Cast<string>().Single();
            shell.ChangeOnServer(cni, node =>
            {
                node["vlan_tag"] = 100;
                node["flags"] = new JsonObject { ["a"] = 1 };
            });
            using var folder = new TempFolder();
            string csv = System.IO.Path.Combine(folder.Path, "cnis.csv");

            PsResult result = shell.Run(
                "Get-CfCni | Export-Csv -Path $csv; $rows = Import-Csv -Path $csv; $rows | ForEach-Object { $_.Mtu = 1400 }; $rows | Set-CfCni",
                ("csv", csv));

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "GET", "GET", "PUT", "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            JsonObject withBgp = shell.Emulator.GetCnis(ApiHarness.AccountId).Single(c => c["id"]!.GetValue<string>() == cni);
            JsonObject withoutBgp = shell.Emulator.GetCnis(ApiHarness.AccountId).Single(c => c["id"]!.GetValue<string>() == plain);
            Assert.Equal((1400, 1400), (withBgp["magic"]!["mtu"]!.GetValue<int>(), withoutBgp["magic"]!["mtu"]!.GetValue<int>()));
            Assert.Equal("100", withBgp["vlan_tag"]!.ToJsonString());
            Assert.Equal("{\"a\":1}", withBgp["flags"]!.ToJsonString());
            Assert.Equal("k3y", withBgp["bgp"]!["md5_key"]!.GetValue<string>());
            Assert.False(withoutBgp.ContainsKey("bgp"));
        }

        [Fact]
        public void AnEditedCellOfAnUnknownNumber_IsSentAsANumber_AndOneThatIsNotJsonIsRefused()
        {
            shell.ChangeOnServer(cni, node =>
            {
                node["vlan_tag"] = 100;
                node["flags"] = new JsonObject { ["a"] = 1 };
            });

            PsResult result = shell.Run(
                "$row = Get-CfCni -Id $id | ConvertTo-Csv | ConvertFrom-Csv; $row.VlanTag = '200'; $row | Set-CfCni; " +
                "$row.Flags = 'not json'; $row | Set-CfCni",
                ("id", cni));

            Assert.Equal("200", Stored["vlan_tag"]!.ToJsonString());
            ErrorRecord refused = Assert.Single(result.Errors);
            Assert.StartsWith("CfValidation.InvalidPipedValue", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("Flags", refused.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("{\"a\":1}", Stored["flags"]!.ToJsonString());
        }

        [Fact]
        public void RemovingByIdWithoutAPrompt_SendsOnlyTheDelete_AndAPromptReadsTheCniToNameIt()
        {
            shell.Shell.Host.Prompts.Answer("No");
            shell.Run("Remove-CfCni -Id $id", ("id", cni));
            var promptedRequests = shell.Requests.Select(r => r.Method).ToList();
            shell.Server.ClearRequests();

            shell.Run("Remove-CfCni -Id $id -Confirm:$false", ("id", cni));

            Assert.Equal(new[] { "GET" }, promptedRequests);
            Assert.Contains("'tunnel-a' on interconnect", Assert.Single(shell.Shell.Host.Prompts.Shown), StringComparison.Ordinal);
            Assert.Equal(new[] { "DELETE" }, shell.Requests.Select(r => r.Method));
        }

        [Fact]
        public void BgpCanBeRemoved_AndTheMd5KeyCleared()
        {
            shell.Invoke("Set-CfCni -Id $id -Md5Key $null", ("id", cni));
            Assert.False(Stored["bgp"]!.AsObject().ContainsKey("md5_key"));
            Assert.Equal(65010, Stored["bgp"]!["customer_asn"]!.GetValue<long>());

            shell.Invoke("Set-CfCni -Id $id -RemoveBgp", ("id", cni));

            Assert.False(Stored.ContainsKey("bgp"));
            Assert.Equal("dynamic_route_exchange", Stored["bgp_mode"]!.GetValue<string>());
        }

        [Fact]
        public void ASetThatChangesNothing_SendsNoPut_AndSaysSo()
        {
            PsResult result = shell.Run("Set-CfCni -Id $id -Mtu 1500 -Description original", ("id", cni));

            Assert.Equal(new[] { "GET" }, shell.Requests.Select(r => r.Method));
            Assert.Contains(result.Warnings, w => w.Contains("already has these values: nothing was sent"));
        }

        [Fact]
        public void WhatIfShowsEachChangeAsOldToNew_AndTheRemovePromptNamesConduitAndInterconnect()
        {
            PsResult whatIf = shell.Run("Set-CfCni -Id $id -Mtu 1400 -Description 'second line' -Md5Key n3w -WhatIf", ("id", cni));
            shell.Shell.Host.Prompts.Answer("No");
            shell.Run("Remove-CfCni -Id $id", ("id", cni));

            Assert.Contains("Performing the operation \"Set Description: 'original' → 'second line'; Mtu: 1500 → 1400; Md5Key: (a key) → (a key)\"", whatIf.HostText);
            Assert.DoesNotContain("n3w", whatIf.HostText);
            Assert.DoesNotContain(shell.Requests, r => r.Method != "GET");
            string prompt = Assert.Single(shell.Shell.Host.Prompts.Shown);
            Assert.Contains($"CNI {cni} ('tunnel-a' on interconnect {icon})", prompt);
            Assert.Single(shell.Emulator.GetCnis(ApiHarness.AccountId));
        }

        [Theory]
        [InlineData("-ExtraPrefix 10.0.0.1/24", "Did you mean 10.0.0.0/24?")]
        [InlineData("-CustomerAsn 0", "RFC 7607")]
        [InlineData("-CustomerAsn 23456", "AS_TRANS")]
        [InlineData("-CustomerAsn 65535", "RFC 7300")]
        [InlineData("-CustomerAsn 70000", "RFC 5398")]
        [InlineData("-CustomerAsn 4294967295", "RFC 7300")]
        [InlineData("-Md5Key ('k' * 81)", "at most 80")]
        public void ValuesTheNetworkWouldRefuse_AreRefusedBeforeAnyRequest(string arguments, string message)
        {
            PsResult result = shell.Run("Set-CfCni -Id $id " + arguments, ("id", cni));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains(message, error.Exception.Message);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void PrivateAndFourByteAsns_AndInterfaceAddressesWithHostBits_AreAccepted()
        {
            shell.Invoke("Set-CfCni -Id $id -CustomerAsn 4200000000 -CloudflareIp 10.9.0.0/31 -CustomerIp 10.9.0.1/31", ("id", cni));

            Assert.Equal(4200000000L, Stored["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal("10.9.0.1/31", Stored["cust_ip"]!.GetValue<string>());
        }

        [Fact]
        public void ACreateThatMayHaveLanded_SaysSo_AndNamesTheCommandThatChecks()
        {
            shell.Emulator.Faults.Enqueue(TestFaults.CommitThenFail(502, "POST"));

            PsResult result = shell.Run("New-CfCni -Interconnect $i -ConduitName landed -Mtu 1500", ("i", icon));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.ServerError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("may exist", error.ErrorDetails.Message);
            Assert.Contains($"Get-CfCni -Interconnect {icon}", error.ErrorDetails.RecommendedAction);
            Assert.Single(shell.Requests, r => r.Method == "POST");
            Assert.Equal(2, shell.Emulator.GetCnis(ApiHarness.AccountId).Count);
        }

        [Fact]
        public void TimeoutSec_BoundsAStalledRequest_RetriesIncluded()
        {
            shell.Invoke("Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -TimeoutSec 1 | Out-Null",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", shell.Server.BaseUri));
            shell.Emulator.Faults.Enqueue(TestFaults.Stall("GET"), 10);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            PsResult result = shell.Run("Get-CfCniSetting");

            clock.Stop();
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.Timeout,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("-TimeoutSec 1", error.Exception.Message);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 3);
        }

        [Fact]
        public void Connect_RefusesARejectedCredential_AndLeavesNoOlderConnectionInItsPlace()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString 'a-wrong-token-0123456789' -AsPlainText -Force) -AccountId $a -BaseUri $u; " +
                "@(Get-CfContext).Count; Get-CfCniSetting",
                ("a", ApiHarness.OtherAccountId), ("u", shell.Server.BaseUri));

            Assert.Equal(
                new[] { "CfApi.AuthenticationFailed,CloudflareCni.Cmdlets.ConnectCfAccountCommand", "CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfCniSettingCommand" },
                result.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Equal(ErrorCategory.AuthenticationError, result.Errors[0].CategoryInfo.Category);
            Assert.Contains("refused the credential, which was not kept", result.Errors[0].ErrorDetails.Message);
            Assert.Contains("The last Connect-CfAccount in this runspace failed", result.Errors[1].Exception.Message);
            // The connection made before (to ApiHarness.AccountId) is not used in the place of the one that failed.
            Assert.Equal(0, Assert.Single(result.Objects));
            Assert.Equal($"/client/v4/accounts/{ApiHarness.OtherAccountId}/cni/settings", Assert.Single(shell.Requests).Path);
        }

        [Fact]
        public void Connect_KeepsACredentialThatMayNotReadTheSettings_WithAWarning_AndCanSkipTheCheck()
        {
            const string narrowAccount = "0000000000000000000000000000a403";
            shell.Server.Options.ForbiddenAccounts.Add(narrowAccount);

            PsResult narrow = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u | Out-Null; (Get-CfContext).AccountId",
                ("t", ApiHarness.Token), ("a", narrowAccount), ("u", shell.Server.BaseUri));
            int requests = shell.Requests.Count;
            PsResult skipped = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString wrong-but-unchecked -AsPlainText -Force) -AccountId $a -BaseUri $u -SkipCredentialCheck | Out-Null; Connect-CfAccount -Sandbox | Out-Null",
                ("a", ApiHarness.OtherAccountId), ("u", shell.Server.BaseUri));

            Assert.Empty(narrow.Errors);
            Assert.Contains(narrow.Warnings, w => w.Contains("403"));
            Assert.Equal(narrowAccount, Assert.Single(narrow.Objects));
            Assert.Equal(1, requests);
            Assert.Empty(skipped.Errors);
            Assert.Single(shell.Requests);
        }

        [Fact]
        public async Task Connect_WithoutAnAccount_AsksTheTokenVerifyEndpoint()
        {
            string? asked = null;
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                asked = context.Request.Path;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"result\":{\"id\":\"t\",\"status\":\"active\"},\"success\":true,\"errors\":[],\"messages\":[]}");
            });

            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString tok-0123456789abcdef -AsPlainText -Force) -BaseUri $u -WarningAction SilentlyContinue -Verbose | Out-Null",
                ("u", server.BaseUri));

            Assert.Empty(result.Errors);
            Assert.Equal("/client/v4/user/tokens/verify", asked);
            Assert.Contains("Cloudflare accepted the credential.", result.Verbose);
        }

        [Theory]
        [InlineData("ApiToken", "'tok€n-0123456789'", "API token")]
        [InlineData("ApiToken", "'   '", "API token")]
        [InlineData("ApiKey", "'key 0123456789'", "API key")]
        public void ACredentialNoHeaderCanCarry_IsRefusedAtConnect_WithoutTheValue_AndNothingIsSent(string parameter, string value, string what)
        {
            string email = parameter == "ApiKey" ? " -Email ops@example.com" : string.Empty;

            PsResult result = shell.Run($"Connect-CfAccount -{parameter} (ConvertTo-SecureString {value} -AsPlainText -Force){email} -AccountId $a -BaseUri $u", ("a", ApiHarness.AccountId), ("u", shell.Server.BaseUri));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("The " + what, error.Exception.Message);
            if (value.Trim('\'', ' ').Length > 0)
            {
                Assert.DoesNotContain(value.Trim('\''), result.AllText());
            }

            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void ACredentialNoHeaderCanCarry_InTheEnvironment_IsAnInvalidArgument_NotANetworkError()
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            PsResult result = shell.Run(
                "Disconnect-CfAccount; $env:CLOUDFLARE_API_TOKEN = 'tök-0123456789'; try { Get-CfCniSetting -AccountId $a } finally { Remove-Item Env:CLOUDFLARE_API_TOKEN }", ("a", ApiHarness.AccountId));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidCredential,CloudflareCni.Cmdlets.GetCfCniSettingCommand", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.DoesNotContain("tök", error.Exception.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), "a local error is not retried");
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void AProxyThatRefusesTheConnection_IsNamedAsTheProxy()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString tok-0123456789abcdef -AsPlainText -Force) -AccountId $a -BaseUri https://api.cni.invalid/client/v4 -Proxy $p -MaximumRetryCount 0 -SkipCredentialCheck | Out-Null; Get-CfCniSetting",
                ("p", new Uri("http://127.0.0.1:" + port)), ("a", ApiHarness.AccountId));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("CfApi.ConnectionFailed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains($"Through the proxy http://127.0.0.1:{port}", error.Exception.Message);
            Assert.Contains("Check the proxy", error.ErrorDetails.RecommendedAction);
        }
    }
}
