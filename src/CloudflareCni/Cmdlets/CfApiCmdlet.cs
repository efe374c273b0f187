using System;
using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Base of the cmdlets that call the API: the -AccountId parameter and the invocation's connection.</summary>
    public abstract class CfApiCmdlet : CfCmdlet
    {
        private CfCommandScope? scope;

        /// <summary>The Cloudflare account. Defaults to the connected account, then to CLOUDFLARE_ACCOUNT_ID.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccountId { get; set; }

        private protected CfCommandScope Scope => scope ??= new CfCommandScope(Session, Environment, AccountId);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                scope?.Dispose();
                scope = null;
            }

            base.Dispose(disposing);
        }
    }
}
