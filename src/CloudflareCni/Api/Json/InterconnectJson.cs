using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>
    /// An interconnect as the API writes it: one of the shapes the published schema tells apart by <c>type</c> (its
    /// discriminator), read in one pass with the fields of all of them. <see cref="ToModel"/> classifies it by the
    /// published type first, then by the fields present, and otherwise as another kind, which keeps all its fields: an
    /// interconnect of a kind Cloudflare adds later is still listed, never an error.
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

        /// <summary>Required on both published kinds (a UUID).</summary>
        [JsonPropertyName(Names.VirtualPortReservationId)]
        public string? VirtualPortReservationId { get; set; }

        /// <summary>The Cloudflare router the port is on; physical interconnects only.</summary>
        [JsonPropertyName(Names.CcrDeviceName)]
        public string? CcrDeviceName { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        /// <summary>The kind: the published type's, else the fields' (a slot's fields are physical, a region is GCP's), else another kind.</summary>
        internal string Kind =>
            Type == InterconnectTypes.Direct ? InterconnectKinds.Physical
            : Type == InterconnectTypes.GcpPartner ? InterconnectKinds.GcpPartner
            : Facility != null || Site != null || SlotId != null ? InterconnectKinds.Physical
            : Region != null ? InterconnectKinds.GcpPartner
            : InterconnectKinds.Other;

        public Interconnect ToModel()
        {
            if (string.IsNullOrEmpty(Name))
            {
                // Without its name an interconnect cannot be addressed: not one the module can hand out.
                throw new JsonException($"The interconnect has no {Names.Name}.");
            }

            string kind = Kind;
            Interconnect model = kind == InterconnectKinds.Physical ? new PhysicalInterconnect()
                : kind == InterconnectKinds.GcpPartner ? new GcpPartnerInterconnect()
                : (Interconnect)new OtherInterconnect();
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
            model.VirtualPortReservationId = VirtualPortReservationId;
            model.CcrDeviceName = CcrDeviceName;
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
            public const string VirtualPortReservationId = "virtual_port_reservation_id";
            public const string CcrDeviceName = "ccr_device_name";
        }
    }

    /// <summary>
    /// The values of <c>type</c> the published schema maps to a shape (its discriminator): <see cref="Direct"/> for a
    /// physical interconnect on a slot, <see cref="GcpPartner"/> for a Google Cloud partner one.
    /// </summary>
    internal static class InterconnectTypes
    {
        public const string Direct = "direct";
        public const string GcpPartner = "gcp_partner";

        /// <summary>The published types, as Tab offers them first.</summary>
        public static readonly string[] Published = { Direct, GcpPartner };

        /// <summary>The API's spelling of a published type given in any case; other text as it was given.</summary>
        public static string Canonical(string type)
        {
            foreach (string published in Published)
            {
                if (string.Equals(published, type, System.StringComparison.OrdinalIgnoreCase))
                {
                    return published;
                }
            }

            return type;
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

    /// <summary>The link states the published schema lists (<see cref="InterconnectState"/>); the API may add others, which pass through as text.</summary>
    internal static class InterconnectStates
    {
        public static readonly string[] Published = System.Array.ConvertAll((InterconnectState[])System.Enum.GetValues(typeof(InterconnectState)), state => state.ToString());

        /// <summary>The API's spelling of a published state given in any case, or null when it is not one.</summary>
        public static string? Canonical(string state) =>
            System.Array.Find(Published, known => string.Equals(known, state, System.StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The name a Letter of Authorization is made out to when none is asked for (GET /interconnects/{name}/loa/default).</summary>
    internal sealed class LoaDefaultNameJson : IJsonPayload
    {
        [JsonPropertyName(Names.Name)]
        public string? Name { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public InterconnectLoaName ToModel(string interconnect, string account)
        {
            if (Name is null)
            {
                throw new JsonException($"The answer has no {Names.Name}.");
            }

            var model = new InterconnectLoaName { Name = interconnect, CustomerName = Name, Account = account };
            model.KeepUnknown(CfObject.TopLevel, Unknown);
            return model;
        }

        internal static class Names
        {
            public const string Name = "name";
        }
    }

    /// <summary>The query of GET /interconnects/{name}/loa.</summary>
    internal static class LoaQuery
    {
        /// <summary>The name to print on the LOA instead of the account's (at most 200 characters).</summary>
        public const string Name = "name";
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
    [JsonSerializable(typeof(LoaDefaultNameJson))]
    [JsonSerializable(typeof(InterconnectNewPhysicalBody))]
    [JsonSerializable(typeof(InterconnectNewGcpPartnerBody))]
    internal sealed partial class InterconnectJsonContext : JsonSerializerContext
    {
    }
}
