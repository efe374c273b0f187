using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Changes what only the Magic tunnel of a CNI interconnect has (its health check, interface addresses, BGP filters
    /// and return routing) by read-modify-write: it reads the tunnel as it is now, applies only what the user changed,
    /// and sends only the fields that changed, each whole, so that a change others made meanwhile is kept. Fields the
    /// tunnel shares with its CNI (MTU, description, the BGP session's ASN, prefixes and key) are Set-CfCni's.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CfCniTunnel", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CniTunnel))]
    public sealed class SetCfCniTunnelCommand : CfApiCmdlet
    {
        private const string IdSet = "TunnelId";
        private const string Takes = "Magic tunnel ids, CloudflareCni.CniTunnel objects, or objects with a TunnelId property and the fields to change, such as CSV rows";

        /// <summary>The fields a user can change, each with how to read, write, compare and show it.</summary>
        private static readonly ChangeableFields<CniTunnel> Fields = new ChangeableFields<CniTunnel>(
            new ChangeableField<CniTunnel>(nameof(HealthCheckEnabled), t => t.HealthCheckEnabled, (t, v) => t.HealthCheckEnabled = (bool?)v),
            new ChangeableField<CniTunnel>(nameof(HealthCheckRate), t => t.HealthCheckRate, (t, v) => t.HealthCheckRate = v?.ToString()),
            new ChangeableField<CniTunnel>(nameof(HealthCheckType), t => t.HealthCheckType, (t, v) => t.HealthCheckType = v?.ToString()),
            // $null means what '' means, the calculated default, as $null and '' both remove a BGP filter: the API has no
            // way to remove the target, and a health check sent without one would leave the default to the server unsaid.
            new ChangeableField<CniTunnel>(nameof(HealthCheckTarget), t => t.HealthCheckTarget, (t, v) => t.HealthCheckTarget = (string?)v ?? string.Empty),
            new ChangeableField<CniTunnel>(nameof(InterfaceAddress), t => t.InterfaceAddress, (t, v) => t.InterfaceAddress = (string?)v),
            new ChangeableField<CniTunnel>(nameof(InterfaceAddress6), t => t.InterfaceAddress6, (t, v) => t.InterfaceAddress6 = (string?)v),
            new ChangeableField<CniTunnel>(nameof(BgpImportFilterId), t => t.BgpImportFilterId, (t, v) => t.BgpImportFilterId = (string?)v),
            new ChangeableField<CniTunnel>(nameof(BgpExportFilterId), t => t.BgpExportFilterId, (t, v) => t.BgpExportFilterId = (string?)v),
            new ChangeableField<CniTunnel>(nameof(AutomaticReturnRouting), t => t.AutomaticReturnRouting, (t, v) => t.AutomaticReturnRouting = (bool?)v));

        /// <summary>The fields the API has no way to remove: a change may set them, never clear them.</summary>
        private static readonly string[] Required =
        {
            nameof(HealthCheckEnabled), nameof(HealthCheckRate), nameof(HealthCheckType), nameof(InterfaceAddress), nameof(InterfaceAddress6), nameof(AutomaticReturnRouting),
        };

        /// <summary>The properties of a tunnel that Set-CfCniTunnel can change, as -Property takes them.</summary>
        internal static IEnumerable<string> SettableNames => Fields.Names;

        /// <summary>
        /// The tunnel to change (32 hexadecimal characters). Binds from the TunnelId of a piped tunnel or CSV row; named so
        /// that a piped CNI's Id never binds it.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateTunnelId]
        [ArgumentCompleter(typeof(TunnelIdCompleter))]
        public string? TunnelId { get; set; }

        /// <summary>
        /// Each piped object: a tunnel id, a tunnel of this module (compared with how it was read, to find the fields the
        /// user edited), or a property bag such as a CSV row (each field it binds is a change).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanInput]
        public bool? HealthCheckEnabled { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumInput(typeof(HealthCheckRate))]
        public HealthCheckRate? HealthCheckRate { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumInput(typeof(HealthCheckType))]
        public HealthCheckType? HealthCheckType { get; set; }

        /// <summary>The address a request health check pings; '' (or $null) for the calculated default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ValidateIpAddress]
        public string? HealthCheckTarget { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EmptyTextIsNull]
        [ValidateInterfaceAddress]
        public string? InterfaceAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EmptyTextIsNull]
        [ValidateInterfaceAddress6]
        public string? InterfaceAddress6 { get; set; }

        /// <summary>The BGP filter profile for the routes received from the customer; $null (or '') removes it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [ValidateText]
        public string? BgpImportFilterId { get; set; }

        /// <summary>The BGP filter profile for the routes advertised to the customer; $null (or '') removes it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [ValidateText]
        public string? BgpExportFilterId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanInput]
        public bool? AutomaticReturnRouting { get; set; }

        /// <summary>The properties of the piped object to apply (as Set-CfCni -Property).</summary>
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateNotNullOrEmpty]
        [ValidateCniTunnelProperty]
        [ArgumentCompleter(typeof(CniTunnelPropertyCompleter))]
        public string[]? Property { get; set; }

        /// <summary>Asks the server to validate the change without saving it (<c>?validate_only=true</c>).</summary>
        [Parameter]
        public SwitchParameter ValidateOnly { get; set; }

        /// <summary>Writes the tunnel as it is after the change (with -ValidateOnly, as it would be).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, Takes, typeof(CniTunnel)))
            {
                return;
            }

            IEnumerable<string> ids = ParameterSetName == PipelineInput.Set
                ? PipelineInput.Values(this, InputObject!, TunnelId is null ? null : new[] { TunnelId }, nameof(TunnelId), lowerCase: true, fault: ModuleRules.TunnelIdFault)
                : new[] { TunnelId! };
            foreach (string id in ids)
            {
                ForItem(id, () => Change(id));
            }
        }

        private void Change(string id)
        {
            var request = new ChangeRequest<CniTunnel>(this, Fields, InputObject, Property, tunnel => tunnel.AsRead, "Set-CfCniTunnel", "Magic tunnel", TunnelId ?? id);

            // A value the API cannot remove, before anything is read: only a parameter given as $null (or named by -Property) is one.
            foreach (FieldEdit<CniTunnel> edit in request.Edits.Where(e => Required.Contains(e.Name)))
            {
                if (MyInvocation.BoundParameters.TryGetValue(edit.Name, out object? value) && value is null)
                {
                    throw new CfValidationException(
                        edit.Name, CfErrors.ValueRequired, $"-{edit.Name} needs a value: the Magic API has no way to remove it from tunnel {id}. Nothing was sent for it.");
                }
            }

            request.RefuseNothing(
                false,
                "Set-CfCniTunnel needs at least one field to change, such as -HealthCheckRate or -InterfaceAddress.",
                "-HealthCheckRate high",
                "HealthCheckRate",
                nameof(TunnelId),
                SettableNames);

            var service = new TunnelService(Executor);
            CniTunnel? read = null;
            TunnelUpdateBody? body = null;
            CniTunnel? changed = new ReadModifyWrite<CniTunnel>(this, Fields, tunnel => tunnel.Copy(), tunnel => $"Magic tunnel {tunnel.TunnelId}", Describe).Change(
                () => read = Await(service.GetAsync(Account, id, Call)),
                request.Edits,
                request.Piped,
                request.AsRead,
                (updated, applied) => body = Checked(read!, updated, applied),
                updated => Await(service.UpdateAsync(Account, id, body!, ValidateOnly.IsPresent, Call)));
            if (changed != null && ValidateOnly.IsPresent && !ReferenceEquals(changed, read))
            {
                WriteVerbose(DiagnosticText.Escape($"Magic tunnel {id}: the server validated the change; nothing was saved."));
            }

            if (changed != null && PassThru.IsPresent)
            {
                WriteResult(changed);
            }
        }

        private string Describe(CniTunnel tunnel) =>
            $"Magic tunnel {tunnel.TunnelId} ({DiagnosticText.Quote(tunnel.Name)})" + (ValidateOnly.IsPresent ? ", validation only: nothing is saved" : string.Empty);

        /// <summary>The tunnel's rules across fields, and the body that makes the change: only the fields that changed, each whole.</summary>
        private static TunnelUpdateBody Checked(CniTunnel read, CniTunnel updated, IReadOnlyList<FieldEdit<CniTunnel>> edits)
        {
            bool filters = edits.Any(e => (e.Name == nameof(BgpImportFilterId) && updated.BgpImportFilterId != null) || (e.Name == nameof(BgpExportFilterId) && updated.BgpExportFilterId != null));
            if (filters && !read.HasBgp)
            {
                throw new CfValidationException(
                    updated.BgpImportFilterId != null ? nameof(BgpImportFilterId) : nameof(BgpExportFilterId),
                    CfErrors.BgpNeedsCustomerAsn,
                    $"Magic tunnel {read.TunnelId} has no BGP session, so a BGP filter has nothing to apply to: Set-CfCni -CustomerAsn on its CNI creates the session. Nothing was sent for it.");
            }

            TunnelUpdateBody body = TunnelUpdateBody.Changes(TunnelJson.From(read), TunnelJson.From(updated), out IReadOnlyList<string> refused);
            if (refused.Count > 0)
            {
                throw new CfValidationException(
                    "Property",
                    CfErrors.UnknownProperty,
                    $"The change to Magic tunnel {read.TunnelId} touches {DiagnosticText.Escape(string.Join(", ", refused))}, which a change cannot send: the Magic API's update request takes " +
                    $"{string.Join(", ", TunnelUpdateBody.Fields.Concat(TunnelUpdateBody.Unchanged).OrderBy(f => f, StringComparer.Ordinal))}, and the BGP session goes without its deprecated fields " +
                    "(as_no only where it has no customer_asn). Nothing was sent for it.");
            }

            return body;
        }
    }
}
