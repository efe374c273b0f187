using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>The link states the API reports; Unknown stands for a state this version of the module does not know.</summary>
    public enum InterconnectState
    {
        Pending,
        Down,
        Unhealthy,
        Healthy,
        Unknown,
    }

    /// <summary>The link status of one interconnect.</summary>
    public sealed class InterconnectStatus : CfObject, IJsonOnDeserialized
    {
        /// <summary>The interconnect this status belongs to. Not sent by the API; filled in by the module.</summary>
        [JsonIgnore]
        public string Name { get; set; } = string.Empty;

        /// <summary>The state as the API wrote it, kept as text so that a state added later still shows.</summary>
        [JsonPropertyName("state")]
        public string StateText { get; set; } = string.Empty;

        /// <summary>The state, or Unknown for one the module does not know (StateText has it).</summary>
        [JsonIgnore]
        public InterconnectState State =>
            StateText.Length > 0 && char.IsLetter(StateText[0]) &&
            Enum.TryParse(StateText, ignoreCase: false, out InterconnectState state) && state != InterconnectState.Unknown
                ? state
                : InterconnectState.Unknown;

        /// <summary>Diagnostic text the API may give for Down and Unhealthy.</summary>
        [JsonPropertyName("reason")]
        public string? Reason { get; set; }

        void IJsonOnDeserialized.OnDeserialized()
        {
            if (string.IsNullOrEmpty(StateText))
            {
                throw new JsonException("The status has no state.");
            }
        }

        public override string ToString() => Reason is null ? StateText : StateText + ": " + Reason;
    }
}
