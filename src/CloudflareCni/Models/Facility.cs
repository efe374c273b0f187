using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>The colocation facility that hosts a slot or a physical interconnect.</summary>
    public sealed class Facility : CfObject
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName("address")]
        public string[] Address { get; set; } = new string[0];

        public override string ToString() => Name;
    }
}
