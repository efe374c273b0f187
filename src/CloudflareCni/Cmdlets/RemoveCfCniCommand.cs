using CloudflareCni.Api;
using System.Collections.Generic;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes CNIs; each is confirmed by its conduit name and interconnect as well as its id.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfCni", DefaultParameterSetName = CniIdParameters.IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfCniCommand : CfApiCmdlet, IDynamicParameters
    {
        private readonly List<(string Id, string? AccountId, string? Description)> pending = new List<(string, string?, string?)>();

        private readonly CniIdParameters cnis = new CniIdParameters();

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        /// <summary>-Id and -InputObject (<see cref="CniIdParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(cnis);

        // Deletes wait for the end of the input: in `Get-CfCni | Remove-CfCni` a delete made while the listing still
        // pages would shift the server's offsets, and the next page would skip CNIs that were never seen.
        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, cnis.InputObject, "CNI ids, CloudflareCni.Cni objects, or objects with an Id property such as CSV rows", typeof(Cni)))
            {
                return;
            }

            // A piped CNI already says what it is; an id alone is looked up when the prompt needs to name it.
            string? conduit = cnis.InputObject?.Properties["ConduitName"]?.Value as string;
            string? interconnect = cnis.InputObject?.Properties["Interconnect"]?.Value as string;
            foreach (string id in cnis.Ids(this))
            {
                pending.Add((id, AccountId, conduit is null || interconnect is null ? null : Describe(id, conduit, interconnect)));
            }
        }

        private protected override void End()
        {
            foreach ((string Id, string? AccountId, string? Description) item in pending)
            {
                ForItem(item.Id, () =>
                {
                    string ItemAccount() => item.AccountId ?? Account;
                    // Named by conduit and interconnect where a prompt, -WhatIf or -Verbose shows it (a read, for an id
                    // alone); -WhatIf without a connection shows the id.
                    string target = item.Description ?? (TargetWillShow(ConfirmImpact.High) && HasConnection
                        ? DescribeCurrent(ItemAccount(), item.Id)
                        : $"CNI {item.Id}");
                    if (ShouldChange(target, "Delete"))
                    {
                        Await(new CniService(Executor).DeleteAsync(ItemAccount(), item.Id, Call));
                    }
                });
            }
        }

        private string DescribeCurrent(string account, string id)
        {
            Cni cni = Await(new CniService(Executor).GetAsync(account, id, Call));
            return Describe(id, cni.ConduitName, cni.Interconnect);
        }

        private static string Describe(string id, string conduit, string interconnect) =>
            $"CNI {id} ({Api.DiagnosticText.Quote(conduit)} on interconnect {Api.DiagnosticText.Escape(interconnect)})";
    }
}
