using System.Threading;

namespace CloudflareCni.Api
{
    /// <summary>What every request needs from the command that makes it: where its diagnostics go, and its cancellation.</summary>
    internal readonly struct CfCall
    {
        public CfCall(IRequestObserver observer, CancellationToken cancellation)
        {
            Observer = observer;
            Cancellation = cancellation;
        }

        /// <summary>A call with no diagnostics and no cancellation, for code outside a cmdlet.</summary>
        public static CfCall Silent => new CfCall(NullRequestObserver.Instance, CancellationToken.None);

        public IRequestObserver Observer { get; }

        public CancellationToken Cancellation { get; }
    }
}
