using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Changes to the fields the module does not model, as a piped object shows them.</summary>
    internal static class UnmodelledEdits
    {
        /// <summary>
        /// The unmodelled fields of <paramref name="reference"/> whose value the piped object shows differently.
        /// <paramref name="fromText"/>: the object is a row such as Import-Csv's, whose cells are text whatever the field
        /// holds, so a cell is read back as the JSON type the field has now.
        /// </summary>
        public static IEnumerable<FieldEdit<T>> Differences<T>(T reference, PSObject input, bool fromText)
            where T : CfObject
        {
            foreach (AdditionalField field in AdditionalFields.For(reference))
            {
                PSPropertyInfo? shown = input.Properties[field.Name];
                if (shown is null)
                {
                    continue;
                }

                object? raw = shown.Value is PSObject wrapped ? wrapped.BaseObject : shown.Value;
                JsonElement value;
                if (fromText && raw is string text && field.Json.ValueKind != JsonValueKind.String)
                {
                    if (text.Trim().Length == 0 || SameText(text, field.Value))
                    {
                        continue;
                    }

                    value = FromCell(field, text);
                }
                else
                {
                    value = AdditionalFields.ToJson(shown.Value);
                }

                if (!AdditionalFields.SameJson(value, field.Json))
                {
                    yield return new FieldEdit<T>(field, value);
                }
            }
        }

        /// <summary>An edited cell as the JSON type of the field it stands for; a cell that cannot be read so is refused.</summary>
        public static JsonElement FromCell(AdditionalField field, string text)
        {
            string trimmed = text.Trim();
            switch (field.Json.ValueKind)
            {
                case JsonValueKind.Number when double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                case JsonValueKind.True when bool.TryParse(trimmed, out _):
                case JsonValueKind.False when bool.TryParse(trimmed, out _):
                    return ParseJson(trimmed.ToLowerInvariant())!.Value;
            }

            if (ParseJson(trimmed) is JsonElement json)
            {
                return json;
            }

            throw new CfValidationException(
                field.Name,
                CfErrors.InvalidPipedValue,
                $"The piped field {Api.DiagnosticText.Escape(field.Name)} is {Api.DiagnosticText.Quote(text)}, which cannot stand for the {field.Json.ValueKind.ToString().ToLowerInvariant()} it holds now ({Api.DiagnosticText.Escape(field.Json.GetRawText())}). Write it as JSON, or leave the cell empty to keep it.");
        }

        /// <summary>True when the cell shows the value as Export-Csv or ConvertTo-Csv write it.</summary>
        private static bool SameText(string text, object? value) =>
            value != null &&
            (text == Convert.ToString(value, CultureInfo.InvariantCulture) ||
             text == PSObject.AsPSObject(value).ToString() ||
             text == LanguagePrimitives.ConvertTo<string>(value));

        private static JsonElement? ParseJson(string text)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(text))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
