using System;
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
    /// pages, whose items are addressed by one path segment. Items travel as <typeparamref name="TJson"/> (the API's
    /// shape) and are handed out as <typeparamref name="TItem"/> (the module's). Each resource client builds on one.
    /// </summary>
    internal sealed class CfResource<TJson, TItem>
        where TJson : class
        where TItem : class
    {
        private readonly RequestExecutor executor;
        private readonly string name;
        private readonly string idParameter;
        private readonly JsonTypeInfo<TJson> itemType;
        private readonly Func<TJson, TItem> toModel;
        private readonly JsonTypeInfo<ListResponse<TJson>>? listType;

        /// <param name="idParameter">The cmdlet parameter that gives an item's id (Name, Id): messages about a bad one name it.</param>
        public CfResource(RequestExecutor executor, string name, string idParameter, JsonTypeInfo<TJson> itemType, Func<TJson, TItem> toModel, JsonTypeInfo<ListResponse<TJson>>? listType = null)
        {
            this.executor = executor;
            this.name = name;
            this.idParameter = idParameter;
            this.itemType = itemType;
            this.toModel = toModel;
            this.listType = listType;
        }

        public ApiPath CollectionPath(string accountId) => ApiPath.Of("accounts/{AccountId}/cni/" + name, accountId);

        public ApiPath ItemPath(string accountId, string id) => CollectionPath(accountId).Then("{" + idParameter + "}", id);

        /// <summary>
        /// A pager over the collection with these filters (null values are left out). Without a page size from the user it
        /// asks for <see cref="PageSizes.Preferred"/>, and drops to the server's default if the server refuses that.
        /// </summary>
        public CfPager<TItem> List(string accountId, IEnumerable<KeyValuePair<string, string?>> filters, CfPaging paging, CfCall call)
        {
            KeyValuePair<string, string?>[] fixedQuery = filters.ToArray();
            ApiPath path = CollectionPath(accountId);
            PageSizes sizes = executor.PageSizes;
            return new CfPager<TItem>(
                async (cursor, limit, cancellation) =>
                {
                    CfCall pageCall = call.WithCancellation(cancellation);
                    try
                    {
                        return await FetchPageAsync(path, fixedQuery, cursor, limit, pageCall).ConfigureAwait(false);
                    }
                    catch (CfApiException refused) when (paging.PageSize is null && limit == PageSizes.Preferred && PageSizes.IsRefusal(refused))
                    {
                        sizes.Refuse();
                        call.Observer.Verbose($"The server refused limit={limit} ({refused.Errors.FirstOrDefault()?.Message}); listings use its default page size for the rest of the session.");
                        return await FetchPageAsync(path, fixedQuery, cursor, null, pageCall).ConfigureAwait(false);
                    }
                },
                paging,
                "/" + path,
                () => paging.PageSize ?? sizes.Default);
        }

        private Task<Page<TItem>> FetchPageAsync(ApiPath path, KeyValuePair<string, string?>[] filters, long? cursor, int? limit, CfCall call) =>
            executor.SendJsonAsync(
                new CfRequest(HttpMethod.Get, path, new[] { CfRequest.Param("cursor", cursor), CfRequest.Param("limit", limit) }.Concat(filters)),
                listType!,
                page => new Page<TItem>(ResponseReader.ItemsOf(page).ConvertAll(item => toModel(item)), page.Next),
                call);

        /// <summary>The collection itself, for resources that are one object (the account's settings).</summary>
        public Task<TItem> GetCollectionAsync(string accountId, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Get, CollectionPath(accountId)), itemType, toModel, call);

        public Task<TItem> GetAsync(string accountId, string id, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Get, ItemPath(accountId, id)), itemType, toModel, call);

        public Task<TItem> CreateAsync<TBody>(string accountId, TBody body, JsonTypeInfo<TBody> bodyType, CfCall call) =>
            executor.SendJsonAsync(new CfRequest(HttpMethod.Post, CollectionPath(accountId), body: Serialize(body, bodyType)), itemType, toModel, call);

        /// <summary>PUT to an item, or to the collection when <paramref name="id"/> is null.</summary>
        public Task<TItem> ReplaceAsync<TBody>(string accountId, string? id, TBody body, JsonTypeInfo<TBody> bodyType, CfCall call) =>
            executor.SendJsonAsync(
                new CfRequest(HttpMethod.Put, id is null ? CollectionPath(accountId) : ItemPath(accountId, id), body: Serialize(body, bodyType)),
                itemType,
                toModel,
                call);

        public Task DeleteAsync(string accountId, string id, CfCall call) =>
            executor.SendWithoutResultAsync(new CfRequest(HttpMethod.Delete, ItemPath(accountId, id)), call);

        public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }
}
