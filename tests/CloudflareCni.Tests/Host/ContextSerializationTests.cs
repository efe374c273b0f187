using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// A CfContext that crosses a process boundary (Start-Job, Invoke-Command, Export-Clixml) as PowerShell serializes it:
    /// its secret does not cross, and -Connection says what to do instead. (Start-Job itself runs in the Pester suite,
    /// whose pwsh can start one; this host cannot.)
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ContextSerializationTests : IAsyncLifetime
    {
        private const string Secret = "serialized-secret-token-0123456789";
        private const string ProxyPassword = "pr0xy-s3cret";

        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync(options: new TestServerOptions());

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void ASerializedContext_HoldsNoSecret_NeitherTheTokenNorTheProxyPassword()
        {
            PsResult result = shell.Run(
                "$context = Connect-CfAccount -ApiToken (ConvertTo-SecureString $secret -AsPlainText -Force) -AccountId 000000000000000000000000000000aa -BaseUri https://api.cni.invalid/client/v4 " +
                "  -Proxy $proxy -PassThru -SkipCredentialCheck; " +
                "[System.Management.Automation.PSSerializer]::Serialize($context, 20); " +
                "[System.Management.Automation.PSSerializer]::Serialize((Get-CfContext -ListAvailable), 20)",
                ("secret", Secret),
                ("proxy", new Uri("http://ops:" + ProxyPassword + "@127.0.0.1:9")));

            Assert.Empty(result.Errors);
            string xml = string.Concat(result.Objects.Cast<string>());
            Assert.Contains("<S N=\"AccountId\">000000000000000000000000000000aa</S>", xml, StringComparison.Ordinal);
            Assert.Contains("...6789", xml, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret.Substring(0, 20), xml, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiHarness.Token.Substring(0, 20), xml, StringComparison.Ordinal);
            Assert.DoesNotContain(ProxyPassword, xml, StringComparison.Ordinal);
        }

        [Fact]
        public void ADeserializedContext_IsRefusedByConnection_NamingTheWaysThatWork_BeforeAnyRequest()
        {
            PsResult result = shell.Run(
                "$copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-CfContext))); " +
                "$copy.PSObject.TypeNames[0]; Get-CfCniSetting -Connection $copy");

            Assert.Equal("Deserialized.CloudflareCni.CfContext", Assert.Single(result.Objects));
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSettingCommand", error.FullyQualifiedErrorId);
            foreach (string part in new[] { "holds no connection", "secret never leaves the process", "Connect inside the job", "Start-ThreadJob", "ForEach-Object -Parallel" })
            {
                Assert.Contains(part, error.Exception.Message, StringComparison.Ordinal);
            }

            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void ADeserializedNamedContext_StandsForTheConnectionOfItsName_OnlyWhileThatIsForTheSameAccount()
        {
            PsResult result = shell.Run(
                "$prod = Connect-CfAccount -ApiToken (ConvertTo-SecureString $secret -AsPlainText -Force) -AccountId 0000000000000000000000000000b0d0 -BaseUri $baseUri -Name prod; " +
                "$copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($prod)); " +
                "Get-CfCniSetting -Connection $copy | Out-Null; " +
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $secret -AsPlainText -Force) -AccountId 00000000000000000000000000000002 -BaseUri $baseUri -Name prod | Out-Null; " +
                "Get-CfCniSetting -Connection $copy; " +
                "Disconnect-CfAccount -Name prod; Get-CfCniSetting -Connection $copy",
                ("secret", Secret),
                ("baseUri", shell.Server.BaseUri));

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal("ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSettingCommand", e.FullyQualifiedErrorId));
            Assert.Contains("is for account 00000000000000000000000000000002", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("not account '0000000000000000000000000000b0d0'", result.Errors[0].Exception.Message, StringComparison.Ordinal);
            Assert.Contains("This process has no connection named 'prod'", result.Errors[1].Exception.Message, StringComparison.Ordinal);
            // The two credential checks, and the one read through the copy while 'prod' was still for the first account.
            Assert.Equal(new[] { "0000000000000000000000000000b0d0", "0000000000000000000000000000b0d0", "00000000000000000000000000000002" }, shell.Requests.Select(r => r.Path.Split('/')[4]));
        }
    }
}
