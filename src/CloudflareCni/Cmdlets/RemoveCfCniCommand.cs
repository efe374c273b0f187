using CloudflareCni.Api;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Deletes CNIs; each is confirmed by its conduit name and interconnect as well as its id.</summary>
    [Cmdlet(VerbsCommon.Remove, "CfCni", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCfCniCommand : CfApiCmdlet
    {
        private readonly List<(string Id, string? AccountId, string? Description)> pending = new List<(string, string?, string?)>();

        private const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(CniIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>
        /// Each piped object: a CNI id, or an object whose Id binds -Id (a CNI, a CSV row). Objects of the module's other
        /// types, such as slots, are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        // Deletes wait for the end of the input: in `Get-CfCni | Remove-CfCni` a delete made while the listing still
        // pages would shift the server's offsets, and the next page would skip CNIs that were never seen.
        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, "CNI ids, CloudflareCni.Cni objects, or objects with an Id property such as CSV rows", typeof(Cni)))
            {
                return;
            }

            // A piped CNI already says what it is; an id alone is looked up when the prompt needs to name it.
            string? conduit = InputObject?.Properties["ConduitName"]?.Value as string;
            string? interconnect = InputObject?.Properties["Interconnect"]?.Value as string;
            System.Collections.Generic.IEnumerable<string> ids = PipelineInput.GivenIds(this, InputObject, Id);
            foreach (string id in ids)
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
