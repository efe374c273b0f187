using System.Collections.Generic;
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
        public SlotService(RequestExecutor executor)
        {
            Resource = new CfResource<SlotJson, CniSlot>(executor, "slots", "Id", CfJsonContext.Default.SlotJson, json => json.ToModel(), CfJsonContext.Default.ListResponseSlotJson);
        }

        /// <summary>List and get: the shape every resource shares.</summary>
        public CfResource<SlotJson, CniSlot> Resource { get; }

        public CfPager<CniSlot> List(string accountId, SlotListParams query, CfPaging paging, CfCall call) =>
            Resource.List(accountId, query.ToQuery(), paging, call);
    }
}
