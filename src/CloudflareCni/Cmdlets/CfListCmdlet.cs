using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the Get cmdlets that list: the "List" set pages through everything (with -First, -Skip and
    /// -IncludeTotalCount), the "SinglePage" set returns one page for scripts that page on their own, and a
    /// cmdlet-specific set gets items by id or name.
    /// </summary>
    public abstract class CfListCmdlet : CfApiCmdlet
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

        private protected override void ProcessCore()
        {
            int? pageSize = IsBound(nameof(PageSize)) ? PageSize : (int?)null;
            switch (ParameterSetName)
            {
                case PageSet:
                    ListOnePage(pageSize, IsBound(nameof(Cursor)) ? Cursor : (long?)null);
                    break;
                case ListSet:
                    ListAll(pageSize, PagingOf(PagingParameters));
                    break;
                default:
                    GetEach();
                    break;
            }
        }

        /// <summary>Writes every item, page by page.</summary>
        private protected abstract void ListAll(int? pageSize, CfPaging paging);

        /// <summary>Writes one CfPage.</summary>
        private protected abstract void ListOnePage(int? pageSize, long? cursor);

        /// <summary>Writes the items named by the cmdlet's id or name parameter.</summary>
        private protected abstract void GetEach();

        private static CfPaging PagingOf(PagingParameters? paging)
        {
            if (paging is null)
            {
                return CfPaging.All;
            }

            // PowerShell reports an absent -First as UInt64.MaxValue.
            ulong? first = paging.First == ulong.MaxValue ? (ulong?)null : paging.First;
            return new CfPaging(paging.Skip, first, paging.IncludeTotalCount.IsPresent);
        }
    }
}
