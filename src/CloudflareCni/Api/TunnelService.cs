using System.Collections.Generic;
using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>
    /// /accounts/{account_id}/magic/cf_interconnects: the Magic tunnels of CNI interconnects; list (all of them in one
    /// answer: the API has no paging), get and update one. Every answer is in Cloudflare's envelope, and every request
    /// asks for the health check's target in its object form (saved and effective).
    /// </summary>
    internal sealed class TunnelService
    {
        private readonly CfEndpoint endpoint;

        public TunnelService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(
                executor, "accounts/{AccountId}/magic/cf_interconnects", "{Id}", CfEnvelope.Required, new KeyValuePair<string, string>(TunnelHeaders.ObjectTarget, "true"));
        }

        /// <summary>Every tunnel of the account; one that cannot be read is set aside in its place (<see cref="Page{T}.Unreadable"/>).</summary>
        public Task<Page<CniTunnel>> ListAsync(string accountId, CfCall call) =>
            endpoint.GetListAsync(endpoint.CollectionPath(accountId), TunnelJsonContext.Default.TunnelsResult, TunnelsResult.Names.Interconnects, (TunnelJson tunnel) => tunnel.ToModel(accountId), call);

        public Task<CniTunnel> GetAsync(string accountId, string id, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, id), TunnelJsonContext.Default.TunnelResult, result => result.ToModel(accountId), call);

        /// <summary>
        /// Sends the changed fields; with <paramref name="validateOnly"/> the server only validates them and saves nothing,
        /// and answers the tunnel as it would be.
        /// </summary>
        public Task<CniTunnel> UpdateAsync(string accountId, string id, TunnelUpdateBody body, bool validateOnly, CfCall call) =>
            endpoint.PutAsync(
                endpoint.ItemPath(accountId, id),
                body,
                TunnelJsonContext.Default.TunnelUpdateBody,
                TunnelJsonContext.Default.TunnelModifiedResult,
                result => result.ToModel(accountId),
                call,
                validateOnly ? new[] { CfRequest.Param(TunnelUpdateParams.ValidateOnly, true) } : null);
    }
}
