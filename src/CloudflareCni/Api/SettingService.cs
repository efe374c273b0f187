using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/settings: get and update. The collection's path is the settings object itself.</summary>
    internal sealed class SettingService
    {
        private readonly CfEndpoint endpoint;

        public SettingService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/settings");
        }

        public Task<CniSettings> GetAsync(string accountId, CfCall call) =>
            endpoint.GetAsync(endpoint.CollectionPath(accountId), SettingsJsonContext.Default.SettingsJson, json => json.ToModel(), call);

        public Task<CniSettings> UpdateAsync(string accountId, CniSettingsUpdateBody body, CfCall call) =>
            endpoint.PutAsync(endpoint.CollectionPath(accountId), body, SettingsJsonContext.Default.CniSettingsUpdateBody, SettingsJsonContext.Default.SettingsJson, json => json.ToModel(), call);
    }
}
