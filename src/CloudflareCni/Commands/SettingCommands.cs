using CloudflareCni.Api;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Commands
{
    /// <summary>What the settings cmdlets decide and send.</summary>
    internal static class SettingCommands
    {
        public static void Get(ICmdletHost host, CfCommandScope scope) =>
            CommandSupport.ForItem(host, null, () =>
                host.WriteObject(host.Await(scope.Connection.Settings.GetAsync(scope.AccountId, host, host.Stopping))));

        public static void Set(ICmdletHost host, CfCommandScope scope, long defaultAsn, bool passThru) =>
            CommandSupport.ForItem(host, defaultAsn, () =>
            {
                CfValidators.Require("DefaultAsn", "AsnOutOfRange", CfValidators.Asn(defaultAsn));
                if (!host.ShouldProcess(scope.DescribeAccount(), $"Set the CNI default ASN to {defaultAsn}"))
                {
                    return;
                }

                CniSettings result = host.Await(scope.Connection.Settings.UpdateAsync(
                    scope.AccountId, new CniSettingsUpdateBody { DefaultAsn = defaultAsn }, host, host.Stopping));
                if (passThru)
                {
                    host.WriteObject(result);
                }
            });
    }
}
