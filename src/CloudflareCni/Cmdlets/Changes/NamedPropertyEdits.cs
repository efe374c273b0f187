using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// -Property: only the properties it names change (whatever else the piped object shows), each one named is a change,
    /// and a name the piped object does not have is refused before any request. Names may be fields the module does not
    /// model, which the object must show.
    /// </summary>
    internal sealed class NamedPropertyEdits<T> : PipedEdits<T>
        where T : CfObject
    {
        private readonly string[] names;
        private readonly PSObject input;
        private readonly bool fromText;
        private readonly string item;
        private readonly string command;
        private readonly string noun;
        private readonly ChangeableFields<T> fields;
        private readonly List<string> unmodelled = new List<string>();

        /// <param name="fromText">The object is a row whose cells are text, whatever the field holds.</param>
        /// <param name="command">The Set cmdlet, such as Set-CfCni.</param>
        /// <param name="noun">What it changes, such as CNI.</param>
        /// <param name="id">The id of the one this input changes.</param>
        public NamedPropertyEdits(string[] names, PSObject input, ChangeableFields<T> fields, bool fromText, string command, string noun, string id)
        {
            this.names = names;
            this.input = input;
            this.fromText = fromText;
            this.command = command;
            this.noun = noun;
            this.fields = fields;
            item = noun + " " + id;
        }

        /// <summary>
        /// The names that are no property the cmdlet can change: fields the module does not model, which the piped object
        /// must show. Checked before the object is read, so a misspelt name sends nothing.
        /// </summary>
        public override void BeforeRead()
        {
            foreach (string name in names)
            {
                if (fields.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (input.Properties[name] is null)
                {
                    throw new CfValidationException(
                        "Property",
                        CfErrors.UnknownProperty,
                        $"-Property names {Api.DiagnosticText.Quote(name)}, which the piped {Api.DiagnosticText.Escape(input.TypeNames[0])} does not have. {command} changes {string.Join(", ", fields.Names)}, " +
                        $"and the fields the module does not model that the {noun} shows as properties. Nothing was sent for {item}.");
                }

                unmodelled.Add(name);
            }
        }

        public override bool IsChange(ChangeableField<T> field, object? value) => Named(field);

        public override void NotBound(ChangeableField<T> field)
        {
            if (Named(field))
            {
                throw new CfValidationException(
                    "Property", CfErrors.UnknownProperty, $"-Property names {field.Name}, but the piped {Api.DiagnosticText.Escape(input.TypeNames[0])} has no {field.Name} property to take. Nothing was sent for {item}.");
            }
        }

        /// <summary>
        /// The named fields the module does not model, with the piped object's values. Each must be a field the object has
        /// now: one it does not have cannot be added, since the module does not know where it belongs.
        /// </summary>
        public override IEnumerable<FieldEdit<T>> Unmodelled(T current)
        {
            IReadOnlyList<AdditionalField> fields = AdditionalFields.For(current);
            foreach (string name in unmodelled)
            {
                AdditionalField field = fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new CfValidationException(
                        "Property",
                        CfErrors.UnknownProperty,
                        $"-Property names {Api.DiagnosticText.Quote(name)}, but {item} has no such field now" +
                        (fields.Count == 0 ? "." : $" (the fields it has that the module does not model: {Api.DiagnosticText.Escape(string.Join(", ", fields.Select(f => f.Name)))}).") +
                        " Nothing was sent for it.");
                object? shown = input.Properties[name].Value;
                object? raw = shown is PSObject wrapped ? wrapped.BaseObject : shown;
                JsonElement value = fromText && raw is string text && field.Json.ValueKind != JsonValueKind.String ? UnmodelledEdits.FromCell(field, text) : AdditionalFields.ToJson(shown);
                yield return new FieldEdit<T>(field, value);
            }
        }

        private bool Named(ChangeableField<T> field) => names.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
    }
}
