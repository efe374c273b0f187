using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>
    /// Every cmdlet that talks to the API, in a real PowerShell host, against the sandbox's own emulator behind the
    /// checked loopback server: every operation the module uses is checked at least once, whatever the other tests do.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ContractCoverageTests
    {
        /// <summary>Operations of the contract that no cmdlet calls yet, and who adds them; the test fails once one is called.</summary>
        private static readonly IReadOnlyDictionary<string, string> NotYetCalled = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["magic-interconnects-update-multiple-interconnects"] =
                "no one: the schema leaves its body untyped (only 'id' is required) and its answer has no error per item, so Set-CfCniTunnel sends one PUT per tunnel (issue 20)",
        };

        [Fact]
        public async Task EveryCmdletThatCallsTheApi_CallsEachOperationItUses_WithinTheContract()
        {
            CniEmulator sandbox = CniEmulator.CreateSandbox();
            sandbox.PendingStatusReads = 0;
            await using ConnectedShell shell = await ConnectedShell.StartAsync(sandbox);
            using var folder = new TempFolder();

            // Slots: the listing with every filter, and one by id.
            shell.Invoke("$slots = @(Get-CfCniSlot); $null = Get-CfCniSlot -Site FRA05 -Speed 10G -Occupied:$false -AddressContains Frankfurt; $null = $slots[0] | Get-CfCniSlot");
            // Interconnects of both kinds, as the docs create them (-Type from the parameter set).
            shell.Invoke(
                "$physical = Get-CfCniSlot -Site FRA05 -Occupied:$false -First 1 | New-CfInterconnect -Type direct; " +
                "$gcp = New-CfInterconnect -Bandwidth 1G -PairingKey 7e51371e-72a3-40b5-b844-2e3efefaee59/europe-west4/1; " +
                "$null = Get-CfInterconnect; $null = Get-CfInterconnect -Site FRA05 -Type direct; $null = Get-CfInterconnect -Name $physical.Name; " +
                "$null = $physical | Get-CfInterconnectStatus; $null = $physical, $gcp | Wait-CfInterconnect -PollInterval 0.1 -Timeout 10; " +
                "$null = $physical | Save-CfInterconnectLoa -Path $folder; $null = $physical | Get-CfInterconnectLoaName; " +
                "$null = $physical | Save-CfInterconnectLoa -Path (Join-Path $folder custom.pdf) -CustomerName 'Example Corp'",
                ("folder", folder.Path));
            string physical = shell.Invoke("$physical.Name").Cast<string>().Single();
            // A 4-byte private ASN: the contract's ASN exemption applies, the int32 bound does not.
            shell.Invoke(
                "$cni = $physical | New-CfCni -ConduitName tunnel-fra -Description 'Frankfurt primary' -Mtu 1500 -CustomerAsn 4200000000 -ExtraPrefix 192.0.2.0/24 -Md5Key 'k3y!'; " +
                "$null = Get-CfCni; $null = Get-CfCni -Id $cni.Id; $null = Get-CfCni -Slot $physical.SlotId; $null = Get-CfCni -TunnelId c4a7362d577a6c3019a474fd6f485821; " +
                "$null = Set-CfCni -Id $cni.Id -Mtu 1476 -Confirm:$false; $null = Set-CfCni -Id $cni.Id -BgpMode advertise_only -Confirm:$false");
            // A CNI as users' tests seed it (-SandboxData): without magic.description.
            shell.Emulator.Seed(ApiHarness.AccountId, new JsonObject
            {
                ["cnis"] = new JsonArray(new JsonObject
                {
                    ["interconnect"] = physical,
                    ["magic"] = new JsonObject { ["conduit_name"] = "seeded", ["mtu"] = 1500 },
                }),
            });
            // The Magic tunnels: the listing, one by id, a change validated only and one saved, and a tunnel's CNIs.
            shell.Invoke(
                "$tunnel = Get-CfCniTunnel -Name $physical.Name; $null = Get-CfCniTunnel -TunnelId $tunnel.TunnelId; " +
                "$null = $tunnel | Set-CfCniTunnel -HealthCheckRate high -HealthCheckTarget 10.213.0.1 -ValidateOnly -Confirm:$false; " +
                "$null = $tunnel | Set-CfCniTunnel -HealthCheckType request -InterfaceAddress 192.168.7.1/31 -Confirm:$false; $null = $tunnel | Get-CfCni");
            shell.Invoke(
                "$null = Get-CfCni -Interconnect $physical.Name; " +
                "$null = Get-CfCniSetting; $null = Set-CfCniSetting -DefaultAsn 4200000000 -Confirm:$false; " +
                "Get-CfCni | Remove-CfCni -Confirm:$false; $physical, $gcp | Remove-CfInterconnect -Confirm:$false");

            ContractLog contract = shell.Server.Contract;
            Assert.True(contract.Violations.Count == 0, string.Join("\n", contract.Violations));
            string[] expected = contract.Contract.Operations.Select(o => o.Id).Except(NotYetCalled.Keys).OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, contract.OperationsAnswered.OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(NotYetCalled.Keys, id => Assert.Contains(id, contract.Contract.Operations.Select(o => o.Id)));

            // Each exemption with a patch is still needed: without it, these same exchanges break the contract.
            foreach (ContractExemption exemption in ContractExemptions.Pending.Append(ContractExemptions.AsnBeyondInt32).Append(ContractExemptions.ValidateOnlyQuery))
            {
                ApiContract without = ApiContract.Load(contract.Contract.Source, ContractExemptions.All.Where(e => e != exemption));
                var broken = contract.Exchanges.SelectMany(e => ContractChecker.Check(without, e.Exchange, e.Settings, out _)).ToList();
                Assert.True(broken.Count > 0, $"The exemption {exemption.Name} is no longer needed: delete it from ContractExemptions.");
            }
        }
    }
}
