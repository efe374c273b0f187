using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Names, ids and patterns match the same under tr-TR (where 'i' upper-cases to 'İ' and 'I' lower-cases to 'ı'),
    /// de-DE and en-US: connections, interconnects, CNIs, slots, sites, sandbox filters and Tab completion.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class CultureTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;
        private string cni = string.Empty;
        private string icon = string.Empty;

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync();
            string slot = shell.AddSlot(site: "IAD01");
            icon = shell.Invoke("(New-CfInterconnect -SlotId $slot -Type direct).Name", ("slot", slot)).Cast<string>().Single();
            cni = shell.Invoke("(New-CfCni -Interconnect $i -ConduitName tunnel-iad -Mtu 1500).Id", ("i", icon)).Cast<string>().Single();
            shell.Invoke("Connect-CfAccount -Sandbox -Name LAB-IAD | Out-Null");
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void NamesAndPatterns_MatchTheSame_UnderTurkishGermanAndEnglish()
        {
            var seen = new Dictionary<string, string[]>();
            foreach (string culture in new[] { "tr-TR", "de-DE", "en-US" })
            {
                PsResult result = shell.Run(
                    "$saved = [cultureinfo]::CurrentCulture; [cultureinfo]::CurrentCulture = $culture; " +
                    "function Complete([string] $text) { ([System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches.CompletionText | Sort-Object) -join ',' } " +
                    "try { " +
                    "  Clear-CfSandboxRequest -Connection lab-iad; 'i'.ToUpper(); 'I'.ToLower(); " +
                    "  (Get-CfContext -Name 'lab-iad*').ConnectionName; (Get-CfCniSlot -Connection 'lab-iad' -First 1 | Measure-Object).Count; " +
                    "  (Get-CfInterconnect -Name 'ICON-*').Name; (Get-CfCni -Interconnect 'ICON-*').Id; (Get-CfCni -Id $cni.ToUpperInvariant()).Id; " +
                    "  Complete 'Get-CfCniSlot -Site iad'; Complete 'Get-CfInterconnect -Name ICON-'; Complete 'Get-CfCni -Connection lab-i'; " +
                    "  Complete 'Disconnect-CfAccount -Name LAB-i'; Complete 'Set-CfCni -Property DESCRI'; Complete 'Get-CfSandboxRequest -Command GET-CFINTERCONNECTS'; " +
                    "  Get-CfCni -Id $cni | Set-CfCni -Property DESCRIPTION -WhatIf; " +
                    "  @(Get-CfSandboxRequest -Connection lab-iad -Path '*/SLOTS' -Command 'GET-CFCNISLOT').Count " +
                    "} finally { [cultureinfo]::CurrentCulture = $saved }",
                    ("culture", culture),
                    ("cni", cni));

                Assert.True(result.Errors.Count == 0 && result.Terminating is null, culture + ": " + string.Join(" | ", result.Errors) + result.Terminating);
                seen[culture] = result.Objects.Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture)!).ToArray();
            }

            // The test means something only where casing really differs from the invariant culture's.
            Assert.Equal(new[] { "İ", "ı" }, seen["tr-TR"].Take(2));
            Assert.Equal(new[] { "I", "i" }, seen["en-US"].Take(2));
            string[] expected =
            {
                "LAB-IAD", "1", icon, cni, cni, "IAD01", icon, "LAB-IAD", "LAB-IAD", "Description", "Get-CfInterconnectStatus", "1",
            };
            Assert.Equal(expected, seen["tr-TR"].Skip(2));
            Assert.Equal(expected, seen["de-DE"].Skip(2));
            Assert.Equal(expected, seen["en-US"].Skip(2));
        }
    }
}
