using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Issue 21, case by case in a real session: what the fuzz checks in bulk, with the exact error ids, categories and
    /// messages a script sees.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class HostileInputTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Theory]
        [InlineData("Remove-CfInterconnect -Name .. -Confirm:$false")]
        [InlineData("Remove-CfInterconnect -Name . -WhatIf")]
        [InlineData("Get-CfInterconnectStatus -Name .")]
        [InlineData("Get-CfCniSetting -AccountId ..")]
        [InlineData("New-CfCni -AccountId '../../etc/passwd' -Interconnect icon-1 -ConduitName c -Mtu 1500 -WhatIf")]
        [InlineData("Set-CfCniSetting -AccountId '..%2F..%2Fetc%2Fpasswd' -DefaultAsn 65000 -Confirm:$false")]
        public void ADotSegmentOrTraversal_IsRefusedAtBinding_UnderWhatIfToo_AndNothingIsSent(string command)
        {
            PsResult result = shell.Run(command);

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("ParameterArgumentValidationError", ErrorCategory.InvalidData), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            Assert.DoesNotContain("What if:", result.HostText, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void APipedDotSegment_IsAnInvalidPipedValue_AndTheOtherNamesGoOn()
        {
            string icon = NewInterconnect();

            PsResult result = shell.Run("'..', $i | Get-CfInterconnectStatus", ("i", icon));

            Assert.Equal(icon, Assert.IsType<InterconnectStatus>(Assert.Single(result.Objects)).Name);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidPipedValue", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            Assert.Contains("dot segment", error.Exception.Message, StringComparison.Ordinal);
            Assert.All(shell.Requests, r => Assert.EndsWith($"/interconnects/{icon}/status", r.Path, StringComparison.Ordinal));
        }

        [Fact]
        public void ANameAServerGaveToAWildcard_ThatCannotBeOneSegment_IsInvalidPathSegment_AndNotSent()
        {
            // The sandbox, like a server, may hold a name the cmdlets would refuse: a pattern can still reach it.
            PsResult result = shell.Run(
                "$s = Connect-CfAccount -Sandbox -PassThru -SandboxData @{ interconnects = @(@{ name = '..'; type = 'gcp'; region = 'r' }, @{ name = 'icon-ok'; type = 'gcp'; region = 'r' }) }; " +
                "Get-CfInterconnectStatus -Name * -Connection $s; Get-CfSandboxRequest -Connection $s | ForEach-Object Path");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidPathSegment", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            Assert.Contains("-Name value '..'", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("icon-ok", Assert.IsType<InterconnectStatus>(result.Objects.Single(o => o is InterconnectStatus)).Name);
            Assert.DoesNotContain(result.Objects.OfType<string>(), path => !path.EndsWith("/cni/interconnects", StringComparison.Ordinal) && !path.EndsWith("/icon-ok/status", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("Wait-CfInterconnect -Name * -Connection $s -PollInterval 0.1 -Timeout 5 | ForEach-Object Name")]
        [InlineData("Remove-CfInterconnect -Name * -Connection $s -Confirm:$false; (Get-CfInterconnect -Connection $s).Name")]
        [InlineData("Save-CfInterconnectLoa -Name * -Path $folder -Connection $s -Confirm:$false | Out-Null; (Get-ChildItem $folder).Name")]
        public void EachCmdletThatExpandsAWildcard_ReportsANameThatCannotBeSent_AndGoesOnWithTheOthers(string command)
        {
            using var folder = new TempFolder();
            PsResult result = shell.Run(
                "$slot = @{ site = 'AMS01'; speed = '10G'; facility = @{ name = 'f'; address = @('a') } }; " +
                "$s = Connect-CfAccount -Sandbox -PendingStatusReads 0 -PassThru -SandboxData @{ " +
                "slots = @(($slot + @{ id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b' }), ($slot + @{ id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c' })); " +
                "interconnects = @(@{ name = '..'; type = 'direct'; slot_id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b' }, @{ name = 'icon-ok'; type = 'direct'; slot_id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c' }) }; " + command,
                ("folder", folder.Path));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidPathSegment", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            Assert.Equal("..", error.TargetObject);
            Assert.Single(result.Objects);
        }

        [Theory]
        [InlineData("Get-CfInterconnect -Name '['", "Name", "[")]
        [InlineData("Get-CfInterconnectStatus -Name 'icon-[z-a'", "Name", "icon-[z-a")]
        [InlineData("Remove-CfInterconnect -Name icon-1, '[' -WhatIf", "Name", "[")]
        [InlineData("Save-CfInterconnectLoa -Name '[' -WhatIf", "Name", "[")]
        [InlineData("Wait-CfInterconnect -Name 'icon-*', '[x'", "Name", "[x")]
        [InlineData("Get-CfCni -Interconnect '['", "Interconnect", "[")]
        [InlineData("Get-CfContext -Name '['", "Name", "[")]
        [InlineData("'icon-1' | Get-CfInterconnectStatus -Name '['", "Name", "[")]
        public void ABadWildcardPattern_IsAnInvalidArgument_RaisedBeforeAnyRequest_NotAWildcardPatternException(string command, string parameter, string pattern)
        {
            PsResult result = shell.Run(command);

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidWildcard", ErrorCategory.InvalidArgument, (object)pattern), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category, error.TargetObject));
            Assert.StartsWith($"-{parameter} '{pattern}' is not a valid wildcard pattern", error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(result.Objects);
            Assert.Empty(shell.Requests);
            Assert.DoesNotContain("What if", shell.Shell.Host.Prompts.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void APipedBadPattern_IsAnInvalidWildcard_ForThatObjectAlone_BeforeAnyRequestForIt()
        {
            shell.AddSlot();
            string name = shell.Invoke("(Get-CfCniSlot -First 1 | New-CfInterconnect -Type direct).Name").Cast<string>().Single();
            shell.Server.ClearRequests();

            PsResult result = shell.Run("'[', [pscustomobject]@{ Name = 'icon-[' }, $name | Get-CfInterconnect", ("name", name));

            Assert.Equal(
                new[] { ("CfValidation.InvalidWildcard", (object)"["), ("CfValidation.InvalidWildcard", (object)"icon-[") },
                result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.TargetObject)));
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Equal(name, Assert.IsAssignableFrom<Interconnect>(Assert.Single(result.Objects)).Name);
            Assert.Equal($"/client/v4/accounts/{ApiHarness.AccountId}/cni/interconnects/{name}", Assert.Single(shell.Requests).Path);
        }

        [Fact]
        public void ControlCharacters_AreShownEscaped_InErrorsAndWhatIf_NeverAsThey_Are()
        {
            PsResult missing = shell.Run("Get-CfInterconnect -Connection \"fz`e[31mred\"");
            PsResult named = shell.Run("Disconnect-CfAccount -Name \"fz`u{202E}evil\"");

            Assert.Contains("'fz\\u001b[31mred'", Assert.Single(missing.Errors).Exception.Message, StringComparison.Ordinal);
            Assert.Contains("'fz\\u202eevil'", Assert.Single(named.Errors).Exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', missing.AllText());
            Assert.DoesNotContain('\u202E', named.AllText());
        }

        [Fact]
        public void AServerNameWithControlCharacters_IsEscapedInTheWhatIfTarget()
        {
            PsResult result = shell.Run(
                "$s = Connect-CfAccount -Sandbox -PassThru -SandboxData @{ interconnects = @(@{ name = \"icon`e[2J\"; type = 'gcp'; region = 'r' }) }; " +
                "Remove-CfInterconnect -Name icon* -Connection $s -WhatIf");

            Assert.Empty(result.Errors);
            Assert.Contains("on target \"interconnect icon\\u001b[2J\"", result.HostText, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', result.HostText);
        }

        [Fact]
        public void ASecretWithANul_IsRefused_NeverCutShort_AndNeverShown()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString \"$token`0GARBAGE\" -AsPlainText -Force) -AccountId $a -BaseUri $u -PassThru",
                ("token", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", shell.Server.BaseUri));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("ParameterArgumentValidationError", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("position " + (ApiHarness.Token.Length + 1), error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(result.Objects);
            Assert.Empty(shell.Requests);
            Assert.DoesNotContain("GARBAGE", result.AllText(), StringComparison.Ordinal);
            Assert.DoesNotContain(ApiHarness.Token, result.AllText(), StringComparison.Ordinal);
        }

        [Fact]
        public void ABaseUriWithAPassword_IsRefused_AndThePasswordIsShownNowhere()
        {
            PsResult parameter = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -BaseUri $u -SkipCredentialCheck -PassThru",
                ("t", ApiHarness.Token), ("u", "http://ops:s3cret-pass@127.0.0.1:9/client/v4"));
            PsResult environment;
            try
            {
                environment = shell.Run(
                    "Disconnect-CfAccount; $env:CLOUDFLARE_API_TOKEN = $t; $env:CLOUDFLARE_BASE_URL = $u; Get-CfContext; Set-CfCniSetting -AccountId $a -DefaultAsn 1 -WhatIf",
                    ("t", ApiHarness.Token), ("u", "http://ops:s3cret-pass@127.0.0.1:9/client/v4"), ("a", ApiHarness.AccountId));
            }
            finally
            {
                shell.Run("Remove-Item Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_BASE_URL");
            }

            Assert.Equal("ParameterArgumentValidationError", Assert.Single(parameter.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("user name or password", parameter.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Equal(2, environment.Errors.Count);
            Assert.All(environment.Errors, e => Assert.Equal("CfValidation.InvalidBaseUri", e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.DoesNotContain("What if:", environment.HostText, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-pass", parameter.AllText() + environment.AllText(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("''")]
        [InlineData("relative/path")]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("javascript:alert(1)")]
        public void AProxyThatIsNotAbsoluteHttp_IsABindingError_NotARawDotNetException(string proxy)
        {
            PsResult result = shell.Run(
                $"Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -Proxy {proxy} -SkipCredentialCheck -PassThru",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", shell.Server.BaseUri));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("ParameterArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("'Proxy'", error.Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ABadAccountInTheEnvironment_IsRefusedUnderWhatIf_AsInARealRun()
        {
            PsResult result = shell.Run(
                "$c = Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -BaseUri $u -SkipCredentialCheck -PassThru -WarningAction SilentlyContinue; " +
                "$env:CLOUDFLARE_ACCOUNT_ID = '../../etc/passwd'; try { Set-CfCniSetting -DefaultAsn 1 -Connection $c -WhatIf; Remove-CfInterconnect -Name icon-1 -Connection $c -WhatIf } finally { Remove-Item Env:CLOUDFLARE_ACCOUNT_ID }",
                ("t", ApiHarness.Token), ("u", shell.Server.BaseUri));

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal(("CfValidation.InvalidAccountId", ErrorCategory.InvalidArgument), (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category)));
            Assert.Contains("CLOUDFLARE_ACCOUNT_ID", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("What if:", result.HostText, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void UnderWhatIf_WithoutAnyCredential_NothingIsNeededStill()
        {
            PsResult result = shell.Run("Disconnect-CfAccount; Remove-CfInterconnect -Name icon-1 -AccountId $a -WhatIf", ("a", ApiHarness.AccountId));

            Assert.Empty(result.Errors);
            Assert.Contains("What if: Performing the operation \"Delete\" on target \"interconnect icon-1\".", result.HostText, StringComparison.Ordinal);
        }

        [Fact]
        public void SetCfSandboxInterconnect_RefusesAPipedConnection_InsteadOfTakingItsTextAsAName()
        {
            PsResult result = shell.Run(
                "$s = Connect-CfAccount -Sandbox -PendingStatusReads 0 -PassThru; " +
                "$icon = Get-CfCniSlot -Occupied:$false -First 1 -Connection $s | New-CfInterconnect -Type direct -Connection $s; " +
                "$s | Set-CfSandboxInterconnect -State Down -Connection $s; " +
                "$icon | Set-CfSandboxInterconnect -State Down -Reason 'Loss of light' -Connection $s; " +
                "(Get-CfInterconnectStatus -Name $icon.Name -Connection $s).State");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.UnsupportedInput", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            Assert.Contains("CloudflareCni.CfContext was piped", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("Down", Assert.Single(result.Objects));
        }

        [Fact]
        public void PipedTextThatACmdletWouldIgnore_IsRefused()
        {
            string icon = NewInterconnect();
            shell.Server.ClearRequests();

            PsResult result = shell.Run("'stray' | New-CfCni -Interconnect $i -ConduitName c -Mtu 1500; 65000 | Set-CfCniSetting -DefaultAsn 1 -Confirm:$false", ("i", icon));

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal("CfValidation.UnsupportedInput", e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Empty(shell.Requests);
        }

        [Theory]
        [InlineData("Mtu", "..", "is not a whole number")]
        [InlineData("Mtu", "1500.5", "is not a whole number")]
        [InlineData("Mtu", "3000000000", "out of range")]
        [InlineData("CustomerAsn", "AS65000", "is not a whole number")]
        public void ACsvCellThatIsNoWholeNumber_IsRefused_NotPassedOver(string column, string cell, string rule)
        {
            string icon = NewInterconnect();
            string id = ((Cni)shell.Invoke("New-CfCni -Interconnect $i -ConduitName c -Mtu 1500", ("i", icon)).Single()).Id;
            shell.Server.ClearRequests();

            PsResult result = shell.Run($"[pscustomobject]@{{ Id = $id; {column} = $cell }} | Set-CfCni -Confirm:$false", ("id", id), ("cell", cell));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("ParameterArgumentTransformationError", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(rule, error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void APipedInterconnectWhoseNameHoldsWildcardCharacters_ListsItsOwnCnisOnly()
        {
            PsResult result = shell.Run(
                "$s = Connect-CfAccount -Sandbox -PassThru -SandboxData @{ interconnects = @(@{ name = 'icon-[a]'; type = 'gcp'; region = 'r' }, @{ name = 'icon-a'; type = 'gcp'; region = 'r' }) }; " +
                "$null = New-CfCni -Interconnect 'icon-[a]' -ConduitName bracketed -Mtu 1500 -Connection $s; $null = New-CfCni -Interconnect icon-a -ConduitName plain -Mtu 1500 -Connection $s; " +
                "(Get-CfInterconnect -Connection $s | Where-Object Name -EQ 'icon-[a]' | Get-CfCni -Connection $s).ConduitName");

            Assert.Empty(result.Errors);
            Assert.Equal("bracketed", Assert.Single(result.Objects));
        }

        [Theory]
        [InlineData(414, "CfApi.RequestTooLarge", ErrorCategory.InvalidArgument)]
        [InlineData(431, "CfApi.RequestTooLarge", ErrorCategory.InvalidArgument)]
        [InlineData(418, "CfApi.RequestFailed", ErrorCategory.InvalidOperation)]
        [InlineData(307, "CfApi.RequestFailed", ErrorCategory.InvalidResult)]
        public async Task AnAnswerTheApiDoesNotDocument_HasARealCategory_And414NamesTheValue(int status, string id, ErrorCategory category)
        {
            await using LoopbackServer server = await LoopbackServer.StartAsync((context, n) =>
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            });

            PsResult result = shell.Run(
                "$c = Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -SkipCredentialCheck -MaximumRetryCount 0 -PassThru; " +
                "Get-CfInterconnect -Name icon-long-name -Connection $c",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", server.BaseUri));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal((id, category), (error.FullyQualifiedErrorId.Split(',')[0], error.CategoryInfo.Category));
            if (status == 414 || status == 431)
            {
                Assert.Contains("'icon-long-name'", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            }
        }

        private string NewInterconnect()
        {
            string slot = shell.AddSlot();
            string name = ((Interconnect)shell.Invoke("New-CfInterconnect -SlotId $s -Type direct -Confirm:$false", ("s", slot)).Single()).Name;
            shell.Server.ClearRequests();
            return name;
        }
    }
}
