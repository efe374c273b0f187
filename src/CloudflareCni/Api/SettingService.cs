using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/settings: get and update. The collection path is the settings object itself.</summary>
    internal sealed class SettingService
    {
        private readonly CfResource<CniSettings> resource;

        public SettingService(RequestExecutor executor)
        {
            resource = new CfResource<CniSettings>(executor, "settings", CfJsonContext.Default.CniSettings);
        }

        public Task<CniSettings> GetAsync(string accountId, CfCall call) => resource.GetCollectionAsync(accountId, call);

        public Task<CniSettings> UpdateAsync(string accountId, CniSettingsUpdateBody body, CfCall call) =>
            resource.ReplaceAsync(accountId, null, body, CfJsonContext.Default.CniSettingsUpdateBody, call);
    }
}
