using System.Globalization;

namespace CloudflareCni
{
    /// <summary>A fault queued in the sandbox by Add-CfSandboxFault, as Get-CfSandboxFault writes it.</summary>
    public sealed class CfSandboxFault
    {
        internal CfSandboxFault()
        {
        }

        /// <summary>What goes wrong: TooManyRequests, ServerError, Unauthorized, Forbidden, Stall, ConnectionReset, NonJson, TruncatedJson, EmptyBody or CommitThenFail.</summary>
        public string Kind { get; internal set; } = string.Empty;

        /// <summary>The status answered; 0 for Stall and ConnectionReset, which give no answer.</summary>
        public int StatusCode { get; internal set; }

        /// <summary>The Retry-After seconds of a TooManyRequests answer; null for the other kinds.</summary>
        public int? RetryAfterSec { get; internal set; }

        /// <summary>Only requests with this method are hit; null for any.</summary>
        public string? Method { get; internal set; }

        /// <summary>Only requests whose path matches this wildcard pattern are hit; null for any.</summary>
        public string? Path { get; internal set; }

        /// <summary>Only requests sent by this cmdlet are hit; null for any.</summary>
        public string? Command { get; internal set; }

        /// <summary>How many more matching requests it will hit.</summary>
        public int Remaining { get; internal set; }

        public override string ToString() =>
            Kind + (StatusCode != 0 ? " " + StatusCode.ToString(CultureInfo.InvariantCulture) : string.Empty) + " x" + Remaining.ToString(CultureInfo.InvariantCulture);
    }
}
