using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using CloudflareCni.Api;
using CloudflareCni.Internal;

namespace CloudflareCni.Commands
{
    /// <summary>What Connect-CfAccount was given, as plain values.</summary>
    internal sealed class ConnectRequest
    {
        public SecureString? ApiToken { get; set; }

        public SecureString? ApiKey { get; set; }

        public string? Email { get; set; }

        public bool Sandbox { get; set; }

        public string? AccountId { get; set; }

        public Uri? BaseUri { get; set; }

        public int? TimeoutSec { get; set; }

        public int? MaximumRetryCount { get; set; }

        public int? MaximumRetryWaitSec { get; set; }

        public Uri? Proxy { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }
    }

    /// <summary>What the session cmdlets decide.</summary>
    internal static class AccountCommands
    {
        public static void Connect(ICmdletHost host, CfSession session, ICfEnvironment environment, ConnectRequest request)
        {
            var options = new CfClientOptions();
            if (request.TimeoutSec.HasValue)
            {
                options.Timeout = TimeSpan.FromSeconds(request.TimeoutSec.Value);
            }

            if (request.MaximumRetryCount.HasValue)
            {
                options.MaxRetries = request.MaximumRetryCount.Value;
            }

            if (request.MaximumRetryWaitSec.HasValue)
            {
                options.MaxRetryWait = TimeSpan.FromSeconds(request.MaximumRetryWaitSec.Value);
            }

            string? accountId = NonEmpty(request.AccountId) ?? NonEmpty(environment.GetVariable(CfSession.AccountVariable));
            CfConnection connection;
            try
            {
                if (request.Sandbox)
                {
                    connection = CfConnection.CreateSandbox(options, accountId);
                }
                else
                {
                    options.Credential = CredentialOf(request, environment);
                    options.BaseUri = request.BaseUri ?? CfSession.BaseUriFromEnvironment(environment);
                    RequireSafeBaseUri(options.BaseUri, request.BaseUri is null ? CfSession.BaseUrlVariable : "BaseUri");
                    IWebProxy? proxy = request.Proxy is null
                        ? CfSession.ProxyFromEnvironment(environment)
                        : new WebProxy(request.Proxy) { Credentials = request.ProxyCredential };
                    connection = CfConnection.Create(options, accountId, CfContextSource.Session, proxy);
                }
            }
            catch (CfValidationException ex)
            {
                throw new CfTerminatingException(ex.ToError(ex.ParamName));
            }

            session.Connect(connection);
            if (connection.AccountId is null)
            {
                host.WriteWarning(
                    $"Connected without a default account: pass -AccountId to each command, or set {CfSession.AccountVariable}.");
            }

            host.WriteObject(connection.Describe());
        }

        public static void Disconnect(ICmdletHost host, CfSession session)
        {
            if (!session.Disconnect())
            {
                host.Verbose("No Cloudflare session was connected.");
            }
        }

        /// <summary>The context the next command would use; never the secret.</summary>
        public static void GetContext(ICmdletHost host, CfSession session, ICfEnvironment environment)
        {
            CfConnection? connection;
            bool owned;
            try
            {
                connection = session.Resolve(environment, out owned);
            }
            catch (CfValidationException ex)
            {
                throw new CfTerminatingException(ex.ToError(ex.ParamName));
            }

            if (connection is null)
            {
                host.WriteObject(new CfContext
                {
                    Source = CfContextSource.None,
                    AuthKind = CfAuthKind.None,
                    AccountId = NonEmpty(environment.GetVariable(CfSession.AccountVariable)),
                    BaseUri = CfSession.BaseUriFromEnvironment(environment),
                });
                return;
            }

            try
            {
                CfContext context = connection.Describe();
                context.AccountId ??= NonEmpty(environment.GetVariable(CfSession.AccountVariable));
                host.WriteObject(context);
            }
            finally
            {
                if (owned)
                {
                    connection.Dispose();
                }
            }
        }

        private static CfCredential CredentialOf(ConnectRequest request, ICfEnvironment environment)
        {
            if (request.ApiToken != null)
            {
                return CfCredential.FromToken(request.ApiToken);
            }

            if (request.ApiKey != null)
            {
                if (string.IsNullOrWhiteSpace(request.Email))
                {
                    throw new CfValidationException("Email", "EmailRequired", "A global API key needs the account's -Email as well.");
                }

                return CfCredential.FromKey(request.Email!, request.ApiKey);
            }

            return CfSession.CredentialFromEnvironment(environment) ?? throw new CfTerminatingException(new CfError(
                new InvalidOperationException(
                    $"No credential given: pass -ApiToken (Read-Host -AsSecureString), or -ApiKey with -Email, or set {CfSession.TokenVariable}. " +
                    "For an offline trial, use -Sandbox."),
                "CfAccount.NoCredential",
                ErrorCategory.AuthenticationError,
                null,
                "Pass -ApiToken, or set CLOUDFLARE_API_TOKEN."));
        }

        /// <summary>A token sent over plain http could be read on the way; only loopback (a local test server) may use it.</summary>
        private static void RequireSafeBaseUri(Uri baseUri, string source)
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

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
