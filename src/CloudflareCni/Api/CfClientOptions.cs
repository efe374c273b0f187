using System;

namespace CloudflareCni.Api
{
    /// <summary>Per-session settings of the request pipeline. Connect-CfAccount sets them; the defaults follow Cloudflare's SDKs.</summary>
    internal sealed class CfClientOptions
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://api.cloudflare.com/client/v4");

        public Uri BaseUri { get; set; } = DefaultBaseUri;

        public CfCredential Credential { get; set; } = CfCredential.None;

        /// <summary>How long one logical request may take: every attempt, retry wait and 429 pause together, body included.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The proxy requests go through, if any: failures to reach it are reported as the proxy's.</summary>
        public System.Net.IWebProxy? Proxy { get; set; }

        /// <summary>The proxy that requests to <paramref name="target"/> go through, without user information; null when direct.</summary>
        public Uri? ProxyFor(Uri target) => Proxy != null && !Proxy.IsBypassed(target) ? Proxy.GetProxy(target) : null;

        /// <summary>How many times a failed request is tried again.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>The most time spent waiting between attempts of one request, all retries together.</summary>
        public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The first backoff delay; it doubles on each retry, up to <see cref="RetryMaxDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>
        /// True (Connect-CfAccount -WaitForRateLimit): a request the rate budget holds waits for it however long, and that
        /// wait does not count against <see cref="Timeout"/>. False: it waits only as long as <see cref="Timeout"/> leaves,
        /// and a longer hold fails at once, with nothing sent.
        /// </summary>
        public bool WaitForRateLimit { get; set; }

        /// <summary>
        /// The rate budget the requests pace by; null for the one the process shares for this credential at this API
        /// (<see cref="RateBudgetRegistry.Shared"/>). A sandbox has its own, on its own clock.
        /// </summary>
        public RateBudget? Budget { get; set; }

        public CfClientOptions Clone() => (CfClientOptions)MemberwiseClone();
    }
}
