using System;
using System.Globalization;
using System.Linq;

namespace CloudflareCni.Validation
{
    /// <summary>
    /// The rules the API itself states (the seeds: formats A.B.C.D/N and uuid, the MD5 key's characters, the 12
    /// bandwidths, numbers of at least 0). The parameter validators build on them, and the sandbox enforces exactly
    /// these, so that it is never stricter than the API. Rules the module adds for its users' safety live in
    /// <see cref="ModuleRules"/> and bind only the cmdlets.
    /// </summary>
    internal static class ApiRules
    {
        /// <summary>The bandwidths of a GCP partner interconnect, smallest first.</summary>
        public static readonly string[] Bandwidths = { "50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "20G", "50G" };

        /// <summary>The longest customer name a Letter of Authorization takes (its name query): the schema's "200 Character limit".</summary>
        public const int MaxLoaNameLength = 200;

        /// <summary>ASNs are 32-bit unsigned numbers (4-byte ASNs, RFC 6793), whatever the seed's int32 says.</summary>
        public const long MaxAsn = 4294967295L;

        public static bool IsBandwidth(string? value) => value != null && Bandwidths.Contains(value, StringComparer.Ordinal);

        /// <summary>The API's spelling of a bandwidth given in any case (<c>1g</c> gives <c>1G</c>), or null when it is none.</summary>
        public static string? CanonicalBandwidth(string? value) =>
            value is null ? null : Bandwidths.FirstOrDefault(b => string.Equals(b, value, StringComparison.OrdinalIgnoreCase));

        /// <summary>A.B.C.D/N: four decimal octets of 1 to 3 digits, each at most 255, and a prefix length of 0 to 32.</summary>
        public static bool TryParseCidr(string? text, out uint address, out int prefixLength)
        {
            address = 0;
            prefixLength = -1;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            int slash = text!.IndexOf('/');
            if (slash <= 0 || slash != text.LastIndexOf('/'))
            {
                return false;
            }

            string lengthText = text.Substring(slash + 1);
            if (!TryParseIPv4(text.Substring(0, slash), out address) || !IsDigits(lengthText, 2))
            {
                return false;
            }

            int length = int.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture);
            if (length > 32)
            {
                return false;
            }

            prefixLength = length;
            return true;
        }

        public static bool TryParseIPv4(string text, out uint address)
        {
            address = 0;
            string[] octets = text.Split('.');
            if (octets.Length != 4)
            {
                return false;
            }

            foreach (string octet in octets)
            {
                if (!IsDigits(octet, 3))
                {
                    return false;
                }

                int part = int.Parse(octet, NumberStyles.None, CultureInfo.InvariantCulture);
                if (part > 255)
                {
                    return false;
                }

                address = (address << 8) | (uint)part;
            }

            return true;
        }

        public static string FormatIPv4(uint address) =>
            string.Join(".", new[] { address >> 24, (address >> 16) & 0xFF, (address >> 8) & 0xFF, address & 0xFF }
                .Select(part => part.ToString(CultureInfo.InvariantCulture)));

        /// <summary>The mask of a prefix length: 24 gives 255.255.255.0.</summary>
        public static uint Mask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

        /// <summary>
        /// Null when the MD5 key is valid, else the rule it breaks: non-empty, printable ASCII, none of newline, '"',
        /// vertical tab, carriage return, tab, form feed or '?'.
        /// </summary>
        public static string? Md5KeyFault(string? value)
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

        /// <summary>
        /// Null when the text is a Magic tunnel's IPv4 interface address, else the rule it breaks (the Magic API's own
        /// words): an address with its prefix length, A.B.C.D/N, of a /31 or /30 (a /29 too, on version 1.5 tunnels, where
        /// it must be the subnet's .3 host), from RFC 1918 or the link-local range; never a /30's network or broadcast address.
        /// </summary>
        public static string? InterfaceAddressFault(string? value)
        {
            const string Rule = "an interface address is A.B.C.D/N, a /31 or /30 (or, on version 1.5 tunnels, the .3 host of a /29) from RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or link-local (169.254.0.0/16)";
            if (!TryParseCidr(value, out uint address, out int length))
            {
                return $"{Api.DiagnosticText.Quote(value)} is not an IPv4 address with its prefix length: {Rule}.";
            }

            bool private1918 = (address & Mask(8)) == 0x0A000000u || (address & Mask(12)) == 0xAC100000u || (address & Mask(16)) == 0xC0A80000u;
            bool linkLocal = (address & Mask(16)) == 0xA9FE0000u;
            uint host = address & ~Mask(length);
            bool fits = length == 31 || (length == 30 && host != 0 && host != 3) || (length == 29 && host == 3);
            return (private1918 || linkLocal) && fits ? null : $"{Api.DiagnosticText.Quote(value)} cannot be an interface address: {Rule}.";
        }

        /// <summary>Null when the text is a Magic tunnel's IPv6 interface address: an IPv6 address with the prefix length 127.</summary>
        public static string? InterfaceAddress6Fault(string? value)
        {
            int slash = value?.IndexOf('/') ?? -1;
            return slash > 0 && IsIPv6(value!.Substring(0, slash)) && value.Substring(slash + 1) == "127"
                ? null
                : $"{Api.DiagnosticText.Quote(value)} is not an IPv6 interface address: expected an IPv6 address with the prefix length 127, such as 2606:54c1:7:0:a9fe:12d2:1:200/127.";
        }

        /// <summary>An IPv4 (A.B.C.D) or IPv6 address, without a prefix length, zone or brackets.</summary>
        public static bool IsIpAddress(string? value) => value != null && (TryParseIPv4(value, out _) || IsIPv6(value));

        /// <summary>An IPv4 or IPv6 prefix, as the Magic API's cidr format: an address and a prefix length within its family's.</summary>
        public static bool IsCidr(string? value)
        {
            if (TryParseCidr(value, out _, out _))
            {
                return true;
            }

            int slash = value?.IndexOf('/') ?? -1;
            return slash > 0 && IsIPv6(value!.Substring(0, slash)) && IsDigits(value.Substring(slash + 1), 3) &&
                   int.Parse(value.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture) <= 128;
        }

        private static bool IsIPv6(string text) =>
            text.IndexOf(':') >= 0 && text.IndexOfAny(new[] { '%', '[', ']', '/', ' ' }) < 0 &&
            System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

        private static bool IsDigits(string text, int maxLength) =>
            text.Length > 0 && text.Length <= maxLength && text.All(c => c >= '0' && c <= '9');
    }
}
