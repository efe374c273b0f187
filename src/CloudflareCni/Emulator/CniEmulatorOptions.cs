using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// Settings of a <see cref="CniEmulator"/>. They are read on every request, so a test may change them at any time
    /// (the Extra*Fields are applied when an object is created or, for slots, copied into an account).
    /// </summary>
    internal sealed class CniEmulatorOptions
    {
        /// <summary>Prefix of every route; routes are <c>{BasePath}/accounts/{account_id}/cni/...</c>. Default <c>/client/v4</c>.</summary>
        public string BasePath { get; set; } = "/client/v4";

        /// <summary>Page size when the request has no <c>limit</c>. Default 20.</summary>
        public int DefaultPageSize { get; set; } = 20;

        /// <summary>Larger <c>limit</c> values are clamped to this. Default 1000.</summary>
        public int MaxPageSize { get; set; } = 1000;

        /// <summary>
        /// False (default): success bodies are bare, as the seed documents show.
        /// True: success bodies are wrapped as <c>{"result":...,"success":true,"errors":[],"messages":[]}</c>
        /// (a DELETE then answers <c>"result":null</c>). Error bodies always use the envelope.
        /// </summary>
        public bool UseEnvelope { get; set; }

        /// <summary>False (default): the last page has no <c>next</c>. True: it has <c>"next": null</c>.</summary>
        public bool EndOfListAsNull { get; set; }

        /// <summary>
        /// Null (default): any non-empty bearer token, or any non-empty X-Auth-Email + X-Auth-Key pair, is accepted.
        /// Otherwise only <c>Authorization: Bearer {ExpectedToken}</c> is.
        /// </summary>
        public string? ExpectedToken { get; set; }

        /// <summary>Accounts answered 403 (error code 10001) on every route.</summary>
        public ISet<string> ForbiddenAccountIds { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>A new interconnect reports <c>Pending</c> for this many status reads, then <c>Healthy</c>. Default 2.</summary>
        public int PendingStatusReads { get; set; } = 2;

        /// <summary>The <c>default_asn</c> an account's settings start with. Default 65000.</summary>
        public long InitialDefaultAsn { get; set; } = 65000;

        /// <summary>Seed for generated ids and names (CNI ids, interconnect names, slot ids); null = not reproducible.</summary>
        public int? IdSeed { get; set; }

        /// <summary>Fields added to every interconnect when created (existing fields win), e.g. <c>{"ccr_device_name":"..."}</c>.</summary>
        public JsonObject? ExtraInterconnectFields { get; set; }

        /// <summary>Fields added to every CNI when created (existing fields win), e.g. <c>{"bgp_mode":"advertise_only"}</c>.</summary>
        public JsonObject? ExtraCniFields { get; set; }

        /// <summary>Fields added to every slot when seeded into an account (existing fields win).</summary>
        public JsonObject? ExtraSlotFields { get; set; }
    }
}
