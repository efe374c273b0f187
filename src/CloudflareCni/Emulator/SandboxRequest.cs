using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CloudflareCni.Api;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// One request as a sandbox resource sees it: its method, the account, the path after the resource's route, the
    /// query and the body; and the ways to answer it.
    /// </summary>
    internal sealed class SandboxRequest
    {
        /// <summary>Page size when the request has no <c>limit</c>.</summary>
        public const int DefaultPageSize = 20;

        /// <summary>Larger <c>limit</c> values are clamped to this.</summary>
        public const int MaxPageSize = 1000;

        private readonly EmulatorRequest request;

        public SandboxRequest(EmulatorRequest request, string method, SandboxAccount account, string[] path)
        {
            this.request = request;
            Method = method;
            Account = account;
            Path = path;
        }

        /// <summary>The method, in upper case.</summary>
        public string Method { get; }

        public SandboxAccount Account { get; }

        /// <summary>The path's segments after the resource's route, unescaped (none for the collection itself).</summary>
        public string[] Path { get; }

        /// <summary>The body as a JSON object (code 1000 when it is missing, not JSON, or not an object).</summary>
        public JsonObject Body() => EmulatorJson.ParseObject(request.Body);

        /// <summary>The first query parameter of that name (compared exactly), or null.</summary>
        public string? Query(string name)
        {
            foreach (KeyValuePair<string, string> pair in request.Query ?? Array.Empty<KeyValuePair<string, string>>())
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        /// <summary>The value of a request header (its name in any case), or null.</summary>
        public string? Header(string name) => request.Headers.TryGetValue(name, out string? value) ? value : null;

        /// <summary>An answer of 200 with the object, written in the API's field names.</summary>
        public EmulatorResponse Json<T>(T value, JsonTypeInfo<T> type) => new EmulatorResponse
        {
            Status = 200,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(EmulatorJson.ToNode(value, type)),
        };

        /// <summary>
        /// An answer of 200 in Cloudflare's v4 envelope, as the APIs that always wrap their answers write it (the Magic API):
        /// the result, success true, and no errors or messages.
        /// </summary>
        public EmulatorResponse Enveloped<T>(T result, JsonTypeInfo<T> type) => new EmulatorResponse
        {
            Status = 200,
            ContentType = EmulatorJson.JsonContentType,
            Body = EmulatorJson.ToBytes(new JsonObject
            {
                ["errors"] = new JsonArray(),
                ["messages"] = new JsonArray(),
                ["result"] = EmulatorJson.ToNode(result, type),
                ["success"] = true,
            }),
        };

        /// <summary>An answer of 200 without a body.</summary>
        public EmulatorResponse Empty() => new EmulatorResponse { Status = 200 };

        /// <summary>
        /// One page of a listing, from the request's <c>cursor</c> (an offset, as the API's cursors look) and <c>limit</c>:
        /// the items, and <c>next</c> unless the page is the last.
        /// </summary>
        public EmulatorResponse Page<T>(List<T> items, JsonTypeInfo<ListResponse<T>> type)
        {
            long cursor = 0;
            string? cursorText = Query(ListResponseNames.Cursor);
            if (cursorText != null && (!long.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) || cursor < 0))
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, ListResponseNames.Cursor + " must be a number returned as " + ListResponseNames.Next + " by a previous page.");
            }

            long limit = DefaultPageSize;
            string? limitText = Query(ListResponseNames.Limit);
            if (limitText != null)
            {
                if (!long.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit < 1)
                {
                    throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidQuery, ListResponseNames.Limit + " must be a whole number of at least 1.");
                }
            }

            limit = Math.Min(limit, MaxPageSize);
            long end = Math.Min(items.Count, cursor + limit);
            var page = new ListResponse<T> { Items = new List<T>() };
            for (long i = cursor; i < end; i++)
            {
                page.Items.Add(items[(int)i]);
            }

            page.Next = end < items.Count ? end : (long?)null;
            return Json(page, type);
        }
    }
}
