using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/settings: get and update.</summary>
    internal sealed class SettingService
    {
        private readonly CfApiClient client;

        public SettingService(CfApiClient client)
        {
            this.client = client;
        }

        public static string Path(string accountId) => $"accounts/{CfApiClient.EscapeSegment(accountId)}/cni/settings";

        public Task<CniSettings> GetAsync(string accountId, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(HttpMethod.Get, Path(accountId), null, null, CfJsonContext.Default.CniSettings, observer, cancellationToken);

        public Task<CniSettings> UpdateAsync(string accountId, CniSettingsUpdateBody body, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Put,
                Path(accountId),
                null,
                CfApiClient.Serialize(body, CfJsonContext.Default.CniSettingsUpdateBody),
                CfJsonContext.Default.CniSettings,
                observer,
                cancellationToken);
    }
}
