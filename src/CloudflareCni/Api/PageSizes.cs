namespace CloudflareCni.Api
{
    /// <summary>
    /// The page size listings ask for when the user gives none. The API's maximum is not documented, so the module asks
    /// for a large page (few requests against Cloudflare's rate limit of about 1,200 per 5 minutes), and if a server
    /// refuses it (a 400 that names "limit"), it uses the server's own default from then on, for every connection to
    /// that server in the process (a connection from the CLOUDFLARE_* variables lives only for one command).
    /// </summary>
    internal sealed class PageSizes
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PageSizes> ByServer =
            new System.Collections.Concurrent.ConcurrentDictionary<string, PageSizes>(System.StringComparer.OrdinalIgnoreCase);

        private PageSizes()
        {
        }

        /// <summary>What one server accepts.</summary>
        public static PageSizes For(System.Uri baseUri) => ByServer.GetOrAdd(baseUri.AbsoluteUri, _ => new PageSizes());

        /// <summary>What is asked for by default: 100,000 items then take 100 requests instead of 4,000 at the server's 25.</summary>
        public const int Preferred = 1000;

        private volatile bool refused;

        /// <summary>The page size to ask for when the user gave none; null (the server's default) once the preferred one was refused.</summary>
        public int? Default => refused ? (int?)null : Preferred;

        /// <summary>True when the failure is the server refusing the page size, so that it is worth asking again without one.</summary>
        public static bool IsRefusal(CfApiException error) =>
            error.StatusCode == 400 &&
            (error.Errors.Count == 0 ? error.BodyExcerpt ?? string.Empty : string.Join(" ", System.Linq.Enumerable.Select(error.Errors, e => e.Message)))
                .IndexOf("limit", System.StringComparison.OrdinalIgnoreCase) >= 0;

        public void Refuse() => refused = true;

        /// <summary>
        /// The limit a request asks for when at most <paramref name="wanted"/> items are (null: all): the page size, or
        /// fewer when fewer are wanted. Without a page size (the server's own, once it refused the module's), a limit is
        /// asked only for fewer items than <see cref="Preferred"/>: a larger one would be refused again.
        /// </summary>
        public static int? LimitFor(int? pageSize, long? wanted)
        {
            if (wanted is null)
            {
                return pageSize;
            }

            if (pageSize.HasValue)
            {
                return (int)System.Math.Min(pageSize.Value, wanted.Value);
            }

            return wanted.Value < Preferred ? (int)wanted.Value : (int?)null;
        }
    }
}
