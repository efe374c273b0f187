using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Query of GET /slots.</summary>
    internal sealed class SlotListParams
    {
        public string? AddressContains { get; set; }

        public bool? Occupied { get; set; }

        public string? Site { get; set; }

        public string? Speed { get; set; }
    }

    /// <summary>/accounts/{account_id}/cni/slots: list and get.</summary>
    internal sealed class SlotService
    {
        private readonly CfApiClient client;

        public SlotService(CfApiClient client)
        {
            this.client = client;
        }

        public static string CollectionPath(string accountId) => $"accounts/{CfApiClient.EscapeSegment(accountId)}/cni/slots";

        public Task<CfList<CniSlot>> ListAsync(
            string accountId, SlotListParams query, long? cursor, int? limit, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Get,
                CollectionPath(accountId),
                new[]
                {
                    CfApiClient.QueryParam("cursor", cursor),
                    CfApiClient.QueryParam("limit", limit),
                    new KeyValuePair<string, string?>("address_contains", query.AddressContains),
                    new KeyValuePair<string, string?>("occupied", query.Occupied.HasValue ? (query.Occupied.Value ? "true" : "false") : null),
                    new KeyValuePair<string, string?>("site", query.Site),
                    new KeyValuePair<string, string?>("speed", query.Speed),
                },
                null,
                CfJsonContext.Default.CfListCniSlot,
                observer,
                cancellationToken);

        public CfPager<CniSlot> ListAutoPaging(
            string accountId, SlotListParams query, int? pageSize, long? maxItems, IRequestObserver observer, long? startCursor = null) =>
            new CfPager<CniSlot>(
                (cursor, limit, token) => ListAsync(accountId, query, cursor, limit, observer, token),
                pageSize,
                maxItems,
                "/" + CollectionPath(accountId),
                startCursor);

        public Task<CniSlot> GetAsync(string accountId, string id, IRequestObserver observer, CancellationToken cancellationToken) =>
            client.SendJsonAsync(
                HttpMethod.Get, CollectionPath(accountId) + "/" + CfApiClient.EscapeSegment(id), null, null, CfJsonContext.Default.CniSlot, observer, cancellationToken);
    }
}
