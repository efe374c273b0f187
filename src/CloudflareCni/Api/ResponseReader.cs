using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Turns responses into results or into <see cref="CfApiException"/>: the bare object or Cloudflare's v4 envelope,
    /// and Cloudflare's own error codes and messages for a failure.
    /// </summary>
    internal static class ResponseReader
    {
        /// <summary>
        /// The body as <typeparamref name="TJson"/>, mapped; a body or a mapping that does not fit is an invalid response.
        /// With <see cref="CfEnvelope.Optional"/> the body is read once, as the bare object these endpoints return; only a
        /// body that turns out to be Cloudflare's v4 envelope (its result, success and errors then show as unmodelled
        /// fields) is read again, for its result. With <see cref="CfEnvelope.Required"/> it must be the envelope, and its
        /// result is read.
        /// </summary>
        public static T ReadJson<TJson, T>(CfResponse response, JsonTypeInfo<TJson> resultType, Func<TJson, T> map, CfEnvelope envelope)
        {
            if (response.Body.Length == 0)
            {
                throw InvalidResponse(response, "The body was empty where JSON was expected.", null);
            }

            try
            {
                TJson? result;
                if (envelope == CfEnvelope.Required)
                {
                    using (JsonDocument document = JsonDocument.Parse(response.Body.ToArray()))
                    {
                        result = Unwrap(response, document.RootElement, required: true).Deserialize(resultType);
                    }
                }
                else
                {
                    result = JsonSerializer.Deserialize(response.Body.Span, resultType);
                    if (result is IJsonPayload payload && IsEnvelope(payload.Unknown))
                    {
                        using (JsonDocument document = JsonDocument.Parse(response.Body.ToArray()))
                        {
                            result = Unwrap(response, document.RootElement, required: false).Deserialize(resultType);
                        }
                    }
                }

                return result is null ? throw InvalidResponse(response, "The body was JSON null.", null) : map(result);
            }
            catch (JsonException ex)
            {
                throw InvalidResponse(response, ex.Message, ex);
            }
        }

        /// <summary>The items of a page; a page without an items array is a shape the module does not know, not an empty page.</summary>
        private static List<T> ItemsOf<T>(IListPayload<T> page, string itemsName) => page.Items ?? throw new JsonException($"The list response has no {itemsName} array.");

        /// <summary>
        /// One page of a listing, mapped item by item: an item that cannot be read (its JSON does not fit the wire type,
        /// or <paramref name="map"/> refuses it with a <see cref="JsonException"/>) is set aside as an
        /// <see cref="UnreadableItem"/> in its place, and the others are read, so that one item never fails a listing.
        /// The page is read whole first; only a page that fails so is read again item by item. A page that is not a
        /// listing at all (no items array, a cursor that is not a number) is an invalid response, as before.
        /// <paramref name="itemsName"/> is the name the answer gives its items array (<c>items</c> in the CNI API's pages;
        /// an API without paging, such as the Magic tunnels' <c>interconnects</c>, is read as one page).
        /// </summary>
        public static Page<T> ReadPage<TPage, TJson, T>(CfResponse response, JsonTypeInfo<TPage> pageType, Func<TJson, T> map, CfEnvelope envelope, string itemsName = ListResponseNames.Items)
            where TPage : IListPayload<TJson>
        {
            TPage page;
            try
            {
                page = ReadJson(response, pageType, read => read, envelope);
            }
            catch (CfApiException whole) when (whole.Kind == CfFailureKind.InvalidResponse && whole.InnerException is JsonException)
            {
                return ReadItemByItem(response, pageType, map, envelope, itemsName, whole);
            }

            List<TJson> items;
            try
            {
                items = ItemsOf(page, itemsName);
            }
            catch (JsonException ex)
            {
                throw InvalidResponse(response, ex.Message, ex);
            }

            var mapped = new List<T>(items.Count);
            foreach (TJson? item in items)
            {
                try
                {
                    mapped.Add(item is TJson read ? map(read) : throw new JsonException("The item is null."));
                }
                catch (JsonException ex)
                {
                    // Read again item by item, so that each unreadable item's error shows it as the server sent it (the
                    // wire type's copy would add its defaults, such as an empty id, and drop nothing the reader needs).
                    return ReadItemByItem(response, pageType, map, envelope, itemsName, InvalidResponse(response, ex.Message, ex));
                }
            }

            return new Page<T>(mapped, page.Next);
        }

        private static Page<T> ReadItemByItem<TPage, TJson, T>(CfResponse response, JsonTypeInfo<TPage> pageType, Func<TJson, T> map, CfEnvelope envelope, string itemsName, CfApiException whole)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(response.Body.ToArray());
            }
            catch (JsonException)
            {
                throw whole;
            }

            using (document)
            {
                JsonElement root;
                try
                {
                    root = Unwrap(response, document.RootElement, envelope == CfEnvelope.Required);
                }
                catch (JsonException)
                {
                    throw whole;
                }

                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(itemsName, out JsonElement items) || items.ValueKind != JsonValueKind.Array)
                {
                    throw whole;
                }

                long? next = null;
                if (root.TryGetProperty(ListResponseNames.Next, out JsonElement cursor) && cursor.ValueKind != JsonValueKind.Null)
                {
                    next = cursor.ValueKind == JsonValueKind.Number && cursor.TryGetInt64(out long value) ? value : throw whole;
                }

                var itemType = (JsonTypeInfo<TJson>)pageType.Options.GetTypeInfo(typeof(TJson));
                var mapped = new List<T>();
                var unreadable = new List<UnreadableItem>();
                int index = 0;
                foreach (JsonElement element in items.EnumerateArray())
                {
                    try
                    {
                        mapped.Add(element.Deserialize(itemType) is TJson item ? map(item) : throw new JsonException("The item is null."));
                    }
                    catch (JsonException ex)
                    {
                        unreadable.Add(Unreadable(response, index, mapped.Count, element.GetRawText(), ex));
                    }

                    index++;
                }

                return new Page<T>(mapped, next, unreadable);
            }
        }

        private static UnreadableItem Unreadable(CfResponse response, int index, int position, string json, JsonException reason)
        {
            string shown = DiagnosticText.ForRecord(json);
            var failure = new CfApiException(
                CfFailureKind.InvalidItem, response.Request.Method.Method, "/" + response.Request.PathAndQuery, response.StatusCode, response.ReasonPhrase,
                null, response.RayId, CfApiException.Excerpt(shown),
                $"Item {index + 1} of the page: {reason.Message}",
                reason);
            return new UnreadableItem(position, failure, shown);
        }

        /// <summary>
        /// A body is allowed where none is needed (some APIs answer deletes with an envelope) but must not report failure;
        /// with <see cref="CfEnvelope.Required"/> a JSON body must be the envelope.
        /// </summary>
        public static void RequireNoFailure(CfResponse response, CfEnvelope envelope)
        {
            if (response.Body.Length == 0 || !response.IsJson)
            {
                return;
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(response.Body.ToArray()))
                {
                    Unwrap(response, document.RootElement, envelope == CfEnvelope.Required);
                }
            }
            catch (JsonException ex)
            {
                throw InvalidResponse(response, ex.Message, ex);
            }
        }

        /// <summary>The exception for an error status, with Cloudflare's errors when the body has them, else a body excerpt.</summary>
        public static CfApiException StatusFailure(CfResponse response, string? detail = null)
        {
            IReadOnlyList<CfApiError>? errors = null;
            try
            {
                if (response.Body.Length > 0)
                {
                    errors = JsonSerializer.Deserialize(response.Body.Span, CfErrorEnvelopeContext.Default.CfErrorEnvelope)?.Errors;
                }
            }
            catch (JsonException)
            {
                // Not Cloudflare's JSON (a proxy's HTML page, say): the excerpt below tells the user what came back.
            }

            string? excerpt = errors is null || errors.Count == 0 ? CfApiException.Excerpt(DiagnosticText.DescribeBody(response)) : null;
            return new CfApiException(
                CfFailureKind.HttpStatus, response.Request.Method.Method, "/" + response.Request.Path, response.StatusCode, response.ReasonPhrase,
                errors, response.RayId, excerpt, string.IsNullOrEmpty(detail) ? null : detail, retryAfter: response.RetryAfter);
        }

        public static CfApiException InvalidResponse(CfResponse response, string detail, Exception? inner) =>
            new CfApiException(
                CfFailureKind.InvalidResponse, response.Request.Method.Method, "/" + response.Request.Path, response.StatusCode, response.ReasonPhrase,
                null, response.RayId, CfApiException.Excerpt(DiagnosticText.DescribeBody(response)) ?? "(empty)", detail, inner);

        /// <summary>
        /// The result of a v4 envelope, or (unless <paramref name="required"/>) the bare object; an envelope that reports
        /// failure becomes an error.
        /// </summary>
        private static JsonElement Unwrap(CfResponse response, JsonElement root, bool required)
        {
            if (!IsEnvelope(root))
            {
                return required
                    ? throw new JsonException("The answer is not Cloudflare's envelope (success, errors, messages and result), which this API always sends.")
                    : root;
            }

            CfErrorEnvelope envelope = root.Deserialize(CfErrorEnvelopeContext.Default.CfErrorEnvelope) ?? new CfErrorEnvelope();
            if (envelope.Success == false || (envelope.Errors != null && envelope.Errors.Count > 0))
            {
                throw new CfApiException(
                    CfFailureKind.HttpStatus, response.Request.Method.Method, "/" + response.Request.Path, response.StatusCode, response.ReasonPhrase,
                    envelope.Errors, response.RayId, null, "The response reported failure.");
            }

            return root.GetProperty("result");
        }

        private static bool IsEnvelope(Dictionary<string, JsonElement>? unknown) =>
            unknown != null && unknown.ContainsKey("result") && unknown.TryGetValue("success", out JsonElement success) &&
            (success.ValueKind == JsonValueKind.True || success.ValueKind == JsonValueKind.False);

        private static bool IsEnvelope(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object &&
            root.TryGetProperty("result", out _) &&
            root.TryGetProperty("success", out JsonElement success) &&
            (success.ValueKind == JsonValueKind.True || success.ValueKind == JsonValueKind.False);
    }
}
