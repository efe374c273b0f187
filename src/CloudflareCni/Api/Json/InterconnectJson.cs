using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudflareCni.Api;

namespace CloudflareCni.Api.Json
{
    /// <summary>
    /// An interconnect as the API writes it: one of two shapes, read in one pass with the fields of both, and told apart
    /// by the fields present (facility, site and slot_id mean physical; region means a GCP partner), never by the
    /// free-form "type".
    /// </summary>
    internal sealed class InterconnectJson : IJsonPayload
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("owner")]
        public string? Owner { get; set; }

        [JsonPropertyName("speed")]
        public string? Speed { get; set; }

        [JsonPropertyName("site")]
        public string? Site { get; set; }

        [JsonPropertyName("slot_id")]
        public string? SlotId { get; set; }

        [JsonPropertyName("facility")]
        public FacilityJson? Facility { get; set; }

        [JsonPropertyName("region")]
        public string? Region { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public Interconnect ToModel()
        {
            Interconnect model;
            if (Facility != null || Site != null || SlotId != null)
            {
                model = new PhysicalInterconnect();
            }
            else if (Region != null)
            {
                model = new GcpPartnerInterconnect();
            }
            else
            {
                throw new JsonException(
                    "The interconnect has neither the fields of a physical interconnect (facility, site, slot_id) nor those of a GCP partner interconnect (region)" +
                    (Unknown is null ? "." : "; it has " + string.Join(", ", Unknown.Keys) + "."));
            }

            model.Name = Name;
            model.Account = Account;
            model.Type = Type;
            model.Owner = Owner;
            model.Speed = Speed;
            model.Site = Site;
            model.SlotId = SlotId;
            model.FacilityName = Facility?.Name;
            model.FacilityAddress = Facility is null ? null : new CfList<string>(Facility.Address ?? new List<string>());
            model.Region = Region;
            model.KeepUnknown(CfObject.TopLevel, Unknown);
            model.KeepUnknown(FacilityJson.Part, Facility?.Unknown);
            return model;
        }
    }

    /// <summary>The colocation facility of a slot or a physical interconnect.</summary>
    internal sealed class FacilityJson
    {
        public const string Part = "facility";

        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName("address")]
        public List<string>? Address { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    /// <summary>POST /interconnects body for a physical interconnect.</summary>
    internal sealed class InterconnectNewPhysicalBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("slot_id")]
        public string SlotId { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("speed")]
        public string? Speed { get; set; }
    }

    /// <summary>POST /interconnects body for a GCP partner interconnect.</summary>
    internal sealed class InterconnectNewGcpPartnerBody
    {
        [JsonPropertyName("account")]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName("bandwidth")]
        public string Bandwidth { get; set; } = string.Empty;

        [JsonPropertyName("pairing_key")]
        public string PairingKey { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;
    }
}
