using System;
using CloudflareCni.Api;

namespace CloudflareCni.Connections
{
    /// <summary>Which base URIs a credential may be sent to.</summary>
    internal static class BaseUriRule
    {
        /// <summary>
        /// Null when the URI is absolute http or https with a host, and nothing that the requests would not carry or that
        /// should not be shown: user information (a password would appear in Get-CfContext), a query or a fragment (both
        /// dropped from every request). Else why not.
        /// </summary>
        public static string? FormatFault(Uri baseUri)
        {
            if (!(baseUri.IsAbsoluteUri && baseUri.Host.Length > 0 && (baseUri.Scheme == Uri.UriSchemeHttps || baseUri.Scheme == Uri.UriSchemeHttp)))
            {
                return $"The base URI {DiagnosticText.Quote(baseUri.IsAbsoluteUri ? WithoutUserInfo(baseUri) : baseUri.OriginalString)} is not an absolute http or https URI with a host, such as https://api.cloudflare.com/client/v4.";
            }

            if (baseUri.UserInfo.Length > 0)
            {
                return $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} holds a user name or password: the module authenticates with the API token or key, and would show the password wherever it shows the URI. Remove it.";
            }

            return baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0
                ? $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} has a query or a fragment, which no request would carry. Remove it."
                : null;
        }

        /// <summary>
        /// Null when a credential may travel to the URI, else why not. A credential sent over plain http could be read on
        /// the way; only loopback (a local test server) may use http.
        /// </summary>
        public static string? SecurityFault(Uri baseUri) =>
            baseUri.Scheme == Uri.UriSchemeHttps || (baseUri.Scheme == Uri.UriSchemeHttp && baseUri.IsLoopback)
                ? null
                : $"The base URI {DiagnosticText.Quote(WithoutUserInfo(baseUri))} is not https: credentials would cross the network in clear text. Only loopback addresses may use http.";

        /// <summary>The URI as messages may show it: without any user name or password.</summary>
        public static string WithoutUserInfo(Uri uri) =>
            uri.IsAbsoluteUri && uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : uri.ToString();
    }
}
