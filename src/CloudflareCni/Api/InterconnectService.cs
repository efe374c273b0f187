using System.Collections.Generic;
using CloudflareCni.Api.Json;
using System.Net.Http;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Filters of GET /interconnects.</summary>
    internal sealed class InterconnectListParams
    {
        public string? Site { get; set; }

        public string? Type { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param("site", Site),
            CfRequest.Param("type", Type),
        };
    }

    /// <summary>/accounts/{account_id}/cni/interconnects: list, get, create, delete, LOA and status.</summary>
    internal sealed class InterconnectService
    {
        private readonly RequestExecutor executor;

        public InterconnectService(RequestExecutor executor)
        {
            this.executor = executor;
            Resource = new CfResource<InterconnectJson, Interconnect>(executor, "interconnects", "Name", CfJsonContext.Default.InterconnectJson, json => json.ToModel(), CfJsonContext.Default.ListResponseInterconnectJson);
        }

        /// <summary>List, get and delete: the shape every resource shares.</summary>
        public CfResource<InterconnectJson, Interconnect> Resource { get; }

        public CfPager<Interconnect> List(string accountId, InterconnectListParams query, CfPaging paging, CfCall call) =>
            Resource.List(accountId, query.ToQuery(), paging, call);

        public Task<Interconnect> NewPhysicalAsync(InterconnectNewPhysicalBody body, CfCall call) =>
            Resource.CreateAsync(body.Account, body, CfJsonContext.Default.InterconnectNewPhysicalBody, call);

        public Task<Interconnect> NewGcpPartnerAsync(InterconnectNewGcpPartnerBody body, CfCall call) =>
            Resource.CreateAsync(body.Account, body, CfJsonContext.Default.InterconnectNewGcpPartnerBody, call);

        public Task<InterconnectStatus> StatusAsync(string accountId, string name, CfCall call) =>
            executor.SendJsonAsync(
                new CfRequest(HttpMethod.Get, Resource.ItemPath(accountId, name).Then("status")), CfJsonContext.Default.StatusJson, json => json.ToModel(name), call);

        /// <summary>The Letter of Authorization: a document (PDF), not JSON.</summary>
        public async Task<InterconnectLoa> LoaAsync(string accountId, string name, CfCall call)
        {
            var request = new CfRequest(HttpMethod.Get, Resource.ItemPath(accountId, name).Then("loa"), accept: CfRequest.DocumentAccept);
            using (CfResponse response = await executor.SendAsync(request, call).ConfigureAwait(false))
            {
                string contentType = response.ContentType ?? "application/octet-stream";
                if (contentType.IndexOf("json", System.StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    // Some gateways wrap the document in the v4 envelope: a failure there is an error, not a document.
                    ResponseReader.RequireNoFailure(response);
                }

                if (response.Body.Length == 0)
                {
                    throw ResponseReader.InvalidResponse(response, "The document was empty.", null);
                }

                return new InterconnectLoa(response.Body.ToArray(), contentType);
            }
        }
    }
}
