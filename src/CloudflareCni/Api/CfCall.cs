using System.Threading;

namespace CloudflareCni.Api
{
    /// <summary>
    /// What every request needs from the command that makes it: where its diagnostics go, its cancellation, and the
    /// command's name.
    /// </summary>
    internal readonly struct CfCall
    {
        /// <summary>
        /// The request property (never a header: nothing of it is sent) under which the transport tags each request with
        /// <see cref="Command"/>, for whatever message handler carries it to read.
        /// </summary>
        public const string CommandTag = "CloudflareCni.Command";

        public CfCall(IRequestObserver observer, CancellationToken cancellation, string? command = null, bool mayNotWait = false)
        {
            Observer = observer;
            Cancellation = cancellation;
            Command = command;
            MayNotWait = mayNotWait;
        }

        public IRequestObserver Observer { get; }

        public CancellationToken Cancellation { get; }

        /// <summary>The cmdlet that makes the request, such as <c>Get-CfCni</c>; null outside a cmdlet.</summary>
        public string? Command { get; }

        /// <summary>
        /// True for a call that must never wait for the rate budget (Tab completion): a request the budget holds fails at
        /// once, with nothing sent, whatever the connection's -WaitForRateLimit says.
        /// </summary>
        public bool MayNotWait { get; }

        /// <summary>The same call with another cancellation (a pager's own token).</summary>
        public CfCall WithCancellation(CancellationToken cancellation) => new CfCall(Observer, cancellation, Command, MayNotWait);
    }
}
