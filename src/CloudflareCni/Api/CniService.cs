using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/cnis: list, get, create, replace and delete.</summary>
    internal sealed class CniService
    {
        private readonly CfEndpoint endpoint;

        public CniService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/cnis", "{Id}");
        }

        public CfPager<Cni> List(string accountId, CniListParams query, CfPaging paging, CfCall call) =>
            endpoint.List(endpoint.CollectionPath(accountId), query.ToQuery(), paging, CniJsonContext.Default.ListResponseCniJson, json => json.ToModel(), call);

        public Task<Cni> GetAsync(string accountId, string id, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, id), CniJsonContext.Default.CniJson, json => json.ToModel(), call);

        public Task<Cni> NewAsync(CniNewBody body, CfCall call) =>
            endpoint.PostAsync(endpoint.CollectionPath(body.Account), body, CniJsonContext.Default.CniNewBody, CniJsonContext.Default.CniJson, json => json.ToModel(), call);

        /// <summary>PUT replaces the whole object, so the body is the full CNI, unknown fields included.</summary>
        public Task<Cni> UpdateAsync(string accountId, Cni cni, CfCall call) =>
            endpoint.PutAsync(endpoint.ItemPath(accountId, cni.Id), CniJson.From(cni), CniJsonContext.Default.CniJson, CniJsonContext.Default.CniJson, json => json.ToModel(), call);

        public Task DeleteAsync(string accountId, string id, CfCall call) => endpoint.DeleteAsync(endpoint.ItemPath(accountId, id), call);
    }
}
