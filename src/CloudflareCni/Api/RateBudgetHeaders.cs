using System;
using System.Collections.Generic;
using System.Globalization;

namespace CloudflareCni.Api
{
    /// <summary>
    /// What one answer said about one rate-limit policy, from the IETF draft's headers that Cloudflare sends on every
    /// REST answer (draft-ietf-httpapi-ratelimit-headers): <c>Ratelimit: "default";r=50;t=30</c> (remaining, seconds
    /// until the window resets) and <c>Ratelimit-Policy: "default";q=1200;w=300</c> (quota, window seconds), joined by
    /// the policy name. Either half may be missing.
    /// </summary>
    internal sealed class RateLimitObservation
    {
        public RateLimitObservation(string name, int? remaining, int? resetSeconds, int? quota, int? windowSeconds)
        {
            Name = name;
            Remaining = remaining;
            ResetSeconds = resetSeconds;
            Quota = quota;
            WindowSeconds = windowSeconds;
        }

        public string Name { get; }

        /// <summary>r: requests left in the current window; null when only the policy was given.</summary>
        public int? Remaining { get; }

        /// <summary>t: seconds until the window resets; null when not given.</summary>
        public int? ResetSeconds { get; }

        /// <summary>q: requests per window; null when the policy was not given.</summary>
        public int? Quota { get; }

        /// <summary>w: the window in seconds; null when not given.</summary>
        public int? WindowSeconds { get; }

        /// <summary>True when t or w says a wait longer than <paramref name="longest"/> (a bad header, since Cloudflare's window is 5 minutes).</summary>
        public bool SaysLongerThan(TimeSpan longest) =>
            (ResetSeconds is int t && t > longest.TotalSeconds) || (WindowSeconds is int w && w > longest.TotalSeconds);

        /// <summary>The same figures, with t and w no longer than <paramref name="longest"/>.</summary>
        public RateLimitObservation Bounded(TimeSpan longest)
        {
            if (!SaysLongerThan(longest))
            {
                return this;
            }

            int most = (int)longest.TotalSeconds;
            return new RateLimitObservation(Name, Remaining, ResetSeconds is int t ? Math.Min(t, most) : (int?)null, Quota, WindowSeconds is int w ? Math.Min(w, most) : (int?)null);
        }

        public override string ToString() =>
            $"\"{Name}\";r={Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"};t={ResetSeconds?.ToString(CultureInfo.InvariantCulture) ?? "?"};q={Quota?.ToString(CultureInfo.InvariantCulture) ?? "?"};w={WindowSeconds?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
    }

    /// <summary>
    /// Reads the <c>Ratelimit</c> and <c>Ratelimit-Policy</c> headers. They are Structured Field lists (RFC 8941), read
    /// leniently: whitespace around items and parameters, names quoted or bare, numbers quoted or with decimals, and
    /// parameters it does not know (such as <c>pk</c> or <c>qu</c>) are accepted; an item it cannot read, or one
    /// without the number it needs, is left out, and the rest still count. Never throws: a header it cannot read at all
    /// is as good as absent (the budget then counts locally).
    /// </summary>
    internal static class RateBudgetHeaders
    {
        public const string RatelimitHeader = "Ratelimit";
        public const string PolicyHeader = "Ratelimit-Policy";

        /// <summary>Items read per header at most: a server has a handful of policies, a hostile header may have thousands.</summary>
        private const int MaxItems = 32;

        public static readonly IReadOnlyList<RateLimitObservation> None = new RateLimitObservation[0];

        /// <summary>Reads the two headers, each given as all its field lines (an answer may split a list over several).</summary>
        public static IReadOnlyList<RateLimitObservation> Parse(IEnumerable<string>? ratelimit, IEnumerable<string>? policy) =>
            Parse(ratelimit is null ? null : string.Join(",", ratelimit), policy is null ? null : string.Join(",", policy));

        /// <summary>The policies the answer describes, in the order first named; empty when neither header says anything usable.</summary>
        public static IReadOnlyList<RateLimitObservation> Parse(string? ratelimit, string? policy)
        {
            var remaining = new Dictionary<string, (int Remaining, int? Reset)>(StringComparer.OrdinalIgnoreCase);
            var quotas = new Dictionary<string, (int Quota, int? Window)>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();

            foreach (Item item in Items(ratelimit))
            {
                int? r = item.Number("r", roundUp: false);
                if (r is null)
                {
                    continue;
                }

                int? t = item.Number("t", roundUp: true);

                // The same policy twice: the stricter reading (fewer left, later reset) holds.
                if (remaining.TryGetValue(item.Name, out (int Remaining, int? Reset) seen))
                {
                    remaining[item.Name] = (Math.Min(seen.Remaining, r.Value), Later(seen.Reset, t));
                }
                else
                {
                    remaining[item.Name] = (r.Value, t);
                    Note(order, item.Name);
                }
            }

            foreach (Item item in Items(policy))
            {
                // A quota of nothing, or a window of no time, cannot be paced by: such an item is left out.
                int? q = item.Number("q", roundUp: false);
                if (q is null || q < 1)
                {
                    continue;
                }

                int? w = item.Number("w", roundUp: true);
                if (w < 1)
                {
                    w = null;
                }

                if (quotas.TryGetValue(item.Name, out (int Quota, int? Window) seen))
                {
                    quotas[item.Name] = (Math.Min(seen.Quota, q.Value), Later(seen.Window, w));
                }
                else
                {
                    quotas[item.Name] = (q.Value, w);
                    Note(order, item.Name);
                }
            }

            if (order.Count == 0)
            {
                return None;
            }

            var result = new List<RateLimitObservation>(order.Count);
            foreach (string name in order)
            {
                bool hasRemaining = remaining.TryGetValue(name, out (int Remaining, int? Reset) left);
                bool hasQuota = quotas.TryGetValue(name, out (int Quota, int? Window) quota);
                result.Add(new RateLimitObservation(
                    name,
                    hasRemaining ? left.Remaining : (int?)null,
                    hasRemaining ? left.Reset : null,
                    hasQuota ? quota.Quota : (int?)null,
                    hasQuota ? quota.Window : null));
            }

            return result;
        }

