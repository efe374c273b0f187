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

        /// <summary>Deliberately without the value: it is a secret.</summary>
        public const string PlainSecretRefused =
            "It takes a SecureString, such as (Read-Host -AsSecureString) or a SecretManagement secret; plain text is refused so that the secret never appears in an error or a transcript.";

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
                : $"'{value}' is not an IPv4 prefix: expected A.B.C.D/N, with each of A to D from 0 to 255 (no leading zeros) and N from 0 to 32.";
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
                : $"'{value}' has host bits set: a prefix names a network. Did you mean {ApiRules.FormatIPv4(network)}/{length}?";
        }

        /// <summary>
        /// Null when the ASN may be a BGP peer's: within 0 to 4294967295 and not reserved by IANA (0 by RFC 7607, 23456
        /// AS_TRANS by RFC 6793, 65535 and 4294967295 by RFC 7300, 65552 to 131071 by RFC 5398). Private ranges are allowed.
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
                : $"'{value}' is not a UUID: expected 8-4-4-4-12 hexadecimal digits, such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.";

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
