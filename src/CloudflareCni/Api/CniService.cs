using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Query of GET /cnis.</summary>
    internal sealed class CniListParams
    {
        public string? Slot { get; set; }

        public string? TunnelId { get; set; }
    }

    /// <summary>/accounts/{account_id}/cni/cnis: list, get, create, replace and delete.</summary>
    internal sealed class CniService
    {
        private readonly CfApiClient client;

        public CniService(CfApiClient client)
        {
            this.client = client;
        }

        public static string CollectionPath(string accountId) => $"accounts/{CfApiClient.EscapeSegment(accountId)}/cni/cnis";

        public static string ItemPath(string accountId, string id) => CollectionPath(accountId) + "/" + CfApiClient.EscapeSegment(id);

        public Task<CfList<Cni>> ListAsync(
            string accountId, CniListParams query, long? cursor, int? limit, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Get,
                CollectionPath(accountId),
                new[]
                {
                    CfApiClient.QueryParam("cursor", cursor),
                    CfApiClient.QueryParam("limit", limit),
                    new KeyValuePair<string, string?>("slot", query.Slot),
                    new KeyValuePair<string, string?>("tunnel_id", query.TunnelId),
                },
                null,
                CfJsonContext.Default.CfListCni,
                observer,
                cancellationToken);

        public CfPager<Cni> ListAutoPaging(
            string accountId, CniListParams query, int? pageSize, long? maxItems, IRequestObserver observer, long? startCursor = null) =>
            new CfPager<Cni>(
                (cursor, limit, token) => ListAsync(accountId, query, cursor, limit, observer, token),
                pageSize,
                maxItems,
                "/" + CollectionPath(accountId),
                startCursor);

        public Task<Cni> GetAsync(string accountId, string id, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(HttpMethod.Get, ItemPath(accountId, id), null, null, CfJsonContext.Default.Cni, observer, cancellationToken);

        public Task<Cni> NewAsync(CniNewBody body, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Post,
                CollectionPath(body.Account),
                null,
                CfApiClient.Serialize(body, CfJsonContext.Default.CniNewBody),
                CfJsonContext.Default.Cni,
                observer,
                cancellationToken);

        /// <summary>PUT replaces the whole object, so the body is the full CNI, unknown fields included.</summary>
        public Task<Cni> UpdateAsync(string accountId, Cni cni, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Put,
                ItemPath(accountId, cni.Id),
                null,
                CfApiClient.Serialize(cni, CfJsonContext.Default.Cni),
                CfJsonContext.Default.Cni,
                observer,
                cancellationToken);

        public Task DeleteAsync(string accountId, string id, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendWithoutResultAsync(HttpMethod.Delete, ItemPath(accountId, id), observer, cancellationToken);
    }
}
