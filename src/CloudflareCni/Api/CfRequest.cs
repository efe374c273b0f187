using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace CloudflareCni.Api
{
    /// <summary>One logical API request: what is sent, whatever the number of attempts it takes.</summary>
    internal sealed class CfRequest
    {
        public const string JsonAccept = "application/json";

        /// <summary>A Letter of Authorization is a PDF: asking for JSON only could earn a 406 from a strict server.</summary>
        public const string DocumentAccept = "application/pdf, */*";

        public CfRequest(
            HttpMethod method, ApiPath path, IEnumerable<KeyValuePair<string, string?>>? query = null, byte[]? body = null, string accept = JsonAccept,
            IReadOnlyList<KeyValuePair<string, string>>? headers = null)
        {
            Method = method;
            Path = path.Text;
            Body = body;
            Accept = accept;
            Headers = headers ?? NoHeaders;
            PathAndQuery = path + QueryString(query);
        }

        private static readonly KeyValuePair<string, string>[] NoHeaders = new KeyValuePair<string, string>[0];

        public HttpMethod Method { get; }

        /// <summary>Relative to the base URI, without a leading slash, e.g. <c>accounts/abc/cni/slots</c>.</summary>
        public string Path { get; }

        public string PathAndQuery { get; }

        /// <summary>The JSON body, or null.</summary>
        public byte[]? Body { get; }

        public string Accept { get; }

        /// <summary>Headers the resource asks for besides the ones every request carries (such as a feature flag); never a credential.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        /// <summary>
        /// How messages name the request: <c>GET /accounts/abc/cni/slots?limit=5</c>, the path and query exactly as sent
        /// (see <see cref="Target"/>), relative to the base URI. It holds no credential.
        /// </summary>
        public string Display => Method.Method + " /" + PathAndQuery;

        /// <summary>
        /// The URI the request goes to. Its path and query must be the base URI's followed by exactly
        /// <see cref="PathAndQuery"/>: a URI that .NET would rewrite on the way (dot segments removed, escapes changed) is
        /// refused, so what is sent is what <see cref="Display"/> shows.
        /// </summary>
        public Uri Target(Uri baseUri)
        {
            var target = new Uri(baseUri, PathAndQuery);
            if (!string.Equals(target.AbsoluteUri, baseUri.AbsoluteUri + PathAndQuery, StringComparison.Ordinal))
            {
                throw new CfValidationException(
                    "Path",
                    CfErrors.InvalidPathSegment,
                    $"{Method.Method} /{DiagnosticText.Escape(PathAndQuery)} would be sent as {DiagnosticText.Escape(target.PathAndQuery)}, with another path: nothing was sent.");
            }

            return target;
        }

        /// <summary>A query parameter; a null value leaves it out.</summary>
        public static KeyValuePair<string, string?> Param(string name, string? value) => new KeyValuePair<string, string?>(name, value);

        public static KeyValuePair<string, string?> Param(string name, long? value) =>
            new KeyValuePair<string, string?>(name, value?.ToString(CultureInfo.InvariantCulture));

        public static KeyValuePair<string, string?> Param(string name, bool? value) =>
            new KeyValuePair<string, string?>(name, value.HasValue ? (value.Value ? "true" : "false") : null);

        private static string QueryString(IEnumerable<KeyValuePair<string, string?>>? query)
        {
            if (query is null)
            {
                return string.Empty;
            }

            string[] pairs = query
                .Where(pair => pair.Value != null)
                .Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value!))
                .ToArray();
            return pairs.Length == 0 ? string.Empty : "?" + string.Join("&", pairs);
        }
    }
}
