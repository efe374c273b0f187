using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudflareCni.Api;

namespace CloudflareCni.Api.Json
{
    /// <summary>A slot as the API writes it.</summary>
    internal sealed class SlotJson : IJsonPayload
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName("site")]
        public string Site { get; set; } = string.Empty;

        [JsonPropertyName("speed")]
        public string Speed { get; set; } = string.Empty;

        [JsonPropertyName("occupied")]
        public bool Occupied { get; set; }

        [JsonPropertyName("facility")]
        public FacilityJson Facility { get; set; } = new FacilityJson();

        [JsonPropertyName("account")]
        public string? Account { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public CniSlot ToModel()
        {
            var slot = new CniSlot
            {
                Id = Id,
                Site = Site,
                Speed = Speed,
                Occupied = Occupied,
                FacilityName = Facility.Name,
                FacilityAddress = new CfList<string>(Facility.Address ?? new List<string>()),
                OccupiedBy = Account,
            };
            slot.KeepUnknown(CfObject.TopLevel, Unknown);
            slot.KeepUnknown(FacilityJson.Part, Facility.Unknown);
            return slot;
        }
    }

    /// <summary>The link status of an interconnect.</summary>
    internal sealed class StatusJson : IJsonPayload
    {
        [JsonPropertyName("state")]
        public string? State { get; set; }

        [JsonPropertyName("reason")]
        public string? Reason { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public InterconnectStatus ToModel(string name)
        {
            if (string.IsNullOrEmpty(State))
            {
                throw new JsonException("The status has no state.");
            }

            var status = new InterconnectStatus { Name = name, State = State!, Reason = Reason };
            status.KeepUnknown(CfObject.TopLevel, Unknown);
            return status;
        }
    }

    /// <summary>The account's CNI settings (GET and PUT /settings).</summary>
    internal sealed class SettingsJson : IJsonPayload
    {
        [JsonPropertyName("default_asn")]
        public long DefaultAsn { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public CniSettings ToModel()
        {
            var settings = new CniSettings { DefaultAsn = DefaultAsn };
            settings.KeepUnknown(CfObject.TopLevel, Unknown);
            return settings;
        }
    }

    /// <summary>PUT /settings body.</summary>
    internal sealed class CniSettingsUpdateBody
    {
        [JsonPropertyName("default_asn")]
        public long DefaultAsn { get; set; }
    }
}
