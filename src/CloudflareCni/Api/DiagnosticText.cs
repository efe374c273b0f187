using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudflareCni.Api
{
    /// <summary>How requests, bodies and durations appear in -Verbose, -Debug and error messages.</summary>
    internal static class DiagnosticText
    {
        private const int DebugBodyLimit = 4096;

        private static readonly Regex Md5KeyValue =
            new Regex("(\"md5_key\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.CultureInvariant);

        /// <summary>
        /// A body as -Debug shows it: shortened, and without the BGP MD5 key, which Cloudflare says is no secret but
        /// which has no business in a log either.
        /// </summary>
        public static string ForDebug(string body) => Truncate(Md5KeyValue.Replace(body, "$1\"(hidden)\""), DebugBodyLimit);

        /// <summary>The body as text when its type is textual, else a note of its size and type.</summary>
        public static string DescribeBody(CfResponse response)
        {
            string type = response.ContentType ?? string.Empty;
            bool textual = type.Length == 0 || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
                           type.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
                           type.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0;
            return textual
                ? response.Body.Text()
                : $"({response.Body.Length} bytes of {type})";
        }

        public static string Elapsed(TimeSpan elapsed) =>
            elapsed.TotalSeconds >= 1
                ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
                : ((int)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private static string Truncate(string text, int limit) =>
            text.Length <= limit ? text : text.Substring(0, limit) + $"... ({text.Length - limit} more characters)";
    }
}
