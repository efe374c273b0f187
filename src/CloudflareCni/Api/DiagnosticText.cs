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

        /// <summary>How many characters of a value <see cref="Quote"/> shows; the rest is counted.</summary>
        private const int QuotedLimit = 64;

        /// <summary>
        /// A value as every message of the module shows it (errors, warnings, -WhatIf, verbose): in single quotes, with
        /// each character a terminal would act on or hide written as <c>\u001b</c> (see <see cref="IsHidden"/>), and a long
        /// value shortened to its start and its length. So input can neither repaint the terminal nor hide what it is.
        /// </summary>
        public static string Quote(string? value)
        {
            if (value is null)
            {
                return "(null)";
            }

            return value.Length <= QuotedLimit
                ? "'" + Escape(value) + "'"
                : "'" + Escape(value.Substring(0, char.IsHighSurrogate(value[QuotedLimit - 1]) ? QuotedLimit - 1 : QuotedLimit)) + "...' (" +
                  value.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
        }

        /// <summary>The text with each hidden character (see <see cref="IsHidden"/>) written as <c>\uXXXX</c>: for text that is not a value, such as a body.</summary>
        public static string Escape(string text)
        {
            int first = 0;
            while (first < text.Length && !IsHidden(text, first))
            {
                first++;
            }

            if (first == text.Length)
            {
                return text;
            }

            var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
            for (int i = first; i < text.Length; i++)
            {
                if (IsHidden(text, i))
                {
                    escaped.Append("\\u").Append(((int)text[i]).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append(text[i]);
                }
            }

            return escaped.ToString();
        }

        /// <summary>
        /// True when the character at <paramref name="index"/> is one a terminal acts on or does not show: a control
        /// character (Cc: NUL, BEL, ESC, CR, LF...), a format character (Cf: the bidi overrides such as U+202E, zero-width
        /// spaces and joiners), a line or paragraph separator, or half of a surrogate pair. The one definition the
        /// validation rules (no such characters in values) and the messages (such characters escaped) share.
        /// </summary>
        public static bool IsHidden(string text, int index)
        {
            char c = text[index];
            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return true;
                case UnicodeCategory.Surrogate:
                    return char.IsHighSurrogate(c)
                        ? index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])
                        : index == 0 || !char.IsHighSurrogate(text[index - 1]);
                default:
                    return false;
            }
        }

        /// <summary>The index of the first hidden character (see <see cref="IsHidden"/>), or -1.</summary>
        public static int FirstHidden(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (IsHidden(text, i))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A body as -Debug shows it: shortened, without the BGP MD5 key (see <see cref="WithoutMd5Key"/>), hidden characters escaped.</summary>
        public static string ForDebug(string body) => Escape(Truncate(WithoutMd5Key(body), DebugBodyLimit));

        /// <summary>A piece of JSON the server sent, as an error record carries it: whole, without the MD5 key, hidden characters escaped.</summary>
        public static string ForRecord(string json) => Escape(WithoutMd5Key(json));

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
                ? Escape(WithoutMd5Key(response.Body.Text()))
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
