using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Internal;

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

        private int? RequestedPageSize => IsBound(nameof(PageSize)) ? PageSize : (int?)null;

        private protected override void Process()
        {
            switch (ParameterSetName)
            {
                case PageSet:
                    WriteSinglePage();
                    break;
                case ListSet:
                    WriteListing();
                    break;
                default:
                    GetEach();
                    break;
            }
        }

        /// <summary>A pager over the listing, with the cmdlet's filters.</summary>
        private protected abstract CfPager<T> OpenPager(CfPaging paging);

        /// <summary>Writes the items named by the cmdlet's id or name parameter.</summary>
        private protected abstract void GetEach();

        /// <summary>
        /// Streams the listing: each page's objects are written as soon as it arrives, and paging stops at -First. A
        /// failure part-way is terminating, since the listing would otherwise look complete.
        /// </summary>
        private void WriteListing()
        {
            PagingParameters paging = PagingParameters;
            // PowerShell reports an absent -First as UInt64.MaxValue.
            long? maxItems = paging.First == ulong.MaxValue
                ? (long?)null
                : (long)System.Math.Min(long.MaxValue, paging.First > ulong.MaxValue - paging.Skip ? ulong.MaxValue : paging.First + paging.Skip);
            CfPager<T> pager = OpenPager(new CfPaging(RequestedPageSize, maxItems));
            ulong toSkip = paging.Skip;
            try
            {
                IReadOnlyList<T>? page;
                while ((page = Await(pager.NextPageAsync(Cancellation))) != null)
                {
                    foreach (T item in page)
                    {
                        if (toSkip > 0)
                        {
                            toSkip--;
                            continue;
                        }

                        WriteResult(item);
                    }
                }
            }
            catch (CfApiException ex)
            {
                Terminate(CfErrors.FromApi(ex, null));
            }

            if (paging.IncludeTotalCount)
            {
                // Exact only when the server said there is no further page.
                WriteObject(paging.NewTotalCount((ulong)pager.ItemCount, pager.ReachedEnd ? 1.0 : 0.0));
            }
        }

        /// <summary>One page for scripts that page on their own: its items and the cursor of the next page.</summary>
        private void WriteSinglePage()
        {
            long? cursor = IsBound(nameof(Cursor)) ? Cursor : (long?)null;
            CfPager<T> pager = OpenPager(new CfPaging(RequestedPageSize, null, cursor));
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
