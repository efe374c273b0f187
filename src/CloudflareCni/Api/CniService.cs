using System.Collections.Generic;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>Filters of GET /cnis.</summary>
    internal sealed class CniListParams
    {
        public string? Slot { get; set; }

        public string? TunnelId { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param("slot", Slot),
            CfRequest.Param("tunnel_id", TunnelId),
        };
    }

    /// <summary>/accounts/{account_id}/cni/cnis: list, get, create, replace and delete.</summary>
    internal sealed class CniService
    {
        public CniService(RequestExecutor executor)
        {
            Resource = new CfResource<CniJson, Cni>(executor, "cnis", "Id", CfJsonContext.Default.CniJson, json => json.ToModel(), CfJsonContext.Default.ListResponseCniJson);
        }

        /// <summary>List, get and delete: the shape every resource shares.</summary>
        public CfResource<CniJson, Cni> Resource { get; }

        public CfPager<Cni> List(string accountId, CniListParams query, CfPaging paging, CfCall call) =>
            Resource.List(accountId, query.ToQuery(), paging, call);

        public System.Threading.Tasks.Task<Cni> NewAsync(CniNewBody body, CfCall call) =>
            Resource.CreateAsync(body.Account, body, CfJsonContext.Default.CniNewBody, call);

        /// <summary>PUT replaces the whole object, so the body is the full CNI, unknown fields included.</summary>
        public System.Threading.Tasks.Task<Cni> UpdateAsync(string accountId, Cni cni, CfCall call) =>
            Resource.ReplaceAsync(accountId, cni.Id, CniJson.From(cni), CfJsonContext.Default.CniJson, call);
    }
}
