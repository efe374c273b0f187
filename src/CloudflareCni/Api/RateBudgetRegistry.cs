using System;
using System.Collections.Concurrent;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Where connections find their budget. Cloudflare's limit is per user, not per request or session: every
    /// connection of the process with the same credential to the same API shares one <see cref="RateBudget"/> (and so
    /// its 429 pause), whatever the runspace; every budget to one API host shares that host's per-IP cap. A sandbox has
    /// a budget of its own (<see cref="Isolated"/>): sandboxes share one base URI and credential, and one test's
    /// lock-out must not reach another's.
    /// </summary>
    internal sealed class RateBudgetRegistry
    {
        private readonly ConcurrentDictionary<string, RateBudget> budgets = new ConcurrentDictionary<string, RateBudget>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, RateBudgetPerIpCap> perIpCaps = new ConcurrentDictionary<string, RateBudgetPerIpCap>(StringComparer.OrdinalIgnoreCase);
        private readonly RateBudgetSettings settings = new RateBudgetSettings();

        public RateBudgetRegistry(CfClock clock)
        {
            Clock = clock;
        }

        /// <summary>The process's budgets on the real clock.</summary>
        public static RateBudgetRegistry Shared { get; } = new RateBudgetRegistry(CfClock.Real);

        public CfClock Clock { get; }

        /// <summary>A budget of its own on <paramref name="clock"/>, with its own per-IP cap: a sandbox's.</summary>
        public static RateBudget Isolated(CfClock clock)
        {
            var settings = new RateBudgetSettings();
            return new RateBudget(clock, settings, new RateBudgetPerIpCap("the sandbox", settings.PerIpLimit, settings.PerIpWindow));
        }

        /// <summary>The budget of <paramref name="credential"/> at <paramref name="baseUri"/>, made on first use.</summary>
        public RateBudget For(Uri baseUri, CfCredential credential) => For(baseUri, credential.Identity);

        /// <summary>As <see cref="For(Uri, CfCredential)"/>, by the credential's identity (a hash; never the secret).</summary>
        internal RateBudget For(Uri baseUri, string credentialIdentity) =>
            budgets.GetOrAdd(baseUri.AbsoluteUri + "|" + credentialIdentity, _ => new RateBudget(Clock, settings, PerIpCapFor(baseUri)));

        private RateBudgetPerIpCap PerIpCapFor(Uri baseUri) =>
            perIpCaps.GetOrAdd(baseUri.Authority, host => new RateBudgetPerIpCap(host, settings.PerIpLimit, settings.PerIpWindow));
    }
}
