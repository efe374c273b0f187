using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/slots: list and get.</summary>
    internal sealed class SlotService
    {
        private readonly CfEndpoint endpoint;

        public SlotService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/slots", "{Id}");
        }

        public CfPager<CniSlot> List(string accountId, SlotListParams query, CfPaging paging, CfCall call) =>
            endpoint.List(endpoint.CollectionPath(accountId), query.ToQuery(), paging, SlotJsonContext.Default.ListResponseSlotJson, json => json.ToModel(), call);

        public Task<CniSlot> GetAsync(string accountId, string id, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, id), SlotJsonContext.Default.SlotJson, json => json.ToModel(), call);
    }
}
