using System;
using System.Collections.Generic;
using System.Text;

namespace CloudflareCni.Emulator
{
    /// <summary>One HTTP request as the emulator sees it, independent of the transport that carried it.</summary>
    internal sealed class EmulatorRequest
    {
        private static readonly IReadOnlyList<KeyValuePair<string, string>> NoQuery = new KeyValuePair<string, string>[0];

        /// <summary>HTTP method, e.g. <c>GET</c>. Compared case-insensitively.</summary>
        public string Method { get; set; } = "GET";

        /// <summary>The path without the query, as sent (percent-escapes allowed), e.g. <c>/client/v4/accounts/abc/cni/slots</c>.</summary>
        public string Path { get; set; } = "/";

        /// <summary>Decoded query parameters, in the order received.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Query { get; set; } = NoQuery;

        /// <summary>
        /// The raw query string without the leading <c>?</c> (e.g. <c>cursor=2&amp;limit=5</c>), as received.
        /// Optional: when null the log rebuilds it from <see cref="Query"/>.
        /// </summary>
        public string? QueryString { get; set; }

        /// <summary>Request headers; multiple values are joined with <c>", "</c>. Case-insensitive.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; set; } =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The request body (empty when none).</summary>
        public byte[] Body { get; set; } = new byte[0];

        /// <summary>
        /// The command that sent the request, such as <c>Get-CfCni</c>, when the transport knows it (the in-process
        /// handler does; nothing of it travels in HTTP). Faults can match on it, and the log records it.
        /// </summary>
        public string? Command { get; set; }

        /// <summary>Decodes <c>a=1&amp;b=x%20y</c> (with or without a leading <c>?</c>) into ordered pairs; <c>+</c> means a space.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string? queryString)
        {
            var result = new List<KeyValuePair<string, string>>();
            if (string.IsNullOrEmpty(queryString))
            {
                return result;
            }

            string text = queryString![0] == '?' ? queryString.Substring(1) : queryString;
            foreach (string part in text.Split('&'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                int eq = part.IndexOf('=');
                string key = eq >= 0 ? part.Substring(0, eq) : part;
                string value = eq >= 0 ? part.Substring(eq + 1) : string.Empty;
                result.Add(new KeyValuePair<string, string>(Decode(key), Decode(value)));
            }

            return result;
        }

        private static string Decode(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text.Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return text;
            }
        }
    }

    /// <summary>The emulator's answer, independent of the transport that carries it back.</summary>
    internal sealed class EmulatorResponse
    {
        /// <summary>HTTP status code (0 when <see cref="AbortConnection"/> is set).</summary>
        public int Status { get; set; } = 200;

        /// <summary>Response headers other than Content-Type. Case-insensitive.</summary>
        public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Response body (empty when none).</summary>
        public byte[] Body { get; set; } = new byte[0];

        /// <summary>Content type of <see cref="Body"/>, or null when there is none.</summary>
        public string? ContentType { get; set; }

        /// <summary>When true the transport must drop the connection without answering (a simulated reset).</summary>
        public bool AbortConnection { get; set; }

        /// <summary>The kind of the scripted fault that answered (such as <c>TruncatedJson</c>), or null when the emulator served the request.</summary>
        public string? Fault { get; set; }
    }

    /// <summary>One entry of the emulator's request log (a snapshot: never changes after it is handed out).</summary>
    internal sealed class RecordedRequest
    {
        internal RecordedRequest(
            DateTimeOffset receivedAt,
            string? command,
            string method,
            string path,
            string queryString,
            IReadOnlyList<KeyValuePair<string, string>> query,
            string? body,
            IReadOnlyDictionary<string, string> headers,
            int status,
            string? fault = null)
        {
            ReceivedAt = receivedAt;
            Command = command;
            Fault = fault;
            Method = method;
            Path = path;
            QueryString = queryString;
            Query = query;
            Body = body;
            Headers = headers;
            Status = status;
        }

        public DateTimeOffset ReceivedAt { get; }

        /// <summary>The command that sent it (see <see cref="EmulatorRequest.Command"/>), or null.</summary>
        public string? Command { get; }

        /// <summary>The kind of the fault that answered it (such as <c>TooManyRequests</c>), or null when it was served normally.</summary>
        public string? Fault { get; }

        public string Method { get; }

        public string Path { get; }

        /// <summary>The query as received, e.g. <c>cursor=2&amp;limit=5</c>; empty when none.</summary>
        public string QueryString { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

        /// <summary>The body as UTF-8 text, or null when the request had no body.</summary>
        public string? Body { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>The status answered; 0 when the connection was reset or the request never got an answer (stall, cancellation).</summary>
        public int Status { get; }

        public override string ToString() =>
            Method + " " + Path + (QueryString.Length > 0 ? "?" + QueryString : string.Empty) + " -> " + Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
