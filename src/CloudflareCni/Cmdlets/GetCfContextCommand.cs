using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Connections;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Shows the connection the cmdlets of this runspace use by default (account, auth kind and endpoint; never the
    /// secret); with -Name or -ListAvailable, the named connections too.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CfContext", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(CfContext))]
    public sealed class GetCfContextCommand : CfCmdlet
    {
        private const string DefaultSet = "Default";
        private const string NameSet = "Name";
        private const string ListSet = "ListAvailable";

        /// <summary>The named connections to show; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [Validation.ValidateText]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Shows the default connection (when there is one) and every named connection.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ListSet)]
        public SwitchParameter ListAvailable { get; set; }

        private protected override void Process()
        {
            switch (ParameterSetName)
            {
                case NameSet:
                    WriteNamed();
                    break;
                case ListSet:
                    WriteDefault();
                    foreach (CfConnection named in CfSession.Process.NamedConnections())
                    {
                        WriteResult(named.Describe());
                    }

                    break;
                default:
                    WriteDefault();
                    break;
            }
        }

        private void WriteNamed()
        {
            Patterns.Require(this, nameof(Name), Name);
            IReadOnlyList<CfConnection> all = CfSession.Process.NamedConnections();
            foreach (string name in Name!)
            {
                WildcardPattern pattern = Patterns.Of(name);
                List<CfConnection> matches = all.Where(c => pattern.IsMatch(c.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteFailureNow(CfErrors.ConnectionNotFoundRecord(name));
                }

                foreach (CfConnection match in matches)
                {
                    WriteResult(match.Describe());
                }
            }
        }

        /// <summary>
        /// The runspace's default connection: its own or the session's, else the environment's. With none, nothing: an
        /// object would read as a connection that exists (-Verbose says why there is none).
        /// </summary>
        private void WriteDefault()
        {
            CfConnection? connection = CfSession.Process.Resolve(CallerRunspace, out bool owned);
            WriteVerbose(WhoseDefault(connection, owned));
            if (connection is null)
            {
                return;
            }

            try
            {
                CfContext context = connection.Describe();
                context.AccountId ??= CfSession.AccountFromEnvironment();
                if (owned)
                {
                    // The environment's connection lives only for this command; the object describes it but cannot carry it.
                    context.Connection = null;
                    context.IsDefault = true;
                }

                WriteResult(context);
            }
            finally
            {
                if (owned)
                {
                    connection.Dispose();
                }
            }
        }

        private string WhoseDefault(CfConnection? connection, bool fromEnvironment)
        {
            if (CfSession.Process.ConnectFailedIn(CallerRunspace))
            {
                return "No default connection, so nothing to show: the last Connect-CfAccount in this runspace failed, and commands here have none until the next one succeeds.";
            }

            return connection is null ? "No default connection, so nothing to show: nothing is connected, and no CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL) is set. Run Connect-CfAccount."
                : fromEnvironment ? "The default comes from the CLOUDFLARE_* environment variables."
                : connection.MadeIn?.InstanceId == CallerRunspace?.InstanceId ? "The default connection was made in this runspace."
                : $"The default connection is the session's, made in runspace {connection.MadeIn?.Id}: this runspace has none of its own.";
        }
    }
}
