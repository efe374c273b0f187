using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Changes a CNI by read-modify-write: it reads the CNI as it is now, applies only what the user changed, and writes
    /// the result, so that fields the module does not model and changes others made meanwhile are kept.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CfCni", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class SetCfCniCommand : CfApiCmdlet
    {
        private const string Takes = "CNI ids, CloudflareCni.Cni objects, or objects with an Id property and the fields to change, such as CSV rows";

        /// <summary>The fields a user can change, each with how to read, write, compare and show it.</summary>
        private static readonly ChangeableFields<Cni> Fields = new ChangeableFields<Cni>(
            new ChangeableField<Cni>(nameof(ConduitName), c => c.ConduitName, (c, v) => c.ConduitName = (string)v!),
            new ChangeableField<Cni>(nameof(Description), c => c.Description, (c, v) => c.Description = (string?)v ?? string.Empty),
            new ChangeableField<Cni>(nameof(Mtu), c => c.Mtu, (c, v) => c.Mtu = Convert.ToInt32(v, CultureInfo.InvariantCulture)),
            new ChangeableField<Cni>(nameof(CustomerIp), c => c.CustomerIp, (c, v) => c.CustomerIp = (string)v!),
            new ChangeableField<Cni>(nameof(CloudflareIp), c => c.CloudflareIp, (c, v) => c.CloudflareIp = (string)v!),
            new ChangeableField<Cni>(nameof(CustomerAsn), c => c.CustomerAsn, (c, v) => c.CustomerAsn = v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            new ChangeableField<Cni>(nameof(ExtraPrefix), c => c.ExtraPrefix, (c, v) => c.ExtraPrefix = v is null ? null : new CfList<string>(((IEnumerable)v).Cast<object>().Select(o => o.ToString()!))),
            new ChangeableField<Cni>(nameof(Md5Key), c => c.Md5Key, (c, v) => c.Md5Key = (string?)v, secret: true),
            new ChangeableField<Cni>(nameof(BgpMode), c => c.BgpMode, (c, v) => c.BgpMode = (string?)v));

        private const string IdSet = "Id";

        /// <summary>The BGP modes the module does not know that this invocation has already warned of.</summary>
        private readonly HashSet<string> unknownModesNoticed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The properties of a CNI that Set-CfCni can change, as -Property takes them.</summary>
        internal static IEnumerable<string> SettableNames => Fields.Names;

        /// <summary>The CNI to change. Binds from the Id of a piped CNI or CSV row.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(CniIdCompleter))]
        public string? Id { get; set; }

        /// <summary>
        /// Each piped object: a CNI id, a CNI of this module (compared with how it was read, to find the fields the user
        /// edited), or a property bag such as a CSV row (each field it binds is a change).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string? ConduitName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength, AllowEmpty = true)]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [NumberInput(typeof(int))]
        [ValidateRange(ModuleRules.MinMtu, ModuleRules.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer end of the link (A.B.C.D/N); must lie in the prefix of the Cloudflare end.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateCidr]
        public string? CustomerIp { get; set; }

        /// <summary>The Cloudflare end of the link (A.B.C.D/N), which the API calls p2p_ip.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateCidr]
        public string? CloudflareIp { get; set; }

        /// <summary>The customer's ASN; on a CNI without BGP it adds a session.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [NumberInput(typeof(long))]
        [ValidateBgpPeerAsn]
        public long? CustomerAsn { get; set; }

        /// <summary>Replaces the advertised prefixes: an array, or text with the prefixes joined by ';' (as in a CSV cell).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [ListInput]
        [ValidatePrefix]
        public string[]? ExtraPrefix { get; set; }

        /// <summary>The BGP session's new MD5 key; $null (or '') clears it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        /// <summary>
        /// How the BGP session exchanges routes: dynamic_route_exchange (full BGP) or advertise_only (static advertisement,
        /// no routes from the conduit), in any letter case, or a mode Cloudflare adds later (with a warning). Only an update
        /// sets it (a create cannot); $null sends the CNI without it.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [BgpMode]
        [ArgumentCompleter(typeof(BgpModeCompleter))]
        public string? BgpMode { get; set; }

        /// <summary>
        /// The properties of the piped object to apply: only these change (besides the parameters given), whatever else the
        /// object shows. Needed for a CNI that came through serialization (Import-Clixml, Start-Job), which no longer
        /// tells what was edited; with any other piped object it limits the change to the properties named.
        /// </summary>
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateNotNullOrEmpty]
        [ValidateCniProperty]
        [ArgumentCompleter(typeof(CniPropertyCompleter))]
        public string[]? Property { get; set; }

        /// <summary>Removes the CNI's BGP session.</summary>
        [Parameter]
        public SwitchParameter RemoveBgp { get; set; }

        /// <summary>Writes the CNI as it is after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, Takes, typeof(Cni)))
            {
                return;
            }

            IEnumerable<string> ids = PipelineInput.GivenIds(this, InputObject, Id is null ? null : new[] { Id });
            foreach (string id in ids)
            {
                ForItem(id, () => Change(id));
            }
        }

        private void Change(string id)
        {
            var request = new ChangeRequest<Cni>(this, Fields, InputObject, Property, cni => cni.AsRead, "Set-CfCni", "CNI", Id ?? id);
            request.RefuseNothing(
                RemoveBgp.IsPresent,
                "Set-CfCni needs at least one field to change, such as -Mtu or -Description, or -RemoveBgp.",
                "-Description '...'",
                "Description",
                nameof(Id),
                SettableNames);

            var service = new CniService(Executor);
            Cni? changed = new ReadModifyWrite<Cni>(this, Fields, cni => cni.Copy(), cni => $"CNI {cni.Id}", Describe).Change(
                () => Await(service.GetAsync(Account, id, Call)),
                request.Edits,
                request.Piped,
                request.AsRead,
                Finish,
                updated => Await(service.UpdateAsync(Account, updated, Call)));
            if (changed != null && PassThru.IsPresent)
            {
                WriteResult(changed);
            }
        }

        private static string Describe(Cni cni) => $"CNI {cni.Id} ({Api.DiagnosticText.Quote(cni.ConduitName)} on interconnect {Api.DiagnosticText.Escape(cni.Interconnect)})";

        /// <summary>-RemoveBgp, and the CNI's rules across fields.</summary>
        private void Finish(Cni updated, IReadOnlyList<FieldEdit<Cni>> edits)
        {
            // Once per mode and invocation: Finish runs again after a prompt, and many piped CNIs may take the same mode.
            if (updated.BgpMode != null && Api.Json.BgpModes.Canonical(updated.BgpMode) is null && edits.Any(e => e.Name == nameof(BgpMode)) &&
                unknownModesNoticed.Add(updated.BgpMode))
            {
                WriteNotice(
                    $"{Api.DiagnosticText.Quote(updated.BgpMode)} is not a BGP mode the module knows ({string.Join(", ", Api.Json.BgpModes.All)}): " +
                    "it is sent as given, in case Cloudflare has added it, and Cloudflare's answer decides.");
            }

            if (RemoveBgp.IsPresent)
            {
                if (edits.Any(e => e.Name == nameof(CustomerAsn) || e.Name == nameof(ExtraPrefix) || e.Name == nameof(Md5Key)))
                {
                    throw new CfValidationException(nameof(RemoveBgp), CfErrors.RemoveBgpConflict, "-RemoveBgp removes the BGP session; it cannot be combined with a change to -CustomerAsn, -ExtraPrefix or -Md5Key.");
                }

                updated.CustomerAsn = null;
                updated.ExtraPrefix = null;
                updated.Md5Key = null;
            }

            CheckRules(updated);
        }

        private static void CheckRules(Cni cni)
        {
            if (cni.CustomerAsn is null && ((cni.ExtraPrefix?.Count ?? 0) > 0 || cni.Md5Key != null))
            {
                throw new CfValidationException(
                    cni.Md5Key != null ? nameof(Md5Key) : nameof(ExtraPrefix),
                    CfErrors.BgpNeedsCustomerAsn,
                    $"CNI {cni.Id} has no BGP session: -ExtraPrefix and -Md5Key need -CustomerAsn to create one.");
            }

            if (ModuleRules.CustomerIpOutsidePrefix(cni.CustomerIp, cni.CloudflareIp) is string outside)
            {
                throw new CfValidationException(nameof(CustomerIp), CfErrors.CustomerIpOutsidePrefix, outside);
            }
        }
    }
}
