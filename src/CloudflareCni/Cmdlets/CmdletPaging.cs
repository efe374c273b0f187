using System.Management.Automation;
using CloudflareCni.Commands;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Reads the paging parameters the list cmdlets share.</summary>
    internal static class CmdletPaging
    {
        public static CfPaging From(PagingParameters? paging)
        {
            if (paging is null)
            {
                return CfPaging.All;
            }

            // PowerShell reports an absent -First as UInt64.MaxValue.
            ulong? first = paging.First == ulong.MaxValue ? (ulong?)null : paging.First;
            return new CfPaging(paging.Skip, first, paging.IncludeTotalCount.IsPresent);
        }

        public static int? PageSizeOf(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("PageSize", out object? value) ? (int?)value : null;

        public static long? CursorOf(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("Cursor", out object? value) ? (long?)value : null;
    }
}
