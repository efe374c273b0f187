using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>The account's CNI settings (GET and PUT /settings).</summary>
    internal sealed class SettingsJson : IJsonPayload
    {
        [JsonPropertyName(Names.DefaultAsn)]
        public long DefaultAsn { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public CniSettings ToModel()
        {
            var settings = new CniSettings { DefaultAsn = DefaultAsn };
            settings.KeepUnknown(CfObject.TopLevel, Unknown);
            return settings;
        }

        internal static class Names
        {
            public const string DefaultAsn = "default_asn";
        }
    }

    /// <summary>PUT /settings body.</summary>
    internal sealed class CniSettingsUpdateBody
    {
        [JsonPropertyName(SettingsJson.Names.DefaultAsn)]
        public long DefaultAsn { get; set; }
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = CfJson.Ignore, NumberHandling = CfJson.Numbers)]
    [JsonSerializable(typeof(SettingsJson))]
    [JsonSerializable(typeof(CniSettingsUpdateBody))]
    internal sealed partial class SettingsJsonContext : JsonSerializerContext
    {
    }
}
