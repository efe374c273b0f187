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
                    CfSession.RequireSafeBaseUri(options.BaseUri, "BaseUri");
                    connection = CfConnection.Create(options, accountId, CfContextSource.Session, ProxyOf(request, environment));
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

        /// <summary>-Proxy wins over the environment; -ProxyCredential applies to whichever proxy is used.</summary>
        private static IWebProxy? ProxyOf(ConnectRequest request, ICfEnvironment environment)
        {
            if (request.Proxy != null)
            {
                // User information in the URI becomes the proxy's credentials (unless -ProxyCredential is given) and
                // never stays in the URI, which Get-CfContext shows.
                return new WebProxy(EnvironmentProxy.StripUserInfo(request.Proxy))
                {
                    Credentials = request.ProxyCredential ?? EnvironmentProxy.CredentialsOf(request.Proxy),
                };
            }

            IWebProxy? fromEnvironment = CfSession.ProxyFromEnvironment(environment);
            if (request.ProxyCredential != null)
            {
                if (fromEnvironment is null)
                {
                    throw new CfValidationException(
                        "ProxyCredential", "ProxyCredentialWithoutProxy", "-ProxyCredential needs -Proxy, or a proxy in HTTPS_PROXY or HTTP_PROXY.");
                }

                fromEnvironment.Credentials = request.ProxyCredential;
            }

            return fromEnvironment;
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
