using System;
using System.Management.Automation;
using CloudflareCni.Connections;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// The connection a cmdlet's invocation uses: -Connection when given; else the default of the command's runspace (its
    /// own, else the session's); else one from the CLOUDFLARE_* environment variables (owned, and disposed, by the
    /// invocation). It is found lazily, so that -WhatIf and bad input fail (or succeed) without credentials. The API
    /// cmdlets and the sandbox cmdlets each declare -Connection and find it here.
    /// </summary>
    internal sealed class InvocationConnection : IDisposable
    {
        private readonly CfCmdlet cmdlet;
        private readonly Func<CfContext?> given;
        private CfConnection? connection;
        private bool ownsConnection;
        private bool resolved;

        /// <param name="given">The invocation's -Connection, read when the connection is first needed.</param>
        public InvocationConnection(CfCmdlet cmdlet, Func<CfContext?> given)
        {
            this.cmdlet = cmdlet;
            this.given = given;
        }

        /// <summary>The invocation's connection; a terminating CfAccount.NotConnected error when there is none.</summary>
        public CfConnection Active
        {
            get
            {
                CfConnection? found = Find();
                if (found is null && CfSession.Process.ConnectFailedIn(cmdlet.CallerRunspace))
                {
                    cmdlet.Terminate(CfErrors.Record(
                        new InvalidOperationException(
                            "The last Connect-CfAccount in this runspace failed, so commands here have no default connection: they do not fall back to " +
                            "a connection made before, in this runspace or another. Run Connect-CfAccount again, or pass -Connection."),
                        CfErrors.NotConnected,
                        ErrorCategory.AuthenticationError,
                        null,
                        "Run Connect-CfAccount again, or pass -Connection."));
                }

                if (found is null)
                {
                    cmdlet.Terminate(CfErrors.Record(
                        new InvalidOperationException(
                            "No Cloudflare credential is set. Run Connect-CfAccount -ApiToken (Read-Host -AsSecureString) -AccountId <id>, " +
                            $"or set {CfSession.TokenVariable} (or {CfSession.KeyVariable} with {CfSession.EmailVariable}). " +
                            "For an offline trial, run Connect-CfAccount -Sandbox."),
                        CfErrors.NotConnected,
                        ErrorCategory.AuthenticationError,
                        null,
                        "Run Connect-CfAccount, or set CLOUDFLARE_API_TOKEN."));
                }

                return found!;
            }
        }

        /// <summary>The invocation's connection, or null when there is none; found once per invocation.</summary>
        public CfConnection? Find()
        {
            if (!resolved)
            {
                // The transformation of -Connection refused a context without a live connection, so one bound has one.
                connection = given()?.Connection ?? CfSession.Process.Resolve(cmdlet.CallerRunspace, out ownsConnection);
                resolved = true;
            }

            return connection;
        }

        /// <summary>
        /// Before ShouldProcess, -WhatIf included: when the invocation would fall back to the CLOUDFLARE_* variables (no
        /// -Connection, no default connection), the credential and base URI set there are checked, as a real run would
        /// check them. Unset variables are no error here, so -WhatIf still needs no credential.
        /// </summary>
        public void CheckEnvironment()
        {
            if (given() is null && CfSession.Process.DefaultFor(cmdlet.CallerRunspace) is null && !CfSession.Process.ConnectFailedIn(cmdlet.CallerRunspace))
            {
                _ = CfSession.CredentialFromEnvironment();
                _ = CfSession.BaseUriFromEnvironment();
            }
        }

        /// <summary>Disposes a connection the invocation made from the environment; a kept one belongs to the session.</summary>
        public void Dispose()
        {
            if (ownsConnection)
            {
                connection?.Dispose();
                connection = null;
            }
        }
    }
}
