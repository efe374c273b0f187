using System;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;

namespace CloudflareCni.Internal
{
    /// <summary>A progress report, in plain values; the cmdlet turns it into a ProgressRecord.</summary>
    internal sealed class CfProgress
    {
        public CfProgress(string activity, string status, int percentComplete, bool completed = false)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            Completed = completed;
        }

        public string Activity { get; }

        public string Status { get; }

        public int PercentComplete { get; }

        public bool Completed { get; }
    }

    /// <summary>
    /// What the plain command logic needs from PowerShell. Each cmdlet implements it over itself; the tests
    /// implement it with a recorder. Everything except the IRequestObserver members is called on the pipeline thread.
    /// </summary>
    internal interface ICmdletHost : IRequestObserver
    {
        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
        CancellationToken Stopping { get; }

        void WriteObject(object item);

        void WriteError(CfError error);

        void WriteWarning(string message);

        void WriteProgress(CfProgress progress);

        /// <summary>Writes PowerShell's total-count object for -IncludeTotalCount; accuracy 1.0 means exact.</summary>
        void WriteTotalCount(long count, double accuracy);

        bool ShouldProcess(string target, string action);

        bool ShouldContinue(string query, string caption);

        /// <summary>Waits for async work, meanwhile writing the diagnostics it queues, on the calling thread.</summary>
        T Await<T>(Task<T> task);

        /// <summary>Turns a PowerShell path (relative to the current location, PSDrive-qualified) into a file-system path.</summary>
        string ResolveFileSystemPath(string path);
    }

    internal static class CmdletHostExtensions
    {
        public static void Await(this ICmdletHost host, Task task) =>
            host.Await(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

        public static void Sleep(this ICmdletHost host, TimeSpan delay) =>
            host.Await(Task.Delay(delay, host.Stopping));
    }
}
