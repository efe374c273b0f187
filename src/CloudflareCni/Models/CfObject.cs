using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>
    /// Base of every object the API returns. It keeps the JSON fields this module does not know, so that
    /// they survive a read-modify-write and can be shown to the user as extra properties.
    /// </summary>
    public abstract class CfObject
    {
        // Internal so that PowerShell users see the unknown fields as note properties, not as raw JsonElements.
        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

        /// <summary>The names of the fields the server sent that this version of the module does not model.</summary>
        [JsonIgnore]
        public IReadOnlyCollection<string> AdditionalFieldNames =>
            ExtensionData is null ? (IReadOnlyCollection<string>)new string[0] : ExtensionData.Keys;

        internal IEnumerable<KeyValuePair<string, JsonElement>> AdditionalFields =>
            ExtensionData ?? (IEnumerable<KeyValuePair<string, JsonElement>>)new KeyValuePair<string, JsonElement>[0];

        /// <summary>The nested objects whose own unknown fields should be surfaced as well.</summary>
        internal virtual IEnumerable<CfObject> NestedObjects => new CfObject[0];
    }
}
