using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using CloudflareCni.Api;
using CloudflareCni.Emulator;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>Calls and requests as tests make them, outside a cmdlet.</summary>
    internal static class TestCalls
    {
        /// <summary>A call with no diagnostics and no cancellation.</summary>
        public static CfCall Silent => new CfCall(NullRequestObserver.Instance, CancellationToken.None);

        /// <summary>A request to the emulator with the given method, path (with an optional query), headers and UTF-8 body.</summary>
        public static EmulatorRequest Request(string method, string pathAndQuery, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            string path = pathAndQuery;
            string queryString = string.Empty;
            int q = pathAndQuery.IndexOf('?');
            if (q >= 0)
            {
                path = pathAndQuery.Substring(0, q);
                queryString = pathAndQuery.Substring(q + 1);
            }

            var headerMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> pair in headers ?? Array.Empty<KeyValuePair<string, string>>())
            {
                headerMap[pair.Key] = pair.Value;
            }

            return new EmulatorRequest
            {
                Method = method,
                Path = path,
                QueryString = queryString,
                Query = EmulatorRequest.ParseQuery(queryString),
                Headers = headerMap,
                Body = body == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body),
            };
        }

        /// <summary>The answer's body as UTF-8 text.</summary>
        public static string BodyText(this EmulatorResponse response) =>
            response.Body == null || response.Body.Length == 0 ? string.Empty : Encoding.UTF8.GetString(response.Body);

        /// <summary>The value of the first query parameter with that name, or null.</summary>
        public static string? QueryValue(this RecordedRequest request, string name)
        {
            foreach (KeyValuePair<string, string> pair in request.Query)
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }
}
