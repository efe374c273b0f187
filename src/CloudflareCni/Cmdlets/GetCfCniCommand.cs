using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the account's CNIs, or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CfCni", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Cni), ParameterSetName = new[] { ListSet, IdSet })]
    [OutputType(typeof(CfPage), ParameterSetName = new[] { PageSet })]
    public sealed class GetCfCniCommand : CfListCmdlet<Cni>
    {
        private const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Only CNIs on interconnects that use this slot.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateUuid]
        public string? Slot { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = PageSet)]
        [ValidateNotNullOrEmpty]
        public string? TunnelId { get; set; }

        private protected override CfPager<Cni> OpenPager(CfPaging paging) =>
            Connection.Cnis.List(Account, new CniListParams { Slot = Slot, TunnelId = TunnelId }, paging, Call);

        private protected override void GetEach()
        {
            foreach (string id in Id)
            {
                ForItem(id, () => WriteResult(Await(Connection.Cnis.Resource.GetAsync(Account, id, Call))));
            }
        }
    }
}
