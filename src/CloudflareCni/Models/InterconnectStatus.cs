using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>The link states the API reports.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<InterconnectState>))]
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
        [JsonIgnore]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName("state")]
        public InterconnectState State { get; set; }

        /// <summary>Diagnostic text the API may give for Down and Unhealthy.</summary>
        [JsonPropertyName("reason")]
        public string? Reason { get; set; }

        public override string ToString() => Reason is null ? State.ToString() : State + ": " + Reason;
    }
}
