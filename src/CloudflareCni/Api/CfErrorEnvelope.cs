using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>Cloudflare's v4 envelope, read only for its errors and messages.</summary>
    internal sealed class CfErrorEnvelope
    {
        [JsonPropertyName("success")]
        public bool? Success { get; set; }

        [JsonPropertyName("errors")]
        public List<CfApiError>? Errors { get; set; }

        [JsonPropertyName("messages")]
        public List<CfApiError>? Messages { get; set; }
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = Json.CfJson.Ignore, NumberHandling = Json.CfJson.Numbers)]
    [JsonSerializable(typeof(CfErrorEnvelope))]
    internal sealed partial class CfErrorEnvelopeContext : JsonSerializerContext
    {
    }
}
