using System.Management.Automation;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Shows the account, auth kind and endpoint the cmdlets use; never the secret.</summary>
    [Cmdlet(VerbsCommon.Get, "CfContext")]
    [OutputType(typeof(CfContext))]
    public sealed class GetCfContextCommand : CfCmdlet
    {
        private protected override void Process()
        {
            CfConnection? connection = CfSession.Process.Resolve(out bool owned);
            if (connection is null)
            {
                WriteResult(new CfContext
                {
                    Source = CfContextSource.None,
                    AuthKind = CfAuthKind.None,
                    AccountId = CfSession.AccountFromEnvironment(),
                    BaseUri = CfSession.BaseUriFromEnvironment(),
                });
                return;
            }

            try
            {
                CfContext context = connection.Describe();
                context.AccountId ??= CfSession.AccountFromEnvironment();
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
    }
}
