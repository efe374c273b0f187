using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>Bad input is refused by PowerShell's own binding, with the rule in the message, before any request.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class BindingTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Theory]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 1500 -CustomerAsn 1 -ExtraPrefix 10.0.0/8", "ExtraPrefix", "not an IPv4 prefix")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 1500 -CustomerAsn 1 -ExtraPrefix 192.0.2.0/24, 010.0.0.0/8", "ExtraPrefix", "no leading zeros")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 575", "Mtu", "576")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 9001", "Mtu", "9000")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 1500 -CustomerAsn 1 -Md5Key 'a\"b'", "Md5Key", "printable ASCII other than")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 1500 -CustomerAsn 1 -Md5Key 'a?b'", "Md5Key", "'?' at position 2")]
        [InlineData("New-CfCni -Interconnect i -ConduitName '' -Mtu 1500", "ConduitName", "empty")]
        [InlineData("Get-CfCni -Id nope", "Id", "not a UUID")]
        [InlineData("Get-CfCni -Slot nope", "Slot", "not a UUID")]
        [InlineData("Get-CfCniSlot -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e, nope", "Id", "not a UUID")]
        [InlineData("Get-CfCniSlot -PageSize 0", "PageSize", "1")]
        // One ASN rule for every ASN parameter: 1 to 4294967294, less what IANA reserves.
        [InlineData("Set-CfCniSetting -DefaultAsn -1", "DefaultAsn", "from 1 to 4294967294")]
        [InlineData("Set-CfCniSetting -DefaultAsn 4294967296", "DefaultAsn", "from 1 to 4294967294")]
        [InlineData("Set-CfCniSetting -DefaultAsn 0", "DefaultAsn", "RFC 7607")]
        [InlineData("Set-CfCniSetting -DefaultAsn 4294967295", "DefaultAsn", "RFC 7300")]
        [InlineData("Set-CfCniSetting -DefaultAsn 23456", "DefaultAsn", "RFC 6793")]
        [InlineData("Set-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e -CustomerAsn 23456", "CustomerAsn", "RFC 6793")]
        [InlineData("New-CfCni -Interconnect i -ConduitName t -Mtu 1500 -CustomerAsn 4294967295", "CustomerAsn", "RFC 7300")]
        [InlineData("Set-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e -BgpMode Advertise-Only", "BgpMode", "dynamic_route_exchange, advertise_only")]
        [InlineData("Save-CfInterconnectLoa -Name i -CustomerName ('n' * 201)", "CustomerName", "at most 200 characters")]
        [InlineData("Wait-CfInterconnect -Name i -State 'Heal thy'", "State", "the form of the API's values")]
        [InlineData("Set-CfSandboxInterconnect -Name i -State '..'", "State", "ASCII letters, digits and '_'")]
        [InlineData("Set-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e -CustomerIp 192.0.2.1", "CustomerIp", "A.B.C.D/N")]
        [InlineData("New-CfInterconnect -SlotId not-a-uuid -Type direct", "SlotId", "not a UUID")]
        [InlineData("New-CfInterconnect -Bandwidth 3G -PairingKey k", "Bandwidth", "50M")]
        [InlineData("Get-CfInterconnect -Name ''", "Name", "empty")]
        [InlineData("Wait-CfInterconnect -Name i -PollInterval 0", "PollInterval", "1")]
        [InlineData("Connect-CfAccount -ApiToken (ConvertTo-SecureString x -AsPlainText -Force) -BaseUri http://api.example.com/client/v4", "BaseUri", "clear text")]
        [InlineData("Connect-CfAccount -ApiToken (ConvertTo-SecureString x -AsPlainText -Force) -BaseUri api.example.com", "BaseUri", "not an absolute URI")]
        public void BadInput_IsAParameterBindingError_NamingTheParameterAndTheRule_AndSendsNothing(string command, string parameter, string rule)
        {
            PsResult result = shell.Run(command);

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("ParameterArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("'" + parameter + "'", error.Exception.Message, StringComparison.Ordinal);
            Assert.Contains(rule, error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void ASecretGivenAsPlainText_IsRefused_WithoutTheSecretInTheError()
        {
            PsResult result = shell.Run("Connect-CfAccount -ApiToken 'cf-plain-text-secret-0123456789'; Connect-CfAccount -ApiKey 'cf-plain-key-0123456789' -Email a@b.c");

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal("ParameterArgumentTransformationError", e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.All(result.Errors, e => Assert.Contains("SecureString", e.Exception.Message, StringComparison.Ordinal));
            Assert.DoesNotContain("plain-text-secret", result.AllText());
            Assert.DoesNotContain("plain-key", result.AllText());
        }

        [Fact]
        public void PipedValues_AreValidatedWithTheSameRules_EachBadOneReportedAndTheRestProcessed()
        {
            string slot = shell.AddSlot();
            shell.Server.ClearRequests();

            PsResult result = shell.Run("'nope', $slot | Get-CfCniSlot", ("slot", slot));

            Assert.Equal(slot, Assert.IsType<CniSlot>(Assert.Single(result.Objects)).Id);
            // A piped string is checked by the cmdlet (binding sees it only as the piped object), with the same rule.
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InvalidPipedValue,CloudflareCni.Cmdlets.GetCfCniSlotCommand", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Contains("not a UUID", error.Exception.Message);
            Assert.Single(shell.Requests);
        }
    }
}
