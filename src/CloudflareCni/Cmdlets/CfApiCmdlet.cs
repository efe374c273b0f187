using System;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Connections;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that call the API: -Connection (<see cref="InvocationConnection"/>) and -AccountId. The account
    /// is -AccountId, else the connected account, else CLOUDFLARE_ACCOUNT_ID.
    /// </summary>
    public abstract class CfApiCmdlet : CfCmdlet
    {
        private InvocationConnection? connection;

        /// <summary>
        /// The connection for this call, instead of the default: a name given to Connect-CfAccount -Name, or an object
        /// from Connect-CfAccount or Get-CfContext. (The sandbox cmdlets declare it alike: a module contract test checks
        /// that every -Connection is the same.)
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [ConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public CfContext? Connection { get; set; }

        /// <summary>
        /// The Cloudflare account. Binds from a piped object's Account, so that objects of another account are acted on
        /// there. Defaults to the connected account, then to CLOUDFLARE_ACCOUNT_ID.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Account")]
        [AllowNull]
        [ValidateAccountId]
        public string? AccountId { get; set; }

        /// <summary>The request pipeline of the invocation's connection, which each resource's service is made over.</summary>
        internal Api.RequestExecutor Executor => Connected.Active.Executor;

        /// <summary>True when a connection can be had (Connect-CfAccount or the environment), without ending the command when not.</summary>
        internal bool HasConnection => Connected.Find() != null;

        private InvocationConnection Connected => connection ??= new InvocationConnection(this, () => Connection);

        /// <summary>
        /// -AccountId as it applies now: once the input has ended, only the command line's, not the last piped object's
        /// (work deferred to the end, such as deletes, carries each item's own account).
        /// </summary>
        private string? GivenAccountId => InputEnded && !GivenOnCommandLine(nameof(AccountId)) ? null : AccountId;

        /// <summary>The account the requests go to.</summary>
        internal string Account
        {
            get
            {
                string? account = GivenAccountId ?? Connected.Active.AccountId ?? CfSession.AccountFromEnvironment();
                if (account is null)
                {
                    Terminate(CfErrors.Record(
                        new InvalidOperationException(
                            $"No Cloudflare account id is set. Pass -AccountId, run Connect-CfAccount -AccountId <id>, or set {CfSession.AccountVariable}."),
                        CfErrors.NoAccountId,
                        ErrorCategory.InvalidArgument,
                        null,
                        "Pass -AccountId, or set CLOUDFLARE_ACCOUNT_ID."));
                }

                return account!;
            }
        }

        /// <summary>
        /// Before ShouldProcess, -WhatIf included: the account from CLOUDFLARE_ACCOUNT_ID is checked when it is the one
        /// that applies (no -AccountId, no account on the connection), as a real run would check it.
        /// </summary>
        private protected override void CheckBeforeChange()
        {
            Connected.CheckEnvironment();
            if (GivenAccountId is null && (Connection is null ? CfSession.Process.DefaultFor(CallerRunspace)?.AccountId : Connection.AccountId) is null)
            {
                _ = CfSession.AccountFromEnvironment();
            }
        }

        /// <summary>For -WhatIf and prompts, before any request: the account when it is known without a connection.</summary>
        internal string DescribeAccount() =>
            "account " + (GivenAccountId ?? (Connection is null ? CfSession.Process.DefaultFor(CallerRunspace)?.AccountId : Connection.AccountId) ?? CfSession.AccountFromEnvironment() ?? "(default)");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                connection?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
