using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Piped ids (or names) of one invocation, each looked up by a GET, until reading the account's listing costs fewer
    /// requests: then the listing is read once and serves every id that is waiting and every later one. The switch-over
    /// point comes from counts. A listing of M items costs P = ceil(M / page size) requests (P = 1 at the preferred page
    /// of 1,000 for all but the largest accounts; after a listing, the pages it took), a GET one per id; so the listing
    /// is read once more than P ids have arrived. The first id gets its GET at once, and with P = 1 so does no other:
    /// 150 piped ids cost 1 GET and 1 page.
    /// <list type="bullet">
    /// <item>Input order stays: each id's result is a task that <see cref="OrderedLookups"/> writes in its place.</item>
    /// <item>An id the listing did not hold is confirmed with a GET (created since, or one the listing hides), so
    /// NotFound is always the server's own answer to that id.</item>
    /// <item>The listing never costs more pages than ids wait for it: once the pages read reach the ids not found yet,
    /// it stops, and those get a GET each.</item>
    /// <item>A listing that fails (for whatever reason) fails no item: the ids fall back to a GET each.</item>
    /// <item>A listing serves only while it is fresh: once a write to the server has succeeded since it was read (by any
    /// command of the process), or <see cref="FreshFor"/> has passed, the ids that arrive next count afresh, so an id
    /// piped after its object was changed is never answered with the object as it was.</item>
    /// </list>
    /// The pipeline thread calls <see cref="LookupAsync"/>; the listing runs on the thread pool.
    /// </summary>
    internal sealed class ListedLookups<T>
        where T : class
    {
        /// <summary>The pages a full listing took, per server, credential, account and resource: the next invocation's P.</summary>
        private static readonly ConcurrentDictionary<string, int> PagesTaken = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>How long a listing answers later ids: as long as Tab completion keeps what it fetched.</summary>
        private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(60);

        private readonly CfApiCmdlet cmdlet;
        private readonly string what;
        private readonly Func<string, CfCall, CfPager<T>> list;
        private readonly Func<string, string, CfCall, Task<T>> get;
        private readonly Func<T, string> keyOf;
        private readonly Dictionary<string, AccountLookups> accounts = new Dictionary<string, AccountLookups>(StringComparer.Ordinal);

        /// <param name="what">The objects, for messages and for the pages kept per resource, such as "CNIs".</param>
        /// <param name="list">The account's whole listing (no filters).</param>
        /// <param name="get">One object by its id or name.</param>
        /// <param name="keyOf">The id or name a listed object is looked up by (compared exactly, as the API does).</param>
        public ListedLookups(CfApiCmdlet cmdlet, string what, Func<string, CfCall, CfPager<T>> list, Func<string, string, CfCall, Task<T>> get, Func<T, string> keyOf)
        {
            this.cmdlet = cmdlet;
            this.what = what;
            this.list = list;
            this.get = get;
            this.keyOf = keyOf;
        }

        /// <summary>Pipeline thread: the object with this id in this account, by a GET or from the listing.</summary>
        public Task<object> LookupAsync(string account, string id, CancellationToken cancellation)
        {
            CfCall call = cmdlet.Call.WithCancellation(cancellation);
            if (!accounts.TryGetValue(account, out AccountLookups? lookups))
            {
                string key = string.Join("|", cmdlet.Executor.BaseUri.AbsoluteUri, cmdlet.Executor.Options.Credential.Identity, account, what);
                lookups = new AccountLookups(key);
                accounts.Add(account, lookups);
            }

            lookups.ForgetIfStale(cmdlet.Executor.CompletedWrites, cmdlet.Executor.Clock.Now);

            Task<Dictionary<string, T>?>? listing = lookups.Arrive(id, out bool start);
            if (start)
            {
                call.Observer.Verbose(
                    $"{lookups.Received} {what} piped so far: reading the account's listing ({Pages(lookups.ExpectedPages)}), instead of a GET for each.");
                listing = lookups.Start(ReadListingAsync(lookups, list(account, call), call), cmdlet.Executor.CompletedWrites, cmdlet.Executor.Clock.Now);
            }

            return listing is null ? GetAsync(account, id, call) : FromListingAsync(listing, account, id, call);
        }

        private static string Pages(int count) => count == 1 ? "1 page" : count + " pages";

        private async Task<object> GetAsync(string account, string id, CfCall call) => await get(account, id, call).ConfigureAwait(false);

        private async Task<object> FromListingAsync(Task<Dictionary<string, T>?> listing, string account, string id, CfCall call)
        {
            Dictionary<string, T>? listed = await listing.ConfigureAwait(false);
            if (listed != null && listed.TryGetValue(id, out T? found))
            {
                return found;
            }

            // Not in the listing (or the listing failed, or stopped early): the server's own answer to this id decides.
            return await get(account, id, call).ConfigureAwait(false);
        }

        /// <summary>The listing's items by key, or null when it failed (then every id waiting for it falls back to its GET).</summary>
        private async Task<Dictionary<string, T>?> ReadListingAsync(AccountLookups lookups, CfPager<T> pager, CfCall call)
        {
            var listed = new Dictionary<string, T>(StringComparer.Ordinal);
            try
            {
                using (pager)
                {
                    IReadOnlyList<T>? page;
                    while ((page = await pager.NextPageAsync(call.Cancellation).ConfigureAwait(false)) != null)
                    {
                        foreach (T item in page)
                        {
                            listed[keyOf(item)] = item;
                        }

                        if (pager.ReachedEnd)
                        {
                            break;
                        }

                        int left = lookups.NotFoundIn(listed);
                        if (pager.PageCount >= left)
                        {
                            // Another page would cost as much as the GETs of the ids still to find, or more.
                            call.Observer.Verbose($"Stopped reading the {what} listing after {Pages(pager.PageCount)}, as many as the {left} {what} still to find: they are looked up one by one.");
                            lookups.Took(pager.PageCount + 1);
                            return listed;
                        }
                    }

                    lookups.Took(pager.PageCount);
                    return listed;
                }
            }
            catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is CfApiException || ex is CfValidationException)
            {
                call.Observer.Verbose($"Reading the {what} listing failed ({ex.Message}); each is looked up by itself.");
                return null;
            }
        }

        /// <summary>The ids of one account, and its listing once it is read. Locked: the listing runs on the thread pool.</summary>
        private sealed class AccountLookups
        {
            private readonly object gate = new object();
            private readonly string key;
            private readonly List<string> waiting = new List<string>();
            private Task<Dictionary<string, T>?>? listing;
            private bool started;
            private long writesAtStart;
            private TimeSpan startedAt;

            public AccountLookups(string key)
            {
                this.key = key;
            }

            /// <summary>Ids received in this invocation.</summary>
            public int Received { get; private set; }

            /// <summary>The pages the listing will likely take: as many as the last full one took, else one.</summary>
            public int ExpectedPages => PagesTaken.TryGetValue(key, out int pages) ? pages : 1;

            /// <summary>Counts the id; returns the listing it waits for (null: a GET), and whether the listing is to start now.</summary>
            public Task<Dictionary<string, T>?>? Arrive(string id, out bool start)
            {
                lock (gate)
                {
                    Received++;
                    start = !started && Received > ExpectedPages;
                    if (start)
                    {
                        started = true;
                    }

                    if (started)
                    {
                        waiting.Add(id);
                    }

                    return listing;
                }
            }

            /// <param name="writes">The process's successful writes to the server when the listing starts.</param>
            /// <param name="now">The connection's clock when it starts.</param>
            public Task<Dictionary<string, T>?> Start(Task<Dictionary<string, T>?> reading, long writes, TimeSpan now)
            {
                lock (gate)
                {
                    listing = reading;
                    writesAtStart = writes;
                    startedAt = now;
                    return reading;
                }
            }

            /// <summary>
            /// Drops a listing that may no longer be the server's truth (a write succeeded since it started, or it is older
            /// than <see cref="FreshFor"/>); the ids that arrive next count afresh. Ids already waiting for it keep it.
            /// </summary>
            public void ForgetIfStale(long writes, TimeSpan now)
            {
                lock (gate)
                {
                    if (listing != null && (writes != writesAtStart || now - startedAt > FreshFor))
                    {
                        listing = null;
                        started = false;
                        Received = 0;
                        waiting.Clear();
                    }
                }
            }

            /// <summary>How many ids waiting for the listing it has not held so far.</summary>
            public int NotFoundIn(Dictionary<string, T> listed)
            {
                lock (gate)
                {
                    int left = 0;
                    foreach (string id in waiting)
                    {
                        if (!listed.ContainsKey(id))
                        {
                            left++;
                        }
                    }

                    return left;
                }
            }

            public void Took(int pages) => PagesTaken[key] = Math.Max(1, pages);
        }
    }
}
