using System.Collections.Generic;
using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>Filters of GET /slots.</summary>
    internal sealed class SlotListParams
    {
        public string? AddressContains { get; set; }

        public bool? Occupied { get; set; }

        public string? Site { get; set; }

        public string? Speed { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param("address_contains", AddressContains),
            CfRequest.Param("occupied", Occupied),
            CfRequest.Param("site", Site),
            CfRequest.Param("speed", Speed),
        };
    }

    /// <summary>/accounts/{account_id}/cni/slots: list and get.</summary>
    internal sealed class SlotService
    {
        private readonly CfEndpoint endpoint;

        public SlotService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/slots", "{Id}");
        }

        public CfPager<CniSlot> List(string accountId, SlotListParams query, CfPaging paging, CfCall call) =>
            endpoint.List(endpoint.CollectionPath(accountId), query.ToQuery(), paging, CfJsonContext.Default.ListResponseSlotJson, json => json.ToModel(), call);

        public Task<CniSlot> GetAsync(string accountId, string id, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, id), CfJsonContext.Default.SlotJson, json => json.ToModel(), call);
    }
}
