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

        /// <summary>A body as -Debug shows it: shortened, and without the BGP MD5 key (see <see cref="WithoutMd5Key"/>).</summary>
        public static string ForDebug(string body) => Truncate(WithoutMd5Key(body), DebugBodyLimit);

        /// <summary>
        /// The body as text when its type is textual (without the MD5 key), else a note of its size and type: what -Debug
        /// and error messages quote of a response.
        /// </summary>
        public static string DescribeBody(CfResponse response)
        {
            string type = response.ContentType ?? string.Empty;
            bool textual = type.Length == 0 || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
                           type.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
                           type.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0;
            return textual
                ? WithoutMd5Key(response.Body.Text())
                : $"({response.Body.Length} bytes of {type})";
        }

        /// <summary>
        /// The text with any BGP MD5 key hidden: Cloudflare says it is no secret, but it has no business in a log or an
        /// error record either.
        /// </summary>
        private static string WithoutMd5Key(string text) => Md5KeyValue.Replace(text, "$1\"(hidden)\"");

        public static string Elapsed(TimeSpan elapsed) =>
            elapsed.TotalSeconds >= 1
                ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
                : ((int)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private static string Truncate(string text, int limit) =>
            text.Length <= limit ? text : text.Substring(0, limit) + $"... ({text.Length - limit} more characters)";
    }
}
