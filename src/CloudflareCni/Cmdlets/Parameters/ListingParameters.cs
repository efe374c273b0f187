using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// -PageSize, -SinglePage and -Cursor of the cmdlets that list (Get-CfInterconnect, Get-CfCni, Get-CfCniSlot), whose
    /// paging <see cref="Listing{T}"/> does: the "List" set pages through everything (with SupportsPaging's -IncludeTotalCount),
    /// the "SinglePage" set returns one page for scripts that page on their own; -First and -Skip count items in both.
    /// </summary>
    internal sealed class ListingParameters
    {
        public const string ListSet = "List";
        public const string PageSet = "SinglePage";

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
    }
}
