using System;

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

    /// <summary>The connection the cmdlets use: account, auth kind and endpoint. It never holds the secret itself.</summary>
    public sealed class CfContext
    {
        internal CfContext()
        {
        }

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

        public override string ToString() => $"{AuthKind} {AccountId} {BaseUri}";
    }
}
