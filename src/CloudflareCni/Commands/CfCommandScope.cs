using System;
using System.Management.Automation;
using CloudflareCni.Internal;

namespace CloudflareCni.Commands
{
    /// <summary>
    /// The connection and account one cmdlet invocation uses, found lazily so that -WhatIf and bad input fail
    /// (or succeed) without needing credentials. The -AccountId parameter wins, then the connected account, then
    /// CLOUDFLARE_ACCOUNT_ID.
    /// </summary>
    internal sealed class CfCommandScope : IDisposable
    {
        private readonly CfSession session;
        private readonly ICfEnvironment environment;
        private readonly string? accountIdParameter;
        private CfConnection? connection;
        private bool ownsConnection;

        public CfCommandScope(CfSession session, ICfEnvironment environment, string? accountIdParameter)
        {
            this.session = session;
            this.environment = environment;
            this.accountIdParameter = string.IsNullOrWhiteSpace(accountIdParameter) ? null : accountIdParameter;
        }

        public CfConnection Connection
        {
            get
            {
                if (connection is null)
                {
                    CfConnection? resolved;
                    try
                    {
                        resolved = session.Resolve(environment, out ownsConnection);
                    }
                    catch (CfValidationException ex)
                    {
                        throw new CfTerminatingException(ex.ToError(ex.ParamName));
                    }

                    connection = resolved ?? throw new CfTerminatingException(new CfError(
                        new InvalidOperationException(
                            "No Cloudflare credential is set. Run Connect-CfAccount -ApiToken (Read-Host -AsSecureString) -AccountId <id>, " +
                            $"or set {CfSession.TokenVariable} (or {CfSession.KeyVariable} with {CfSession.EmailVariable}). " +
                            "For an offline trial, run Connect-CfAccount -Sandbox."),
                        "CfAccount.NotConnected",
                        ErrorCategory.AuthenticationError,
                        null,
                        "Run Connect-CfAccount, or set CLOUDFLARE_API_TOKEN."));
                }

                return connection;
            }
        }

        public string AccountId
        {
            get
            {
                string? account = accountIdParameter ?? Connection.AccountId ?? NonEmpty(environment.GetVariable(CfSession.AccountVariable));
                return account ?? throw new CfTerminatingException(new CfError(
                    new InvalidOperationException(
                        $"No Cloudflare account id is set. Pass -AccountId, run Connect-CfAccount -AccountId <id>, or set {CfSession.AccountVariable}."),
                    "CfAccount.NoAccountId",
                    ErrorCategory.InvalidArgument,
                    null,
                    "Pass -AccountId, or set CLOUDFLARE_ACCOUNT_ID."));
            }
        }

        /// <summary>For messages before any request: the account when it is known without a connection, else a description.</summary>
        public string DescribeAccount() =>
            "account " + (accountIdParameter ?? session.Connected?.AccountId ?? NonEmpty(environment.GetVariable(CfSession.AccountVariable)) ?? "(default)");

        public void Dispose()
        {
            if (ownsConnection)
            {
                connection?.Dispose();
            }
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
