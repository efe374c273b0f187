using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace CloudflareCni
{
    /// <summary>
    /// Base of every object the API returns. It keeps the JSON fields this module does not know, so that they survive a
    /// read-modify-write and can be shown to the user as extra properties (by <see cref="CfObjectAdapter"/>).
    /// </summary>
    public abstract class CfObject
    {
        /// <summary>The top level of an object, as a part name of <see cref="Unknown"/>.</summary>
        internal const string TopLevel = "";

        private Dictionary<string, Dictionary<string, JsonElement>>? unknown;
        private IReadOnlyList<AdditionalField>? shown;

        /// <summary>
        /// The fields the module does not model, by the part of the object they came from (<see cref="TopLevel"/>, or a
        /// nested object such as "magic", "bgp" or "facility"), each in the order received. Null when there are none,
        /// as for most objects, so that they cost nothing.
        /// </summary>
        internal Dictionary<string, Dictionary<string, JsonElement>>? Unknown
        {
            get => unknown;
            private set
            {
                unknown = value;
                shown = null;
            }
        }

        /// <summary>
        /// The unknown fields as <see cref="CfObjectAdapter"/> shows them, made when PowerShell first asks and kept until
        /// a field changes, so that an edit inside a value (a nested object) stays on the object, as it would on a property.
        /// </summary>
        internal IReadOnlyList<AdditionalField> Shown
        {
            get
            {
                IReadOnlyList<AdditionalField>? fields = shown;
                if (fields is null)
                {
                    fields = AdditionalFields.For(this);
                    // Two threads may ask at once: both keep the first list, so an edit to one of its values is not lost.
                    fields = Interlocked.CompareExchange(ref shown, fields, null) ?? fields;
                }

                return fields;
            }
        }

        /// <summary>
        /// The JSON names of the fields the server sent that this version of the module does not model (a nested one as
        /// part.name, such as magic.ttl). Each shows as a property after the known ones, named in PascalCase
        /// (ccr_device_name as CcrDeviceName). A method, so that exports carry only the fields themselves.
        /// </summary>
        public string[] GetAdditionalFieldNames() => AdditionalFields.Names(this).ToArray();

        /// <summary>Keeps one part's unknown fields (as the JSON reader collected them); empty or null keeps nothing.</summary>
        internal void KeepUnknown(string part, Dictionary<string, JsonElement>? fields)
        {
            if (fields is null || fields.Count == 0)
            {
                return;
            }

            Unknown ??= new Dictionary<string, Dictionary<string, JsonElement>>();
            Unknown[part] = fields;
        }

        /// <summary>Sets (or, with null, removes) one unknown field, without touching the dictionaries another object shares.</summary>
        internal void SetUnknown(string part, string name, JsonElement? value)
        {
            var fields = new Dictionary<string, JsonElement>(UnknownIn(part) ?? new Dictionary<string, JsonElement>());
            if (value.HasValue)
            {
                fields[name] = value.Value;
            }
            else
            {
                fields.Remove(name);
            }

            Unknown = Unknown is null ? new Dictionary<string, Dictionary<string, JsonElement>>() : new Dictionary<string, Dictionary<string, JsonElement>>(Unknown);
            Unknown[part] = fields;
        }

        /// <summary>Shares another object's unknown fields; changes go through <see cref="SetUnknown"/>, which copies first.</summary>
        private protected void CopyUnknownFrom(CfObject other) =>
            Unknown = other.Unknown is null ? null : new Dictionary<string, Dictionary<string, JsonElement>>(other.Unknown);

        /// <summary>One part's unknown fields, for writing them back; null when there are none.</summary>
        internal Dictionary<string, JsonElement>? UnknownIn(string part) =>
            Unknown != null && Unknown.TryGetValue(part, out Dictionary<string, JsonElement>? fields) ? fields : null;
    }
}
