namespace CloudflareCni.Api
{
    /// <summary>
    /// Receives the pipeline's diagnostics. Called from thread-pool threads: a cmdlet queues these and writes them
    /// from the pipeline thread. Messages never contain credentials or request headers.
    /// </summary>
    internal interface IRequestObserver
    {
        void Verbose(string message);

        void Debug(string message);
    }

    internal sealed class NullRequestObserver : IRequestObserver
    {
        public static readonly NullRequestObserver Instance = new NullRequestObserver();

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }
    }
}
