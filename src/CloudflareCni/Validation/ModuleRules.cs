using System.Globalization;
using System.Linq;
using System.Management.Automation;
using static CloudflareCni.Api.DiagnosticText;
using CloudflareCni.Connections;

namespace CloudflareCni.Validation
{
    /// <summary>
    /// Rules the module adds to the API's for its users' safety. Only the cmdlets' parameters apply them; the
    /// sandbox does not, so that it is never stricter than the API.
    /// </summary>
    internal static class ModuleRules
    {
        /// <summary>The API only asks for a whole number of at least 0; below 576 (RFC 791) or above a jumbo frame is a typo.</summary>
        public const int MinMtu = 576;

        public const int MaxMtu = 9000;

        /// <summary>TCP MD5 signatures (RFC 2385) take keys of at most 80 bytes.</summary>
        public const int MaxMd5KeyLength = 80;

        /// <summary>
        /// The longest name, id, filter or key the cmdlets send (interconnect names, sites, speeds, types, conduit names,
        /// tunnel ids, pairing keys). The API's schema gives these strings no maxLength; what Cloudflare issues is far
        /// shorter (ids have 32 or 36 characters, names a few dozen), and 255 keeps every request line far below the 8 to
        /// 16 KB web servers and Cloudflare's edge take before they answer 414 URI Too Long.
        /// </summary>
        public const int MaxNameLength = 255;

        /// <summary>The longest free text the cmdlets send or keep (a CNI's description, a sandbox status reason, a path pattern); the schema gives none either.</summary>
        public const int MaxTextLength = 1024;

        /// <summary>The longest credential: Cloudflare's tokens have 40 characters and its keys 37; nothing longer fits a header sensibly.</summary>
        public const int MaxCredentialLength = 1024;

        /// <summary>The longest file path the cmdlets take (Linux's PATH_MAX; Windows takes longer ones only with a prefix).</summary>
        public const int MaxPathLength = 4096;

        /// <summary>An email address: RFC 5321's limit on a path.</summary>
        public const int MaxEmailLength = 254;

        /// <summary>Deliberately without the value: it is a secret.</summary>
        public const string PlainSecretRefused =
            "It takes a SecureString, such as (Read-Host -AsSecureString) or a SecretManagement secret; plain text is refused so that the secret never appears in an error or a transcript.";

        /// <summary>
        /// Null when the text is a Cloudflare account id: 32 hexadecimal characters, as Cloudflare issues them (the API's
        /// schema calls it a string; its identifiers have maxLength 32). It is a segment of every request's path.
        /// </summary>
        public static string? AccountIdFault(string? value) =>
            IsIdentifier(value)
                ? null
                : $"{Quote(value)} is not a Cloudflare account id: expected 32 hexadecimal characters, such as 023e105f4ecef8ad9ca31a8372d0c353 (the dashboard shows it on the account's Overview page and in its URLs).";

        /// <summary>Null when the text is a Magic tunnel's id: 32 hexadecimal characters, as Cloudflare issues its identifiers (the schema's maxLength is 32).</summary>
        public static string? TunnelIdFault(string? value) =>
            IsIdentifier(value)
                ? null
                : $"{Quote(value)} is not a Magic tunnel id: expected 32 hexadecimal characters, such as c4a7362d577a6c3019a474fd6f485821 (Get-CfCniTunnel shows each tunnel's TunnelId).";

        /// <summary>
        /// Null when the text may be sent as a name, filter or field of the API: not empty (unless
        /// <paramref name="allowEmpty"/>), not blank, at most <paramref name="maxLength"/> characters, and without control
        /// characters, bidi overrides or other invisible formatting (<see cref="IsHidden"/>), which no name needs and which
        /// would reach logs, terminals and other people's screens.
        /// </summary>
        public static string? TextFault(string? value, int maxLength = MaxNameLength, bool allowEmpty = false)
        {
            if (value is null || (value.Length == 0 && allowEmpty))
            {
                return null;
            }

            if (value.Trim().Length == 0)
            {
                return value.Length == 0 ? "The value is empty." : $"The value {Quote(value)} is blank.";
            }

            if (value.Length > maxLength)
            {
                return $"The value {Quote(value)} is too long: at most {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters.";
            }

            int hidden = FirstHidden(value);
            return hidden < 0
                ? null
                : $"The value {Quote(value)} holds the character U+{((int)value[hidden]).ToString("X4", CultureInfo.InvariantCulture)} at position {hidden + 1}: control characters, bidi overrides and other invisible formatting are refused.";
        }

