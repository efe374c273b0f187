using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api
{
    /// <summary>
    /// Reads the interconnect union by the fields it carries (facility, slot_id and site mean physical; region means
    /// a GCP partner), never by the free-form "type" string, which the API does not constrain.
    /// </summary>
    internal sealed class InterconnectJsonConverter : JsonConverter<Interconnect>
    {
        public override Interconnect Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"Expected an interconnect object but found a JSON {root.ValueKind}.");
            }

            Interconnect? result;
            if (root.TryGetProperty("facility", out _) || root.TryGetProperty("slot_id", out _) || root.TryGetProperty("site", out _))
            {
                result = root.Deserialize(CfJsonContext.Default.PhysicalInterconnect);
            }
            else if (root.TryGetProperty("region", out _))
            {
                result = root.Deserialize(CfJsonContext.Default.GcpPartnerInterconnect);
            }
            else
            {
                throw new JsonException(
                    "The interconnect has neither the fields of a physical interconnect (facility, site, slot_id) nor those of a GCP partner interconnect (region).");
            }

            return result ?? throw new JsonException("The interconnect object was null.");
        }

        public override void Write(Utf8JsonWriter writer, Interconnect value, JsonSerializerOptions options)
        {
            switch (value)
            {
                case PhysicalInterconnect physical:
                    JsonSerializer.Serialize(writer, physical, CfJsonContext.Default.PhysicalInterconnect);
                    break;
                case GcpPartnerInterconnect partner:
                    JsonSerializer.Serialize(writer, partner, CfJsonContext.Default.GcpPartnerInterconnect);
                    break;
                default:
                    throw new JsonException($"Cannot write an interconnect of type {value.GetType().FullName}.");
            }
        }
    }
}
