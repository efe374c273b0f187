using System;
using CloudflareCni.Connections;

namespace CloudflareCni
{
    /// <summary>Where the effective connection settings came from.</summary>
    public enum CfContextSource
    {
        /// <summary>Neither Connect-CfAccount nor the CLOUDFLARE_* environment variables give a credential.</summary>
        None,

        /// <summary>Connect-CfAccount, for this PowerShell process.</summary>
        Session,

        /// <summary>CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL.</summary>
        Environment,
    }

    /// <summary>
    /// A connection: account, auth kind and endpoint. It never holds the secret itself. Pass it (or its name) to any
    /// cmdlet's -Connection to use that connection for one call.
    /// </summary>
    public sealed class CfContext
    {
        internal CfContext()
        {
        }

        /// <summary>
        /// The name given to Connect-CfAccount -Name; null for the default connection and for -PassThru. (Not "Name", so
        /// that a piped context never binds the -Name of an interconnect cmdlet.)
        /// </summary>
        public string? ConnectionName { get; internal set; }

        /// <summary>True for the connection commands use without -Connection.</summary>
        public bool IsDefault { get; internal set; }

        public string? AccountId { get; internal set; }

        public CfAuthKind AuthKind { get; internal set; }

        /// <summary>At most the last 4 characters of the token or key, prefixed with "...", and only for long secrets.</summary>
        public string? CredentialHint { get; internal set; }

        /// <summary>The email of a global API key login.</summary>
        public string? Email { get; internal set; }

        public Uri BaseUri { get; internal set; } = new Uri("https://api.cloudflare.com/client/v4");

        public CfContextSource Source { get; internal set; }

        public bool Sandbox => AuthKind == CfAuthKind.Sandbox;

        public int TimeoutSec { get; internal set; }

        public int MaximumRetryCount { get; internal set; }

        public int MaximumRetryWaitSec { get; internal set; }

        /// <summary>The proxy for requests to the base URI, without any user information; null for a direct connection.</summary>
        public Uri? Proxy { get; internal set; }

        /// <summary>True when requests wait for the rate budget however long (Connect-CfAccount -WaitForRateLimit).</summary>
        public bool WaitForRateLimit { get; internal set; }

        /// <summary>The credential's rate budget as last known when this object was made (Get-CfContext shows it as it is now).</summary>
        public CfRateBudget? RateBudget { get; internal set; }

        /// <summary>The live connection this object describes; null when there is none (no credential, or the environment's).</summary>
        internal Connections.CfConnection? Connection { get; set; }

        public override string ToString() => ConnectionName ?? $"{AuthKind} {AccountId} {BaseUri}";
    }
}