        /// <summary>
        /// Null when the text can be one segment of a request's path: a value that is empty, blank, '.' or '..' (which
        /// URLs drop or climb with, on the client or on any server or proxy on the way), or that holds '/' or '\' (which
        /// split it in two, once decoded), would change the path's shape.
        /// </summary>
        public static string? PathSegmentFault(string? value)
        {
            if (value is null || value.Trim().Length == 0)
            {
                return "it is empty or blank, and would leave an empty segment.";
            }

            if (value == "." || value == "..")
            {
                return "it is a dot segment ('.' or '..'), which URLs remove ('..' with the segment before it).";
            }

            if (value.Length > MaxNameLength)
            {
                return $"it is longer than {MaxNameLength} characters.";
            }

            if (value.IndexOfAny(new[] { '/', '\\' }) >= 0)
            {
                return "it holds '/' or '\\', which would split it into two segments.";
            }

            int hidden = FirstHidden(value);
            return hidden < 0 ? null : $"it holds the character U+{((int)value[hidden]).ToString("X4", CultureInfo.InvariantCulture)}, which no path segment may hold.";
        }

        /// <summary>
        /// Null when the text can be an interconnect's name: text the API takes (<see cref="TextFault"/>) that is also one
        /// segment of the path that addresses the interconnect (<see cref="PathSegmentFault"/>).
        /// </summary>
        public static string? InterconnectNameFault(string? value) =>
            TextFault(value) ?? (PathSegmentFault(value) is string segment ? $"The name {Quote(value)} cannot address an interconnect: {segment}" : null);

        /// <summary>
        /// Null when the text has the form of a value of one of the API's enums (ASCII letters, digits and '_', starting
        /// with a letter, at most 64 characters, such as Healthy or advertise_only): one that Cloudflare adds later can be
        /// given before the module knows it, and nothing else can.
        /// </summary>
        public static string? ApiWordFault(string? value) =>
            value != null && value.Length > 0 && value.Length <= 64 && IsAsciiLetter(value[0]) && value.All(c => IsAsciiLetterOrDigit(c) || c == '_')
                ? null
                : $"{Quote(value)} does not have the form of the API's values: ASCII letters, digits and '_', starting with a letter, at most 64 characters.";

        /// <summary>Null when the text is a valid PowerShell wildcard pattern (or holds no wildcard), else why not.</summary>
        public static string? WildcardFault(string? value)
        {
            if (value is null || !WildcardPattern.ContainsWildcardCharacters(value))
            {
                return null;
            }

            try
            {
                // The pattern is parsed when first matched: match it once here, before it can fail half-way through a listing.
                new WildcardPattern(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant).IsMatch(string.Empty);
                return null;
            }
            catch (WildcardPatternException)
            {
                return $"{Quote(value)} is not a valid wildcard pattern: each [ opens a set of characters that a ] must close, such as icon-[ab]*. Write `[ for the character [ itself.";
            }
        }