        private static void Note(List<string> order, string name)
        {
            foreach (string known in order)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }

            order.Add(name);
        }

        private static int? Later(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

        /// <summary>The well-formed items of a Structured Field list; a malformed item is skipped up to the next comma.</summary>
        private static IEnumerable<Item> Items(string? field)
        {
            if (string.IsNullOrEmpty(field))
            {
                yield break;
            }

            var reader = new Reader(field!);
            int count = 0;
            while (count < MaxItems)
            {
                reader.SkipWhitespace();
                if (reader.AtEnd)
                {
                    yield break;
                }

                Item? item = reader.ReadItem();
                reader.SkipToNextMember();
                if (item != null)
                {
                    count++;
                    yield return item;
                }
            }
        }

        private sealed class Item
        {
            public Item(string name)
            {
                Name = name;
            }

            public string Name { get; }

            public Dictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            /// <summary>
            /// A non-negative whole number, or null when absent or unreadable. A decimal is rounded to the safe side:
            /// down for counts, up for times.
            /// </summary>
            public int? Number(string key, bool roundUp)
            {
                if (!Parameters.TryGetValue(key, out string? text) ||
                    !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) ||
                    value < 0 || value > int.MaxValue)
                {
                    return null;
                }

                return (int)(roundUp ? Math.Ceiling(value) : Math.Floor(value));
            }
        }

        /// <summary>A forgiving reader of RFC 8941 lists: enough to find names and their numeric parameters.</summary>
        private sealed class Reader
        {
            private readonly string text;
            private int position;

            public Reader(string text)
            {
                this.text = text;
            }

            public bool AtEnd => position >= text.Length;

            private char Current => text[position];

            public void SkipWhitespace()
            {
                while (!AtEnd && (Current == ' ' || Current == '\t'))
                {
                    position++;
                }
            }

            /// <summary>Reads a name and its parameters; null when the member is not one (the caller skips the rest of it).</summary>
            public Item? ReadItem()
            {
                string? name = ReadBareItem();
                if (string.IsNullOrEmpty(name))
                {
                    return null;
                }

                var item = new Item(name!);
                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || Current == ',')
                    {
                        return item;
                    }

                    if (Current != ';')
                    {
                        return null;
                    }

                    position++;
                    SkipWhitespace();
                    string key = ReadKey();
                    if (key.Length == 0)
                    {
                        return null;
                    }

                    SkipWhitespace();
                    string value = "?1";
                    if (!AtEnd && Current == '=')
                    {
                        position++;
                        SkipWhitespace();
                        string? read = ReadBareItem();
                        if (read is null)
                        {
                            return null;
                        }

                        value = read;
                    }

                    // RFC 8941: a key given twice keeps its last value.
                    item.Parameters[key] = value;
                }
            }

            /// <summary>Steps past the rest of the current member and its comma, minding quoted commas.</summary>
            public void SkipToNextMember()
            {
                bool quoted = false;
                while (!AtEnd)
                {
                    char c = Current;
                    position++;
                    if (quoted)
                    {
                        if (c == '\\')
                        {
                            position++;
                        }
                        else if (c == '"')
                        {
                            quoted = false;
                        }
                    }
                    else if (c == '"')
                    {
                        quoted = true;
                    }
                    else if (c == ',')
                    {
                        return;
                    }
                }
            }

            private string ReadKey()
            {
                int start = position;
                while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_' || Current == '-' || Current == '.' || Current == '*'))
                {
                    position++;
                }

                return text.Substring(start, position - start).ToLowerInvariant();
            }

            /// <summary>A quoted string (unescaped), or a bare token, number, boolean or byte sequence as written; null if unreadable.</summary>
            private string? ReadBareItem()
            {
                if (AtEnd)
                {
                    return null;
                }

                if (Current == '"')
                {
                    position++;
                    var value = new System.Text.StringBuilder();
                    while (!AtEnd)
                    {
                        char c = Current;
                        position++;
                        if (c == '"')
                        {
                            return value.ToString();
                        }

                        if (c == '\\')
                        {
                            if (AtEnd)
                            {
                                return null;
                            }

                            c = Current;
                            position++;
                        }

                        value.Append(c);
                    }

                    // No closing quote.
                    return null;
                }

                if (Current == ':')
                {
                    // A byte sequence (such as pk=:cHJvamVjdA==:), whose base64 may hold '='.
                    int end = text.IndexOf(':', position + 1);
                    if (end < 0)
                    {
                        return null;
                    }

                    string bytes = text.Substring(position, end + 1 - position);
                    position = end + 1;
                    return bytes;
                }

                int start = position;
                while (!AtEnd && Current != ';' && Current != ',' && Current != ' ' && Current != '\t' && Current != '=' && Current != '"')
                {
                    position++;
                }

                return position > start ? text.Substring(start, position - start) : null;
            }
        }
    }
}
