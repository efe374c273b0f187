using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Query of GET /interconnects.</summary>
    internal sealed class InterconnectListParams
    {
        public string? Site { get; set; }

        public string? Type { get; set; }
    }

    /// <summary>/accounts/{account_id}/cni/interconnects: list, get, create, delete, LOA and status.</summary>
    internal sealed class InterconnectService
    {
        private readonly CfApiClient client;

        public InterconnectService(CfApiClient client)
        {
            this.client = client;
        }

        public static string CollectionPath(string accountId) => $"accounts/{CfApiClient.EscapeSegment(accountId)}/cni/interconnects";

        public static string ItemPath(string accountId, string name) => CollectionPath(accountId) + "/" + CfApiClient.EscapeSegment(name);

        public Task<CfList<Interconnect>> ListAsync(
            string accountId, InterconnectListParams query, long? cursor, int? limit, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Get,
                CollectionPath(accountId),
                new[]
                {
                    CfApiClient.QueryParam("cursor", cursor),
                    CfApiClient.QueryParam("limit", limit),
                    new KeyValuePair<string, string?>("site", query.Site),
                    new KeyValuePair<string, string?>("type", query.Type),
                },
                null,
                CfJsonContext.Default.CfListInterconnect,
                observer,
                cancellationToken);

        public CfPager<Interconnect> ListAutoPaging(
            string accountId, InterconnectListParams query, int? pageSize, long? maxItems, IRequestObserver observer, long? startCursor = null) =>
            new CfPager<Interconnect>(
                (cursor, limit, token) => ListAsync(accountId, query, cursor, limit, observer, token),
                pageSize,
                maxItems,
                "/" + CollectionPath(accountId),
                startCursor);

        public Task<Interconnect> GetAsync(string accountId, string name, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(HttpMethod.Get, ItemPath(accountId, name), null, null, CfJsonContext.Default.Interconnect, observer, cancellationToken);

        public Task<Interconnect> NewPhysicalAsync(InterconnectNewPhysicalBody body, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Post,
                CollectionPath(body.Account),
                null,
                CfApiClient.Serialize(body, CfJsonContext.Default.InterconnectNewPhysicalBody),
                CfJsonContext.Default.Interconnect,
                observer,
                cancellationToken);

        public Task<Interconnect> NewGcpPartnerAsync(InterconnectNewGcpPartnerBody body, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Post,
                CollectionPath(body.Account),
                null,
                CfApiClient.Serialize(body, CfJsonContext.Default.InterconnectNewGcpPartnerBody),
                CfJsonContext.Default.Interconnect,
                observer,
                cancellationToken);

        public Task DeleteAsync(string accountId, string name, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendWithoutResultAsync(HttpMethod.Delete, ItemPath(accountId, name), observer, cancellationToken);

        public Task<InterconnectLoa> LoaAsync(string accountId, string name, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendForDocumentAsync(ItemPath(accountId, name) + "/loa", observer, cancellationToken);

        public async Task<InterconnectStatus> StatusAsync(string accountId, string name, IRequestObserver observer, CancellationToken cancellationToken)
        {
            InterconnectStatus status = await client.SendJsonAsync(
                HttpMethod.Get, ItemPath(accountId, name) + "/status", null, null, CfJsonContext.Default.InterconnectStatus, observer, cancellationToken)
                .ConfigureAwait(false);
            status.Name = name;
            return status;
        }
    }
}
