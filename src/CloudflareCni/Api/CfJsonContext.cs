using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>Source-generated JSON metadata: no reflection-based serialization at run time.</summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict)]
    [JsonSerializable(typeof(Interconnect))]
    [JsonSerializable(typeof(PhysicalInterconnect))]
    [JsonSerializable(typeof(GcpPartnerInterconnect))]
    [JsonSerializable(typeof(CfList<Interconnect>))]
    [JsonSerializable(typeof(InterconnectStatus))]
    [JsonSerializable(typeof(Cni))]
    [JsonSerializable(typeof(CfList<Cni>))]
    [JsonSerializable(typeof(CniSlot))]
    [JsonSerializable(typeof(CfList<CniSlot>))]
    [JsonSerializable(typeof(CniSettings))]
    [JsonSerializable(typeof(InterconnectNewPhysicalBody))]
    [JsonSerializable(typeof(InterconnectNewGcpPartnerBody))]
    [JsonSerializable(typeof(CniNewBody))]
    [JsonSerializable(typeof(CniSettingsUpdateBody))]
    [JsonSerializable(typeof(CfErrorEnvelope))]
    internal sealed partial class CfJsonContext : JsonSerializerContext
    {
    }
}
