using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Forgets the default connection Connect-CfAccount made; with -Name, one named connection instead.</summary>
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
                if (!CfSession.Process.Disconnect())
                {
                    WriteVerbose("No Cloudflare session was connected.");
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
