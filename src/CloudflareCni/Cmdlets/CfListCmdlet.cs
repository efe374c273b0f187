using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the Get cmdlets that list: the "List" set pages through everything (with -First, -Skip and
    /// -IncludeTotalCount), the "SinglePage" set returns one page for scripts that page on their own, and a
    /// cmdlet-specific set gets items by id or name.
    /// </summary>
    public abstract class CfListCmdlet<T> : CfApiCmdlet
        where T : class
    {
        private protected const string ListSet = "List";
        private protected const string PageSet = "SinglePage";

        private ulong skipLeft;
        private ulong firstLeft = ulong.MaxValue;

        /// <summary>How many items to ask for per request. Default: the server's page size.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; }

        /// <summary>Returns one page as a CloudflareCni.CfPage (Items, NextCursor) instead of every item.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PageSet)]
        public SwitchParameter SinglePage { get; set; }

        /// <summary>Where the page starts: a NextCursor from an earlier page. Default: the first page.</summary>
        [Parameter(ParameterSetName = PageSet)]
        [ValidateRange(0L, long.MaxValue)]
        public long Cursor { get; set; }

        /// <summary>True when -First and -Skip apply to the get-by-name set too (names there may be wildcard patterns).</summary>
        private protected virtual bool PagesGetSet => false;

        private int? RequestedPageSize => IsBound(nameof(PageSize)) ? PageSize : (int?)null;

        private protected override void Begin()
        {
            // Paging switches that do not apply to the chosen set are an error, not silently ignored.
            string[] refused = ParameterSetName == ListSet
                ? new string[0]
                : ParameterSetName == PageSet || !PagesGetSet
                    ? new[] { "First", "Skip", "IncludeTotalCount" }
                    : new[] { "IncludeTotalCount" };
            foreach (string paging in refused)
            {
                if (IsBound(paging))
                {
                    Terminate(CfErrors.Invalid(
                        new CfValidationException(
                            paging,
                            CfErrors.PagingNotApplicable,
                            $"-{paging} does not apply to {MyInvocation.MyCommand.Name} with {(ParameterSetName == PageSet ? "-SinglePage (use -PageSize and -Cursor)" : "ids or names")}: it would be ignored."),
                        null));
                }
            }

            if (PagingParameters != null)
            {
                skipLeft = PagingParameters.Skip;
                firstLeft = PagingParameters.First;
            }
        }

        private protected override void Process()
        {
            switch (ParameterSetName)
            {
                case PageSet:
                    WriteSinglePage();
                    break;
                case ListSet:
                    ListAll();
                    break;
                default:
                    GetEach();
                    break;
            }
        }

        /// <summary>A pager over the listing, with the cmdlet's server-side filters.</summary>
        private protected abstract CfPager<T> OpenPager(CfPaging paging);

        /// <summary>The "List" set: by default the whole listing; a cmdlet may filter it, or defer it to the end of its input.</summary>
        private protected virtual void ListAll() => WriteListing();

        /// <summary>Writes the items named by the cmdlet's id or name parameter.</summary>
        private protected abstract void GetEach();

        /// <summary>False once -First items have been written: stop asking for more.</summary>
        private protected bool Wanted => firstLeft > 0;

        /// <summary>Writes an item of the get set, counting -Skip and -First across the whole invocation.</summary>
        private protected void WriteCounted(object item)
        {
            if (skipLeft > 0)
            {
                skipLeft--;
            }
            else if (firstLeft > 0)
            {
                firstLeft--;
                WriteResult(item);
            }
        }

        /// <summary>
        /// Streams the listing: each page's objects are written as soon as it arrives, and paging stops at -First. With a
        /// filter (client-side, where the API has none), -First and -Skip count the matching items. A failure part-way
        /// is terminating, since the listing would otherwise look complete.
        /// </summary>
        private protected void WriteListing(Func<T, bool>? filter = null)
        {
            PagingParameters paging = PagingParameters;
            // PowerShell reports an absent -First as UInt64.MaxValue. The server can stop early only without a filter.
            long? maxItems = filter != null || paging.First == ulong.MaxValue
                ? (long?)null
                : (long)Math.Min(long.MaxValue, paging.First > ulong.MaxValue - paging.Skip ? ulong.MaxValue : paging.First + paging.Skip);
            using CfPager<T> pager = OpenPager(new CfPaging(RequestedPageSize, maxItems));
            // The next page is fetched while this one is written: the network and JSON work overlap PowerShell's.
            pager.Prefetch = true;
            long matched = 0;
            // A failed page ends the command (CfCmdlet.Run): the listing cannot go on without it.
            IReadOnlyList<T>? page;
            while (Wanted && (page = Await(pager.NextPageAsync(Cancellation))) != null)
            {
                foreach (T item in page)
                {
                    if (filter is null || filter(item))
                    {
                        matched++;
                        WriteCounted(item);
                    }
                }
            }

            if (paging.IncludeTotalCount)
            {
                // Exact only when the listing reached its end.
                WriteObject(paging.NewTotalCount((ulong)(filter is null ? pager.ItemCount : matched), pager.ReachedEnd ? 1.0 : 0.0));
            }
        }

        /// <summary>One page for scripts that page on their own: its items and the cursor of the next page.</summary>
        private void WriteSinglePage()
        {
            long? cursor = IsBound(nameof(Cursor)) ? Cursor : (long?)null;
            using CfPager<T> pager = OpenPager(new CfPaging(RequestedPageSize, null, cursor));
            try
            {
                IReadOnlyList<T> page = Await(pager.NextPageAsync(Cancellation)) ?? new T[0];
                var items = new object[page.Count];
                for (int i = 0; i < page.Count; i++)
                {
                    items[i] = page[i];
                }

                WriteResult(new CfPage(items, pager.NextCursor));
            }
            catch (CfApiException ex)
            {
                Terminate(CfErrors.FromApi(ex, cursor));
            }
        }
    }
}
