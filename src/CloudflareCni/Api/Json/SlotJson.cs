using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>A slot as the API writes it.</summary>
    internal sealed class SlotJson : IJsonPayload
    {
        [JsonPropertyName(Names.Id)]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName(Names.Site)]
        public string Site { get; set; } = string.Empty;

        [JsonPropertyName(Names.Speed)]
        public string Speed { get; set; } = string.Empty;

        [JsonPropertyName(Names.Occupied)]
        public bool Occupied { get; set; }

        [JsonPropertyName(Names.Facility)]
        public FacilityJson Facility { get; set; } = new FacilityJson();

        /// <summary>The account that occupies the slot, when one does.</summary>
        [JsonPropertyName(Names.Account)]
        public string? Account { get; set; }

        /// <summary>The Cloudflare router the slot's port is on.</summary>
        [JsonPropertyName(Names.CcrDeviceName)]
        public string? CcrDeviceName { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        public CniSlot ToModel()
        {
            if (string.IsNullOrEmpty(Id) || Facility is null)
            {
                // A slot without its id cannot be addressed, and one without its facility says nothing of where it is.
                throw new JsonException($"The slot has no {(string.IsNullOrEmpty(Id) ? Names.Id : Names.Facility)}.");
            }

            var slot = new CniSlot
            {
                Id = Id,
                Site = Site,
                Speed = Speed,
                Occupied = Occupied,
                FacilityName = Facility.Name,
                FacilityAddress = new CfList<string>(Facility.Address ?? new List<string>()),
                OccupiedBy = Account,
                CcrDeviceName = CcrDeviceName,
            };
            slot.KeepUnknown(CfObject.TopLevel, Unknown);
            slot.KeepUnknown(Names.Facility, Facility.Unknown);
            return slot;
        }

        internal static class Names
        {
            public const string Id = "id";
            public const string Site = "site";
            public const string Speed = "speed";
            public const string Occupied = "occupied";
            public const string Facility = "facility";
            public const string Account = "account";
            public const string CcrDeviceName = InterconnectJson.Names.CcrDeviceName;
        }
    }

    /// <summary>The colocation facility of a slot, and of a physical interconnect on it.</summary>
    internal sealed class FacilityJson
    {
        [JsonPropertyName(Names.Name)]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName(Names.Address)]
        public List<string>? Address { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }

        internal static class Names
        {
            public const string Name = "name";
            public const string Address = "address";
        }
    }

    /// <summary>Filters of GET /slots.</summary>
    internal sealed class SlotListParams
    {
        public string? AddressContains { get; set; }

        public bool? Occupied { get; set; }

        public string? Site { get; set; }

        public string? Speed { get; set; }

        public IEnumerable<KeyValuePair<string, string?>> ToQuery() => new[]
        {
            CfRequest.Param(Names.AddressContains, AddressContains),
            CfRequest.Param(Names.Occupied, Occupied),
            CfRequest.Param(Names.Site, Site),
            CfRequest.Param(Names.Speed, Speed),
        };

        internal static class Names
        {
            public const string AddressContains = "address_contains";
            public const string Occupied = SlotJson.Names.Occupied;
            public const string Site = SlotJson.Names.Site;
            public const string Speed = SlotJson.Names.Speed;
        }
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = CfJson.Ignore, NumberHandling = CfJson.Numbers)]
    [JsonSerializable(typeof(SlotJson))]
    [JsonSerializable(typeof(ListResponse<SlotJson>))]
    internal sealed partial class SlotJsonContext : JsonSerializerContext
    {
    }
}
