using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of every cmdlet: implements the plain logic's host over PowerShell. Async work runs on the thread pool;
    /// its diagnostics are queued and written here, on the pipeline thread, while the cmdlet waits (the pattern
    /// Microsoft.Graph uses), because PowerShell refuses writes from any other thread.
    /// </summary>
    public abstract class CfCmdlet : PSCmdlet, ICmdletHost, IDisposable
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly DiagnosticPump diagnostics;
        private bool yesToAll;
        private bool noToAll;

        protected CfCmdlet()
        {
            diagnostics = new DiagnosticPump(WriteVerbose, WriteDebug);
        }

        CancellationToken ICmdletHost.Stopping => stopping.Token;

        internal CfSession Session => CfSession.Process;

        internal ICfEnvironment Environment => ProcessEnvironment.Instance;

        protected sealed override void BeginProcessing() => Run(BeginCore);

        protected sealed override void ProcessRecord() => Run(ProcessCore);

        protected sealed override void EndProcessing() => Run(EndCore);

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

        /// <summary>Per-invocation setup; runs once before the first input.</summary>
        private protected virtual void BeginCore()
        {
        }

        /// <summary>The work for one input object (or the only call, without pipeline input).</summary>
        private protected abstract void ProcessCore();

        private protected virtual void EndCore()
        {
        }

        private protected ICmdletHost CmdletHost => this;

        /// <summary>The cmdlet's -Force, for those that have one: it skips the confirmation prompt, never -WhatIf.</summary>
        private protected virtual bool ForceRequested => false;

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf))
            {
                return ((SwitchParameter)whatIf).IsPresent;
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>True when the parameter was given, even as -Switch:$false.</summary>
        private protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        void ICmdletHost.WriteObject(object item)
        {
            FlushDiagnostics();
            WriteObject(CfOutput.Decorate(item));
        }

        void ICmdletHost.WriteError(CfError error)
        {
            FlushDiagnostics();
            WriteError(ToRecord(error));
        }

        void ICmdletHost.WriteWarning(string message)
        {
            FlushDiagnostics();
            WriteWarning(message);
        }

        void ICmdletHost.WriteProgress(CfProgress progress)
        {
            var record = new ProgressRecord(Math.Abs(GetType().Name.GetHashCode() % 1000) + 1, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            WriteProgress(record);
        }

        void ICmdletHost.WriteTotalCount(long count, double accuracy)
        {
            if (PagingParameters != null)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)count, accuracy));
            }
        }

        bool ICmdletHost.ShouldProcess(string target, string action)
        {
            FlushDiagnostics();
            if (ConfirmationPolicy.SkipPrompt(ForceRequested, WhatIfRequested(), IsBound("Confirm") && ((SwitchParameter)MyInvocation.BoundParameters["Confirm"]).IsPresent))
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        bool ICmdletHost.ShouldContinue(string query, string caption)
        {
            FlushDiagnostics();
            try
            {
                // "Yes to All" and "No to All" hold for the rest of this invocation, as in the built-in file cmdlets.
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

        T ICmdletHost.Await<T>(Task<T> task) => diagnostics.Await(task);

        string ICmdletHost.ResolveFileSystemPath(string path) => GetUnresolvedProviderPathFromPSPath(path);

        void Api.IRequestObserver.Verbose(string message) => diagnostics.Post(verbose: true, message);

        void Api.IRequestObserver.Debug(string message) => diagnostics.Post(verbose: false, message);

        private void FlushDiagnostics() => diagnostics.Flush();

        private void Run(Action work)
        {
            try
            {
                work();
                FlushDiagnostics();
            }
            catch (CfTerminatingException ex)
            {
                FlushDiagnostics();
                ThrowTerminatingError(ToRecord(ex.Error));
            }
            catch (CfValidationException ex)
            {
                // A safety net: the logic reports these per item, so one reaching here ends the command cleanly.
                FlushDiagnostics();
                ThrowTerminatingError(ToRecord(ex.ToError(null)));
            }
            catch (CfApiException ex)
            {
                FlushDiagnostics();
                ThrowTerminatingError(ToRecord(CfError.FromApi(ex, null)));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline; nothing more may be written.
                throw new PipelineStoppedException();
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
                diagnostics.Dispose();
                stopping.Dispose();
            }
        }

        internal static ErrorRecord ToRecord(CfError error)
        {
            var record = new ErrorRecord(error.Exception, error.ErrorId, error.Category, error.TargetObject);
            if (error.RecommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
            }

            return record;
        }
    }
}
