using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>
    /// An interconnect as the API writes it: one of two shapes, read in one pass with the fields of both, and told apart
    /// by the fields present (facility, site and slot_id mean physical; region means a GCP partner), never by the
    /// free-form "type".
    /// </summary>
    internal sealed class InterconnectJson : IJsonPayload
    {
        [JsonPropertyName(Names.Account)]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName(Names.Name)]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName(Names.Type)]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName(Names.Owner)]
        public string? Owner { get; set; }

        [JsonPropertyName(Names.Speed)]
        public string? Speed { get; set; }

        [JsonPropertyName(Names.Site)]
        public string? Site { get; set; }

        [JsonPropertyName(Names.SlotId)]
        public string? SlotId { get; set; }

        [JsonPropertyName(Names.Facility)]
        public FacilityJson? Facility { get; set; }

        [JsonPropertyName(Names.Region)]
        public string? Region { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        /// <summary>True for the physical shape: the fields of a slot.</summary>
        internal bool IsPhysical => Facility != null || Site != null || SlotId != null;

        public Interconnect ToModel()
        {
            Interconnect model;
            if (IsPhysical)
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
                    $"The interconnect has neither the fields of a physical interconnect ({Names.Facility}, {Names.Site}, {Names.SlotId}) nor those of a GCP partner interconnect ({Names.Region})" +
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
            model.KeepUnknown(Names.Facility, Facility?.Unknown);
            return model;
        }

        /// <summary>The API's names of the fields, each written once.</summary>
        internal static class Names
        {
            public const string Account = "account";
            public const string Name = "name";
            public const string Type = "type";
            public const string Owner = "owner";
            public const string Speed = "speed";
            public const string Site = "site";
            public const string SlotId = "slot_id";
            public const string Facility = "facility";
            public const string Region = "region";
        }
    }

    /// <summary>The link status of an interconnect (GET /interconnects/{name}/status).</summary>
    internal sealed class StatusJson : IJsonPayload
    {
        [JsonPropertyName(Names.State)]
        public string? State { get; set; }

        [JsonPropertyName(Names.Reason)]
        public string? Reason { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public InterconnectStatus ToModel(string name)
        {
            if (string.IsNullOrEmpty(State))
            {
                throw new JsonException($"The status has no {Names.State}.");
            }

            var status = new InterconnectStatus { Name = name, State = State!, Reason = Reason };
            status.KeepUnknown(CfObject.TopLevel, Unknown);
            return status;
        }

        internal static class Names
        {
            public const string State = "state";
            public const string Reason = "reason";
        }
    }

    /// <summary>POST /interconnects body for a physical interconnect.</summary>
    internal sealed class InterconnectNewPhysicalBody
    {
        [JsonPropertyName(InterconnectJson.Names.Account)]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName(InterconnectJson.Names.SlotId)]
        public string SlotId { get; set; } = string.Empty;

        [JsonPropertyName(InterconnectJson.Names.Type)]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName(InterconnectJson.Names.Speed)]
        public string? Speed { get; set; }
    }

    /// <summary>POST /interconnects body for a GCP partner interconnect.</summary>
    internal sealed class InterconnectNewGcpPartnerBody
    {
        [JsonPropertyName(InterconnectJson.Names.Account)]
        public string Account { get; set; } = string.Empty;

        [JsonPropertyName(Names.Bandwidth)]
        public string Bandwidth { get; set; } = string.Empty;

        [JsonPropertyName(Names.PairingKey)]
        public string PairingKey { get; set; } = string.Empty;

        [JsonPropertyName(InterconnectJson.Names.Type)]
        public string Type { get; set; } = string.Empty;

        /// <summary>The fields only this body has.</summary>
        internal static class Names
        {
            public const string Bandwidth = "bandwidth";
            public const string PairingKey = "pairing_key";
        }
    }

    /// <summary>Filters of GET /interconnects.</summary>
    internal sealed class InterconnectListParams
    {
        public string? Site { get; set; }

        public string? Type { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param(Names.Site, Site),
            CfRequest.Param(Names.Type, Type),
        };

        internal static class Names
        {
            public const string Site = InterconnectJson.Names.Site;
            public const string Type = InterconnectJson.Names.Type;
        }
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = CfJson.Ignore, NumberHandling = CfJson.Numbers)]
    [JsonSerializable(typeof(InterconnectJson))]
    [JsonSerializable(typeof(ListResponse<InterconnectJson>))]
    [JsonSerializable(typeof(StatusJson))]
    [JsonSerializable(typeof(InterconnectNewPhysicalBody))]
    [JsonSerializable(typeof(InterconnectNewGcpPartnerBody))]
    internal sealed partial class InterconnectJsonContext : JsonSerializerContext
    {
    }
}
