using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>How an API wraps its answers.</summary>
    internal enum CfEnvelope
    {
        /// <summary>
        /// The bare object, as the CNI API documents it; Cloudflare's v4 envelope is read too (some gateways add it), and
        /// one that reports failure is an error.
        /// </summary>
        Optional,

        /// <summary>Always Cloudflare's v4 envelope (success, errors, messages, result), as the Magic API writes it: a bare body is an invalid answer.</summary>
        Required,
    }

    /// <summary>
    /// The one way the module calls the API: one resource's address (a path template, such as
    /// <c>accounts/{AccountId}/cni/interconnects</c>, and the segment of one item, such as <c>{Name}</c>), how its answers
    /// are wrapped, and the headers every request to it carries. Each resource's service is written over one; retries,
    /// timeouts, errors and diagnostics come from the <see cref="RequestExecutor"/> under it.
    /// </summary>
    internal sealed class CfEndpoint
    {
        private readonly RequestExecutor executor;
        private readonly string collection;
        private readonly string item;
        private readonly CfEnvelope envelope;
        private readonly KeyValuePair<string, string>[] headers;

        /// <param name="collection">The path template of the resource, its values given in order to <see cref="CollectionPath"/>.</param>
        /// <param name="item">The template of one item after the collection, such as <c>{Id}</c>: its parameter names the cmdlet parameter that gives it, for messages about a bad value.</param>
        /// <param name="headers">Headers every request to the resource carries, such as a feature flag the API asks for.</param>
        public CfEndpoint(RequestExecutor executor, string collection, string item = "{Id}", CfEnvelope envelope = CfEnvelope.Optional, params KeyValuePair<string, string>[] headers)
        {
            this.executor = executor;
            this.collection = collection;
            this.item = item;
            this.envelope = envelope;
            this.headers = headers;
        }

        /// <summary>The collection's path, such as <c>accounts/023e.../cni/interconnects</c>.</summary>
        public ApiPath CollectionPath(params string[] values) => ApiPath.Of(collection, values);

        /// <summary>One item's path in an account's collection.</summary>
        public ApiPath ItemPath(string accountId, string id) => CollectionPath(accountId).Then(item, id);

        /// <summary>A GET of <paramref name="path"/>, its answer read as <typeparamref name="TJson"/> and handed out as <typeparamref name="T"/>.</summary>
        public Task<T> GetAsync<TJson, T>(ApiPath path, JsonTypeInfo<TJson> resultType, Func<TJson, T> map, CfCall call, IEnumerable<KeyValuePair<string, string?>>? query = null) =>
            SendJsonAsync(new CfRequest(HttpMethod.Get, path, query, headers: headers), resultType, map, call);

        /// <summary>
        /// A GET of a listing that the API answers whole, in one answer without paging (its items under
        /// <paramref name="itemsName"/>): read as a listing's page is, so that an item the module cannot read is set aside
        /// (<see cref="Page{T}.Unreadable"/>) and never fails the others.
        /// </summary>
        public async Task<Page<T>> GetListAsync<TPage, TJson, T>(ApiPath path, JsonTypeInfo<TPage> pageType, string itemsName, Func<TJson, T> map, CfCall call)
            where TPage : IListPayload<TJson>
        {
            using (CfResponse response = await executor.SendAsync(new CfRequest(HttpMethod.Get, path, headers: headers), call).ConfigureAwait(false))
            {
                return ResponseReader.ReadPage(response, pageType, map, envelope, itemsName);
            }
        }

        /// <summary>A GET whose answer need only be a success (no object is read).</summary>
        public Task GetAsync(ApiPath path, CfCall call) => SendWithoutResultAsync(new CfRequest(HttpMethod.Get, path, headers: headers), call);

        public Task<T> PostAsync<TBody, TJson, T>(ApiPath path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TJson> resultType, Func<TJson, T> map, CfCall call) =>
            SendJsonAsync(new CfRequest(HttpMethod.Post, path, body: JsonSerializer.SerializeToUtf8Bytes(body, bodyType), headers: headers), resultType, map, call);

        public Task<T> PutAsync<TBody, TJson, T>(ApiPath path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TJson> resultType, Func<TJson, T> map, CfCall call, IEnumerable<KeyValuePair<string, string?>>? query = null) =>
            SendJsonAsync(new CfRequest(HttpMethod.Put, path, query, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), headers: headers), resultType, map, call);

        public Task DeleteAsync(ApiPath path, CfCall call) => SendWithoutResultAsync(new CfRequest(HttpMethod.Delete, path, headers: headers), call);

        /// <summary>
        /// A GET of a document (such as a PDF), whole and as sent; a JSON answer is checked for a v4 envelope that reports
        /// failure. The caller disposes the response.
        /// </summary>
        public async Task<CfResponse> GetDocumentAsync(ApiPath path, string accept, CfCall call, IEnumerable<KeyValuePair<string, string?>>? query = null)
        {
            CfResponse response = await executor.SendAsync(new CfRequest(HttpMethod.Get, path, query, accept: accept, headers: headers), call).ConfigureAwait(false);
            if ((response.ContentType ?? string.Empty).IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // Some gateways wrap the document in the v4 envelope: a failure there is an error, not a document.
                try
                {
                    ResponseReader.RequireNoFailure(response, envelope);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }

            return response;
        }

        /// <summary>
        /// A pager over a collection listed in cursor pages (<c>items</c> and <c>next</c>), with these filters (null values
        /// are left out). Without a page size from the user it asks for <see cref="PageSizes.Preferred"/>, and drops to the
        /// server's default if the server refuses that.
        /// </summary>
        public CfPager<T> List<TJson, T>(ApiPath path, IEnumerable<KeyValuePair<string, string?>> filters, CfPaging paging, JsonTypeInfo<ListResponse<TJson>> pageType, Func<TJson, T> map, CfCall call)
        {
            KeyValuePair<string, string?>[] fixedQuery = filters.ToArray();
            PageSizes sizes = executor.PageSizes;
            async Task<Page<T>> FetchPageAsync(long? cursor, int? limit, CfCall pageCall)
            {
                var request = new CfRequest(
                    HttpMethod.Get,
                    path,
                    new[] { CfRequest.Param(ListResponseNames.Cursor, cursor), CfRequest.Param(ListResponseNames.Limit, limit) }.Concat(fixedQuery),
                    headers: headers);
                using (CfResponse response = await executor.SendAsync(request, pageCall).ConfigureAwait(false))
                {
                    // Item by item where it must be: one item the module cannot read never fails the listing.
                    return ResponseReader.ReadPage(response, pageType, map, envelope);
                }
            }

            return new CfPager<T>(
                async (cursor, limit, cancellation) =>
                {
                    CfCall pageCall = call.WithCancellation(cancellation);
                    try
                    {
                        return await FetchPageAsync(cursor, limit, pageCall).ConfigureAwait(false);
                    }
                    catch (CfApiException refused) when (paging.PageSize is null && limit == PageSizes.Preferred && PageSizes.IsRefusal(refused))
                    {
                        sizes.Refuse();
                        call.Observer.Verbose($"The server refused limit={limit} ({refused.Errors.FirstOrDefault()?.Message}); listings use its default page size for the rest of the session.");
                        return await FetchPageAsync(cursor, null, pageCall).ConfigureAwait(false);
                    }
                },
                paging,
                "/" + path,
                () => paging.PageSize ?? sizes.Default);
        }

        private async Task<T> SendJsonAsync<TJson, T>(CfRequest request, JsonTypeInfo<TJson> resultType, Func<TJson, T> map, CfCall call)
        {
            using (CfResponse response = await executor.SendAsync(request, call).ConfigureAwait(false))
            {
                return ResponseReader.ReadJson(response, resultType, map, envelope);
            }
        }

        private async Task SendWithoutResultAsync(CfRequest request, CfCall call)
        {
            using (CfResponse response = await executor.SendAsync(request, call).ConfigureAwait(false))
            {
                ResponseReader.RequireNoFailure(response, envelope);
            }
        }
    }
}
