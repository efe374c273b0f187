using System;
using System.Net;
using CloudflareCni.Api;

namespace CloudflareCni.Internal
{
    /// <summary>Reads environment variables; tests give their own.</summary>
    internal interface ICfEnvironment
    {
        string? GetVariable(string name);
    }

    internal sealed class ProcessEnvironment : ICfEnvironment
    {
        public static readonly ProcessEnvironment Instance = new ProcessEnvironment();

        public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
    }

    /// <summary>
    /// The connection Connect-CfAccount made, for the whole PowerShell process (as Az and Microsoft.Graph keep
    /// theirs), so that runspaces and jobs in the process share it.
    /// </summary>
    internal sealed class CfSession
    {
        public const string TokenVariable = "CLOUDFLARE_API_TOKEN";
        public const string KeyVariable = "CLOUDFLARE_API_KEY";
        public const string EmailVariable = "CLOUDFLARE_EMAIL";
        public const string AccountVariable = "CLOUDFLARE_ACCOUNT_ID";
        public const string BaseUrlVariable = "CLOUDFLARE_BASE_URL";

        private readonly object gate = new object();
        private CfConnection? connected;

        public static CfSession Process { get; } = new CfSession();

        public CfConnection? Connected
        {
            get
            {
                lock (gate)
                {
                    return connected;
                }
            }
        }

        // The connection replaced by Connect or dropped by Disconnect is not disposed: a command in another runspace
        // of the process may still be using it, and its HttpClient is released when nothing refers to it any more.
        public void Connect(CfConnection connection)
        {
            lock (gate)
            {
                connected = connection;
            }
        }

        public bool Disconnect()
        {
            lock (gate)
            {
                bool wasConnected = connected != null;
                connected = null;
                return wasConnected;
            }
        }

        /// <summary>
        /// The connection a command uses: the connected one, else one made from the CLOUDFLARE_* variables (owned by
        /// the caller, who disposes it), else null.
        /// </summary>
        public CfConnection? Resolve(ICfEnvironment environment, out bool callerOwns)
        {
            CfConnection? session = Connected;
            callerOwns = false;
            if (session != null)
            {
                return session;
            }

            CfCredential? credential = CredentialFromEnvironment(environment);
            if (credential is null)
            {
                return null;
            }

            var options = new CfClientOptions { Credential = credential, BaseUri = BaseUriFromEnvironment(environment) };
            callerOwns = true;
            return CfConnection.Create(options, null, CfContextSource.Environment, ProxyFromEnvironment(environment));
        }

        public static CfCredential? CredentialFromEnvironment(ICfEnvironment environment)
        {
            string? token = environment.GetVariable(TokenVariable);
            if (!string.IsNullOrEmpty(token))
            {
                return CfCredential.FromToken(token!);
            }

            string? key = environment.GetVariable(KeyVariable);
            string? email = environment.GetVariable(EmailVariable);
            if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(email))
            {
                return CfCredential.FromKey(email!, key!);
            }

            return null;
        }

        public static Uri BaseUriFromEnvironment(ICfEnvironment environment)
        {
            string? text = environment.GetVariable(BaseUrlVariable);
            if (string.IsNullOrEmpty(text))
            {
                return CfClientOptions.DefaultBaseUri;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new CfValidationException(
                    BaseUrlVariable, "InvalidBaseUri", $"The environment variable {BaseUrlVariable} is '{text}', which is not an absolute http or https URI.");
            }

            RequireSafeBaseUri(uri, BaseUrlVariable);
            return uri;
        }

        /// <summary>A credential sent over plain http could be read on the way; only loopback (a local test server) may use http.</summary>
        public static void RequireSafeBaseUri(Uri baseUri, string source)
        {
            if (baseUri.Scheme == Uri.UriSchemeHttps || (baseUri.Scheme == Uri.UriSchemeHttp && baseUri.IsLoopback))
            {
                return;
            }

            throw new CfValidationException(
                source,
                "InsecureBaseUri",
                $"The base URI '{baseUri}' is not https: credentials would cross the network in clear text. Only loopback addresses may use http.");
        }

        public static IWebProxy? ProxyFromEnvironment(ICfEnvironment environment) =>
            EnvironmentProxy.FromEnvironment(environment.GetVariable);
    }
}
