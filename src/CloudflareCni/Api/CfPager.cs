using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>Fetches one page of a listing: the cursor to start at (null for the first page) and the page size to ask for.</summary>
    internal delegate Task<ListResponse<T>> CfPageFetcher<T>(long? cursor, int? limit, CancellationToken cancellationToken);

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
    /// </summary>
    internal sealed class CfPager<T>
    {
        private readonly CfPageFetcher<T> fetch;
        private readonly int? pageSize;
        private readonly long? maxItems;
        private readonly string description;
        private readonly HashSet<long> cursorsSeen = new HashSet<long>();
        private long? cursor;
        private bool finished;
        private CfApiException? loopDetected;

        public CfPager(CfPageFetcher<T> fetch, CfPaging paging, string path)
        {
            this.fetch = fetch;
            pageSize = paging.PageSize;
            maxItems = paging.MaxItems;
            description = path;
            cursor = paging.StartCursor;
            if (cursor.HasValue)
            {
                cursorsSeen.Add(cursor.Value);
            }

            finished = maxItems == 0;
        }

        /// <summary>Items handed out so far.</summary>
        public long ItemCount { get; private set; }

        /// <summary>Pages requested so far.</summary>
        public int PageCount { get; private set; }

        /// <summary>True once the server said there is no next page (as opposed to stopping at the maximum count).</summary>
        public bool ReachedEnd { get; private set; }

        /// <summary>The cursor of the next page, or null when there is none or paging stopped.</summary>
        public long? NextCursor => finished ? (ReachedEnd ? null : cursor) : cursor;

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

            int? limit = pageSize;
            if (maxItems.HasValue)
            {
                long remaining = maxItems.Value - ItemCount;
                // Ask for no more than is still wanted, so the last page carries no items that would be dropped.
                if (!limit.HasValue || remaining < limit.Value)
                {
                    limit = (int)Math.Min(remaining, int.MaxValue);
                }
            }

            ListResponse<T> page = await fetch(cursor, limit, cancellationToken).ConfigureAwait(false);
            PageCount++;
            List<T> items = page.Items;
            if (maxItems.HasValue && ItemCount + items.Count > maxItems.Value)
            {
                items = items.GetRange(0, (int)(maxItems.Value - ItemCount));
            }

            ItemCount += items.Count;
            if (page.Next is null)
            {
                ReachedEnd = true;
                finished = true;
                cursor = null;
            }
            else
            {
                if (!cursorsSeen.Add(page.Next.Value))
                {
                    // This page's items are new and are handed out; the next call reports the loop instead of following it.
                    finished = true;
                    loopDetected = new CfApiException(
                        CfFailureKind.PagingLoop, "GET", description, 0, null, null, null, null,
                        $"The server returned cursor {page.Next.Value} a second time (after {PageCount} pages), which would repeat pages forever.");
                    return items;
                }

                cursor = page.Next;
                if (maxItems.HasValue && ItemCount >= maxItems.Value)
                {
                    finished = true;
                }
            }

            return items;
        }
    }
}
