using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Connections;
using CloudflareCni.Validation;

namespace CloudflareCni.Completion
{
    /// <summary>
    /// Live values for Tab completion, fetched from the account the command would use (its -AccountId, else the
    /// connection's). A completer never prompts and never throws: offline, or when the server is slow, it gives up
    /// quietly after <see cref="Timeout"/> and offers nothing, and so it does at once when the rate budget holds requests
    /// (it never waits for the budget, as a command may). What it fetched is kept for <see cref="CacheLifetime"/>,
    /// so that pressing Tab again costs no request, until a write to the server succeeds (a create, a change, a delete,
    /// by any command): the next Tab fetches again, so a new interconnect or CNI is offered at once.
    /// </summary>
    internal static class LiveValues
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

        public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);

        /// <summary>At most this many items are fetched for completion.</summary>
        private const int MaxItems = 1000;

        private static readonly ConcurrentDictionary<string, (DateTime Fetched, long Writes, object Items)> Cache = new ConcurrentDictionary<string, (DateTime, long, object)>();

        public static IReadOnlyList<Interconnect> Interconnects(IDictionary bound) =>
            Fetch(bound, "interconnects", (connection, account, call) => Paged(new InterconnectService(connection.Executor).List(account, new InterconnectListParams(), new CfPaging(null, MaxItems), call), call));

        public static IReadOnlyList<Cni> Cnis(IDictionary bound) =>
            Fetch(bound, "cnis", (connection, account, call) => Paged(new CniService(connection.Executor).List(account, new CniListParams(), new CfPaging(null, MaxItems), call), call));

        public static IReadOnlyList<CniSlot> Slots(IDictionary bound) =>
            Fetch(bound, "slots", (connection, account, call) => Paged(new SlotService(connection.Executor).List(account, new SlotListParams(), new CfPaging(null, MaxItems), call), call));

        /// <summary>The Magic tunnels: one answer, with no paging.</summary>
        public static IReadOnlyList<CniTunnel> Tunnels(IDictionary bound) =>
            Fetch(bound, "tunnels", async (connection, account, call) => (await new TunnelService(connection.Executor).ListAsync(account, call).ConfigureAwait(false)).Items);

        /// <summary>Every page of a listing; the pager is released when its work is over, however that ends (a fetch given up on may still be unwinding).</summary>
        private static Task<List<T>> Paged<T>(CfPager<T> pager, CfCall call)
        {
            Task<List<T>> fetching = pager.ReadAllAsync(call.Cancellation);
            _ = fetching.ContinueWith(_ => pager.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return fetching;
        }

        private static IReadOnlyList<T> Fetch<T>(IDictionary bound, string kind, Func<CfConnection, string, CfCall, Task<List<T>>> list)
        {
            CfConnection? connection = null;
            bool owned = false;
            try
            {
                object? typedConnection = bound?["Connection"];
                connection = typedConnection is null ? CfSession.Process.Resolve(CfSession.CurrentRunspace, out owned) : ChosenConnection(typedConnection);
                string? account = (bound?["AccountId"] as string) ?? connection?.AccountId ?? CfSession.AccountFromEnvironment();
                if (connection is null || account is null)
                {
                    return new T[0];
                }

                string key = string.Join("|", connection.Executor.BaseUri, connection.Executor.Options.Credential.Identity, account, kind);
                // Read before fetching: a write that lands while the fetch runs makes what it fetched stale too.
                long writes = connection.Executor.CompletedWrites;
                if (Cache.TryGetValue(key, out (DateTime Fetched, long Writes, object Items) cached) && DateTime.UtcNow - cached.Fetched < CacheLifetime && cached.Writes == writes)
                {
                    return (IReadOnlyList<T>)cached.Items;
                }

                using (var giveUp = new CancellationTokenSource(Timeout))
                {
                    // A completer never waits for the rate budget: a request it holds fails at once, and nothing is offered.
                    Task<List<T>> fetching = list(connection, account, new CfCall(NullRequestObserver.Instance, giveUp.Token, mayNotWait: true));
                    if (!fetching.Wait(Timeout) || fetching.IsFaulted || fetching.IsCanceled)
                    {
                        return new T[0];
                    }

                    Cache[key] = (DateTime.UtcNow, writes, fetching.Result);
                    return fetching.Result;
                }
            }
            catch (Exception)
            {
                // Completion must never disturb typing: a broken environment, a refused request, anything, offers nothing.
                return new T[0];
            }
            finally
            {
                if (owned)
                {
                    connection?.Dispose();
                }
            }
        }

        /// <summary>The connection a typed -Connection names (a name, or a context in a variable); null for the default.</summary>
        private static CfConnection? ChosenConnection(object? typed)
        {
            object? value = typed is PSObject wrapped ? wrapped.BaseObject : typed;
            return value is CfContext context ? context.Connection
                : value is string name ? CfSession.Process.Named(name)
                : null;
        }
    }

    /// <summary>Shared plumbing: matches the typed prefix, quotes values that need it, keeps the given order.</summary>
    public abstract class CfCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var results = new List<CompletionResult>();
            foreach ((string value, string toolTip) in Values(fakeBoundParameters ?? new Hashtable()))
            {
                if (value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    string text = value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '#' }) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
                    results.Add(new CompletionResult(text, value, CompletionResultType.ParameterValue, toolTip.Length == 0 ? value : toolTip));
                }
            }

            return results;
        }

        /// <summary>The values to offer, in the order to offer them, each with its tooltip.</summary>
        private protected abstract IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound);

        /// <summary>Sizes such as 10G or 500M in the order of their size.</summary>
        private protected static IEnumerable<string> BySize(IEnumerable<string> speeds) =>
            speeds.Distinct(StringComparer.Ordinal).OrderBy(Size).ThenBy(s => s, StringComparer.Ordinal);

        private static double Size(string speed)
        {
            string digits = new string(speed.TakeWhile(char.IsDigit).ToArray());
            double number = double.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out double n) ? n : double.MaxValue;
            string unit = speed.Substring(digits.Length).ToUpperInvariant();
            return unit.StartsWith("T", StringComparison.Ordinal) ? number * 1e12
                : unit.StartsWith("G", StringComparison.Ordinal) ? number * 1e9
                : unit.StartsWith("M", StringComparison.Ordinal) ? number * 1e6
                : unit.StartsWith("K", StringComparison.Ordinal) ? number * 1e3
                : number;
        }
    }

    /// <summary>The account's interconnect names; the tooltip says what and where each is.</summary>
    public sealed class InterconnectNameCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            LiveValues.Interconnects(bound).Select(i => (i.Name, $"{i.Name}: {i.Kind} {i.Type} at {i.Location ?? i.Site}, {i.Speed}"));
    }

    /// <summary>The account's CNI ids; the tooltip shows the conduit name and interconnect.</summary>
    public sealed class CniIdCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            LiveValues.Cnis(bound).Select(c => (c.Id, $"{c.ConduitName} on {c.Interconnect}"));
    }

    /// <summary>The account's slot ids, free ones first; the tooltip shows site, speed and facility.</summary>
    public sealed class SlotIdCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            LiveValues.Slots(bound)
                .OrderBy(s => s.Occupied)
                .Select(s => (s.Id, $"{s.Site} {s.Speed} {s.FacilityName}" + (s.Occupied ? " (occupied)" : " (free)")));
    }

    /// <summary>The sites of the account's slots.</summary>
    public sealed class SiteCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            LiveValues.Slots(bound)
                .GroupBy(s => s.Site, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, $"{g.Key}: {g.First().FacilityName}, {g.Count(s => !s.Occupied)} free of {g.Count()} slots"));
    }

    /// <summary>The port speeds of the account's slots, by size.</summary>
    public sealed class SpeedCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            BySize(LiveValues.Slots(bound).Select(s => s.Speed)).Select(speed => (speed, string.Empty));
    }

    /// <summary>
    /// The published interconnect types (direct, gcp_partner), then the others the account's interconnects have. For
    /// New-CfInterconnect, a published type that contradicts the slot or pairing key already typed is left out.
    /// </summary>
    public sealed class InterconnectTypeCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound)
        {
            bool slot = bound.Contains("SlotId");
            bool pairing = bound.Contains("PairingKey") || bound.Contains("Bandwidth");
            if (!pairing)
            {
                yield return (InterconnectTypes.Direct, "direct: a physical interconnect on a slot (-SlotId)");
            }

            if (!slot)
            {
                yield return (InterconnectTypes.GcpPartner, "gcp_partner: a Google Cloud partner interconnect (-PairingKey, -Bandwidth)");
            }

            IEnumerable<Interconnect> held = LiveValues.Interconnects(bound);
            foreach (string type in held.Select(i => i.Type).Where(t => !InterconnectTypes.Published.Contains(t, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal))
            {
                yield return (type, type + ": a type the account's interconnects have");
            }
        }
    }

    /// <summary>The link states the API publishes (a state it adds later can be typed in full).</summary>
    public sealed class InterconnectStateCompleter : CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) =>
            InterconnectStates.Published.Select(state => (state, string.Empty));
    }

    /// <summary>The BGP modes a CNI can have, as the API spells them.</summary>
    public sealed class BgpModeCompleter : CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) => new[]
        {
            (BgpModes.DynamicRouteExchange, "dynamic_route_exchange: full BGP, routes exchanged with the Magic WAN conduit"),
            (BgpModes.AdvertiseOnly, "advertise_only: static advertisement, no routes exchanged with the conduit"),
        };
    }

    /// <summary>The names of the connections Connect-CfAccount -Name kept; the tooltip shows account and endpoint.</summary>
    public sealed class ConnectionNameCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            CfSession.Process.NamedConnections().Select(c => (c.Name!, $"{c.Name}: {c.AuthKind} account {c.AccountId ?? "(none)"} at {c.Executor.BaseUri}"));
    }

    /// <summary>The 12 bandwidths of a GCP partner interconnect, by size.</summary>
    public sealed class BandwidthCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) => ApiRules.Bandwidths.Select(b => (b, string.Empty));
    }

    /// <summary>Completes -Command with the names of the CloudflareCni cmdlets that send requests.</summary>
    public sealed class CfCommandCompleter : CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) =>
            Cmdlets.CfCommandNames.All.Select(name => (name, string.Empty));
    }

    /// <summary>Completes Set-CfCni -Property with the properties it can change.</summary>
    public sealed class CniPropertyCompleter : CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) =>
            Cmdlets.SetCfCniCommand.SettableNames.Select(name => (name, string.Empty));
    }

    /// <summary>The properties Set-CfCniTunnel -Property can change.</summary>
    public sealed class CniTunnelPropertyCompleter : CfCompleter
    {
        private protected override IEnumerable<(string Value, string ToolTip)> Values(IDictionary bound) =>
            Cmdlets.SetCfCniTunnelCommand.SettableNames.Select(name => (name, string.Empty));
    }

    /// <summary>The account's Magic tunnel ids; the tooltip shows the tunnel's name and health check.</summary>
    public sealed class TunnelIdCompleter : CfCompleter
    {
        private protected override IEnumerable<(string, string)> Values(IDictionary bound) =>
            LiveValues.Tunnels(bound).Select(t => (t.TunnelId, $"{t.Name}: health check {(t.HealthCheckEnabled == false ? "off" : t.HealthCheckRate + " " + t.HealthCheckType)}"));
    }
}
