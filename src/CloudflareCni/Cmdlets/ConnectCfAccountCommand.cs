using System;
using System.Management.Automation;
using System.Security;
using CloudflareCni.Commands;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Sets the credential, default account and request settings for this PowerShell process.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CfAccount", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(CfContext))]
    public sealed class ConnectCfAccountCommand : CfCmdlet
    {
        private const string TokenSet = "ApiToken";
        private const string KeySet = "ApiKey";
        private const string SandboxSet = "Sandbox";
        private const string EnvironmentSet = "Environment";

        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        [SecureStringOnly]
        public SecureString? ApiToken { get; set; }

        /// <summary>The legacy global API key; needs -Email.</summary>
        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [ValidateNotNull]
        [SecureStringOnly]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [ValidateNotNullOrEmpty]
        public string? Email { get; set; }

        /// <summary>Uses an in-process emulator of the API, seeded with sample slots: offline, nothing real changes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccountId { get; set; }

        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Seconds one request may take before it fails. Default 60.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>How often a failed request is retried. Default 3.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaximumRetryCount { get; set; }

        /// <summary>The most seconds one request spends waiting between retries, all together. Default 60.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int MaximumRetryWaitSec { get; set; }

        /// <summary>A proxy for all requests; without it HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply.</summary>
        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? ProxyCredential { get; set; }

        private protected override void ProcessCore() =>
            AccountCommands.Connect(CmdletHost, Session, Environment, new ConnectRequest
            {
                ApiToken = ApiToken,
                ApiKey = ApiKey,
                Email = Email,
                Sandbox = Sandbox.IsPresent,
                AccountId = AccountId,
                BaseUri = BaseUri,
                TimeoutSec = IsBound(nameof(TimeoutSec)) ? TimeoutSec : (int?)null,
                MaximumRetryCount = IsBound(nameof(MaximumRetryCount)) ? MaximumRetryCount : (int?)null,
                MaximumRetryWaitSec = IsBound(nameof(MaximumRetryWaitSec)) ? MaximumRetryWaitSec : (int?)null,
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            });
    }
}
