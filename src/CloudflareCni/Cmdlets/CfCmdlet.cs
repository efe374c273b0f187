using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Connections;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of every cmdlet. Async work runs on the thread pool; its diagnostics are queued and written here, on the
    /// pipeline thread, while the cmdlet waits (the pattern Microsoft.Graph uses), because PowerShell refuses writes
    /// from any other thread. Ctrl+C (StopProcessing) cancels the work in flight.
    /// </summary>
    public abstract class CfCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly DiagnosticPump diagnostics;
        private bool yesToAll;
        private bool noToAll;
        private OrderedLookups? lookups;
        private ParameterBlocks? blocks;

        protected CfCmdlet()
        {
            diagnostics = new DiagnosticPump(WriteVerbose, WriteDebug, WriteProgress);
        }

        /// <summary>Cancelled by Ctrl+C, or when the pipeline stops early (Select-Object -First).</summary>
        internal CancellationToken Cancellation => stopping.Token;

        /// <summary>What a request needs from this invocation: its diagnostics and its cancellation.</summary>
        internal CfCall Call => new CfCall(diagnostics, stopping.Token, MyInvocation.MyCommand?.Name);

        /// <summary>The cmdlet's -Force, for those that have one: it skips the confirmation prompt, never -WhatIf.</summary>
        private protected virtual bool ForceRequested => false;

        /// <summary>The parameters given on the command line, as opposed to those bound from piped objects.</summary>
        private HashSet<string> commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// True once the input has ended. Parameters bound from piped objects then still hold the last object's values,
        /// which belong to no item of the work left to do.
        /// </summary>
        private protected bool InputEnded { get; private set; }

        /// <summary>
        /// The runspace this command runs in, whose default connection it uses: taken on the pipeline thread, since work
        /// on other threads cannot tell.
        /// </summary>
        internal System.Management.Automation.Runspaces.Runspace? CallerRunspace { get; private set; }

        /// <summary>True when the parameter was given on the command line (and so applies to every piped object).</summary>
        internal bool GivenOnCommandLine(string parameterName) => commandLine.Contains(parameterName);

        protected sealed override void BeginProcessing()
        {
            // Before the first pipeline object binds, the bound parameters are the command line's alone.
            commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            CallerRunspace = CfSession.CurrentRunspace;
            // Messages nobody will see are not built: a listing would otherwise format every page's body for -Debug.
            diagnostics.WantsVerbose = Wants("Verbose");
            diagnostics.WantsDebug = Wants("Debug");
            Run(Begin);
        }

        protected sealed override void ProcessRecord() => Run(Process);

        protected sealed override void EndProcessing() => Run(() =>
        {
            InputEnded = true;
            // The lookups still in flight are written first: they belong to earlier input.
            lookups?.Finish();
            End();
        });

        protected override void StopProcessing()
        {
            try
            {
                stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Ctrl+C arrived after the pipeline had ended and disposed the cmdlet: nothing is left to stop.
            }
        }

        /// <summary>
        /// What a cmdlet that takes shared parameter blocks returns from IDynamicParameters.GetDynamicParameters: the
        /// blocks' parameters, whose values reach the blocks before each Begin, Process and End.
        /// </summary>
        private protected object Offer(params object[] parameterBlocks)
        {
            blocks = new ParameterBlocks(parameterBlocks);
            return blocks.Parameters;
        }

        /// <summary>Per-invocation setup; runs once before the first input.</summary>
        private protected virtual void Begin()
        {
        }

        /// <summary>The work for one input object (or the only call, without pipeline input).</summary>
        private protected abstract void Process();

        private protected virtual void End()
        {
        }

        /// <summary>True when the stream's messages are shown (or kept): -Verbose/-Debug given, else its preference variable.</summary>
        private bool Wants(string stream)
        {
            if (MyInvocation.BoundParameters.TryGetValue(stream, out object? given))
            {
                return ((SwitchParameter)given).IsPresent;
            }

            object? preference = SessionState.PSVariable.GetValue(stream + "Preference");
            return !(preference is ActionPreference value) || (value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore);
        }

        /// <summary>True when the parameter was given, even as -Switch:$false.</summary>
        internal bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>Waits for async work on the pipeline thread, meanwhile writing the diagnostics it queues.</summary>
        internal T Await<T>(Task<T> task) => diagnostics.Await(task);

        internal void Await(Task task) =>
            diagnostics.Await(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

        /// <summary>
        /// The invocation's concurrent lookups of piped input, at most <paramref name="limit"/> at a time, each result
        /// handed to <paramref name="write"/> in input order; whatever is left is written before End.
        /// </summary>
        internal OrderedLookups Lookups(int limit, Action<object> write) => lookups ??= new OrderedLookups(this, limit, write);

        /// <summary>Writes an output object (the API's unknown fields show as its properties through CfObjectAdapter).</summary>
        internal void WriteResult(object item)
        {
            diagnostics.Flush();
            WriteObject(item);
        }

        /// <summary>
        /// Writes a non-terminating error; while piped lookups are in flight, in its place after them, so that errors and
        /// output keep the order of the input.
        /// </summary>
        internal void WriteFailure(ErrorRecord record)
        {
            if (lookups != null && lookups.Pending)
            {
                lookups.AddError(record);
                return;
            }

            WriteFailureNow(record);
        }

        internal void WriteFailureNow(ErrorRecord record)
        {
            record = ExplainFailure?.Invoke(record) ?? record;
            diagnostics.Flush();
            WriteError(record);
        }

        /// <summary>
        /// Adds what the invocation knows to an item's error before it is written, such as the name that was meant
        /// (<see cref="InterconnectNames"/>).
        /// </summary>
        internal Func<ErrorRecord, ErrorRecord>? ExplainFailure { get; set; }

        internal void WriteNotice(string warning)
        {
            diagnostics.Flush();
            WriteWarning(warning);
        }

        /// <summary>Ends the command with a terminating error.</summary>
        internal void Terminate(ErrorRecord record)
        {
            diagnostics.Flush();
            ThrowTerminatingError(record);
        }

        /// <summary>
        /// One input item's work: a failed request or a broken rule becomes a non-terminating error for that item, so the
        /// other piped items go on.
        /// </summary>
        internal void ForItem(object? target, Action work, string? checkIfItExists = null)
        {
            try
            {
                work();
            }
            catch (CfApiException ex)
            {
                WriteFailure(CfErrors.FromApi(ex, target, checkIfItExists));
            }
            catch (CfValidationException ex)
            {
                WriteFailure(CfErrors.Invalid(ex, target));
            }
        }

        /// <summary>
        /// ShouldProcess, where -Force skips the prompt but -WhatIf (given or from $WhatIfPreference) still only reports,
        /// and an explicit -Confirm still asks.
        /// </summary>
        internal bool ShouldChange(string target, string action)
        {
            CheckBeforeChange();
            diagnostics.Flush();
            if (ForceRequested && !WhatIfActive && !ConfirmAsked)
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        /// <summary>
        /// Checks what binding could not (values the invocation would read from the environment) before ShouldProcess, so
        /// that -WhatIf refuses what a real run would refuse; a CfValidationException ends the item or the command.
        /// </summary>
        private protected virtual void CheckBeforeChange()
        {
        }

        /// <summary>
        /// True when ShouldChange will show its target to someone: -WhatIf, a prompt (-Confirm, or the cmdlet's impact
        /// reaching $ConfirmPreference, unless -Force or -Confirm:$false), or -Verbose. Otherwise a target that costs a
        /// request to describe need not be described.
        /// </summary>
        internal bool TargetWillShow(ConfirmImpact impact) => WhatIfActive || MayAsk(impact) || diagnostics.WantsVerbose;

        /// <summary>
        /// True when ShouldChange may stop to ask someone, for as long as they take: -Confirm, or the cmdlet's impact
        /// (<paramref name="impact"/>, else its own) reaching $ConfirmPreference, unless -Force or -Confirm:$false.
        /// </summary>
        internal bool MayAsk(ConfirmImpact? impact = null)
        {
            ConfirmImpact own = impact ?? ((CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)))?.ConfirmImpact ?? ConfirmImpact.Medium;
            return MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm)
                ? ((SwitchParameter)confirm).IsPresent
                : !ForceRequested && SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact preference &&
                  preference != ConfirmImpact.None && own >= preference;
        }

        private bool WhatIfActive => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        private bool ConfirmAsked => MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm) && ((SwitchParameter)confirm).IsPresent;

        /// <summary>A yes/no question (replace a file?); "Yes to All" and "No to All" hold for the rest of the invocation.</summary>
        internal bool ShouldReplace(string query, string caption)
        {
            diagnostics.Flush();
            try
            {
                return ShouldContinue(query, caption, ref yesToAll, ref noToAll);
            }
            catch (System.Management.Automation.Host.HostException)
            {
                // A host that cannot prompt (a runbook, a runspace without UI) cannot say yes.
                return false;
            }
            catch (PSInvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>PowerShell disposes the cmdlet when the pipeline ends, terminating errors and Ctrl+C included.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Disposed early (Select-Object -First stopped the pipeline): cancel what is in flight before letting go.
                StopProcessing();
                lookups?.Dispose();
                diagnostics.Dispose();
                stopping.Dispose();
            }
        }

        private void Run(Action work)
        {
            try
            {
                blocks?.Apply();
                work();
                diagnostics.Flush();
            }
            catch (CfApiException ex)
            {
                Terminate(CfErrors.FromApi(ex, null));
            }
            catch (CfValidationException ex)
            {
                Terminate(CfErrors.Invalid(ex, null));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline; nothing more may be written.
                throw new PipelineStoppedException();
            }
        }
    }
}
