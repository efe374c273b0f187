using System;
using System.Management.Automation;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that use a connection: the API cmdlets and the sandbox cmdlets. The connection is found
    /// lazily, so that -WhatIf and bad input fail (or succeed) without credentials: the one Connect-CfAccount made, else
    /// one from the CLOUDFLARE_* environment variables (owned, and disposed, by this invocation).
    /// </summary>
    public abstract class CfConnectedCmdlet : CfCmdlet
    {
        private CfConnection? connection;
        private bool ownsConnection;
        private bool resolved;

        /// <summary>The invocation's connection; a terminating CfAccount.NotConnected error when there is none.</summary>
        internal CfConnection Connection
        {
            get
            {
                CfConnection? found = FindConnection();
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

        /// <summary>The invocation's connection, or null when there is none; found once per invocation.</summary>
        private protected CfConnection? FindConnection()
        {
            if (!resolved)
            {
                connection = CfSession.Process.Resolve(out ownsConnection);
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
