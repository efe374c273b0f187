using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Runs the lookups of piped input concurrently, at most <c>limit</c> at a time, and writes their results and errors
    /// in input order, on the pipeline thread (the only thread PowerShell accepts writes from). Results that arrive
    /// ahead of an older, slower lookup (one waiting out a retry, say) are held, up to <see cref="HeldPerLimit"/> times
    /// the limit, so that one slow item does not stall the others. The cmdlet's cancellation (Ctrl+C, or
    /// Select-Object -First stopping the pipeline) cancels whatever is in flight, and so does an error that ends the
    /// command (-ErrorAction Stop).
    /// </summary>
    internal sealed class OrderedLookups : IDisposable
    {
        /// <summary>
        /// The default -ThrottleLimit: at 50 ms of latency, 16 lookups at once are about 15 times as fast as one after
        /// another, and a burst of 16 is far below Cloudflare's rate limit.
        /// </summary>
        public const int DefaultLimit = 16;

        /// <summary>How many lookups, in flight or done but not yet written, may be owed at once, per unit of the limit.</summary>
        public const int HeldPerLimit = 4;

        private readonly CfCmdlet cmdlet;
        private readonly int limit;
        private readonly Action<object> write;
        private readonly CancellationTokenSource stop;
        private readonly Queue<Lookup> inFlight = new Queue<Lookup>();

        /// <param name="write">Writes one result (the cmdlet may count -First and -Skip there).</param>
        public OrderedLookups(CfCmdlet cmdlet, int limit, Action<object> write)
        {
            this.cmdlet = cmdlet;
            this.limit = Math.Max(1, limit);
            this.write = write;
            stop = CancellationTokenSource.CreateLinkedTokenSource(cmdlet.Cancellation);
        }

        /// <summary>The token each lookup runs under.</summary>
        public CancellationToken Cancellation => stop.Token;

        /// <summary>
        /// Starts a lookup for one input, once fewer than the limit are running: meanwhile it writes what is done at the
        /// head of the input order, and waits for any running lookup to finish.
        /// </summary>
        public void Add(object? target, Func<CancellationToken, Task<object>> lookup)
        {
            MakeRoom();
            inFlight.Enqueue(new Lookup(target, lookup(stop.Token)));
        }

        /// <summary>A result already known (such as a wildcard's match), written in its place in the input order.</summary>
        public void AddKnown(object result) => Add(null, _ => Task.FromResult(result));

        /// <summary>An error about one input (a bad piped value), written in its place in the input order.</summary>
        public void AddError(ErrorRecord error)
        {
            MakeRoom();
            inFlight.Enqueue(new Lookup(error));
        }

        /// <summary>True while results or errors are still owed.</summary>
        public bool Pending => inFlight.Count > 0;

        /// <summary>Writes every result still owed, in order.</summary>
        public void Finish()
        {
            while (inFlight.Count > 0)
            {
                WriteOldest();
            }
        }

        public void Dispose()
        {
            // A pipeline stopped early: nothing in flight is wanted any more, and nothing new starts.
            stop.Cancel();
            foreach (Lookup left in inFlight)
            {
                left.Task?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            stop.Dispose();
        }

        private void MakeRoom()
        {
            while (true)
            {
                // What is done at the head is written at once, so results flow as soon as their turn comes.
                while (inFlight.Count > 0 && inFlight.Peek().IsDone)
                {
                    WriteOldest();
                }

                if (inFlight.Count >= limit * HeldPerLimit)
                {
                    // Enough held behind a slow one: wait for it.
                    WriteOldest();
                    continue;
                }

                var running = new List<Task>(limit);
                foreach (Lookup owed in inFlight)
                {
                    if (!owed.IsDone)
                    {
                        running.Add(owed.Task!);
                    }
                }

                if (running.Count < limit)
                {
                    return;
                }

                cmdlet.Await(Task.WhenAny(running));
            }
        }

        private void WriteOldest()
        {
            Lookup next = inFlight.Dequeue();
            ErrorRecord? error = next.Error;
            if (error is null)
            {
                try
                {
                    write(cmdlet.Await(next.Task!));
                    return;
                }
                catch (CfApiException ex)
                {
                    error = CfErrors.FromApi(ex, next.Target);
                }
                catch (CfValidationException ex)
                {
                    error = CfErrors.Invalid(ex, next.Target);
                }
            }

            try
            {
                cmdlet.WriteFailureNow(error);
            }
            catch (Exception)
            {
                // -ErrorAction Stop made the error end the command: what is still in flight is not wanted.
                stop.Cancel();
                throw;
            }
        }

        private readonly struct Lookup
        {
            public Lookup(object? target, Task<object> task)
            {
                Target = target;
                Task = task;
                Error = null;
            }

            public Lookup(ErrorRecord error)
            {
                Target = null;
                Task = null;
                Error = error;
            }

            public object? Target { get; }

            public Task<object>? Task { get; }

            public ErrorRecord? Error { get; }

            public bool IsDone => Task is null || Task.IsCompleted;
        }
    }
}
