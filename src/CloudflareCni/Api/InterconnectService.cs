using System.Threading.Tasks;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>/accounts/{account_id}/cni/interconnects: list, get, create, delete, LOA (and its default name) and status.</summary>
    internal sealed class InterconnectService
    {
        private readonly CfEndpoint endpoint;

        public InterconnectService(RequestExecutor executor)
        {
            endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/interconnects", "{Name}");
        }

        public CfPager<Interconnect> List(string accountId, InterconnectListParams query, CfPaging paging, CfCall call) =>
            endpoint.List(endpoint.CollectionPath(accountId), query.ToQuery(), paging, InterconnectJsonContext.Default.ListResponseInterconnectJson, json => json.ToModel(), call);

        public Task<Interconnect> GetAsync(string accountId, string name, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, name), InterconnectJsonContext.Default.InterconnectJson, json => json.ToModel(), call);

        public Task<Interconnect> NewPhysicalAsync(InterconnectNewPhysicalBody body, CfCall call) =>
            endpoint.PostAsync(endpoint.CollectionPath(body.Account), body, InterconnectJsonContext.Default.InterconnectNewPhysicalBody, InterconnectJsonContext.Default.InterconnectJson, json => json.ToModel(), call);

        public Task<Interconnect> NewGcpPartnerAsync(InterconnectNewGcpPartnerBody body, CfCall call) =>
            endpoint.PostAsync(endpoint.CollectionPath(body.Account), body, InterconnectJsonContext.Default.InterconnectNewGcpPartnerBody, InterconnectJsonContext.Default.InterconnectJson, json => json.ToModel(), call);

        public Task DeleteAsync(string accountId, string name, CfCall call) => endpoint.DeleteAsync(endpoint.ItemPath(accountId, name), call);

        /// <summary>The name the Letter of Authorization is made out to when none is given.</summary>
        public Task<InterconnectLoaName> LoaDefaultNameAsync(string accountId, string name, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, name).Then("loa").Then("default"), InterconnectJsonContext.Default.LoaDefaultNameJson, json => json.ToModel(name, accountId), call);

        public Task<InterconnectStatus> StatusAsync(string accountId, string name, CfCall call) =>
            endpoint.GetAsync(endpoint.ItemPath(accountId, name).Then("status"), InterconnectJsonContext.Default.StatusJson, json => json.ToModel(name), call);

        /// <summary>The Letter of Authorization: a document (PDF), not JSON; made out to <paramref name="customerName"/>, or (null) to the account's name.</summary>
        public async Task<InterconnectLoa> LoaAsync(string accountId, string name, string? customerName, CfCall call)
        {
            var query = new[] { CfRequest.Param(LoaQuery.Name, customerName) };
            using (CfResponse response = await endpoint.GetDocumentAsync(endpoint.ItemPath(accountId, name).Then("loa"), CfRequest.DocumentAccept, call, query).ConfigureAwait(false))
            {
                if (response.Body.Length == 0)
                {
                    throw ResponseReader.InvalidResponse(response, "The document was empty.", null);
                }

                return new InterconnectLoa(response.Body.ToArray(), response.ContentType ?? "application/octet-stream");
            }
        }
    }
}
