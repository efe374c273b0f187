using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Carries diagnostics from thread-pool threads to the pipeline thread. Async work posts messages from any
    /// thread; the pipeline thread waits in <see cref="Await{T}"/>, writing each message as it arrives, because
    /// PowerShell accepts writes only from the thread that runs the cmdlet.
    /// </summary>
    internal sealed class DiagnosticPump : IRequestObserver, IDisposable
    {
        private readonly ConcurrentQueue<Message> queue = new ConcurrentQueue<Message>();
        private readonly SemaphoreSlim wake = new SemaphoreSlim(0);
        private readonly Action<string> writeVerbose;
        private readonly Action<string> writeDebug;

        public DiagnosticPump(Action<string> writeVerbose, Action<string> writeDebug)
        {
            this.writeVerbose = writeVerbose;
            this.writeDebug = writeDebug;
        }

        public bool WantsVerbose { get; set; } = true;

        public bool WantsDebug { get; set; } = true;

        /// <summary>Any thread: queues a verbose message for the pipeline thread.</summary>
        public void Verbose(string message) => Post(verbose: true, message);

        /// <summary>Any thread: queues a debug message for the pipeline thread.</summary>
        public void Debug(string message) => Post(verbose: false, message);

        private void Post(bool verbose, string message)
        {
            queue.Enqueue(new Message(verbose, message));
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
                (message.Verbose ? writeVerbose : writeDebug)(message.Text);
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
            }

            public bool Verbose { get; }

            public string Text { get; }
        }
    }
}
