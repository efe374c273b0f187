using System;
using System.Linq;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// The default tables in a real session, at the widths of real consoles: they never cut a name or id a user types
    /// back, never grow wider than the console, and wrap a value too long for its column instead of cutting it.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ViewTests : IDisposable
    {
        private static readonly string[] SlotIds = { "6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", "7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c", "8c3f2e60-4d5f-4071-8c1d-2e3f4a5b6c7d" };
        private static readonly string[] CniIds = { "b3c78026-6a8e-4a5f-b65c-f7c959d073a8", "c3c78026-6a8e-4a5f-b65c-f7c959d073a9", "d3c78026-6a8e-4a5f-b65c-f7c959d073aa" };

        // Names as long as users give: at 80 columns (79 on a console that keeps its last column free), the CNI table
        // has 20 columns for each of its two names, its narrowest room.
        private static readonly string[] Interconnects = { "fra-interconnect-01", "fra-interconnect-02", "gcp-europe-west4-01" };
        private static readonly string[] Conduits = { "fra-backup-tunnel-01", "fra-backup-tunnel-02" };

        // An estate in the API's own field names: long names, a long facility name and a long reason.
        private static readonly string Estate = $$"""
            {
              "slots": [
                { "id": "{{SlotIds[0]}}", "site": "FRA05", "speed": "10G", "facility": { "name": "Interxion FRA6", "address": ["Hanauer Landstraße 298"] } },
                { "id": "{{SlotIds[1]}}", "site": "FRA05", "speed": "100G", "facility": { "name": "Interxion FRA6 Frankfurt, Hanauer Landstraße campus, building 6", "address": [] } },
                { "id": "{{SlotIds[2]}}", "site": "AMS01", "speed": "10G", "facility": { "name": "Equinix AM3", "address": [] } }
              ],
              "interconnects": [
                { "name": "{{Interconnects[0]}}", "type": "direct", "slot_id": "{{SlotIds[0]}}", "status": { "state": "Down", "reason": "Loss of light on the cross-connect at the customer side of the patch panel" } },
                { "name": "{{Interconnects[1]}}", "type": "direct", "slot_id": "{{SlotIds[1]}}" },
                { "name": "{{Interconnects[2]}}", "type": "gcp_partner", "region": "europe-west4", "speed": "1G" },
                { "name": "ams-1", "type": "direct", "slot_id": "{{SlotIds[2]}}" }
              ],
              "cnis": [
                { "id": "{{CniIds[0]}}", "interconnect": "{{Interconnects[0]}}", "p2p_ip": "192.0.2.0/31", "cust_ip": "192.0.2.1/31",
                  "magic": { "conduit_name": "{{Conduits[0]}}", "description": "", "mtu": 1500 }, "bgp": { "customer_asn": 4200000000, "extra_prefixes": [] } },
                { "id": "{{CniIds[1]}}", "interconnect": "{{Interconnects[1]}}", "p2p_ip": "192.0.2.2/31", "cust_ip": "192.0.2.3/31",
                  "magic": { "conduit_name": "{{Conduits[1]}}", "description": "", "mtu": 1476 } },
                { "id": "{{CniIds[2]}}", "interconnect": "ams-1", "p2p_ip": "192.0.2.4/31", "cust_ip": "192.0.2.5/31",
                  "magic": { "conduit_name": "t1", "description": "", "mtu": 1500 } }
              ]
            }
            """;

        private readonly PowerShellSession shell = new PowerShellSession();

        public ViewTests() => shell.Invoke("$null = Connect-CfAccount -Sandbox -SandboxData $estate -PendingStatusReads 0", ("estate", Estate));

        public void Dispose()
        {
            shell.Run("Disconnect-CfAccount");
            shell.Dispose();
        }

        // ------------------------------------------------------------------ default tables

        [Theory]
        [InlineData(79)] // an 80-column console that keeps its last column free, as Windows PowerShell's does
        [InlineData(80)]
        [InlineData(119)]
        [InlineData(120)]
        [InlineData(200)]
        public void EveryTable_ShowsTheNamesAndIdsWhole_FitsTheWidth_AndCutsNothing(int width)
        {
            // A fault for a command this test never runs, so that it stays queued for Get-CfSandboxFault to show.
            shell.Invoke("Add-CfSandboxFault -Kind TooManyRequests -Count 5 -Command Remove-CfInterconnect -Path '*/interconnects/fra-interconnect-01' -Method DELETE | Out-Null");
            string[] tunnelIds = shell.Invoke("(Get-CfCniTunnel).TunnelId").Cast<string>().ToArray();
            var tables = new (string Command, string[] Whole)[]
            {
                ("Get-CfInterconnect", Interconnects.Concat(new[] { "Physical", "GcpPartner", "gcp_partner", "FRA05", "100G", "europe-west4" }).ToArray()),
                ("Get-CfInterconnectStatus -Name * -ErrorAction SilentlyContinue", Interconnects.Concat(new[] { "Down", "Healthy" }).ToArray()),
                ("Get-CfInterconnectLoaName -Name *", Interconnects.Concat(new[] { "Sandbox account 0a1b2c3d4e5f60718293a4b5c6d7e8f9" }).ToArray()),
                ("Get-CfCni", CniIds.Concat(Interconnects.Take(2)).Concat(Conduits).ToArray()),
                ("Get-CfCniSlot", SlotIds.Concat(new[] { "FRA05", "AMS01", "100G", "Equinix AM3" }).ToArray()),
                ("Get-CfCniSetting", new[] { "65000" }),
                ("Get-CfCniTunnel", tunnelIds.Concat(Interconnects).Concat(new[] { "True", "mid", "reply" }).ToArray()),
                ("Get-CfCni -SinglePage -PageSize 1", new[] { "True" }),
                ("Get-CfSandboxFault", new[] { "TooManyRequests", "Remove-CfInterconnect", "DELETE" }),
                ("Get-CfSandboxRequest", new[] { "Get-CfInterconnectStatus", "Get-CfInterconnect", "Get-CfCniSlot", "GET" }),
                ("(Get-CfContext).RateBudget", new[] { "Headers", "1200", "120", "300", "default" }),
                ("Get-CfSandboxRateLimit", new[] { "True", "1200", "300" }),
            };

            foreach ((string command, string[] whole) in tables)
            {
                string table = shell.Invoke(command + " | Out-String -Width $w", ("w", width)).Cast<string>().Single();

                Assert.True(table.Split('\n').Length > 3, command + " wrote no table");
                Assert.All(table.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"{command} at {width}: a line of {line.TrimEnd().Length}: {line}"));
                Assert.DoesNotContain("…", table, StringComparison.Ordinal);
                Assert.All(whole, value => Assert.True(table.Contains(value, StringComparison.Ordinal), $"{command} at {width} does not show '{value}' whole:\n{table}"));
            }
        }

        [Fact]
        public void ANameLongerThanItsRoom_Wraps_AndIsNeverCut()
        {
            string longName = "fra-backup-interconnect-for-the-frankfurt-disaster-recovery-site-07";
            shell.Invoke("$null = Connect-CfAccount -Sandbox -SandboxData $d", ("d", $$"""{ "interconnects": [ { "name": "{{longName}}", "type": "gcp_partner", "region": "europe-west4", "speed": "1G" } ] }"""));

            string table = shell.Invoke("Get-CfInterconnect | Out-String -Width 80").Cast<string>().Single();

            Assert.DoesNotContain("…", table, StringComparison.Ordinal);
            // Wrapped within its column: the lines' ends, joined, give the name back.
            string[] rows = table.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Skip(2).ToArray();
            int column = rows[0].IndexOf("fra-backup", StringComparison.Ordinal);
            Assert.Equal(longName, string.Concat(rows.Select(r => r.Substring(column))));
        }

        [Theory]
        [InlineData("Get-CfInterconnect -Name ams-1", "Get-CfInterconnect -Name fra-interconnect-01", "fra-interconnect-01")]
        [InlineData("Get-CfInterconnectStatus -Name ams-1", "Get-CfInterconnectStatus -Name gcp-europe-west4-01", "gcp-europe-west4-01")]
        [InlineData("Get-CfCni -Id d3c78026-6a8e-4a5f-b65c-f7c959d073aa", "Get-CfCni -Id b3c78026-6a8e-4a5f-b65c-f7c959d073a8", "fra-backup-tunnel-01")]
        public void ALongerNameThatComesLater_IsNotCut_ByColumnsSizedFromTheFirstObjects(string first, string later, string name)
        {
            // PowerShell sizes a table whose first column has no width from the objects that came within 300 ms (and
            // the one that ended the wait), and cuts longer values that come after them.
            string table = shell.Invoke("& { " + first + "; Start-Sleep -Milliseconds 600; " + first + "; " + later + " } | Out-String -Width 120").Cast<string>().Single();

            Assert.Contains(name, table, StringComparison.Ordinal);
            Assert.DoesNotContain("…", table, StringComparison.Ordinal);
        }
    }
}
