using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Cloudflare's rate limit (about 1,200 requests per 5 minutes) is per user, not per request: when one request is
    /// told to wait (a 429 with Retry-After), every request with the same credential to the same API waits too, in
    /// this process, whatever the invocation or runspace, instead of each running into its own 429.
    /// </summary>
    internal sealed class RateLimitGate
    {
        private static readonly ConcurrentDictionary<string, RateLimitGate> Gates = new ConcurrentDictionary<string, RateLimitGate>(StringComparer.Ordinal);

        private long openAtTicks;

        /// <summary>The gate of one credential at one base URI.</summary>
        public static RateLimitGate For(Uri baseUri, CfCredential credential) =>
            Gates.GetOrAdd(baseUri.AbsoluteUri + "|" + credential.Identity, _ => new RateLimitGate());

        /// <summary>How long requests must still wait; zero when the gate is open.</summary>
        public TimeSpan Remaining
        {
            get
            {
                long left = Interlocked.Read(ref openAtTicks) - DateTime.UtcNow.Ticks;
                return left > 0 ? TimeSpan.FromTicks(left) : TimeSpan.Zero;
            }
        }

        /// <summary>Keeps the gate closed for at least <paramref name="wait"/> from now.</summary>
        public void CloseFor(TimeSpan wait)
        {
            long until = DateTime.UtcNow.Ticks + wait.Ticks;
            long seen;
            while ((seen = Interlocked.Read(ref openAtTicks)) < until && Interlocked.CompareExchange(ref openAtTicks, until, seen) != seen)
            {
            }
        }

        /// <summary>Waits until the gate is open (at once, in the usual case).</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            TimeSpan left;
            while ((left = Remaining) > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
