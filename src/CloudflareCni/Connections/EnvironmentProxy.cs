using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace CloudflareCni.Connections
{
    /// <summary>
    /// HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, read the same way on .NET Framework (which ignores them)
    /// and on .NET (which reads them only for its default proxy). Follows curl: the scheme of the target picks the
    /// variable, lower-case names win over upper-case, and NO_PROXY lists hosts, domain suffixes, IP addresses,
    /// optional ports, or "*".
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        private readonly Uri? httpProxy;
        private readonly Uri? httpsProxy;
        private readonly IReadOnlyList<BypassRule> bypass;

        private EnvironmentProxy(Uri? httpProxy, Uri? httpsProxy, IReadOnlyList<BypassRule> bypass, ICredentials? credentials)
        {
            this.httpProxy = httpProxy;
            this.httpsProxy = httpsProxy;
            this.bypass = bypass;
            Credentials = credentials;
        }

        public ICredentials? Credentials { get; set; }

        /// <summary>The proxy for https targets, without any user information.</summary>
        public Uri? HttpsProxy => httpsProxy;

        public Uri? HttpProxy => httpProxy;

        /// <summary>Null when no proxy variable is set.</summary>
        public static EnvironmentProxy? FromEnvironment(Func<string, string?> getVariable)
        {
            string? all = Read(getVariable, "all_proxy");
            Uri? http = ParseProxy(Read(getVariable, "http_proxy") ?? all);
            Uri? https = ParseProxy(Read(getVariable, "https_proxy") ?? all);
            if (http is null && https is null)
            {
                return null;
            }

            ICredentials? credentials = CredentialsOf(https) ?? CredentialsOf(http);
            IReadOnlyList<BypassRule> rules = ParseNoProxy(Read(getVariable, "no_proxy"));
            return new EnvironmentProxy(StripUserInfo(http), StripUserInfo(https), rules, credentials);
        }

        public Uri? GetProxy(Uri destination)
        {
            if (IsBypassed(destination))
            {
                return null;
            }

            return string.Equals(destination.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? httpsProxy : httpProxy;
        }

        public bool IsBypassed(Uri host)
        {
            Uri? proxy = string.Equals(host.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? httpsProxy : httpProxy;
            if (proxy is null)
            {
                return true;
            }

            string name = host.IdnHost.TrimStart('[').TrimEnd(']');
            foreach (BypassRule rule in bypass)
            {
                if (rule.Matches(name, host.Port))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? Read(Func<string, string?> getVariable, string lowerName)
        {
            string? value = getVariable(lowerName);
            if (string.IsNullOrWhiteSpace(value))
            {
                value = getVariable(lowerName.ToUpperInvariant());
            }

            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static Uri? ParseProxy(string? value)
        {
            if (value is null)
            {
                return null;
            }

            string text = value.IndexOf("://", StringComparison.Ordinal) >= 0 ? value : "http://" + value;
            return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) &&
                   (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : null;
        }

        internal static Uri? StripUserInfo(Uri? proxy)
        {
            if (proxy is null || string.IsNullOrEmpty(proxy.UserInfo))
            {
                return proxy;
            }

            return new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        internal static ICredentials? CredentialsOf(Uri? proxy)
        {
            if (proxy is null || string.IsNullOrEmpty(proxy.UserInfo))
            {
                return null;
            }

            string[] parts = proxy.UserInfo.Split(new[] { ':' }, 2);
            return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        private static IReadOnlyList<BypassRule> ParseNoProxy(string? value)
        {
            if (value is null)
            {
                return new BypassRule[0];
            }

            return value
                .Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(BypassRule.Parse)
                .ToArray();
        }

        private sealed class BypassRule
        {
            private readonly string host;
            private readonly int? port;

            private BypassRule(string host, int? port)
            {
                this.host = host;
                this.port = port;
            }

            public static BypassRule Parse(string entry)
            {
                string text = entry.Trim();
                int? port = null;
                int colon = text.LastIndexOf(':');
                // A single colon separates a port; IPv6 addresses have several and may be bracketed.
                if (colon > 0 && text.IndexOf(':') == colon &&
                    int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
                {
                    port = parsed;
                    text = text.Substring(0, colon);
                }
                else if (text.StartsWith("[", StringComparison.Ordinal) && text.IndexOf("]:", StringComparison.Ordinal) > 0)
                {
                    int close = text.IndexOf("]:", StringComparison.Ordinal);
                    if (int.TryParse(text.Substring(close + 2), NumberStyles.None, CultureInfo.InvariantCulture, out int v6port))
                    {
                        port = v6port;
                    }

                    text = text.Substring(0, close + 1);
                }

                text = text.TrimStart('[').TrimEnd(']');
                if (text.StartsWith("*.", StringComparison.Ordinal))
                {
                    text = text.Substring(1);
                }

                return new BypassRule(text.ToLowerInvariant(), port);
            }

            public bool Matches(string targetHost, int targetPort)
            {
                if (port.HasValue && port.Value != targetPort)
                {
                    return false;
                }

                if (host == "*")
                {
                    return true;
                }

                string target = targetHost.ToLowerInvariant();
                if (host.StartsWith(".", StringComparison.Ordinal))
                {
                    return target.EndsWith(host, StringComparison.Ordinal) || target == host.Substring(1);
                }

                return target == host || target.EndsWith("." + host, StringComparison.Ordinal);
            }
        }
    }
}
