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
    /// Lists the Magic tunnels of the account's CNI interconnects (all, or by name with wildcards), gets them by id, or
    /// finds the tunnel of each piped interconnect by their virtual port reservation.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CfCniTunnel", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(CniTunnel))]
    public sealed class GetCfCniTunnelCommand : CfApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "TunnelId";
        private const string Takes =
            "Magic tunnel ids, CloudflareCni.CniTunnel objects (or objects with a TunnelId property, such as CSV rows), or the tunnel's interconnect: " +
            "CloudflareCni.Interconnect, CloudflareCni.InterconnectStatus or CloudflareCni.Cni objects";

        /// <summary>
        /// The property of an interconnect that holds its virtual port reservation: the module's type adapter shows the
        /// field under this name while the interconnect does not model it, and a deserialized interconnect carries it.
        /// </summary>
        private const string ReservationProperty = "VirtualPortReservationId";

        /// <summary>The account's tunnels, listed once per account for this invocation however many interconnects are piped.</summary>
        private readonly Dictionary<string, Page<CniTunnel>> listings = new Dictionary<string, Page<CniTunnel>>(StringComparer.Ordinal);

        /// <summary>The interconnects that piped CNIs and statuses named, read once per account and name for this invocation.</summary>
        private readonly Dictionary<(string Account, string Name), PSObject> interconnects = new Dictionary<(string, string), PSObject>();

        /// <summary>The tunnels written (account and id), and the ids asked for: each tunnel is written once per invocation.</summary>
        private readonly HashSet<(string Account, string TunnelId)> written = new HashSet<(string, string)>();

        private readonly HashSet<(string Account, string TunnelId)> requested = new HashSet<(string, string)>();

        /// <summary>Only tunnels with these names (wildcard patterns; a name without wildcards that matches nothing is an error).</summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string[]? Name { get; set; }

        /// <summary>
        /// The tunnels to get. Binds from the TunnelId of piped tunnels and CSV rows; named so that a piped CNI's or
        /// interconnect's own Id never binds it.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateTunnelId]
        [ArgumentCompleter(typeof(TunnelIdCompleter))]
        public string[]? TunnelId { get; set; }

        /// <summary>Each piped object: a tunnel id, an object with a TunnelId (a tunnel, a CSV row), or an interconnect (or its status, or a CNI on it), for its tunnel.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>How many piped or given items are looked up at once; output stays in input order. 1 looks them up one after another.</summary>
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = OrderedLookups.DefaultLimit;

        private protected override void Begin()
        {
            if (ParameterSetName == ListSet)
            {
                Patterns.Require(this, nameof(Name), Name);
            }
        }

        private protected override void Process()
        {
            switch (ParameterSetName)
            {
                case ListSet:
                    ListAll();
                    break;
                case IdSet:
                    GetEach(TunnelId!);
                    break;
                default:
                    if (!PipelineInput.Accept(this, InputObject, Takes, typeof(CniTunnel), typeof(Interconnect), typeof(InterconnectStatus), typeof(Cni)))
                    {
                        return;
                    }

                    PSObject piped = InputObject!;
                    if (Is<Interconnect>(piped))
                    {
                        ForItem(piped, () => OfInterconnect(piped));
                        return;
                    }

                    // A status (such as Wait-CfInterconnect's) or a CNI names its interconnect, which is read for its reservation.
                    if (Is<InterconnectStatus>(piped) || Is<Cni>(piped))
                    {
                        string property = Is<Cni>(piped) ? nameof(Cni.Interconnect) : nameof(InterconnectStatus.Name);
                        string? given = piped.Properties[property]?.Value as string;
                        // An empty or unusable name (a deserialized row, say) is refused as a piped interconnect name is, before any request.
                        foreach (string name in PipelineInput.Values(this, piped, given is null ? null : new[] { given }, property, fault: ModuleRules.InterconnectNameFault))
                        {
                            ForItem(piped, () => OfInterconnect(InterconnectNamed(name)));
                        }

                        return;
                    }

                    GetEach(PipelineInput.Values(this, piped, TunnelId, nameof(TunnelId), lowerCase: true, fault: ModuleRules.TunnelIdFault));
                    break;
            }
        }

        /// <summary>
        /// The listing, filtered by -Name: a tunnel the module cannot read is a non-terminating CfApi.InvalidItem error in
        /// its place (it may have matched), and the others are written.
        /// </summary>
        private void ListAll()
        {
            Page<CniTunnel> all = Await(new TunnelService(Executor).ListAsync(Account, Call));
            WildcardPattern[] patterns = (Name ?? new string[0]).Select(Patterns.Of).ToArray();
            var unreadable = new UnreadableItems(this, all);
            for (int position = 0; position < all.Items.Count; position++)
            {
                unreadable.WriteUpTo(position);
                CniTunnel tunnel = all.Items[position];
                if (patterns.Length == 0 || patterns.Any(p => p.IsMatch(tunnel.Name)))
                {
                    WriteResult(tunnel);
                }
            }

            unreadable.WriteUpTo(long.MaxValue);
            foreach (string literal in (Name ?? new string[0]).Where(name => !WildcardPattern.ContainsWildcardCharacters(name)))
            {
                if (!all.Items.Any(t => Patterns.Of(literal).IsMatch(t.Name)))
                {
                    WriteFailure(CfErrors.Record(
                        new ItemNotFoundException($"The account has no Magic tunnel named {DiagnosticText.Quote(literal)}."),
                        CfErrors.NotFound,
                        ErrorCategory.ObjectNotFound,
                        literal));
                }
            }
        }

        private void GetEach(IEnumerable<string> ids)
        {
            foreach (string id in ids)
            {
                string account = Account;
                if (requested.Add((account, id)))
                {
                    Lookups(ThrottleLimit, WriteOnce).Add(id, async token => await new TunnelService(Executor).GetAsync(account, id, Call.WithCancellation(token)).ConfigureAwait(false));
                }
            }
        }

        /// <summary>Writes a tunnel unless this invocation wrote it already (two CNIs on one interconnect, an id given twice).</summary>
        private void WriteOnce(object result)
        {
            if (!(result is CniTunnel tunnel) || written.Add((tunnel.Account, tunnel.TunnelId)))
            {
                WriteResult(result);
            }
        }

        /// <summary>The interconnect of a piped CNI or status, read once per account and name for this invocation.</summary>
        private PSObject InterconnectNamed(string name)
        {
            string account = Account;
            if (!interconnects.TryGetValue((account, name), out PSObject? interconnect))
            {
                interconnect = PSObject.AsPSObject(Await(new InterconnectService(Executor).GetAsync(account, name, Call)));
                interconnects[(account, name)] = interconnect;
            }

            return interconnect;
        }

        /// <summary>The tunnel of an interconnect: the one with its virtual port reservation, from one listing of the account.</summary>
        private void OfInterconnect(PSObject interconnect)
        {
            string name = interconnect.Properties["Name"]?.Value as string ?? string.Empty;
            string? reservation = interconnect.Properties[ReservationProperty]?.Value as string;
            string account = Account;
            OrderedLookups lookups = Lookups(ThrottleLimit, WriteOnce);
            if (!listings.TryGetValue(account, out Page<CniTunnel>? tunnels))
            {
                tunnels = Await(new TunnelService(Executor).ListAsync(account, Call));
                listings[account] = tunnels;
                // A tunnel the listing could not read may be this interconnect's or a later one's: say so once, and go on with the others.
                new UnreadableItems(this, tunnels).WriteUpTo(long.MaxValue);
            }

            CniTunnel? tunnel = tunnels.Items.FirstOrDefault(t => TunnelLink.SameReservation(reservation, t.VirtualPortReservationId));
            if (tunnel != null)
            {
                lookups.AddKnown(tunnel);
                return;
            }

            int unread = tunnels.Unreadable?.Count ?? 0;
            string unreadNote = unread == 0 || reservation is null ? string.Empty : $" {unread} tunnel(s) of the account's listing could not be read (CfApi.InvalidItem): its tunnel may be one of them.";
            lookups.AddError(CfErrors.Record(
                new ItemNotFoundException(
                    (reservation is null
                        ? $"Interconnect {DiagnosticText.Quote(name)} has no virtual port reservation (virtual_port_reservation_id), so no Magic tunnel can be matched to it."
                        : $"No Magic tunnel of the account has the virtual port reservation of interconnect {DiagnosticText.Quote(name)} ({DiagnosticText.Quote(reservation)}): its tunnel may be a version 1 tunnel, which carries none.") + unreadNote),
                CfErrors.NotFound,
                ErrorCategory.ObjectNotFound,
                InputObject));
        }

        private static bool Is<T>(PSObject piped) => piped.BaseObject is T || piped.TypeNames.Contains("Deserialized." + typeof(T).FullName);
    }
}
