using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Host
{
    /// <summary>Connect-CfAccount, Get-CfContext, Disconnect-CfAccount and the CLOUDFLARE_* variables, in a real session.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class AccountTests : IAsyncLifetime
    {
        private ConnectedShell shell = null!;

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void Connect_WritesAContextWithoutTheSecret_AndTheDocumentedDefaults()
        {
            var context = Assert.IsType<CfContext>(Assert.Single(shell.Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $a -BaseUri $baseUri -SkipCredentialCheck",
                ("token", ApiHarness.Token), ("a", ApiHarness.OtherAccountId))));

            Assert.Equal((ApiHarness.OtherAccountId, CfAuthKind.ApiToken, "...9b1d", CfContextSource.Session), (context.AccountId, context.AuthKind, context.CredentialHint, context.Source));
            Assert.Equal((60, 3, 60), (context.TimeoutSec, context.MaximumRetryCount, context.MaximumRetryWaitSec));
            Assert.Equal(shell.Server.BaseUri, context.BaseUri);
            Assert.Equal(ApiHarness.OtherAccountId, Assert.IsType<CfContext>(Assert.Single(shell.Invoke("Get-CfContext"))).AccountId);
        }

        [Fact]
        public void TheAccount_ComesFromTheParameter_ThenTheConnection_ThenTheEnvironment()
        {
            const string fromParameter = "1111111111111111111111111111aaaa";
            const string fromEnvironment = "2222222222222222222222222222eeee";
            shell.Invoke("Get-CfCniSetting -AccountId $p; Get-CfCniSetting", ("p", fromParameter));
            shell.Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -BaseUri $baseUri -SkipCredentialCheck -WarningAction SilentlyContinue | Out-Null; " +
                "$env:CLOUDFLARE_ACCOUNT_ID = $e; try { Get-CfCniSetting } finally { Remove-Item Env:CLOUDFLARE_ACCOUNT_ID }",
                ("token", ApiHarness.Token), ("e", fromEnvironment));

            Assert.Equal(
                new[] { fromParameter, ApiHarness.AccountId, fromEnvironment },
                shell.Requests.Select(r => r.Path.Split('/')[4]));
        }

        [Fact]
        public void WithoutAConnection_TheEnvironmentsCredentialIsUsed()
        {
            PsResult result = shell.Run(
                "Disconnect-CfAccount; $env:CLOUDFLARE_API_TOKEN = $token; $env:CLOUDFLARE_BASE_URL = $baseUri; " +
                "try { Get-CfCniSetting -AccountId $a; (Get-CfContext).Source } finally { Remove-Item Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_BASE_URL }",
                ("token", ApiHarness.Token), ("a", ApiHarness.AccountId));

            Assert.Empty(result.Errors);
            Assert.IsType<CniSettings>(result.Objects[0]);
            Assert.Equal(CfContextSource.Environment, result.Objects[1]);
            Assert.Equal("Bearer " + ApiHarness.Token, shell.Requests.Single().Headers["Authorization"]);
        }

        [Fact]
        public void NoCredential_IsATerminatingErrorThatSaysHowToFixIt_BeforeAnyRequest()
        {
            PsResult result = shell.Run("Disconnect-CfAccount; Get-CfCniSlot");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfCniSlotCommand", ErrorCategory.AuthenticationError), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Contains("Connect-CfAccount", error.ErrorDetails.RecommendedAction);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void NoAccount_IsATerminatingErrorThatSaysHowToFixIt()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -BaseUri $baseUri -SkipCredentialCheck | Out-Null; Get-CfCniSetting",
                ("token", ApiHarness.Token));

            Assert.Contains(result.Warnings, w => w.Contains("without a default account"));
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("CfAccount.NoAccountId,CloudflareCni.Cmdlets.GetCfCniSettingCommand", error.FullyQualifiedErrorId);
            Assert.Contains("-AccountId", error.Exception.Message);
            Assert.Empty(shell.Requests);
        }

        [Fact]
        public void Connect_WithoutAnyCredential_IsATerminatingError_AndLeavesNoOlderConnectionInItsPlace()
        {
            PsResult result = shell.Run("Connect-CfAccount; @(Get-CfContext).Count; Disconnect-CfAccount; @(Get-CfContext).Count");

            Assert.Equal("CfAccount.NoCredential,CloudflareCni.Cmdlets.ConnectCfAccountCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(new object[] { 0, 0 }, result.Objects);
        }

        [Fact]
        public void AnHttpBaseUrlOffLoopback_FromTheEnvironment_IsRefusedBeforeAnyRequest()
        {
            PsResult result = shell.Run(
                "Disconnect-CfAccount; $env:CLOUDFLARE_API_TOKEN = 'x-token-0123456789'; $env:CLOUDFLARE_BASE_URL = 'http://api.example.com/client/v4'; " +
                "try { Get-CfCniSetting -AccountId $a } finally { Remove-Item Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_BASE_URL }", ("a", ApiHarness.AccountId));

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal(("CfValidation.InsecureBaseUri,CloudflareCni.Cmdlets.GetCfCniSettingCommand", ErrorCategory.InvalidArgument), (error.FullyQualifiedErrorId, error.CategoryInfo.Category));
            Assert.Contains("CLOUDFLARE_BASE_URL", error.Exception.Message);
        }

        [Fact]
        public void ProxyCredential_WithoutAnyProxy_IsRefused()
        {
            PsResult result = shell.Run(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString x-token-0123456789 -AsPlainText -Force) -ProxyCredential ([pscredential]::new('u', (ConvertTo-SecureString p -AsPlainText -Force)))");

            Assert.Equal("CfValidation.ProxyCredentialWithoutProxy,CloudflareCni.Cmdlets.ConnectCfAccountCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Disconnect_ForgetsTheConnection_AndGetContextWritesNothing_WithVerboseSayingWhy()
        {
            PsResult afterDisconnect = shell.Run("Disconnect-CfAccount; Get-CfContext -Verbose; Get-CfContext -ListAvailable");

            Assert.Empty(afterDisconnect.Output);
            Assert.Empty(afterDisconnect.Errors);
            Assert.Equal(
                "No default connection, so nothing to show: nothing is connected, and no CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL) is set. Run Connect-CfAccount.",
                Assert.Single(afterDisconnect.Verbose));
            Assert.Contains("No Cloudflare session was connected.", shell.Run("Disconnect-CfAccount -Verbose").Verbose);
        }

        [Fact]
        public void AfterAFailedConnect_GetContextWritesNothing_AndVerboseSaysTheConnectFailed_EvenWithTheEnvironmentsCredential()
        {
            PsResult result = shell.Run(
                "$env:CLOUDFLARE_API_TOKEN = 'env-token-0123456789'; " +
                "try { try { Connect-CfAccount -ApiToken (ConvertTo-SecureString 'a-wrong-token-0123456789' -AsPlainText -Force) -AccountId $a -BaseUri $baseUri } catch { }; Get-CfContext -Verbose } " +
                "finally { Remove-Item Env:CLOUDFLARE_API_TOKEN }",
                ("a", ApiHarness.AccountId));

            Assert.Empty(result.Output);
            Assert.Equal(
                "No default connection, so nothing to show: the last Connect-CfAccount in this runspace failed, and commands here have none until the next one succeeds.",
                Assert.Single(result.Verbose));
        }
    }
}
