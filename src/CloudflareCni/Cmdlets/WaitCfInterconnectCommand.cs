using System;
using System.Diagnostics;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Completion;
using CloudflareCni.Validation;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Waits until interconnects reach a link state, polling their status.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CfInterconnect", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(InterconnectStatus))]
    public sealed class WaitCfInterconnectCommand : CfApiCmdlet
    {
        private const string NameSet = "Name";

        private InterconnectNames? names;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(InterconnectNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The names or patterns given, or the ones the piped object stands for.</summary>
        private System.Collections.Generic.IEnumerable<string> Names =>
            ParameterSetName == PipelineInput.Set ? PipelineInput.Values(this, InputObject!, Name, nameof(Name)) : Name!;

        /// <summary>
        /// Each piped object: a name or pattern, or an object whose Name binds -Name. Objects of the module's other types
        /// are refused rather than misread.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateSet("Pending", "Down", "Unhealthy", "Healthy")]
        public InterconnectState State { get; set; } = InterconnectState.Healthy;

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

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, InterconnectNames.Takes, InterconnectNames.Accepted))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string pattern in Names)
            {
                ForItem(pattern, () =>
                {
                    foreach (string name in names.Expand(pattern, () => Account))
                    {
                        ForItem(name, () => WaitFor(name, TimeSpan.FromSeconds(Timeout), TimeSpan.FromSeconds(PollInterval)));
                    }
                });
            }
        }

        /// <summary>Polls the status until the wanted state, or ends with a timeout error. Writes progress meanwhile.</summary>
        private void WaitFor(string name, TimeSpan timeout, TimeSpan pollInterval)
        {
            var progress = new ProgressRecord(1, $"Waiting for interconnect {name} to be {State}", "Checking");
            var clock = Stopwatch.StartNew();
            int polls = 0;
            while (true)
            {
                InterconnectStatus status = Await(Connection.Interconnects.StatusAsync(Account, name, Call));
                polls++;
                TimeSpan elapsed = clock.Elapsed;
                if (status.Is(State))
                {
                    Report(progress, $"{status.State} after {DiagnosticText.Elapsed(elapsed)}", 100, completed: true);
                    WriteResult(status);
                    return;
                }

                if (elapsed >= timeout)
                {
                    Report(progress, $"Timed out in state {status.State}", 100, completed: true);
                    WriteFailure(CfErrors.Record(
                        new TimeoutException(
                            $"Interconnect {name} did not reach {State} within {DiagnosticText.Elapsed(timeout)}: " +
                            $"it is {status}, after {polls} status checks."),
                        CfErrors.WaitTimeout,
                        ErrorCategory.OperationTimeout,
                        name));
                    return;
                }

                int percent = (int)Math.Min(99, 100 * elapsed.TotalMilliseconds / Math.Max(1, timeout.TotalMilliseconds));
                Report(progress, $"{status} ({DiagnosticText.Elapsed(elapsed)} of {DiagnosticText.Elapsed(timeout)})", percent);
                TimeSpan left = timeout - elapsed;
                Sleep(left < pollInterval ? left : pollInterval);
            }
        }

        private void Report(ProgressRecord progress, string status, int percent, bool completed = false)
        {
            progress.StatusDescription = status;
            progress.PercentComplete = percent;
            progress.RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing;
            WriteProgress(progress);
        }
    }
}
