using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>A JSON payload that keeps the fields it does not model, so that the reader can tell a v4 envelope from a bare object.</summary>
    internal interface IJsonPayload
    {
        Dictionary<string, JsonElement>? Unknown { get; }
    }

    /// <summary>
    /// A listing's answer as its wire type reads it: the items, under whatever name the API gives them, and the cursor of
    /// the next page (null on the last, and always for an API without paging). <see cref="ResponseReader.ReadPage"/>
    /// reads any of them item by item.
    /// </summary>
    internal interface IListPayload<TItem>
    {
        List<TItem>? Items { get; }

        long? Next { get; }
    }

    /// <summary>A list response as the API writes it: one page of items and the cursor of the next page, absent or null on the last.</summary>
    internal sealed class ListResponse<T> : IJsonPayload, IListPayload<T>
    {
        [JsonPropertyName(ListResponseNames.Items)]
        public List<T>? Items { get; set; }

        [JsonPropertyName(ListResponseNames.Next)]
        public long? Next { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    /// <summary>The names of a listing's fields, and of the query parameters that page through it.</summary>
    internal static class ListResponseNames
    {
        public const string Items = "items";
        public const string Next = "next";
        public const string Cursor = "cursor";
        public const string Limit = "limit";
    }
}