        /// <summary>
        /// Null when the text looks like an email address: a local part of the characters RFC 5322 allows unquoted, one @,
        /// and a domain of two or more labels of letters, digits and hyphens; at most 254 characters.
        /// </summary>
        public static string? EmailFault(string? value)
        {
            if (value is null)
            {
                return null;
            }

            int at = value.IndexOf('@');
            string local = at > 0 ? value.Substring(0, at) : string.Empty;
            string[] labels = at > 0 ? value.Substring(at + 1).Split('.') : new string[0];
            bool valid = value.Length <= MaxEmailLength && at > 0 && value.IndexOf('@', at + 1) < 0 &&
                         local.Length <= 64 && local.All(c => IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".IndexOf(c) >= 0) &&
                         !local.StartsWith(".", System.StringComparison.Ordinal) && !local.EndsWith(".", System.StringComparison.Ordinal) && local.IndexOf("..", System.StringComparison.Ordinal) < 0 &&
                         labels.Length >= 2 &&
                         labels.All(label => label.Length > 0 && label.Length <= 63 && label.All(c => IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[label.Length - 1] != '-');
            return valid ? null : $"{Quote(value)} is not an email address, such as ops@example.com.";
        }

        /// <summary>Null when the URI can be a proxy's: absolute http or https, with a host.</summary>
        public static string? ProxyUriFault(System.Uri uri) =>
            uri.IsAbsoluteUri && uri.Host.Length > 0 && (uri.Scheme == System.Uri.UriSchemeHttp || uri.Scheme == System.Uri.UriSchemeHttps)
                ? null
                : $"The proxy {Quote(uri.IsAbsoluteUri ? Connections.BaseUriRule.WithoutUserInfo(uri) : uri.OriginalString)} is not an absolute http or https URI with a host, such as http://proxy.example.com:8080.";

        /// <summary>
        /// Null when the text can be turned into a URI (absolute, without hidden characters), else why not: checked before
        /// PowerShell's own conversion, whose message would show the text as it is.
        /// </summary>
        public static string? UriTextFault(string text)
        {
            int hidden = FirstHidden(text);
            if (hidden >= 0)
            {
                return $"The URI {Quote(text)} holds the character U+{((int)text[hidden]).ToString("X4", CultureInfo.InvariantCulture)} at position {hidden + 1}, which no URI may hold.";
            }

            return text.Length <= MaxTextLength && System.Uri.TryCreate(text, System.UriKind.Absolute, out _)
                ? null
                : $"{Quote(text)} is not an absolute URI with a scheme and a host, such as https://api.cloudflare.com/client/v4.";
        }

        /// <summary>A Cloudflare identifier (an account's, a Magic tunnel's): 32 hexadecimal characters.</summary>
        private static bool IsIdentifier(string? value) => value != null && value.Length == 32 && value.All(IsHexDigit);

        private static bool IsHexDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        /// <summary>
        /// Null when the text is an IPv4 prefix A.B.C.D/N, else why not. Stricter than the API in one way: an octet with
        /// a leading zero is refused, since some parsers read it as octal.
        /// </summary>
        public static string? CidrFault(string? value)
        {
            bool leadingZero = false;
            if (value != null)
            {
                int slash = value.IndexOf('/');
                foreach (string octet in (slash < 0 ? value : value.Substring(0, slash)).Split('.'))
                {
                    leadingZero |= octet.Length > 1 && octet[0] == '0';
                }
            }

            return !leadingZero && ApiRules.TryParseCidr(value, out _, out _)
                ? null
                : $"{Quote(value)} is not an IPv4 prefix: expected A.B.C.D/N, with each of A to D from 0 to 255 (no leading zeros) and N from 0 to 32.";
        }

        /// <summary>
        /// Null when the text is a network prefix: A.B.C.D/N with no bits set past the prefix length. A prefix with host
        /// bits is most often a typo for its network, which the message names.
        /// </summary>
        public static string? PrefixFault(string? value)
        {
            string? format = CidrFault(value);
            if (format != null)
            {
                return format;
            }

            ApiRules.TryParseCidr(value, out uint address, out int length);
            uint network = address & ApiRules.Mask(length);
            return network == address
                ? null
                : $"{Quote(value)} has host bits set: a prefix names a network. Did you mean {ApiRules.FormatIPv4(network)}/{length}?";
        }

        /// <summary>
        /// The one ASN rule of every ASN parameter (a CNI's customer ASN, the account's default ASN): null when the ASN may
        /// be a BGP peer's: within 0 to 4294967295 and not reserved by IANA (0 by RFC 7607, 23456 AS_TRANS by RFC 6793,
        /// 65535 and 4294967295 by RFC 7300, 65552 to 131071 by RFC 5398), so 1 to 4294967294 less those. Private ranges,
        /// 4200000000 and up included, are allowed: the published schema types the fields as int32, but 4-byte ASNs are
        /// valid on the network, so the module sends them and shows Cloudflare's answer if it refuses one.
        /// </summary>
        public static string? BgpPeerAsnFault(long asn)
        {
            if (asn < 0 || asn > ApiRules.MaxAsn)
            {
                return $"{asn} is not an ASN: expected a number from 1 to {ApiRules.MaxAsn - 1}.";
            }

            string? reserved =
                asn == 0 ? "reserved by RFC 7607" :
                asn == 23456 ? "AS_TRANS, reserved by RFC 6793" :
                asn == 65535 || asn == ApiRules.MaxAsn ? "reserved by RFC 7300" :
                asn >= 65552 && asn <= 131071 ? "reserved by RFC 5398" :
                null;
            return reserved is null ? null : $"AS{asn} cannot be a BGP peer: it is {reserved}.";
        }

        /// <summary>The API's rule for the key's characters, and the 80-byte limit of TCP MD5 keys.</summary>
        public static string? Md5KeyFault(string? value) =>
            ApiRules.Md5KeyFault(value) ??
            (value!.Length > MaxMd5KeyLength ? $"The MD5 key has {value.Length} characters: TCP MD5 keys hold at most {MaxMd5KeyLength}." : null);

        public static string? UuidFault(string? value) =>
            value != null && value.Length == 36 && System.Guid.TryParseExact(value, "D", out _)
                ? null
                : $"{Quote(value)} is not a UUID: expected 8-4-4-4-12 hexadecimal digits, such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.";

        /// <summary>The customer end must lie in the prefix of the Cloudflare end (both A.B.C.D/N, as the seed requires).</summary>
        public static string? CustomerIpOutsidePrefix(string customerIp, string cloudflareIp)
        {
            if (!ApiRules.TryParseCidr(customerIp, out uint customer, out _) || !ApiRules.TryParseCidr(cloudflareIp, out uint cloudflare, out int prefix))
            {
                return null; // The format rules report malformed values.
            }

            uint mask = ApiRules.Mask(prefix);
            return (customer & mask) == (cloudflare & mask)
                ? null
                : $"The customer IP {customerIp} is not inside the prefix of the Cloudflare IP {cloudflareIp}.";
        }
    }
}
