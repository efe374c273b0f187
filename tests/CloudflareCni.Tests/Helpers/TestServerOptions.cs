using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// What the tests' loopback server (<see cref="TestServer"/>) does around the sandbox's emulator, for shapes and
    /// refusals the sandbox itself never has: Cloudflare's credential check and refused accounts, the v4 envelope,
    /// <c>"next": null</c> on a last page, latency, <c>retry-after-ms</c>, and fields the API may add to new objects.
    /// A test may change them at any time; each request reads them.
    /// </summary>
    internal sealed class TestServerOptions
    {
        /// <summary>
        /// The only bearer token let through (others, and key pairs, get 401 code 10000, as Cloudflare answers); null lets
        /// any non-empty bearer token or X-Auth-Email with X-Auth-Key through, and refuses a request with neither.
        /// </summary>
        public string? Token { get; set; }

        /// <summary>Accounts answered 403 (code 10001) on every route, as for a token without permission there.</summary>
        public ISet<string> ForbiddenAccounts { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Successful JSON answers come wrapped in Cloudflare's v4 envelope (an empty one as <c>"result": null</c>).</summary>
        public bool Envelope { get; set; }

        /// <summary>The last page of a listing says <c>"next": null</c> instead of leaving next out.</summary>
        public bool EndOfListAsNull { get; set; }

        /// <summary>How long every answer is held back after the emulator gave it (the request's state has changed by then).</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>A 429 also carries <c>retry-after-ms</c> with this value.</summary>
        public int? RetryAfterMs { get; set; }

        /// <summary>Fields the API adds to each CNI a POST creates (the object's own fields win): kept by the sandbox and answered.</summary>
        public JsonObject? CniFieldsOnCreate { get; set; }

        /// <summary>Fields the API adds to each interconnect a POST creates, as <see cref="CniFieldsOnCreate"/>.</summary>
        public JsonObject? InterconnectFieldsOnCreate { get; set; }
    }
}
