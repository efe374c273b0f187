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
        private readonly Dictionary<string, List<CniTunnel>> listings = new Dictionary<string, List<CniTunnel>>();

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
                        string name = piped.Properties[Is<Cni>(piped) ? nameof(Cni.Interconnect) : nameof(InterconnectStatus.Name)]?.Value as string ?? string.Empty;
                        ForItem(piped, () => OfInterconnect(PSObject.AsPSObject(Await(new InterconnectService(Executor).GetAsync(Account, name, Call)))));
                        return;
                    }

                    GetEach(PipelineInput.Values(this, piped, TunnelId, nameof(TunnelId), lowerCase: true, fault: ModuleRules.TunnelIdFault));
                    break;
            }
        }

        private void ListAll()
        {
            List<CniTunnel> all = Await(new TunnelService(Executor).ListAsync(Account, Call));
            WildcardPattern[] patterns = (Name ?? new string[0]).Select(Patterns.Of).ToArray();
            foreach (CniTunnel tunnel in all.Where(t => patterns.Length == 0 || patterns.Any(p => p.IsMatch(t.Name))))
            {
                WriteResult(tunnel);
            }

            foreach (string literal in (Name ?? new string[0]).Where(name => !WildcardPattern.ContainsWildcardCharacters(name)))
            {
                if (!all.Any(t => Patterns.Of(literal).IsMatch(t.Name)))
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
                Lookups(ThrottleLimit, WriteResult).Add(id, async token => await new TunnelService(Executor).GetAsync(account, id, Call.WithCancellation(token)).ConfigureAwait(false));
            }
        }

        /// <summary>The tunnel of an interconnect: the one with its virtual port reservation, from one listing of the account.</summary>
        private void OfInterconnect(PSObject interconnect)
        {
            string name = interconnect.Properties["Name"]?.Value as string ?? string.Empty;
            string? reservation = interconnect.Properties[ReservationProperty]?.Value as string;
            string account = Account;
            if (!listings.TryGetValue(account, out List<CniTunnel>? tunnels))
            {
                tunnels = Await(new TunnelService(Executor).ListAsync(account, Call));
                listings[account] = tunnels;
            }

            OrderedLookups lookups = Lookups(ThrottleLimit, WriteResult);
            CniTunnel? tunnel = tunnels.FirstOrDefault(t => TunnelLink.SameReservation(reservation, t.VirtualPortReservationId));
            if (tunnel != null)
            {
                lookups.AddKnown(tunnel);
                return;
            }

            lookups.AddError(CfErrors.Record(
                new ItemNotFoundException(
                    reservation is null
                        ? $"Interconnect {DiagnosticText.Quote(name)} has no virtual port reservation (virtual_port_reservation_id), so no Magic tunnel can be matched to it."
                        : $"No Magic tunnel of the account has the virtual port reservation of interconnect {DiagnosticText.Quote(name)} ({DiagnosticText.Quote(reservation)}): its tunnel may be a version 1 tunnel, which carries none."),
                CfErrors.NotFound,
                ErrorCategory.ObjectNotFound,
                InputObject));
        }

        private static bool Is<T>(PSObject piped) => piped.BaseObject is T || piped.TypeNames.Contains("Deserialized." + typeof(T).FullName);
    }
}
