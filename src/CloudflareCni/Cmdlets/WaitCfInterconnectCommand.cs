using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;
using static CloudflareCni.Api.DiagnosticText;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Waits until interconnects reach a link state, polling the status of all of them together.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CfInterconnect", DefaultParameterSetName = InterconnectNameParameters.NameSet)]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class WaitCfInterconnectCommand : CfApiCmdlet, IDynamicParameters
    {
        private readonly InterconnectNameParameters interconnects = new InterconnectNameParameters();
        private readonly List<Target> waiting = new List<Target>();
        private readonly Stopwatch sinceBegin = new Stopwatch();
        private InterconnectNames? names;

        /// <summary>
        /// The link state to wait for: Pending, Down, Unhealthy or Healthy (default), in any letter case, or a state
        /// Cloudflare has added since, as it writes it (with a warning that the module does not know it).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateApiWord]
        [ArgumentCompleter(typeof(InterconnectStateCompleter))]
        public string State { get; set; } = nameof(InterconnectState.Healthy);

        /// <summary>Seconds to wait before giving up with a CfWait.Timeout error. Default 600.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 600;

        /// <summary>
        /// Seconds between status checks, fractions allowed (0.2 is 200 ms). Default 10. A double of seconds rather than a
        /// TimeSpan: PowerShell converts the number 10 to a TimeSpan of 10 ticks.
        /// </summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double PollInterval { get; set; } = 10;

        /// <summary>-Name and -InputObject (<see cref="InterconnectNameParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(interconnects);

        /// <summary>The state waited for, a published one in the API's spelling.</summary>
        private string Wanted => InterconnectStates.Canonical(State) ?? State;

        private protected override void Begin()
        {
            if (InterconnectStates.Canonical(State) is null)
            {
                WriteNotice(
                    $"{Quote(State)} is not a link state the module knows ({string.Join(", ", InterconnectStates.Published)}). " +
                    "Wait-CfInterconnect waits for it as given (letter case aside), in case Cloudflare has added it; check the spelling if it never comes.");
            }

            sinceBegin.Start();
        }

        // The interconnects are gathered from the input and waited for together, at the end of the input: one round of
        // status checks (concurrent) per poll interval, whatever their number, and -Timeout bounds the whole wait.
        private protected override void Process()
        {
            if (!interconnects.TryGetNames(this, out var given))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string pattern in given)
            {
                ForItem(pattern, () =>
                {
                    string? given = AccountId;
                    foreach (string name in names.Expand(pattern, () => given ?? Account))
                    {
                        if (!waiting.Exists(w => w.Name == name && w.AccountId == given))
                        {
                            waiting.Add(new Target(name, given));
                        }
                    }
                });
            }
        }

        private protected override void End()
        {
            if (waiting.Count == 0)
            {
                return;
            }

            // The polls wait on the connection's clock: on a sandbox's own clock they pass at once, and -Timeout counts
            // them as if they had taken their time.
            Api.CfClock clock = Executor.Clock;
            TimeSpan begun = clock.Now - sinceBegin.Elapsed;
            TimeSpan timeout = TimeSpan.FromSeconds(Timeout);
            TimeSpan pollInterval = TimeSpan.FromSeconds(PollInterval);
            var progress = new ProgressRecord(1, $"Waiting for {waiting.Count} interconnect(s) to be {Wanted}", "Checking");
            int total = waiting.Count;
            int polls = 0;
            while (waiting.Count > 0)
            {
                polls++;
                IReadOnlyList<Check> round = Await(CheckAllAsync(waiting));
                foreach (Check check in round)
                {
                    if (check.Failure != null)
                    {
                        WriteFailure(check.Failure);
                        waiting.Remove(check.Target);
                    }
                    else if (string.Equals(check.Status!.State, Wanted, StringComparison.OrdinalIgnoreCase))
                    {
                        WriteResult(check.Status);
                        waiting.Remove(check.Target);
                    }
                    else if (InterconnectStates.Canonical(check.Status.State) is null && check.Target.Unknown.Add(check.Status.State))
                    {
                        // A state Cloudflare added since this version: not the one asked for, so the wait goes on until -Timeout.
                        WriteVerbose(
                            $"Interconnect {Escape(check.Target.Name)} reports {Quote(check.Status.ToString())}, a link state the module does not know; " +
                            $"still waiting for {Wanted} (until -Timeout).");
                    }
                }

                TimeSpan elapsed = clock.Now - begun;
                if (waiting.Count == 0)
                {
                    Report(progress, $"All {total} {Wanted} after {DiagnosticText.Elapsed(elapsed)}", 100, completed: true);
                    return;
                }

                if (elapsed >= timeout)
                {
                    Report(progress, $"Timed out with {waiting.Count} of {total} not {Wanted}", 100, completed: true);
                    foreach (Check check in round.Where(c => waiting.Contains(c.Target)))
                    {
                        WriteFailure(CfErrors.Record(
                            new TimeoutException(
                                $"Interconnect {DiagnosticText.Escape(check.Target.Name)} did not reach {Wanted} within {DiagnosticText.Elapsed(timeout)}: " +
                                $"it is {DiagnosticText.Escape(check.Status?.ToString() ?? "unknown")}, after {polls} status checks."),
                            CfErrors.WaitTimeout,
                            ErrorCategory.OperationTimeout,
                            check.Target.Name));
                    }

                    return;
                }

                int percent = (int)Math.Min(99, 100 * elapsed.TotalMilliseconds / Math.Max(1, timeout.TotalMilliseconds));
                string still = DiagnosticText.Escape(string.Join(", ", waiting.Take(3).Select(w => w.Name))) + (waiting.Count > 3 ? ", ..." : string.Empty);
                Report(progress, $"{total - waiting.Count} of {total} {Wanted}; waiting for {still} ({DiagnosticText.Elapsed(elapsed)} of {DiagnosticText.Elapsed(timeout)})", percent);
                TimeSpan left = timeout - elapsed;
                Await(clock.DelayAsync(left < pollInterval ? left : pollInterval, Cancellation));
            }
        }

        /// <summary>One status check of every interconnect still waited for, at most 16 at once, in input order.</summary>
        private Task<IReadOnlyList<Check>> CheckAllAsync(IReadOnlyList<Target> targets)
        {
            // Found here, on the pipeline thread, where a missing connection or account may end the command.
            var interconnects = new InterconnectService(Executor);
            string? defaultAccount = targets.Any(t => t.AccountId is null) ? Account : null;
            var throttle = new SemaphoreSlim(OrderedLookups.DefaultLimit);
            Task<Check>[] checks = targets.Select(async target =>
            {
                await throttle.WaitAsync(Cancellation).ConfigureAwait(false);
                try
                {
                    return new Check(target, await interconnects.StatusAsync(target.AccountId ?? defaultAccount!, target.Name, Call).ConfigureAwait(false), null);
                }
                catch (CfApiException ex)
                {
                    return new Check(target, null, CfErrors.FromApi(ex, target.Name));
                }
                catch (CfValidationException ex)
                {
                    // A name a wildcard found that cannot be sent: an error for it alone, the others are waited for.
                    return new Check(target, null, CfErrors.Invalid(ex, target.Name));
                }
                finally
                {
                    throttle.Release();
                }
            }).ToArray();
            return Task.WhenAll(checks).ContinueWith(
                done => { throttle.Dispose(); return (IReadOnlyList<Check>)done.GetAwaiter().GetResult(); },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void Report(ProgressRecord progress, string status, int percent, bool completed = false)
        {
            progress.StatusDescription = status;
            progress.PercentComplete = percent;
            progress.RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing;
            WriteProgress(progress);
        }

        private sealed class Target
        {
            public Target(string name, string? accountId)
            {
                Name = name;
                AccountId = accountId;
            }

            public string Name { get; }

            /// <summary>The states it reported that the module does not know, each told once.</summary>
            public HashSet<string> Unknown { get; } = new HashSet<string>(StringComparer.Ordinal);

            /// <summary>The account given for it (-AccountId, or its piped object's); null for the default.</summary>
            public string? AccountId { get; }
        }

        private sealed class Check
        {
            public Check(Target target, InterconnectStatus? status, ErrorRecord? failure)
            {
                Target = target;
                Status = status;
                Failure = failure;
            }

            public Target Target { get; }

            public InterconnectStatus? Status { get; }

            public ErrorRecord? Failure { get; }
        }
    }
}
