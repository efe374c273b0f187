using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>The cmdlets that change things, in a real PowerShell session over loopback: what is sent, and when nothing is.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ChangeTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;
        private string slot = string.Empty;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync();
            slot = shell.AddSlot();
            shell.AddSlot();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void NewInterconnect_PostsTheSlot_AndWritesThePhysicalInterconnect()
        {
            var created = Assert.IsType<PhysicalInterconnect>(Assert.Single(shell.Invoke("New-CfInterconnect -SlotId $slot -Type direct -Speed 10G", ("slot", slot))));

            RecordedRequestAssert.Post(shell, "/interconnects", $"{{\"account\":\"{ApiHarness.AccountId}\",\"slot_id\":\"{slot}\",\"type\":\"direct\",\"speed\":\"10G\"}}");
            Assert.Equal(slot, created.SlotId);
        }

        [Fact]
        public void NewInterconnect_GcpPartner_PostsBandwidthAndKey()
        {
            const string key = "7e51371e-72a3-40b5-b844-2e3efefaee59/europe-west4/1";

            var created = Assert.IsType<GcpPartnerInterconnect>(Assert.Single(shell.Invoke("New-CfInterconnect -Bandwidth 500M -PairingKey $key", ("key", key))));

            RecordedRequestAssert.Post(shell, "/interconnects", $"{{\"account\":\"{ApiHarness.AccountId}\",\"bandwidth\":\"500M\",\"pairing_key\":\"{key}\",\"type\":\"gcp_partner\"}}");
            Assert.Equal("europe-west4", created.Region);
        }

        [Fact]
        public void NewCni_WithBgp_PostsEveryField_AndWithoutAnAsn_SendsNoBgp()
        {
            string icon = NewInterconnect();

            shell.Invoke("$null = New-CfCni -Interconnect $icon -ConduitName t1 -Description d -Mtu 1500 -CustomerAsn 4200000000 -ExtraPrefix 192.0.2.0/24 -Md5Key 'k!y'", ("icon", icon));
            shell.Invoke("$null = New-CfCni -Interconnect $icon -ConduitName t2 -Mtu 1400", ("icon", icon));

            var posts = shell.Writes.Where(r => r.Path.EndsWith("/cnis", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                $"{{\"account\":\"{ApiHarness.AccountId}\",\"interconnect\":\"{icon}\",\"magic\":{{\"conduit_name\":\"t1\",\"description\":\"d\",\"mtu\":1500}}," +
                "\"bgp\":{\"customer_asn\":4200000000,\"extra_prefixes\":[\"192.0.2.0/24\"],\"md5_key\":\"k!y\"}}",
                posts[0].Body);
            Assert.DoesNotContain("bgp", posts[1].Body);
        }

        [Fact]
        public void NewCni_WithAPrefixButNoAsn_IsRefusedBeforeAnyRequest_WithTheRuleAndTheParameter()
        {
            PsResult result = shell.Run("New-CfCni -Interconnect icon-x -ConduitName t -Mtu 1500 -ExtraPrefix 192.0.2.0/24");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("CfValidation.BgpNeedsCustomerAsn,CloudflareCni.Cmdlets.NewCfCniCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal("ExtraPrefix", ((ArgumentException)error.Exception).ParamName);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void SetCni_ById_ReadsThenPutsEveryFieldBack_WithOnlyTheChangeApplied()
        {
            string id = NewCni(NewInterconnect());
            JsonObject before = shell.Emulator.GetCnis(ApiHarness.AccountId).Single();
            shell.Server.ClearRequests();

            shell.Invoke("Set-CfCni -Id $id -Mtu 1400", ("id", id));

            Assert.Equal(new[] { "GET", "PUT" }, shell.Requests.Select(r => r.Method));
            JsonObject sent = JsonNode.Parse(shell.Requests[1].Body!)!.AsObject();
            before["magic"]!["mtu"] = 1400;
            Assert.True(JsonNode.DeepEquals(before, sent), sent.ToJsonString());
        }

        [Fact]
        public void SetCni_ById_WithNothingToChange_IsRefusedBeforeAnyRequest()
        {
            PsResult result = shell.Run("Set-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");

            Assert.Equal("CfValidation.NothingToChange,CloudflareCni.Cmdlets.SetCfCniCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void SetCni_ACustomerIpOutsideTheCurrentPrefix_IsRefusedAfterTheReadAndBeforeTheWrite()
        {
            string id = NewCni(NewInterconnect());
            shell.Server.ClearRequests();

            PsResult result = shell.Run("Set-CfCni -Id $id -CustomerIp 10.9.9.9/31", ("id", id));

            Assert.Equal("CfValidation.CustomerIpOutsidePrefix,CloudflareCni.Cmdlets.SetCfCniCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(new[] { "GET" }, shell.Requests.Select(r => r.Method));
        }

        [Fact]
        public void Settings_GetWritesThem_AndSetPutsTheAsn_AndPassesThroughOnlyWhenAsked()
        {
            var settings = Assert.IsType<CniSettings>(Assert.Single(shell.Invoke("Get-CfCniSetting")));
            // The highest ASN the one ASN rule lets through, beyond the schema's int32: sent, and Cloudflare's answer decides.
            Assert.Empty(shell.Invoke("Set-CfCniSetting -DefaultAsn 4294967294"));
            var changed = Assert.IsType<CniSettings>(Assert.Single(shell.Invoke("Set-CfCniSetting -DefaultAsn 64512 -PassThru")));

            Assert.Equal((65000L, 64512L), (settings.DefaultAsn, changed.DefaultAsn));
            Assert.Equal("{\"default_asn\":4294967294}", shell.Writes[0].Body);
        }

        [Fact]
        public void WhatIf_SendsNoWriteRequest_AndOnlySetReadsFirst_AndTheRestNeedNoConnection()
        {
            string icon = NewInterconnect();
            string id = NewCni(icon);
            shell.Server.ClearRequests();
            string[] commands =
            {
                $"New-CfInterconnect -SlotId {slot} -Type direct",
                "New-CfInterconnect -Bandwidth 1G -PairingKey 7e51371e-72a3-40b5-b844-2e3efefaee59/us-central1/1",
                $"Remove-CfInterconnect -Name {icon}",
                $"New-CfCni -Interconnect {icon} -ConduitName t -Mtu 1500",
                $"Set-CfCni -Id {id} -Mtu 1400",
                $"Remove-CfCni -Id {id}",
                "Set-CfCniSetting -DefaultAsn 1",
                $"Save-CfInterconnectLoa -Name {icon} -Path (Join-Path ([IO.Path]::GetTempPath()) whatif-{Guid.NewGuid():N}.pdf)",
            };

            foreach (string command in commands)
            {
                PsResult connected = shell.Run(command + " -WhatIf");
                Assert.True(connected.Errors.Count == 0, command + ": " + string.Join("; ", connected.Errors));
                Assert.Contains("What if:", connected.HostText);
            }

            // Set-CfCni reads the CNI to show each change as old → new, and Remove-CfCni reads it to name it; nothing is written.
            Assert.Empty(shell.Writes);
            Assert.Equal(new[] { "GET", "GET" }, shell.Requests.Select(r => r.Method));
            using var disconnected = new PowerShellSession();
            foreach (string command in commands.Where(c => !c.StartsWith("Set-CfCni ", StringComparison.Ordinal)))
            {
                PsResult result = disconnected.Run(command + " -WhatIf");
                Assert.True(result.Errors.Count == 0, command + ": " + string.Join("; ", result.Errors));
            }
        }

        [Fact]
        public void Confirm_AnsweredNo_SendsNothing_AndYesToAll_DeletesTheRest()
        {
            string icon = NewInterconnect();
            string[] ids = { NewCni(icon), NewCni(icon), NewCni(icon) };
            shell.Server.ClearRequests();
            shell.Shell.Host.Prompts.Answer("No", "Yes to All");

            PsResult result = shell.Run("$ids | Remove-CfCni", ("ids", ids));

            Assert.Empty(result.Errors);
            // "No" for the first, "Yes to All" for the second, and no question for the third.
            Assert.Equal(2, shell.Shell.Host.Prompts.Shown.Count);
            Assert.Equal(new[] { "/cnis/" + ids[1], "/cnis/" + ids[2] }, shell.Writes.Select(r => r.Path.Substring(r.Path.IndexOf("/cnis/", StringComparison.Ordinal))));
            Assert.Single(shell.Emulator.GetCnis(ApiHarness.AccountId));
        }

        [Fact]
        public void Remove_InAHostThatCannotPrompt_IsAnErrorAndSendsNothing_UnlessForced()
        {
            string icon = NewInterconnect();
            string id = NewCni(icon);
            shell.Server.ClearRequests();

            PsResult refused = shell.Run("Remove-CfCni -Id $id", ("id", id));
            PsResult forcedWhatIf = shell.Run("Remove-CfCni -Id $id -Force -WhatIf", ("id", id));
            Assert.Empty(shell.Writes);

            PsResult forced = shell.Run("Remove-CfCni -Id $id -Force", ("id", id));

            Assert.NotEmpty(refused.Errors);
            Assert.Empty(forcedWhatIf.Errors);
            Assert.Empty(forced.Errors);
            Assert.Single(shell.Writes);
            Assert.Empty(shell.Emulator.GetCnis(ApiHarness.AccountId));
        }

        [Fact]
        public void RemoveInterconnect_DeletesEachName_AndReportsAMissingOneWithoutStopping()
        {
            string first = NewInterconnect();
            string second = NewInterconnect();

            PsResult result = shell.Run("$first, 'icon-missing', $second | Remove-CfInterconnect -Force", ("first", first), ("second", second));

            Assert.Equal("CfApi.NotFound,CloudflareCni.Cmdlets.RemoveCfInterconnectCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Empty(shell.Emulator.GetInterconnects(ApiHarness.AccountId));
        }

        [Fact]
        public void SaveLoa_WritesThePdf_ToTheDefaultNameInTheCurrentLocation_OrIntoAFolder_AndPassThruWritesTheFile()
        {
            string icon = NewInterconnect();
            using var folder = new TempFolder();
            Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));

            var saved = shell.Invoke("Set-Location $folder; Save-CfInterconnectLoa -Name $icon -PassThru; Save-CfInterconnectLoa -Name $icon -Path sub", ("folder", folder.Path), ("icon", icon));

            FileInfo file = Assert.IsType<FileInfo>(Assert.Single(saved));
            Assert.Equal(Path.Combine(folder.Path, icon + "-loa.pdf"), file.FullName);
            Assert.StartsWith("%PDF-", File.ReadAllText(file.FullName), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder.Path, "sub", icon + "-loa.pdf")));
        }

        [Fact]
        public void SaveLoa_OverAnExistingFile_AsksFirst_KeepsTheFileWhenDeclined_AndForceReplacesWithoutAsking()
        {
            string icon = NewInterconnect();
            using var folder = new TempFolder();
            string target = Path.Combine(folder.Path, "loa.pdf");
            File.WriteAllText(target, "keep me");
            shell.Shell.Host.Prompts.Answer("No");

            PsResult declined = shell.Run("Save-CfInterconnectLoa -Name $icon -Path $target", ("icon", icon), ("target", target));
            PsResult noPrompt = shell.Run("Save-CfInterconnectLoa -Name $icon -Path $target", ("icon", icon), ("target", target));
            Assert.Equal("keep me", File.ReadAllText(target));
            PsResult forced = shell.Run("Save-CfInterconnectLoa -Name $icon -Path $target -Force", ("icon", icon), ("target", target));

            Assert.Equal("CfLoa.FileExists,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand", Assert.Single(declined.Errors).FullyQualifiedErrorId);
            Assert.Equal("CfLoa.FileExists,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand", Assert.Single(noPrompt.Errors).FullyQualifiedErrorId);
            Assert.Empty(forced.Errors);
            Assert.StartsWith("%PDF-", File.ReadAllText(target), StringComparison.Ordinal);
            Assert.Single(shell.Requests, r => r.Path.EndsWith("/loa", StringComparison.Ordinal));
        }

        [Fact]
        public void SaveLoa_IntoAMissingFolder_IsAnErrorBeforeAnyRequest()
        {
            PsResult result = shell.Run("Save-CfInterconnectLoa -Name icon-x -Path (Join-Path ([IO.Path]::GetTempPath()) 'no-such-folder-7f3a/loa.pdf')");

            Assert.Equal("CfLoa.FolderNotFound,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void Wait_PollsUntilTheStateIsReached_WithProgress_AndATimeoutNamesTheStateItWasIn()
        {
            string icon = NewInterconnect();

            PsResult reached = shell.Run("Wait-CfInterconnect -Name $icon -PollInterval 1", ("icon", icon));
            int statusReads = shell.Requests.Count(r => r.Path.EndsWith("/status", StringComparison.Ordinal));
            PsResult timedOut = shell.Run("Wait-CfInterconnect -Name $icon -State Down -Timeout 1 -PollInterval 1", ("icon", icon));

            var status = Assert.IsType<InterconnectStatus>(Assert.Single(reached.Objects));
            Assert.Equal(("Healthy", icon), (status.State, status.Name));
            // The emulator reports a new interconnect Pending for two reads: Pending, Pending, Healthy.
            Assert.Equal(3, statusReads);
            Assert.Contains(reached.Progress, p => p.RecordType == ProgressRecordType.Completed);
            ErrorRecord error = Assert.Single(timedOut.Errors);
            Assert.Equal(("CfWait.Timeout,CloudflareCni.Cmdlets.WaitCfInterconnectCommand", ErrorCategory.OperationTimeout), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Contains("it is Healthy", error.Exception.Message);
        }

        private string NewInterconnect() =>
            shell.Invoke("(New-CfInterconnect -SlotId (Get-CfCniSlot -Occupied:$false -First 1).Id -Type direct).Name").Cast<string>().Single();

        private string NewCni(string icon) =>
            shell.Invoke("(New-CfCni -Interconnect $icon -ConduitName t -Mtu 1500).Id", ("icon", icon)).Cast<string>().Single();
    }

    internal static class RecordedRequestAssert
    {
        public static void Post(ConnectedShell shell, string relative, string body)
        {
            Emulator.RecordedRequest sent = Assert.Single(shell.Writes);
            Assert.Equal(("POST", $"/client/v4/accounts/{ApiHarness.AccountId}/cni{relative}", body), (sent.Method, sent.Path, sent.Body));
        }
    }
}
