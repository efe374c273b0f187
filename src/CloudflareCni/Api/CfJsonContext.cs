using System.Text.Json.Serialization;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Api
{
    /// <summary>Source-generated JSON metadata: no reflection-based serialization at run time.</summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict)]
    [JsonSerializable(typeof(InterconnectJson))]
    [JsonSerializable(typeof(ListResponse<InterconnectJson>))]
    [JsonSerializable(typeof(StatusJson))]
    [JsonSerializable(typeof(CniJson))]
    [JsonSerializable(typeof(ListResponse<CniJson>))]
    [JsonSerializable(typeof(SlotJson))]
    [JsonSerializable(typeof(ListResponse<SlotJson>))]
    [JsonSerializable(typeof(SettingsJson))]
    [JsonSerializable(typeof(InterconnectNewPhysicalBody))]
    [JsonSerializable(typeof(InterconnectNewGcpPartnerBody))]
    [JsonSerializable(typeof(CniNewBody))]
    [JsonSerializable(typeof(CniSettingsUpdateBody))]
    [JsonSerializable(typeof(CfErrorEnvelope))]
    internal sealed partial class CfJsonContext : JsonSerializerContext
    {
    }
}
