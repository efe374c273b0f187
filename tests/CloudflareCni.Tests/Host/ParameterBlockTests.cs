using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Parameters declared once in a shared block (Cmdlets/Parameters) and offered by each cmdlet through
    /// IDynamicParameters: PowerShell must bind, complete, show and document them as it does a cmdlet's own.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ParameterBlockTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;
        private string[] icons = new string[0];

        public async Task InitializeAsync()
        {
            shell = await ConnectedShell.StartAsync(new Emulator.CniEmulator { PendingStatusReads = 0 });
            shell.AddSlot("AMS01");
            shell.AddSlot("FRA05");
            icons = shell.Invoke("Get-CfCniSlot | New-CfInterconnect -Type direct | ForEach-Object Name").Cast<string>().ToArray();
            shell.Server.ClearRequests();
        }

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Theory]
        [InlineData("Get-CfInterconnectStatus", "All")]
        [InlineData("Get-CfInterconnectLoaName", "All")]
        [InlineData("Get-CfInterconnect", "List")]
        [InlineData("Save-CfInterconnectLoa", "Name")]
        [InlineData("Wait-CfInterconnect", "Name")]
        public void TheInterconnectNameBlock_HasTheSetsPositionAliasesAndRulesOfADeclaredParameter(string command, string defaultSet)
        {
            CmdletInfo info = shell.Invoke("Get-Command $c", ("c", command)).Cast<CmdletInfo>().Single();
            ParameterMetadata name = info.Parameters["Name"];
            ParameterMetadata input = info.Parameters["InputObject"];
            string syntax = string.Join("\n", shell.Invoke("Get-Command $c -Syntax", ("c", command)).Select(o => o.ToString()));

            Assert.True(name.IsDynamic);
            Assert.Equal(typeof(string[]), name.ParameterType);
            Assert.Equal(new[] { "Icon", "Interconnect" }, name.Aliases.OrderBy(a => a, StringComparer.Ordinal));
            Assert.Equal(new[] { "InputObject", "Name" }, name.ParameterSets.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(new[] { "InputObject" }, input.ParameterSets.Keys);
            Assert.Equal((true, 0, false), (name.ParameterSets["Name"].IsMandatory, name.ParameterSets["Name"].Position, name.ParameterSets["Name"].ValueFromPipelineByPropertyName));
            Assert.True(name.ParameterSets["InputObject"].ValueFromPipelineByPropertyName);
            Assert.True(input.ParameterSets["InputObject"].ValueFromPipeline && input.ParameterSets["InputObject"].IsMandatory);
            Assert.Contains(name.Attributes, a => a is SupportsWildcardsAttribute);
            Assert.Contains(name.Attributes, a => a is Validation.ValidateInterconnectNameAttribute);
            // Only the reading cmdlets default to every interconnect (All, or Get-CfInterconnect's listing); the others need names.
            Assert.Equal(defaultSet, info.DefaultParameterSet);
            Assert.Contains(command + " [-Name] <string[]>", syntax, StringComparison.Ordinal);
            Assert.Contains(" -InputObject <psobject>", syntax, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Get-CfInterconnectStatus")]
        [InlineData("Get-CfInterconnect")]
        [InlineData("Wait-CfInterconnect")]
        public void TheInterconnectNameBlock_BindsByPosition_ByValue_ByPropertyName_AndFromPSDefaultParameterValues(string command)
        {
            string Names(string script) =>
                string.Join(",", shell.Invoke(script.Replace("& $c", "& $c @more") + " | ForEach-Object Name", ("c", command), ("a", icons[0]), ("b", icons[1]), ("more", More(command))).Select(o => o.ToString()));

            Assert.Equal(icons[0], Names("& $c $a"));
            Assert.Equal(icons[1], Names("& $c -Icon $b"));
            Assert.Equal($"{icons[0]},{icons[1]}", Names("$a, $b | & $c"));
            Assert.Equal($"{icons[0]},{icons[1]}", Names("Get-CfInterconnect | & $c"));
            Assert.Equal(icons[1], Names("[pscustomobject]@{ Name = $b } | & $c"));
            Assert.Equal(icons[0], Names("[pscustomobject]@{ Interconnect = $a } | & $c"));
            Assert.Equal($"{icons[0]},{icons[1]}", Names("& $c 'icon-*'"));
            Assert.Equal(icons[1], Names("& { $PSDefaultParameterValues[\"$($c):Name\"] = $b; try { & $c } finally { $PSDefaultParameterValues.Clear() } }"));
        }

        [Theory]
        [InlineData("Get-CfInterconnectStatus")]
        [InlineData("Get-CfInterconnect")]
        [InlineData("Save-CfInterconnectLoa")]
        [InlineData("Wait-CfInterconnect")]
        public void TheInterconnectNameBlock_IsRefusedAndCompletedAsADeclaredParameterIs(string command)
        {
            string whatIf = command == "Save-CfInterconnectLoa" ? " -WhatIf" : string.Empty;
            PsResult blank = shell.Run("& $c -Name ''" + whatIf, ("c", command));
            PsResult slot = shell.Run("Get-CfCniSlot -First 1 | & $c" + whatIf, ("c", command));
            shell.Server.ClearRequests();

            Assert.Equal("ParameterArgumentValidationError", Assert.Single(blank.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("CfValidation.UnsupportedInput", Assert.Single(slot.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(icons.OrderBy(n => n, StringComparer.Ordinal), shell.Complete(command + " -Name icon-").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(icons.OrderBy(n => n, StringComparer.Ordinal), shell.Complete(command + " icon-").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Contains("-Name", shell.Complete(command + " -Na"));
            // Hidden as it is declared (DontShow): piped objects bind it, nobody types it.
            Assert.DoesNotContain("-InputObject", shell.Complete(command + " -In"));
        }

        [Theory]
        [InlineData("Get-CfInterconnectStatus")]
        [InlineData("Get-CfInterconnect")]
        [InlineData("Save-CfInterconnectLoa")]
        [InlineData("Wait-CfInterconnect")]
        public void TheInterconnectNameBlock_IsInTheHelp_AsTheDocsDescribeIt(string command)
        {
            string help = string.Join("\n", shell.Invoke("Get-Help $c -Parameter Name | Out-String -Width 200", ("c", command)).Select(o => o.ToString()));

            Assert.Contains("Required?                    true", help, StringComparison.Ordinal);
            Assert.Contains("Position?                    0", help, StringComparison.Ordinal);
            Assert.Contains("Accept pipeline input?       true (ByPropertyName)", help, StringComparison.Ordinal);
            Assert.Contains("Aliases                      Icon, Interconnect", help, StringComparison.Ordinal);
            Assert.Contains("Accept wildcard characters?  true", help, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Get-CfCni")]
        [InlineData("Remove-CfCni")]
        public void TheCniIdBlock_HasTheSetsPositionAndRules_AndBindsByPositionValueAndPropertyName(string command)
        {
            string[] ids = shell.Invoke("$icons | ForEach-Object { (New-CfCni -Interconnect $_ -ConduitName t -Mtu 1500).Id }", ("icons", icons)).Cast<string>().ToArray();
            CmdletInfo info = shell.Invoke("Get-Command $c", ("c", command)).Cast<CmdletInfo>().Single();
            ParameterMetadata id = info.Parameters["Id"];
            string WhatIf(string script)
            {
                Assert.Empty(shell.Run(script + " -WhatIf", ("c", command), ("a", ids[0]), ("b", ids[1])).Errors);
                return shell.Shell.Host.Prompts.Text;
            }

            string Got(string script) => string.Join(",", shell.Invoke(script + " | ForEach-Object Id", ("c", command), ("a", ids[0]), ("b", ids[1])).Select(o => o.ToString()));

            Assert.True(id.IsDynamic && info.Parameters["InputObject"].IsDynamic);
            Assert.Equal((true, 0), (id.ParameterSets["Id"].IsMandatory, id.ParameterSets["Id"].Position));
            Assert.True(id.ParameterSets["InputObject"].ValueFromPipelineByPropertyName);
            Assert.Contains(id.Attributes, a => a is Validation.ValidateUuidAttribute);
            Assert.Equal("ParameterArgumentValidationError", Assert.Single(shell.Run("& $c -Id nope -WhatIf", ("c", command)).Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), shell.Complete(command + " -Id ").OrderBy(i => i, StringComparer.Ordinal));
            if (command == "Get-CfCni")
            {
                Assert.Equal(ids[0], Got("& $c $a"));
                Assert.Equal($"{ids[0]},{ids[1]}", Got("$a, $b | & $c"));
                Assert.Equal($"{ids[0]},{ids[1]}", Got("Get-CfCni | & $c"));
                Assert.Equal(ids[1], Got("[pscustomobject]@{ Id = $b.ToUpperInvariant() } | & $c"));
                Assert.Equal(ids[1], Got("& { $PSDefaultParameterValues['Get-CfCni:Id'] = $b; try { & $c } finally { $PSDefaultParameterValues.Clear() } }"));
            }
            else
            {
                Assert.Contains("CNI " + ids[0], WhatIf("& $c $a"), StringComparison.Ordinal);
                Assert.Contains("CNI " + ids[1], WhatIf("$a, $b | & $c"), StringComparison.Ordinal);
                Assert.Contains("CNI " + ids[1], WhatIf("Get-CfCni | & $c"), StringComparison.Ordinal);
                Assert.Contains("CNI " + ids[1], WhatIf("[pscustomobject]@{ Id = $b } | & $c"), StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("Get-CfInterconnect")]
        [InlineData("Get-CfCni")]
        [InlineData("Get-CfCniSlot")]
        public void TheListingBlock_DefinesTheListAndPageSets_AndItsValuesReachTheListing(string command)
        {
            shell.Invoke("$null = New-CfCni -Interconnect $a -ConduitName t -Mtu 1500; $null = New-CfCni -Interconnect $a -ConduitName u -Mtu 1500", ("a", icons[0]));
            CmdletInfo info = shell.Invoke("Get-Command $c", ("c", command)).Cast<CmdletInfo>().Single();
            shell.Server.ClearRequests();

            CfPage page = Assert.IsType<CfPage>(Assert.Single(shell.Invoke("& $c -SinglePage -PageSize 1 -Cursor 1", ("c", command))));
            PsResult notApplicable = shell.Run("& $c -SinglePage -IncludeTotalCount", ("c", command));
            PsResult outOfRange = shell.Run("& $c -PageSize 0", ("c", command));

            Assert.True(new[] { "PageSize", "SinglePage", "Cursor" }.All(p => info.Parameters[p].IsDynamic));
            Assert.Equal(new[] { "List", "SinglePage" }, info.Parameters["PageSize"].ParameterSets.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.True(info.Parameters["SinglePage"].ParameterSets["SinglePage"].IsMandatory);
            Assert.Equal("List", info.DefaultParameterSet);
            Assert.Single(page.Items);
            Assert.Equal("cursor=1&limit=1", Assert.Single(shell.Requests).QueryString.Split('&').Where(q => q.StartsWith("cursor=", StringComparison.Ordinal) || q.StartsWith("limit=", StringComparison.Ordinal)).Aggregate((a, b) => a + "&" + b));
            Assert.Equal("CfValidation.PagingNotApplicable", Assert.Single(notApplicable.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("ParameterArgumentValidationError", Assert.Single(outOfRange.Errors).FullyQualifiedErrorId.Split(',')[0]);
        }

        [Theory]
        [InlineData("Get-CfInterconnect")]
        [InlineData("Get-CfCni")]
        [InlineData("Get-CfCniSlot")]
        public void FirstAndSkip_CountItems_InEveryParameterSet_AndASkippedPageLosesNothing(string command)
        {
            shell.AddSlot("LHR01");
            shell.Invoke("$null = Get-CfCniSlot -Occupied:$false | New-CfInterconnect -Type direct");
            shell.Invoke("$null = New-CfCni -Interconnect $a -ConduitName t -Mtu 1500; $null = New-CfCni -Interconnect $a -ConduitName u -Mtu 1500; $null = New-CfCni -Interconnect $a -ConduitName v -Mtu 1500", ("a", icons[0]));
            string key = command == "Get-CfInterconnect" ? "Name" : "Id";
            string[] all = shell.Invoke("(& $c).$k", ("c", command), ("k", key)).Cast<string>().ToArray();
            Assert.True(all.Length >= 3, command + " needs three items here");

            string[] byId = shell.Invoke($"& $c -{key} $ids -Skip 1 -First 1 | ForEach-Object {key}", ("c", command), ("ids", all.Take(3).ToArray())).Cast<string>().ToArray();
            string[] piped = shell.Invoke($"$ids | & $c -Skip 2 | ForEach-Object {key}", ("c", command), ("ids", all.Take(3).ToArray())).Cast<string>().ToArray();
            shell.Server.ClearRequests();
            CfPage page = Assert.IsType<CfPage>(Assert.Single(shell.Invoke("& $c -SinglePage -PageSize 1 -Skip 1 -First 1", ("c", command))));
            int pageRequests = shell.Requests.Count;
            string[] rest = shell.Invoke($"(& $c -SinglePage -Cursor $cursor).Items.{key}", ("c", command), ("cursor", page.NextCursor!.Value)).Cast<string>().ToArray();
            CfPage skipsAll = Assert.IsType<CfPage>(Assert.Single(shell.Invoke("& $c -SinglePage -Skip $n", ("c", command), ("n", all.Length))));
            PsResult none = shell.Run("& $c -SinglePage -First 0", ("c", command));

            Assert.Equal(new[] { all[1] }, byId);
            Assert.Equal(new[] { all[2] }, piped);
            Assert.Equal(all[1], (string)PSObject.AsPSObject(Assert.Single(page.Items)).Properties[key].Value);
            // One request skipped the first item, one read the page: the next page starts right after what was written.
            Assert.Equal(2, pageRequests);
            Assert.Equal(all.Skip(2), rest);
            Assert.Empty(skipsAll.Items);
            Assert.Null(skipsAll.NextCursor);
            Assert.Empty(none.Objects);
            Assert.Empty(none.Errors);
        }

        [Fact]
        public async Task SinglePage_SkipsAndTakesThroughAServerThatRefusesTheModulesPageSize()
        {
            // 2,500 slots by offset cursor; like some servers, it refuses limit=1000 and pages by 100 without a limit.
            static string SlotId(int i) => "00000000-0000-4000-8000-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                int cursor = int.TryParse(context.Request.Query["cursor"], out int c) ? c : 0;
                string? limitText = context.Request.Query["limit"];
                context.Response.ContentType = "application/json";
                if (limitText == "1000")
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync("{\"success\":false,\"errors\":[{\"code\":1004,\"message\":\"limit must be at most 100\"}],\"messages\":[],\"result\":null}");
                    return;
                }

                int limit = limitText is null ? 100 : int.Parse(limitText, System.Globalization.CultureInfo.InvariantCulture);
                int end = Math.Min(2500, cursor + limit);
                string items = string.Join(",", Enumerable.Range(cursor, end - cursor).Select(i => "{\"id\":\"" + SlotId(i) + "\",\"site\":\"AMS01\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}"));
                await context.Response.WriteAsync("{\"items\":[" + items + "],\"next\":" + (end < 2500 ? end.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null") + "}");
            });
            using var session = new PowerShellSession();
            session.Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -SkipCredentialCheck -MaximumRetryCount 0 | Out-Null",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", server.BaseUri));

            CfPage page = Assert.IsType<CfPage>(Assert.Single(session.Invoke("Get-CfCniSlot -SinglePage -Skip 1500 -First 5")));
            CfPage beyond = Assert.IsType<CfPage>(Assert.Single(session.Invoke("Get-CfCniSlot -SinglePage -Skip 1498 -First 1500")));
            session.Run("Disconnect-CfAccount");

            Assert.Equal(Enumerable.Range(1500, 5).Select(SlotId), page.Items.Cast<CniSlot>().Select(s => s.Id));
            Assert.Equal(1505L, page.NextCursor);
            // More wanted than the server's page: its page, and the cursor right after it.
            Assert.Equal(SlotId(1498), beyond.Items.Cast<CniSlot>().First().Id);
            Assert.Equal(1498L + beyond.Items.Length, beyond.NextCursor);
        }

        /// <summary>What a command needs besides the names to finish at once.</summary>
        private static System.Collections.Hashtable More(string command) =>
            command == "Wait-CfInterconnect" ? new System.Collections.Hashtable { ["PollInterval"] = 0.1, ["Timeout"] = 10 } : new System.Collections.Hashtable();
    }
}
