using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Connections;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Forgets this runspace's default connection (in the runspace that owns it, the session's); with -Name, one named
    /// connection instead.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CfAccount")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCfAccountCommand : CfCmdlet
    {
        /// <summary>The named connections to forget; the default connection stays.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [Validation.ValidateText]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        private protected override void Process()
        {
            if (Name is null)
            {
                switch (CfSession.Process.Disconnect(CallerRunspace))
                {
                    case DisconnectOutcome.DroppedOwn:
                        WriteVerbose("Forgot this runspace's own default connection; commands here now use the session's default, as in a runspace that never connected.");
                        break;
                    case DisconnectOutcome.DroppedSession:
                        WriteVerbose("Forgot the session's default connection.");
                        break;
                    case DisconnectOutcome.ClearedFailure:
                        WriteVerbose("No connection was made here (the last Connect-CfAccount failed); commands here now use the session's default again, as in a runspace that never connected.");
                        break;
                    case DisconnectOutcome.SessionDefaultElsewhere:
                        WriteVerbose("This runspace has no connection of its own. The session's default belongs to the runspace that made it, and stays: Disconnect-CfAccount there forgets it.");
                        break;
                    default:
                        WriteVerbose("No Cloudflare session was connected.");
                        break;
                }

                return;
            }

            foreach (string name in Name)
            {
                if (CfSession.Process.Disconnect(name))
                {
                    WriteVerbose($"Forgot the connection {Api.DiagnosticText.Quote(name)}.");
                }
                else
                {
                    WriteFailureNow(CfErrors.ConnectionNotFoundRecord(name));
                }
            }
        }
    }
}
