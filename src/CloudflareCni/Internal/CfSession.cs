using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using CloudflareCni.Api;

namespace CloudflareCni.Internal
{
    /// <summary>
    /// The connections Connect-CfAccount made, for the whole PowerShell process (as Az and Microsoft.Graph keep
    /// theirs), so that runspaces and jobs in the process share them: the default one, and any kept under a name; and
    /// the CLOUDFLARE_* environment variables that stand in for the default.
    /// </summary>
    internal sealed class CfSession
    {
        public const string TokenVariable = "CLOUDFLARE_API_TOKEN";
        public const string KeyVariable = "CLOUDFLARE_API_KEY";
        public const string EmailVariable = "CLOUDFLARE_EMAIL";
        public const string AccountVariable = "CLOUDFLARE_ACCOUNT_ID";
        public const string BaseUrlVariable = "CLOUDFLARE_BASE_URL";

        private readonly object gate = new object();
        private readonly Dictionary<string, CfConnection> named = new Dictionary<string, CfConnection>(StringComparer.OrdinalIgnoreCase);
        private CfConnection? connected;

        public static CfSession Process { get; } = new CfSession();

        /// <summary>The default connection: the one commands use without -Connection.</summary>
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

        // A connection replaced by Connect or dropped by Disconnect is not disposed: a command in another runspace of the
        // process may still be using it, and its HttpClient is released when nothing refers to it any more. It is marked
        // closed, so that a context object still holding it is refused by -Connection rather than silently used.
        public void Connect(CfConnection connection)
        {
            lock (gate)
            {
                connected?.Close();
                connected = connection;
            }
        }

        public bool Disconnect()
        {
            lock (gate)
            {
                bool wasConnected = connected != null;
                connected?.Close();
                connected = null;
                return wasConnected;
            }
        }

        /// <summary>Keeps a connection under its name, beside the default (which it never replaces).</summary>
        public void Keep(CfConnection connection)
        {
            lock (gate)
            {
                if (named.TryGetValue(connection.Name!, out CfConnection? replaced))
                {
                    replaced.Close();
                }

                named[connection.Name!] = connection;
            }
        }

        /// <summary>The connection kept under the name (any case), or null.</summary>
        public CfConnection? Named(string name)
        {
            lock (gate)
            {
                return named.TryGetValue(name, out CfConnection? found) ? found : null;
            }
        }

        /// <summary>The named connections, by name.</summary>
        public IReadOnlyList<CfConnection> NamedConnections()
        {
            lock (gate)
            {
                return named.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            }
        }

        /// <summary>Forgets the named connection; false when there was none by that name.</summary>
        public bool Disconnect(string name)
        {
            lock (gate)
            {
                if (!named.TryGetValue(name, out CfConnection? dropped))
                {
                    return false;
                }

                dropped.Close();
                named.Remove(name);
                return true;
            }
        }

        /// <summary>
        /// The connection a command uses: the connected one, else one made from the CLOUDFLARE_* variables (owned by
        /// the caller, who disposes it), else null.
        /// </summary>
        public CfConnection? Resolve(out bool callerOwns)
        {
            CfConnection? session = Connected;
            callerOwns = false;
            if (session != null)
            {
                return session;
            }

            CfCredential? credential = CredentialFromEnvironment();
            if (credential is null)
            {
                return null;
            }

            var options = new CfClientOptions { Credential = credential, BaseUri = BaseUriFromEnvironment() };
            callerOwns = true;
            return CfConnection.Create(options, null, CfContextSource.Environment, ProxyFromEnvironment());
        }

        public static string? Variable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        /// <summary>CLOUDFLARE_ACCOUNT_ID, or null when it is not set; a value that is no account id is refused (CfValidation.InvalidAccountId).</summary>
        public static string? AccountFromEnvironment()
        {
            string? account = Variable(AccountVariable);
            string? fault = account is null ? null : Validation.ModuleRules.AccountIdFault(account);
            if (fault != null)
            {
                throw new CfValidationException(AccountVariable, CfErrors.InvalidAccountId, $"The environment variable {AccountVariable} is refused. {fault}");
            }

            return account;
        }

