using CloudflareCni.Api;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Commands
{
    /// <summary>What the slot cmdlet decides and sends.</summary>
    internal static class SlotCommands
    {
        public static void List(ICmdletHost host, CfCommandScope scope, SlotListParams query, int? pageSize, CfPaging paging)
        {
            CfPager<CniSlot> pager = scope.Connection.Slots.ListAutoPaging(scope.AccountId, query, pageSize, paging.MaxItems, host);
            CommandSupport.WriteListing(host, pager, paging, null);
        }

        public static void ListSinglePage(ICmdletHost host, CfCommandScope scope, SlotListParams query, int? pageSize, long? cursor)
        {
            CfPager<CniSlot> pager = scope.Connection.Slots.ListAutoPaging(scope.AccountId, query, pageSize, null, host, cursor);
            CommandSupport.WriteSinglePage(host, pager, cursor);
        }

        public static void Get(ICmdletHost host, CfCommandScope scope, string id) =>
            CommandSupport.ForItem(host, id, () =>
            {
                CfValidators.Require("Id", "InvalidUuid", CfValidators.Uuid(id));
                host.WriteObject(host.Await(scope.Connection.Slots.GetAsync(scope.AccountId, id, host, host.Stopping)));
            });
    }
}
