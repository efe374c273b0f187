namespace CloudflareCni
{
    /// <summary>The link states the API reports; the values -State of Wait-CfInterconnect takes.</summary>
    public enum InterconnectState
    {
        Pending,
        Down,
        Unhealthy,
        Healthy,
    }

    /// <summary>The link status of one interconnect.</summary>
    public sealed class InterconnectStatus : CfObject
    {
        /// <summary>The interconnect this status belongs to. Not sent by the API; filled in by the module.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>
        /// The state as the API wrote it: Pending, Down, Unhealthy or Healthy (see <see cref="InterconnectState"/>), or a
        /// state added to the API later, shown as it came. Text, so that it reads the same in JSON and CSV.
        /// </summary>
        public string State { get; set; } = string.Empty;

        /// <summary>Diagnostic text the API may give for Down and Unhealthy.</summary>
        public string? Reason { get; set; }

        /// <summary>True when the state is the given one.</summary>
        public bool Is(InterconnectState state) => string.Equals(State, state.ToString(), System.StringComparison.Ordinal);

        public override string ToString() => Reason is null ? State : State + ": " + Reason;
    }
}
