using System;
using System.Globalization;
using System.Linq;
using CloudflareCni.Internal;

namespace CloudflareCni.Validation
{
    /// <summary>
    /// The input rules, in one place. The PowerShell validation attributes call these, and the command logic calls
    /// them again, so that a value that reached the logic some other way is still rejected before any request.
    /// Each returns null when the value is valid, else a message that states the rule.
    /// </summary>
    internal static class CfValidators
    {
        public const long MaxAsn = 4294967295L;
        public const int MinMtu = 576;
        public const int MaxMtu = 9000;

        /// <summary>Deliberately without the value: it is a secret.</summary>
        public const string PlainSecretRefused =
            "It takes a SecureString, such as (Read-Host -AsSecureString) or a SecretManagement secret; plain text is refused so that the secret never appears in an error or a transcript.";

        /// <summary>The 12 bandwidths the API accepts for a GCP partner interconnect.</summary>
        public static readonly string[] Bandwidths = { "50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "20G", "50G" };

        public static string? Cidr(string? value)
        {
            if (TryParseCidr(value, out _, out _))
            {
                return null;
            }

            return $"'{value}' is not an IPv4 prefix: expected A.B.C.D/N, with each of A to D from 0 to 255 and N from 0 to 32.";
        }

        public static string? Uuid(string? value)
        {
            // The API's ids are UUIDs in their 8-4-4-4-12 hexadecimal form.
            if (value != null && value.Length == 36 && Guid.TryParseExact(value, "D", out _))
            {
                return null;
            }

            return $"'{value}' is not a UUID: expected 8-4-4-4-12 hexadecimal digits, such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.";
        }

        /// <summary>The seed's rule: non-empty, printable ASCII, none of newline, ", vertical tab, carriage return, tab, form feed or ?.</summary>
        public static string? Md5Key(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "The MD5 key must not be empty.";
            }

            for (int i = 0; i < value!.Length; i++)
            {
                char c = value[i];
                if (c < 0x20 || c > 0x7E || c == '"' || c == '?')
                {
                    string shown = c < 0x20 || c > 0x7E ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
                    return $"The MD5 key has the character {shown} at position {i + 1}: it may hold only printable ASCII other than \" and ?.";
                }
            }

            return null;
        }

        public static string? Asn(long value) =>
            value >= 0 && value <= MaxAsn ? null : $"{value} is not an ASN: expected a number from 0 to {MaxAsn} (4-byte ASNs included).";

        public static string? Mtu(int value) =>
            value >= MinMtu && value <= MaxMtu ? null : $"{value} is not a valid MTU: expected a number from {MinMtu} to {MaxMtu}.";

        public static string? Bandwidth(string? value) =>
            value != null && Bandwidths.Contains(value, StringComparer.Ordinal)
                ? null
                : $"'{value}' is not a bandwidth: expected one of {string.Join(", ", Bandwidths)}.";

        public static string? NotEmpty(string? value) =>
            string.IsNullOrWhiteSpace(value) ? "The value must not be empty." : null;

        /// <summary>The customer end must lie in the prefix of the Cloudflare end (both A.B.C.D/N, as the seed requires).</summary>
        public static string? CustomerIpInPrefix(string customerIp, string cloudflareIp)
        {
            if (!TryParseCidr(customerIp, out uint customer, out _) || !TryParseCidr(cloudflareIp, out uint cloudflare, out int prefix))
            {
                return null; // The format rules report malformed values.
            }

            uint mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            return (customer & mask) == (cloudflare & mask)
                ? null
                : $"The customer IP {customerIp} is not inside the prefix of the Cloudflare IP {cloudflareIp}.";
        }

        /// <summary>Throws the rule's CfValidationException when a check failed.</summary>
        public static void Require(string parameterName, string rule, string? failure)
        {
            if (failure != null)
            {
                throw new CfValidationException(parameterName, rule, $"Cannot validate argument on parameter '{parameterName}'. {failure}");
            }
        }

        internal static bool TryParseCidr(string? value, out uint address, out int prefixLength)
        {
            address = 0;
            prefixLength = -1;
            if (string.IsNullOrEmpty(value))
            {
                return false;
            }

            string[] halves = value!.Split('/');
            if (halves.Length != 2 || !IsDigits(halves[1], 2) ||
                !int.TryParse(halves[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength) || prefixLength > 32)
            {
                prefixLength = -1;
                return false;
            }

            string[] octets = halves[0].Split('.');
            if (octets.Length != 4)
            {
                return false;
            }

            foreach (string octet in octets)
            {
                // Leading zeros are refused: some parsers read them as octal.
                if (!IsDigits(octet, 3) || (octet.Length > 1 && octet[0] == '0') ||
                    !int.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out int part) || part > 255)
                {
                    return false;
                }

                address = (address << 8) | (uint)part;
            }

            return true;
        }

        private static bool IsDigits(string text, int maxLength) =>
            text.Length > 0 && text.Length <= maxLength && text.All(c => c >= '0' && c <= '9');
    }
}