        public static CfCredential? CredentialFromEnvironment()
        {
            string? token = Variable(TokenVariable);
            if (token != null)
            {
                RequireCredentialText(TokenVariable, "API token", token);
                return CfCredential.FromToken(token);
            }

            string? key = Variable(KeyVariable);
            string? email = Variable(EmailVariable);
            if (key is null || email is null)
            {
                return null;
            }

            RequireCredentialText(KeyVariable, "API key", key);
            if (Validation.ModuleRules.EmailFault(email) is string emailFault)
            {
                throw new CfValidationException(EmailVariable, CfErrors.InvalidCredential, $"The environment variable {EmailVariable} is refused. {emailFault}");
            }

            return CfCredential.FromKey(email, key);
        }

        /// <summary>A credential that no HTTP header can carry is refused here, as bad input, and never sent (nor retried).</summary>
        private static void RequireCredentialText(string variable, string what, string value)
        {
            string? fault = CfCredential.TextFault(what, value);
            if (fault != null)
            {
                throw new CfValidationException(variable, CfErrors.InvalidCredential, $"The environment variable {variable} is refused. {fault}");
            }
        }

        public static Uri BaseUriFromEnvironment()
        {
            string? text = Variable(BaseUrlVariable);
            if (text is null)
            {
                return CfClientOptions.DefaultBaseUri;
            }

            string? fault = Validation.ModuleRules.UriTextFault(text);
            Uri.TryCreate(text, UriKind.Absolute, out Uri? uri);
            fault ??= BaseUriRule.FormatFault(uri!);
            if (fault != null)
            {
                throw new CfValidationException(BaseUrlVariable, CfErrors.InvalidBaseUri, $"The environment variable {BaseUrlVariable} is refused. {fault}");
            }

            fault = BaseUriRule.SecurityFault(uri!);
            if (fault != null)
            {
                throw new CfValidationException(BaseUrlVariable, CfErrors.InsecureBaseUri, $"The environment variable {BaseUrlVariable} is refused. {fault}");
            }

            return uri!;
        }

        public static IWebProxy? ProxyFromEnvironment() => EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariable);
    }

    /// <summary>Which base URIs a credential may be sent to.</summary>
    internal static class BaseUriRule
    {
        /// <summary>
        /// Null when the URI is absolute http or https with a host, and nothing that the requests would not carry or that
        /// should not be shown: user information (a password would appear in Get-CfContext), a query or a fragment (both
        /// dropped from every request). Else why not.
        /// </summary>
        public static string? FormatFault(Uri baseUri)
        {
            if (!(baseUri.IsAbsoluteUri && baseUri.Host.Length > 0 && (baseUri.Scheme == Uri.UriSchemeHttps || baseUri.Scheme == Uri.UriSchemeHttp)))
            {
                return $"The base URI {DiagnosticText.Quote(baseUri.IsAbsoluteUri ? WithoutUserInfo(baseUri) : baseUri.OriginalString)} is not an absolute http or https URI with a host, such as https://api.cloudflare.com/client/v4.";
            }

            if (baseUri.UserInfo.Length > 0)
            {
                return $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} holds a user name or password: the module authenticates with the API token or key, and would show the password wherever it shows the URI. Remove it.";
            }

            return baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0
                ? $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} has a query or a fragment, which no request would carry. Remove it."
                : null;
        }

        /// <summary>
        /// Null when a credential may travel to the URI, else why not. A credential sent over plain http could be read on
        /// the way; only loopback (a local test server) may use http.
        /// </summary>
        public static string? SecurityFault(Uri baseUri) =>
            baseUri.Scheme == Uri.UriSchemeHttps || (baseUri.Scheme == Uri.UriSchemeHttp && baseUri.IsLoopback)
                ? null
                : $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} is not https: credentials would cross the network in clear text. Only loopback addresses may use http.";

        /// <summary>The URI as messages may show it: without any user name or password.</summary>
        public static string WithoutUserInfo(Uri uri) =>
            uri.IsAbsoluteUri && uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : uri.ToString();
    }
}
