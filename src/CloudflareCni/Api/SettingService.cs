using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/settings: get and update. The collection path is the settings object itself.</summary>
    internal sealed class SettingService
    {
        private readonly CfResource<SettingsJson, CniSettings> resource;

        public SettingService(RequestExecutor executor)
        {
            resource = new CfResource<SettingsJson, CniSettings>(executor, "settings", "Id", CfJsonContext.Default.SettingsJson, json => json.ToModel());
        }

        public Task<CniSettings> GetAsync(string accountId, CfCall call) => resource.GetCollectionAsync(accountId, call);

        public Task<CniSettings> UpdateAsync(string accountId, CniSettingsUpdateBody body, CfCall call) =>
            resource.ReplaceAsync(accountId, null, body, CfJsonContext.Default.CniSettingsUpdateBody, call);
    }
}
