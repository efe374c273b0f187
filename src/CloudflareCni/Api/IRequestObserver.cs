namespace CloudflareCni.Api
{
    /// <summary>
    /// Receives the pipeline's diagnostics. Called from thread-pool threads: a cmdlet queues these and writes them
    /// from the pipeline thread. Messages never contain credentials or request headers.
    /// </summary>
    internal interface IRequestObserver
    {
        /// <summary>False when verbose messages would be discarded: the pipeline then does not build them.</summary>
        bool WantsVerbose { get; }

        /// <summary>False when debug messages would be discarded: the pipeline then does not decode and format bodies.</summary>
        bool WantsDebug { get; }

        void Verbose(string message);

        void Debug(string message);

        /// <summary>
        /// A request (<paramref name="request"/>, any object that stands for it) waits for the rate budget until the hold
        /// ends: a command shows one progress bar while any of its requests wait.
        /// </summary>
        void WaitingForBudget(object request, RateBudgetHold hold);

        /// <summary>The request's wait for the rate budget is over (it was let go, gave up, or was cancelled).</summary>
        void DoneWaitingForBudget(object request);
    }

    internal sealed class NullRequestObserver : IRequestObserver
    {
        public static readonly NullRequestObserver Instance = new NullRequestObserver();

        public bool WantsVerbose => false;

        public bool WantsDebug => false;

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void WaitingForBudget(object request, RateBudgetHold hold)
        {
        }

        public void DoneWaitingForBudget(object request)
        {
        }
    }
}
