using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Carries diagnostics from thread-pool threads to the pipeline thread. Async work posts messages from any
    /// thread; the pipeline thread waits in <see cref="Await{T}"/>, writing each message as it arrives, because
    /// PowerShell accepts writes only from the thread that runs the cmdlet. Requests that wait for the rate budget show
    /// as one progress bar per command, however many wait.
    /// </summary>
    internal sealed class DiagnosticPump : IRequestObserver, IDisposable
    {
        /// <summary>The progress activity of the rate budget's holds (Wait-CfInterconnect's own is 1).</summary>
        internal const int BudgetActivityId = 19;

        internal const string BudgetActivity = "Waiting for Cloudflare's rate budget";

        private readonly ConcurrentQueue<Message> queue = new ConcurrentQueue<Message>();
        private readonly SemaphoreSlim wake = new SemaphoreSlim(0);
        private readonly Action<string> writeVerbose;
        private readonly Action<string> writeDebug;
        private readonly Action<ProgressRecord> writeProgress;
        private readonly Dictionary<object, RateBudgetHold> holds = new Dictionary<object, RateBudgetHold>();

        public DiagnosticPump(Action<string> writeVerbose, Action<string> writeDebug, Action<ProgressRecord>? writeProgress = null)
        {
            this.writeVerbose = writeVerbose;
            this.writeDebug = writeDebug;
            this.writeProgress = writeProgress ?? (_ => { });
        }

        public bool WantsVerbose { get; set; } = true;

        public bool WantsDebug { get; set; } = true;

        /// <summary>Any thread: queues a verbose message for the pipeline thread.</summary>
        public void Verbose(string message) => Post(verbose: true, message);

        /// <summary>Any thread: queues a debug message for the pipeline thread.</summary>
        public void Debug(string message) => Post(verbose: false, message);

        /// <summary>Any thread: a request waits for the rate budget; the command's progress bar shows the longest hold.</summary>
        public void WaitingForBudget(object request, RateBudgetHold hold)
        {
            ProgressRecord progress;
            lock (holds)
            {
                holds[request] = hold;
                progress = BudgetProgress();
            }

            Post(progress);
        }

        /// <summary>Any thread: a request's wait is over; the bar completes when no request of the command waits.</summary>
        public void DoneWaitingForBudget(object request)
        {
            ProgressRecord progress;
            lock (holds)
            {
                if (!holds.Remove(request))
                {
                    return;
                }

                progress = BudgetProgress();
            }

            Post(progress);
        }

        /// <summary>Under the lock: the bar for the holds now, or its completion when there are none.</summary>
        private ProgressRecord BudgetProgress()
        {
            if (holds.Count == 0)
            {
                return new ProgressRecord(BudgetActivityId, BudgetActivity, "Done") { RecordType = ProgressRecordType.Completed };
            }

            RateBudgetHold? longest = null;
            foreach (RateBudgetHold hold in holds.Values)
            {
                if (longest is null || hold.UntilWallClock > longest.UntilWallClock)
                {
                    longest = hold;
                }
            }

            string requests = holds.Count == 1 ? "1 request" : holds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " requests";
            return new ProgressRecord(
                BudgetActivityId,
                BudgetActivity,
                $"{requests} held until {RateBudgetHold.TimeOfDay(longest!.UntilWallClock)}; {longest.Budget.Describe()}")
            {
                SecondsRemaining = (int)Math.Ceiling(longest.Wait.TotalSeconds),
            };
        }

        private void Post(bool verbose, string message)
        {
            queue.Enqueue(new Message(verbose, message));
            Wake();
        }

        private void Post(ProgressRecord progress)
        {
            queue.Enqueue(new Message(progress));
            Wake();
        }

        /// <summary>Pipeline thread: waits for the task, writing queued messages meanwhile, then returns its result.</summary>
        public T Await<T>(Task<T> task)
        {
            task.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                wake.Wait();
                Flush();
            }

            Flush();
            return task.GetAwaiter().GetResult();
        }

        /// <summary>Pipeline thread: writes what is queued, in order.</summary>
        public void Flush()
        {
            while (queue.TryDequeue(out Message message))
            {
                if (message.Progress != null)
                {
                    writeProgress(message.Progress);
                }
                else
                {
                    (message.Verbose ? writeVerbose : writeDebug)(message.Text);
                }
            }
        }

        public void Dispose() => wake.Dispose();

        private void Wake()
        {
            try
            {
                wake.Release();
            }
            catch (ObjectDisposedException)
            {
                // Work that outlived its cmdlet (after Ctrl+C) has nobody left to wake.
            }
        }

        private readonly struct Message
        {
            public Message(bool verbose, string text)
            {
                Verbose = verbose;
                Text = text;
                Progress = null;
            }

            public Message(ProgressRecord progress)
            {
                Verbose = false;
                Text = string.Empty;
                Progress = progress;
            }

            public bool Verbose { get; }

            public string Text { get; }

            public ProgressRecord? Progress { get; }
        }
    }
}
