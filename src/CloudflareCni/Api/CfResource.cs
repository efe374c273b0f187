using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The shape the CNI API's resources share: a collection at <c>accounts/{account}/cni/{name}</c>, listed in cursor
    /// pages, whose items are addressed by one path segment. Each resource client builds on one of these.
    /// </summary>
    internal sealed class CfResource<TItem>
        where TItem : class
    {
        private readonly RequestExecutor executor;
        private readonly string name;
        private readonly JsonTypeInfo<TItem> itemType;
        private readonly JsonTypeInfo<CfList<TItem>>? listType;

        public CfResource(RequestExecutor executor, string name, JsonTypeInfo<TItem> itemType, JsonTypeInfo<CfList<TItem>>? listType = null)
        {
            this.executor = executor;
            this.name = name;
            this.itemType = itemType;
            this.listType = listType;
        }

        public string CollectionPath(string accountId) => $"accounts/{CfRequest.Segment(accountId)}/cni/{name}";

        public string ItemPath(string accountId, string id) => CollectionPath(accountId) + "/" + CfRequest.Segment(id);

        /// <summary>A pager over the collection with these filters (null values are left out).</summary>
        public CfPager<TItem> List(string accountId, IEnumerable<KeyValuePair<string, string?>> filters, CfPaging paging, CfCall call)
        {
            KeyValuePair<string, string?>[] fixedQuery = filters.ToArray();
            string path = CollectionPath(accountId);
            return new CfPager<TItem>(
                (cursor, limit, cancellation) => executor.SendJsonAsync(
                    new CfRequest(
                        HttpMethod.Get,
                        path,
                        new[] { CfRequest.Param("cursor", cursor), CfRequest.Param("limit", limit) }.Concat(fixedQuery)),
                    listType!,
                    call.WithCancellation(cancellation)),
                paging,
                "/" + path);
        }

        /// <summary>The collection itself, for resources that are one object (the account's settings).</summary>
        public Task<TItem> GetCollectionAsync(string accountId, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Get, CollectionPath(accountId)), itemType, call);

        public Task<TItem> GetAsync(string accountId, string id, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Get, ItemPath(accountId, id)), itemType, call);

        public Task<TResult> GetAsync<TResult>(string accountId, string id, string child, JsonTypeInfo<TResult> resultType, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Get, ItemPath(accountId, id) + "/" + child), resultType, call);

        public Task<TItem> CreateAsync<TBody>(string accountId, TBody body, JsonTypeInfo<TBody> bodyType, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Post, CollectionPath(accountId), body: Serialize(body, bodyType)), itemType, call);

        /// <summary>PUT to an item, or to the collection when <paramref name="id"/> is null.</summary>
        public Task<TItem> ReplaceAsync<TBody>(string accountId, string? id, TBody body, JsonTypeInfo<TBody> bodyType, CfCall call) =>
            executor.SendJsonAsync(
                new CfRequest(HttpMethod.Put, id is null ? CollectionPath(accountId) : ItemPath(accountId, id), body: Serialize(body, bodyType)),
                itemType,
                call);

        public Task DeleteAsync(string accountId, string id, CfCall call) =>
            executor.SendWithoutResultAsync(new CfRequest(HttpMethod.Delete, ItemPath(accountId, id)), call);

        public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }
}
