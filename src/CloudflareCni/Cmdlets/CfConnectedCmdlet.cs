using System;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Connections;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that use a connection: the API cmdlets and the sandbox cmdlets. The connection is -Connection
    /// when given; else the default of the command's runspace (its own, else the session's); else one from the CLOUDFLARE_* environment variables
    /// (owned, and disposed, by this invocation). It is found lazily, so that -WhatIf and bad input fail (or succeed)
    /// without credentials.
    /// </summary>
    public abstract class CfConnectedCmdlet : CfCmdlet
    {
        private CfConnection? connection;
        private bool ownsConnection;
        private bool resolved;

        /// <summary>
        /// The connection for this call, instead of the default: a name given to Connect-CfAccount -Name, or an object
        /// from Connect-CfAccount or Get-CfContext.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [ConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public CfContext? Connection { get; set; }

        /// <summary>The invocation's connection; a terminating CfAccount.NotConnected error when there is none.</summary>
        internal CfConnection ActiveConnection
        {
            get
            {
                CfConnection? found = FindConnection();
                if (found is null && CfSession.Process.ConnectFailedIn(CallerRunspace))
                {
                    Terminate(CfErrors.Record(
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
                    Terminate(CfErrors.Record(
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

        /// <summary>
        /// Before ShouldProcess, -WhatIf included: when the invocation would fall back to the CLOUDFLARE_* variables (no
        /// -Connection, no default connection), the credential and base URI set there are checked, as a real run would
        /// check them. Unset variables are no error here, so -WhatIf still needs no credential.
        /// </summary>
        private protected override void CheckBeforeChange()
        {
            if (Connection is null && CfSession.Process.DefaultFor(CallerRunspace) is null && !CfSession.Process.ConnectFailedIn(CallerRunspace))
            {
                _ = CfSession.CredentialFromEnvironment();
                _ = CfSession.BaseUriFromEnvironment();
            }
        }

        /// <summary>The invocation's connection, or null when there is none; found once per invocation.</summary>
        private protected CfConnection? FindConnection()
        {
            if (!resolved)
            {
                // The transformation of -Connection refused a context without a live connection, so one bound has one.
                connection = Connection?.Connection ?? CfSession.Process.Resolve(CallerRunspace, out ownsConnection);
                resolved = true;
            }

            return connection;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsConnection)
            {
                connection?.Dispose();
                connection = null;
            }

            base.Dispose(disposing);
        }
    }
}
