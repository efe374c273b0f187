using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Fetches one page of a listing: the cursor to start at (null for the first page) and the page size to ask for.</summary>
    internal delegate Task<Page<T>> CfPageFetcher<T>(long? cursor, int? limit, CancellationToken cancellationToken);

    /// <summary>One page of a listing, in the module's objects, and the items of it that could not be read.</summary>
    internal sealed class Page<T> : IUnreadableSource
    {
        public Page(List<T> items, long? next, List<UnreadableItem>? unreadable = null)
        {
            Items = items;
            Next = next;
            Unreadable = unreadable;
        }

        public List<T> Items { get; }

        /// <summary>The cursor of the next page; null on the last.</summary>
        public long? Next { get; }

        /// <summary>The page's items that could not be read, each with its place among <see cref="Items"/>; null when there are none.</summary>
        public List<UnreadableItem>? Unreadable { get; }

        IReadOnlyList<UnreadableItem> IUnreadableSource.Unreadable => (IReadOnlyList<UnreadableItem>?)Unreadable ?? new UnreadableItem[0];
    }

    /// <summary>What holds the items of a listing that could not be read, in listing order.</summary>
    internal interface IUnreadableSource
    {
        IReadOnlyList<UnreadableItem> Unreadable { get; }
    }

    /// <summary>
    /// An item of a listing that could not be read as the module's object (not an object, a field of another JSON type,
    /// no name or id): the listing goes on without it, and the cmdlet writes it as a non-terminating error in its place.
    /// </summary>
    internal sealed class UnreadableItem
    {
        public UnreadableItem(long position, CfApiException failure, string json)
        {
            Position = position;
            Failure = failure;
            Json = json;
        }

        /// <summary>How many readable items came before it: on a page, that page's; in a pager, the whole listing's.</summary>
        public long Position { get; }

        /// <summary>Why it could not be read, with the request that listed it (CfApi.InvalidItem).</summary>
        public CfApiException Failure { get; }

        /// <summary>The item as the server sent it (without an MD5 key), for the error record's target.</summary>
        public string Json { get; }

        public UnreadableItem At(long position) => new UnreadableItem(position, Failure, Json);
    }

    /// <summary>Where a listing starts, how many items it asks for per request, and how many it wants at most.</summary>
    internal readonly struct CfPaging
    {
        public CfPaging(int? pageSize, long? maxItems = null, long? startCursor = null)
        {
            if (pageSize.HasValue && pageSize.Value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be at least 1.");
            }

            if (maxItems.HasValue && maxItems.Value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxItems), maxItems, "The maximum item count cannot be negative.");
            }

            PageSize = pageSize;
            MaxItems = maxItems;
            StartCursor = startCursor;
        }

        /// <summary>Null: the server's own page size.</summary>
        public int? PageSize { get; }

        /// <summary>Null: every item.</summary>
        public long? MaxItems { get; }

        /// <summary>Null: the first page.</summary>
        public long? StartCursor { get; }
    }

    /// <summary>
    /// Follows "next" as "cursor" until it is null or absent, handing out each page as it arrives. It stops asking
    /// once the maximum item count is reached, and refuses a cursor the server already gave (which would loop forever).
    /// With prefetch on, the next page is requested as soon as a page is handed out, so that the network and JSON work
    /// of page N+1 overlaps the writing of page N; it is never more than one page ahead, and disposing the pager
    /// cancels a prefetch that is no longer wanted.
    /// </summary>
    internal sealed class CfPager<T> : IDisposable, IUnreadableSource
    {
        private readonly CfPageFetcher<T> fetch;
        private readonly Func<int?> pageSize;
        private readonly long? maxItems;
        private readonly string description;
        private readonly HashSet<long> cursorsSeen = new HashSet<long>();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private long? cursor;
        private bool finished;
        private CfApiException? loopDetected;
        private Task<Page<T>>? ahead;
        private CancellationTokenRegistration callerCancellation;
        private bool linked;
        private List<UnreadableItem>? unreadable;

        /// <param name="pageSize">Asked for each request, so that a page size the server refused is dropped for the next.</param>
        public CfPager(CfPageFetcher<T> fetch, CfPaging paging, string path, Func<int?>? pageSize = null)
        {
            this.fetch = fetch;
            int? given = paging.PageSize;
            this.pageSize = pageSize ?? (() => given);
            maxItems = paging.MaxItems;
            description = path;
            cursor = paging.StartCursor;
            if (cursor.HasValue)
            {
                cursorsSeen.Add(cursor.Value);
            }

            finished = maxItems == 0;
        }

        /// <summary>Whether the next page is fetched while the current one is being used. Off for a single page.</summary>
        public bool Prefetch { get; set; }

        /// <summary>Items handed out so far.</summary>
        public long ItemCount { get; private set; }

        /// <summary>Pages requested so far.</summary>
        public int PageCount { get; private set; }

        /// <summary>True once the server said there is no next page (as opposed to stopping at the maximum count).</summary>
        public bool ReachedEnd { get; private set; }

        /// <summary>The cursor of the next page, or null when there is none or paging stopped.</summary>
        public long? NextCursor => finished ? (ReachedEnd ? null : cursor) : cursor;

        /// <summary>
        /// The items of the pages handed out so far that could not be read, in listing order, each with the number of
        /// readable items handed out before it (<see cref="UnreadableItem.Position"/>), so that a cmdlet writes its error in its place.
        /// </summary>
        public IReadOnlyList<UnreadableItem> Unreadable => (IReadOnlyList<UnreadableItem>?)unreadable ?? new UnreadableItem[0];

        /// <summary>The next page's items, or null when the listing is done. Never requests beyond the maximum count.</summary>
        public async Task<IReadOnlyList<T>?> NextPageAsync(CancellationToken cancellationToken)
        {
            if (loopDetected != null)
            {
                throw loopDetected;
            }

            if (finished)
            {
                return null;
            }

            Task<Page<T>> fetching = ahead ?? Start(cancellationToken);
            ahead = null;
            Page<T> page = await fetching.ConfigureAwait(false);

            List<T> items = Accept(page);
            if (!finished && Prefetch)
            {
                ahead = Start(cancellationToken);
            }

            return items;
        }

        /// <summary>Every remaining item, page by page, until the listing ends (or the maximum count).</summary>
        public async Task<List<T>> ReadAllAsync(CancellationToken cancellationToken)
        {
            var all = new List<T>();
            IReadOnlyList<T>? page;
            while ((page = await NextPageAsync(cancellationToken).ConfigureAwait(false)) != null)
            {
                all.AddRange(page);
            }

            return all;
        }

        /// <summary>Cancels a prefetch that will not be used, and observes its outcome.</summary>
        public void Dispose()
        {
            Task<Page<T>>? unused = Interlocked.Exchange(ref ahead, null);
            callerCancellation.Dispose();
            stop.Cancel();
            unused?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            stop.Dispose();
        }

        /// <summary>Requests the page at the current cursor, asking for no more than is still wanted.</summary>
        private Task<Page<T>> Start(CancellationToken cancellationToken)
        {
            // Ask for no more than is still wanted, so the last page carries no items that would be dropped.
            int? limit = PageSizes.LimitFor(pageSize(), maxItems - ItemCount);

            if (!linked)
            {
                // The caller's cancellation (Ctrl+C) reaches the prefetch too, which runs between the caller's calls.
                callerCancellation = cancellationToken.Register(() => stop.Cancel());
                linked = true;
            }

            PageCount++;
            return fetch(cursor, limit, stop.Token);
        }

        private List<T> Accept(Page<T> page)
        {
            List<T> items = page.Items;
            bool cut = false;
            if (maxItems.HasValue && ItemCount + items.Count > maxItems.Value)
            {
                items = items.GetRange(0, (int)(maxItems.Value - ItemCount));
                cut = true;
            }

            foreach (UnreadableItem item in page.Unreadable ?? new List<UnreadableItem>())
            {
                // One that came after the last item wanted is past -First, as the items after it are.
                if (!cut || item.Position < items.Count)
                {
                    (unreadable ??= new List<UnreadableItem>()).Add(item.At(ItemCount + item.Position));
                }
            }

            ItemCount += items.Count;
            if (page.Next is null)
            {
                ReachedEnd = true;
                finished = true;
                cursor = null;
            }
            else if (!cursorsSeen.Add(page.Next.Value))
            {
                // This page's items are new and are handed out; the next call reports the loop instead of following it.
                finished = true;
                loopDetected = new CfApiException(
                    CfFailureKind.PagingLoop, "GET", description, 0, null, null, null, null,
                    $"The server returned cursor {page.Next.Value} a second time (after {PageCount} pages), which would repeat pages forever.");
            }
            else
            {
                cursor = page.Next;
                finished = maxItems.HasValue && ItemCount >= maxItems.Value;
            }

            return items;
        }
    }
}
