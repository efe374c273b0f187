using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// The paging of a cmdlet that lists (<see cref="ListingParameters"/> and SupportsPaging): the "List" set streams the
    /// whole listing, the "SinglePage" set returns one page, and the cmdlet's own set gets items by id or name, which
    /// count against -First and -Skip where the cmdlet says so (names there may be wildcard patterns).
    /// </summary>
    internal sealed class Listing<T>
        where T : class
    {
        private readonly CfCmdlet cmdlet;
        private readonly ListingParameters parameters;
        private readonly Func<CfPaging, CfPager<T>> openPager;
        private ulong skipLeft;
        private ulong firstLeft = ulong.MaxValue;
        private bool setChecked;

        /// <param name="openPager">A pager over the listing, with the cmdlet's server-side filters.</param>
        public Listing(CfCmdlet cmdlet, ListingParameters parameters, Func<CfPaging, CfPager<T>> openPager)
        {
            this.cmdlet = cmdlet;
            this.parameters = parameters;
            this.openPager = openPager;
        }

        /// <summary>False once -First items have been written: stop asking for more.</summary>
        public bool Wanted => firstLeft > 0;

        private int? RequestedPageSize => cmdlet.IsBound(nameof(ListingParameters.PageSize)) ? parameters.PageSize : (int?)null;

        /// <summary>Takes -First and -Skip, which count the items written in every parameter set (SupportsPaging offers them in all).</summary>
        public void Begin()
        {
            if (cmdlet.PagingParameters != null)
            {
                skipLeft = cmdlet.PagingParameters.Skip;
                firstLeft = cmdlet.PagingParameters.First;
            }
        }

        /// <summary>
        /// -IncludeTotalCount needs the end of a listing, so it is refused with -SinglePage and with ids or names (rather
        /// than ignored). Checked with the first input: before it, the set of piped input is not known yet.
        /// </summary>
        private void RefuseTotalCountOutsideTheListing()
        {
            string set = cmdlet.ParameterSetName;
            if (set != ListingParameters.ListSet && cmdlet.IsBound(nameof(PagingParameters.IncludeTotalCount)))
            {
                cmdlet.Terminate(CfErrors.Invalid(
                    new CfValidationException(
                        nameof(PagingParameters.IncludeTotalCount),
                        CfErrors.PagingNotApplicable,
                        $"-IncludeTotalCount does not apply to {cmdlet.MyInvocation.MyCommand.Name} with {(set == ListingParameters.PageSet ? "-SinglePage (the page's Count and HasMore say what it holds)" : "ids or names")}: it would be ignored."),
                    null));
            }
        }

        /// <summary>One input's work: the whole listing (or <paramref name="listAll"/>), one page, or the cmdlet's own get.</summary>
        public void Process(Action getEach, Action? listAll = null)
        {
            if (!setChecked)
            {
                setChecked = true;
                RefuseTotalCountOutsideTheListing();
            }

            switch (cmdlet.ParameterSetName)
            {
                case ListingParameters.PageSet:
                    WriteSinglePage();
                    break;
                case ListingParameters.ListSet:
                    (listAll ?? (() => WriteAll()))();
                    break;
                default:
                    getEach();
                    break;
            }
        }

        /// <summary>Writes an item of the get set, counting -Skip and -First across the whole invocation.</summary>
        public void WriteCounted(object item)
        {
            if (skipLeft > 0)
            {
                skipLeft--;
            }
            else if (firstLeft > 0)
            {
                firstLeft--;
                cmdlet.WriteResult(item);
            }
        }

        /// <summary>
        /// Streams the listing: each page's objects are written as soon as it arrives, and paging stops at -First. With a
        /// filter (client-side, where the API has none), -First and -Skip count the matching items. A failed page is
        /// terminating, since the listing would otherwise look complete; an item that cannot be read is a non-terminating
        /// CfApi.InvalidItem error in its place, and the listing goes on (-First and -Skip count the items written).
        /// </summary>
        public void WriteAll(Func<T, bool>? filter = null)
        {
            PagingParameters paging = cmdlet.PagingParameters;
            // PowerShell reports an absent -First as UInt64.MaxValue. The server can stop early only without a filter.
            long? maxItems = filter != null || paging.First == ulong.MaxValue
                ? (long?)null
                : (long)Math.Min(long.MaxValue, paging.First > ulong.MaxValue - paging.Skip ? ulong.MaxValue : paging.First + paging.Skip);
            using CfPager<T> pager = openPager(new CfPaging(RequestedPageSize, maxItems));
            // The next page is fetched while this one is written: the network and JSON work overlap PowerShell's.
            pager.Prefetch = true;
            long matched = 0;
            var unreadable = new UnreadableItems(cmdlet, pager);
            // A failed page ends the command (CfCmdlet.Run): the listing cannot go on without it.
            IReadOnlyList<T>? page;
            while (Wanted && (page = cmdlet.Await(pager.NextPageAsync(cmdlet.Cancellation))) != null)
            {
                long position = pager.ItemCount - page.Count;
                foreach (T item in page)
                {
                    unreadable.WriteUpTo(position++);
                    if (filter is null || filter(item))
                    {
                        matched++;
                        WriteCounted(item);
                    }
                }

                unreadable.WriteUpTo(position);
            }

            if (paging.IncludeTotalCount)
            {
                // Exact only when the listing reached its end.
                cmdlet.WriteObject(paging.NewTotalCount((ulong)(filter is null ? pager.ItemCount : matched), pager.ReachedEnd ? 1.0 : 0.0));
            }
        }

        /// <summary>
        /// One page for scripts that page on their own: its items and the cursor of the next page. -Skip and -First count
        /// items from -Cursor on. Skipped items are read as pages of their own (no larger than what is left to skip), and
        /// -First is the page's size, so that NextCursor always follows the last item written and paging on from it
        /// misses nothing.
        /// </summary>
        private void WriteSinglePage()
        {
            if (firstLeft == 0)
            {
                // -First 0: nothing wanted, and nothing read.
                return;
            }

            long? cursor = cmdlet.IsBound(nameof(ListingParameters.Cursor)) ? parameters.Cursor : (long?)null;
            try
            {
                var items = new List<object>();
                var cursorsSeen = new HashSet<long>();
                bool more = true;
                bool skipping;
                do
                {
                    skipping = skipLeft > 0;
                    ulong wanted = skipping ? skipLeft : firstLeft;
                    int? limit = PageSizes.LimitFor(RequestedPageSize, wanted == ulong.MaxValue ? (long?)null : (long)Math.Min(wanted, long.MaxValue));
                    using CfPager<T> pager = openPager(new CfPaging(limit, null, cursor));
                    IReadOnlyList<T> page = cmdlet.Await(pager.NextPageAsync(cmdlet.Cancellation)) ?? new T[0];
                    new UnreadableItems(cmdlet, pager).WriteUpTo(long.MaxValue);
                    foreach (T item in page)
                    {
                        if (skipLeft > 0)
                        {
                            skipLeft--;
                        }
                        else
                        {
                            items.Add(item);
                        }
                    }

                    cursor = pager.NextCursor;
                    more = cursor.HasValue;
                    if (more && !cursorsSeen.Add(cursor!.Value))
                    {
                        throw new CfApiException(
                            CfFailureKind.PagingLoop, "GET", "the listing", 0, null, null, null, null,
                            $"The server returned cursor {cursor} a second time while skipping items, which would repeat pages forever.");
                    }
                }
                while (more && skipping && items.Count == 0);

                if ((ulong)items.Count > firstLeft)
                {
                    // The server sent more than the page size asked for. They are all written: cutting them would leave
                    // them out of every page, since NextCursor follows them.
                    cmdlet.WriteNotice($"The server returned {items.Count} items for a page of at most {firstLeft}; all are written, so that NextCursor misses none.");
                }

                cmdlet.WriteResult(new CfPage(items.ToArray(), more ? cursor : null));
            }
            catch (CfApiException ex)
            {
                cmdlet.Terminate(CfErrors.FromApi(ex, cursor));
            }
        }
    }

    /// <summary>
    /// Writes the items of a listing that could not be read as non-terminating CfApi.InvalidItem errors, each in its place
    /// among the objects written (<see cref="CfPager{T}.Unreadable"/>), once.
    /// </summary>
    internal sealed class UnreadableItems
    {
        private readonly CfCmdlet cmdlet;
        private readonly IUnreadableSource source;
        private int written;

        public UnreadableItems(CfCmdlet cmdlet, IUnreadableSource source)
        {
            this.cmdlet = cmdlet;
            this.source = source;
        }

        /// <summary>Writes those not written yet that came before the readable item at <paramref name="position"/> of the listing.</summary>
        public void WriteUpTo(long position)
        {
            IReadOnlyList<UnreadableItem> all = source.Unreadable;
            while (written < all.Count && all[written].Position <= position)
            {
                UnreadableItem item = all[written++];
                cmdlet.WriteFailure(CfErrors.FromApi(item.Failure, item.Json));
            }
        }
    }
}
