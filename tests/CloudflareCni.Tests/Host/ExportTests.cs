using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The fields the module does not model, in a real session: listed after the known ones by Format-List *, Select-Object *,
    /// Export-Csv and ConvertTo-Json, reachable by their API names, editable, with no member added to any object and
    /// nothing of the module's own bookkeeping exported.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ExportTests : IDisposable
    {
        private const string CniId = "b3c78026-6a8e-4a5f-b65c-f7c959d073a8";
        private const string SlotId = "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";

        // Fields the module does not model, at the top level and nested, on a slot, an interconnect, a CNI and a tunnel; and a CNI without any.
        private const string Estate = """
            {
              "slots": [ { "id": "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", "site": "FRA05", "speed": "10G", "facility": { "name": "Interxion FRA6", "address": [], "floor": 3 } } ],
              "interconnects": [ { "name": "fra-interconnect-01", "type": "direct", "slot_id": "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b" } ],
              "cnis": [
                { "id": "b3c78026-6a8e-4a5f-b65c-f7c959d073a8", "interconnect": "fra-interconnect-01", "p2p_ip": "192.0.2.0/31", "cust_ip": "192.0.2.1/31", "bgp_mode": "dynamic_route_exchange", "lag": { "members": 2 },
                  "magic": { "conduit_name": "fra-backup-tunnel-01", "description": "", "mtu": 1500, "ttl": 64 }, "bgp": { "customer_asn": 65010, "extra_prefixes": [], "hold_time": 90 } },
                { "id": "c3c78026-6a8e-4a5f-b65c-f7c959d073a9", "interconnect": "fra-interconnect-01", "p2p_ip": "192.0.2.2/31", "cust_ip": "192.0.2.3/31",
                  "magic": { "conduit_name": "fra-backup-tunnel-02", "description": "", "mtu": 1476 } }
              ],
              "magic": { "cf_interconnects": [ { "interconnect": "fra-interconnect-01", "bgp_status": "established", "bgp": { "customer_asn": 65010, "as_no": 65010 } } ] }
            }
            """;

        private readonly PowerShellSession shell = new PowerShellSession();

        public ExportTests() => shell.Invoke("$null = Connect-CfAccount -Sandbox -SandboxData $estate -PendingStatusReads 0", ("estate", Estate));

        public void Dispose()
        {
            shell.Run("Disconnect-CfAccount");
            shell.Dispose();
        }

        [Theory]
        [InlineData("Get-CfCni -Id " + CniId,
            "Id,Interconnect,ConduitName,Description,Mtu,CustomerIp,CloudflareIp,CustomerAsn,ExtraPrefix,Md5Key,BgpMode,Account",
            "Lag,MagicTtl,BgpHoldTime", "lag,magic.ttl,bgp.hold_time")]
        [InlineData("Get-CfInterconnect -Name fra-interconnect-01",
            "Name,Kind,Type,Location,Speed,Site,SlotId,FacilityName,FacilityAddress,Region,VirtualPortReservationId,CcrDeviceName,Owner,Account",
            "FacilityFloor", "facility.floor")]
        [InlineData("Get-CfCniTunnel",
            "TunnelId,Name,Description,ColoName,Version,VirtualPortReservationId,InterfaceAddress,InterfaceAddress6,Mtu,HealthCheckEnabled,HealthCheckRate," +
            "HealthCheckType,HealthCheckTarget,HealthCheckEffectiveTarget,AutomaticReturnRouting,CustomerAsn,ExtraPrefix,Md5Key,BgpImportFilterId," +
            "BgpExportFilterId,GreCloudflareEndpoint,CreatedOn,ModifiedOn,Account",
            "BgpStatus,BgpAsNo", "bgp_status,bgp.as_no")]
        [InlineData("Get-CfCniSlot -Id " + SlotId,
            "Id,Site,Speed,Occupied,FacilityName,FacilityAddress,OccupiedBy,CcrDeviceName",
            "FacilityFloor", "facility.floor")]
        public void KnownFieldsComeFirst_InJsonCsvListsAndSelect_AndNoBookkeepingIsExported(string get, string known, string unknown, string jsonNames)
        {
            string[] expected = (known + "," + unknown).Split(',');
            string json = shell.Invoke(get + " | ConvertTo-Json -Compress").Cast<string>().Single();
            string csvHeader = shell.Invoke(get + " | ConvertTo-Csv | Select-Object -First 1").Cast<string>().Single();
            string list = shell.Invoke(get + " | Format-List * | Out-String -Width 200").Cast<string>().Single();
            string[] selected = shell.Invoke("(" + get + " | Select-Object *).PSObject.Properties.Name").Cast<string>().ToArray();

            using (JsonDocument document = JsonDocument.Parse(json))
            {
                Assert.Equal(expected, document.RootElement.EnumerateObject().Select(p => p.Name));
            }

            Assert.Equal(expected, csvHeader.Replace("\"", string.Empty).Split(','));
            Assert.Equal(expected, list.Split('\n').Where(l => l.Contains(" : ", StringComparison.Ordinal) || l.TrimEnd().EndsWith(" :", StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()));
            Assert.Equal(expected, selected);
            // The API's names of the unknown fields stay reachable, by a method that no export carries.
            Assert.Equal(jsonNames.Split(','), shell.Invoke("(" + get + ").GetAdditionalFieldNames()").Cast<string>());
            Assert.DoesNotContain("AdditionalField", json + csvHeader + list, StringComparison.Ordinal);
        }

        [Fact]
        public void NoObjectIsGivenMembersOfItsOwn_WithOrWithoutUnknownFields()
        {
            // A member added to each object would cost every listing; the fields come from the types' adapter instead.
            object?[] counts = shell.Invoke(
                "$all = @(Get-CfInterconnect) + @(Get-CfCni) + @(Get-CfCniSlot) + @(Get-CfInterconnectStatus -Name *) + @(Get-CfCniSetting); " +
                "$all.Count; @($all | ForEach-Object { $_.PSObject.Members } | Where-Object { $_.MemberType -eq 'NoteProperty' }).Count; " +
                "@($all | Where-Object { $_.GetAdditionalFieldNames().Count -gt 0 }).Count").ToArray();

            Assert.Equal(6, counts[0]);
            Assert.Equal(0, counts[1]);
            // Both kinds were looked at: three with fields the module does not model (the slot's facility.floor, which the
            // interconnect on it shares; the first CNI has its own), three without.
            Assert.Equal(3, counts[2]);
        }

        [Fact]
        public void ThePagesOfSinglePage_ShowTheUnknownFieldsOfTheirItems()
        {
            object?[] shown = shell.Invoke("$page = Get-CfCni -SinglePage; $page.Items[0].BgpHoldTime; $page.Items[0].MagicTtl").ToArray();

            Assert.Equal(new object?[] { 90L, 64L }, shown);
        }

        [Fact]
        public void ATunnelsUnknownField_ThatTheUpdateRequestCannotCarry_OrADeprecatedOneOfItsBgpSession_IsRefused()
        {
            PsResult result = shell.Run(
                "$t = Get-CfCniTunnel; $t.BgpAsNo = 65011; $t | Set-CfCniTunnel -Confirm:$false; " +
                "$t = Get-CfCniTunnel; $t.BgpStatus = 'idle'; $t | Set-CfCniTunnel -Confirm:$false; @(Get-CfSandboxRequest -Method PUT).Count");

            Assert.Equal(new object[] { 0 }, result.Objects);
            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("CfValidation.UnknownProperty,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            // as_no only restates customer_asn, which the session has: a stale one beside it could undo a change of customer_asn.
            Assert.Contains("bgp.as_no (deprecated, and customer_asn is sent), which a change cannot send", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("bgp_status, which a change cannot send", result.Errors[1].Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnUnknownField_CanBeEdited_InsideANestedValueToo_AndSetCfCniSendsTheEdit()
        {
            PsResult result = shell.Run(
                "$c = Get-CfCni -Id $id; $c.BgpMode = 'advertise_only'; $c.Lag.members = 4; $c.BgpMode; $c.Lag.members; " +
                "$c | Set-CfCni -Confirm:$false; (Get-CfSandboxRequest -Method PUT).Body",
                ("id", CniId));

            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { "advertise_only", 4 }, result.Objects.Take(2));
            using (JsonDocument sent = JsonDocument.Parse((string)result.Objects.Last()))
            {
                Assert.Equal("advertise_only", sent.RootElement.GetProperty("bgp_mode").GetString());
                Assert.Equal(4, sent.RootElement.GetProperty("lag").GetProperty("members").GetInt32());
                Assert.Equal(64, sent.RootElement.GetProperty("magic").GetProperty("ttl").GetInt32());
            }
        }

        [Fact]
        public void EveryApiType_HasTheAdapterThatShowsItsUnknownFields()
        {
            // PowerShell finds a type adapter by the object's exact type: a new type missing from types.ps1xml would
            // show its unknown fields nowhere.
            string[] types = typeof(CfObject).Assembly.GetTypes()
                .Where(t => t.IsSubclassOf(typeof(CfObject)) && !t.IsAbstract)
                .Select(t => t.FullName!)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();

            var adapters = shell.Invoke("foreach ($t in $types) { '{0}={1}' -f $t, (Get-TypeData -TypeName $t).TypeAdapter.FullName }", ("types", types)).Cast<string>();

            // Reflection found the module's types (a new type needs no line here: the next assertion covers it).
            Assert.True(types.Length >= 7, "Reflection found only " + types.Length + " API types: " + string.Join(", ", types));
            Assert.Equal(types.Select(t => t + "=CloudflareCni.CfObjectAdapter"), adapters);
        }
    }
}
