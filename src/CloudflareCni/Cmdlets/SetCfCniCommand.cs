using CloudflareCni.Api;
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using CloudflareCni.Completion;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Changes a CNI by read-modify-write: it reads the CNI as it is now, applies only what the user changed, and writes
    /// the result, so that fields the module does not model and changes others made meanwhile are kept.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CfCni", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class SetCfCniCommand : CfApiCmdlet
    {
        private const string Takes = "CNI ids, CloudflareCni.Cni objects, or objects with an Id property and the fields to change, such as CSV rows";

        /// <summary>The fields a user can change, each with how to read, write, compare and show it.</summary>
        private static readonly Field[] Fields =
        {
            new Field(nameof(ConduitName), c => c.ConduitName, (c, v) => c.ConduitName = (string)v!),
            new Field(nameof(Description), c => c.Description, (c, v) => c.Description = (string?)v ?? string.Empty),
            new Field(nameof(Mtu), c => c.Mtu, (c, v) => c.Mtu = Convert.ToInt32(v, CultureInfo.InvariantCulture)),
            new Field(nameof(CustomerIp), c => c.CustomerIp, (c, v) => c.CustomerIp = (string)v!),
            new Field(nameof(CloudflareIp), c => c.CloudflareIp, (c, v) => c.CloudflareIp = (string)v!),
            new Field(nameof(CustomerAsn), c => c.CustomerAsn, (c, v) => c.CustomerAsn = v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            new Field(nameof(ExtraPrefix), c => c.ExtraPrefix, (c, v) => c.ExtraPrefix = v is null ? null : new CfList<string>(((IEnumerable)v).Cast<object>().Select(o => o.ToString()!))),
            new Field(nameof(Md5Key), c => c.Md5Key, (c, v) => c.Md5Key = (string?)v, secret: true),
        };

        private const string IdSet = "Id";

        /// <summary>The properties of a CNI that Set-CfCni can change, as -Property takes them.</summary>
        internal static IEnumerable<string> SettableNames => Fields.Select(known => known.Name);

        /// <summary>The CNI to change. Binds from the Id of a piped CNI or CSV row.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = PipelineInput.Set, ValueFromPipelineByPropertyName = true)]
        [TextInput(LowerCase = true)]
        [ValidateUuid]
        [ArgumentCompleter(typeof(CniIdCompleter))]
        public string? Id { get; set; }

        /// <summary>
        /// Each piped object: a CNI id, a CNI of this module (compared with how it was read, to find the fields the user
        /// edited), or a property bag such as a CSV row (each field it binds is a change).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineInput.Set, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText]
        public string? ConduitName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength, AllowEmpty = true)]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [NumberInput(typeof(int))]
        [ValidateRange(ModuleRules.MinMtu, ModuleRules.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer end of the link (A.B.C.D/N); must lie in the prefix of the Cloudflare end.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateCidr]
        public string? CustomerIp { get; set; }

        /// <summary>The Cloudflare end of the link (A.B.C.D/N), which the API calls p2p_ip.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateCidr]
        public string? CloudflareIp { get; set; }

        /// <summary>The customer's ASN; on a CNI without BGP it adds a session.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [NumberInput(typeof(long))]
        [ValidateBgpPeerAsn]
        public long? CustomerAsn { get; set; }

        /// <summary>Replaces the advertised prefixes: an array, or text with the prefixes joined by ';' (as in a CSV cell).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [ListInput]
        [ValidatePrefix]
        public string[]? ExtraPrefix { get; set; }

        /// <summary>The BGP session's new MD5 key; $null (or '') clears it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [EmptyTextIsNull]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        /// <summary>
        /// The properties of the piped object to apply: only these change (besides the parameters given), whatever else the
        /// object shows. Needed for a CNI that came through serialization (Import-Clixml, Start-Job), which no longer
        /// tells what was edited; with any other piped object it limits the change to the properties named.
        /// </summary>
        [Parameter(ParameterSetName = PipelineInput.Set)]
        [ValidateNotNullOrEmpty]
        [ValidateCniProperty]
        [ArgumentCompleter(typeof(CniPropertyCompleter))]
        public string[]? Property { get; set; }

        /// <summary>Removes the CNI's BGP session.</summary>
        [Parameter]
        public SwitchParameter RemoveBgp { get; set; }

        /// <summary>Writes the CNI as it is after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            if (!PipelineInput.Accept(this, InputObject, Takes, typeof(Cni)))
            {
                return;
            }

            IEnumerable<string> ids = PipelineInput.GivenIds(this, InputObject, Id is null ? null : new[] { Id });
            foreach (string id in ids)
            {
                ForItem(id, () => Change(id));
            }
        }

        private void Change(string id)
        {
            Cni? piped = InputObject?.BaseObject as Cni;
            bool deserialized = InputObject != null && piped is null && InputObject.TypeNames.Contains("Deserialized." + typeof(Cni).FullName);
            bool bag = InputObject != null && piped is null && !deserialized && !(InputObject.BaseObject is string);
            List<Edit> edits = RequestedEdits(piped, deserialized);
            if (InputObject is null && edits.Count == 0 && !RemoveBgp.IsPresent)
            {
                throw new CfValidationException(
                    nameof(Id), CfErrors.NothingToChange, "Set-CfCni needs at least one field to change, such as -Mtu or -Description, or -RemoveBgp.");
            }

            if (deserialized && Property is null && edits.Count == 0 && !RemoveBgp.IsPresent)
            {
                throw new CfValidationException(
                    nameof(InputObject),
                    CfErrors.DeserializedInput,
                    $"CNI {id} came through serialization (Import-Clixml, Start-Job, Invoke-Command), so it no longer carries the values it was read with, " +
                    "and Set-CfCni cannot tell which of its properties you edited. Nothing was sent for it. Name the edited properties: " +
                    $"... | Set-CfCni -Property Description (any of {string.Join(", ", SettableNames)}); or give the new values as parameters: " +
                    $"Set-CfCni -Id {id} -Description '...'; or pipe a CSV of the Id and only the changed columns: Import-Csv changes.csv | Set-CfCni.");
            }

            List<string> unmodelled = UnmodelledPropertiesNamed();
            Cni current = Await(new CniService(Executor).GetAsync(Account, id, Call));
            if (Property != null)
            {
                edits.AddRange(NamedUnknownFieldEdits(current, unmodelled, fromText: bag));
            }
            else if (bag)
            {
                edits.AddRange(UnknownFieldEdits(current, InputObject!, fromText: true));
            }

            Cni updated = current.Copy();
            foreach (Edit edit in edits)
            {
                if (piped?.AsRead != null && edit.ChangedOnServer(piped.AsRead, current))
                {
                    WriteVerbose(Api.DiagnosticText.Escape($"CNI {id}: {edit.Name} was changed on the server since it was read ({edit.Show(piped.AsRead)} → {edit.Show(current)}); your value {edit.ShowNew()} wins."));
                }

                edit.Apply(updated);
            }

            if (RemoveBgp.IsPresent)
            {
                if (edits.Any(e => e.Name == nameof(CustomerAsn) || e.Name == nameof(ExtraPrefix) || e.Name == nameof(Md5Key)))
                {
                    throw new CfValidationException(nameof(RemoveBgp), CfErrors.RemoveBgpConflict, "-RemoveBgp removes the BGP session; it cannot be combined with a change to -CustomerAsn, -ExtraPrefix or -Md5Key.");
                }

                updated.CustomerAsn = null;
                updated.ExtraPrefix = null;
                updated.Md5Key = null;
            }

            CheckRules(updated);
            List<string> changes = Differences(current, updated);
            string target = $"CNI {id} ({Api.DiagnosticText.Quote(current.ConduitName)} on interconnect {Api.DiagnosticText.Escape(current.Interconnect)})";
            if (changes.Count == 0)
            {
                WriteNotice($"{target} already has these values: nothing was sent.");
            }
            else if (ShouldChange(target, Api.DiagnosticText.Escape("Set " + string.Join("; ", changes))))
            {
                current = Await(new CniService(Executor).UpdateAsync(Account, updated, Call));
            }
            else
            {
                return;
            }

            if (PassThru.IsPresent)
            {
                WriteResult(current);
            }
        }

        /// <summary>
        /// The changes the user asked for. A parameter given on the command line is a change, always, even when the piped
        /// object already shows that value (the server may hold another by now); so is a property named by -Property. With
        /// -Property, nothing else the piped object shows is a change. Without it: a field bound from a piped CNI of this
        /// module is a change only where the object was edited since it was read; a CNI restored from a job or
        /// Import-Clixml has lost how it was read, so its fields change nothing (and Set-CfCni refuses it); from a CSV row
        /// or any other object, each field it binds is a change, except an empty cell, which leaves the field as it is.
        /// </summary>
        private List<Edit> RequestedEdits(Cni? piped, bool deserialized)
        {
            var edits = new List<Edit>();
            foreach (Field field in Fields)
            {
                bool named = Property != null && Property.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
                if (!MyInvocation.BoundParameters.TryGetValue(field.Name, out object? bound))
                {
                    if (named)
                    {
                        throw new CfValidationException(
                            nameof(Property), CfErrors.UnknownProperty, $"-Property names {field.Name}, but the piped {Api.DiagnosticText.Escape(InputObject!.TypeNames[0])} has no {field.Name} property to take. Nothing was sent for CNI {Id}.");
                    }

                    continue;
                }

                object? value = field.Normalize(bound);
                if (GivenOnCommandLine(field.Name) || named)
                {
                    edits.Add(new Edit(field, value));
                }
                else if (Property != null)
                {
                    continue;
                }
                else if (piped?.AsRead != null)
                {
                    if (!Field.Same(value, field.Get(piped.AsRead)))
                    {
                        edits.Add(new Edit(field, value));
                    }
                }
                else if (!deserialized && !IsBlank(value))
                {
                    edits.Add(new Edit(field, value));
                }
            }

            if (piped?.AsRead != null && Property is null)
            {
                edits.AddRange(UnknownFieldEdits(piped.AsRead, InputObject!, fromText: false));
            }

            return edits;
        }

        /// <summary>
        /// The names in -Property that are no settable property of the module: fields it does not model, which the piped
        /// object must show. Checked before the CNI is read, so a misspelt name sends nothing.
        /// </summary>
        private List<string> UnmodelledPropertiesNamed()
        {
            var names = new List<string>();
            foreach (string name in Property ?? Enumerable.Empty<string>())
            {
                if (SettableNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (InputObject!.Properties[name] is null)
                {
                    throw new CfValidationException(
                        nameof(Property),
                        CfErrors.UnknownProperty,
                        $"-Property names {Api.DiagnosticText.Quote(name)}, which the piped {Api.DiagnosticText.Escape(InputObject.TypeNames[0])} does not have. Set-CfCni changes {string.Join(", ", SettableNames)}, " +
                        $"and the fields the module does not model that the CNI shows as properties. Nothing was sent for CNI {Id}.");
                }

                names.Add(name);
            }

            return names;
        }

        /// <summary>
        /// The fields the module does not model that -Property names, with the piped object's values. Each must be a field
        /// the CNI has now: one it does not have cannot be added, since the module does not know where it belongs.
        /// </summary>
        private IEnumerable<Edit> NamedUnknownFieldEdits(Cni current, List<string> names, bool fromText)
        {
            IReadOnlyList<AdditionalField> fields = AdditionalFields.For(current);
            foreach (string name in names)
            {
                AdditionalField field = fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new CfValidationException(
                        nameof(Property),
                        CfErrors.UnknownProperty,
                        $"-Property names {Api.DiagnosticText.Quote(name)}, but CNI {current.Id} has no such field now" +
                        (fields.Count == 0 ? "." : $" (the fields it has that the module does not model: {Api.DiagnosticText.Escape(string.Join(", ", fields.Select(f => f.Name)))}).") +
                        " Nothing was sent for it.");
                object? shown = InputObject!.Properties[name].Value;
                object? raw = shown is PSObject wrapped ? wrapped.BaseObject : shown;
                JsonElement value = fromText && raw is string text && field.Json.ValueKind != JsonValueKind.String ? FromCell(field, text) : AdditionalFields.ToJson(shown);
                yield return new Edit(field, value);
            }
        }

        private static bool IsBlank(object? value) =>
            value is null || (value is string text && text.Trim().Length == 0) || (value is IEnumerable items && !(value is string) && !items.Cast<object>().Any());

        /// <summary>
        /// The fields the module does not model, as a piped object now shows them, where they differ from
        /// <paramref name="reference"/>. <paramref name="fromText"/>: the object is a row such as Import-Csv's, whose cells
        /// are text whatever the field holds, so a cell is read back as the JSON type the field has now.
        /// </summary>
        private static IEnumerable<Edit> UnknownFieldEdits(Cni reference, PSObject input, bool fromText)
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
                    yield return new Edit(field, value);
                }
            }
        }

        /// <summary>True when the cell shows the value as Export-Csv or ConvertTo-Csv write it.</summary>
        private static bool SameText(string text, object? value) =>
            value != null &&
            (text == Convert.ToString(value, CultureInfo.InvariantCulture) ||
             text == PSObject.AsPSObject(value).ToString() ||
             text == LanguagePrimitives.ConvertTo<string>(value));

        /// <summary>An edited cell as the JSON type of the field it stands for; a cell that cannot be read so is refused.</summary>
        private static JsonElement FromCell(AdditionalField field, string text)
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

        private static void CheckRules(Cni cni)
        {
            if (cni.CustomerAsn is null && ((cni.ExtraPrefix?.Count ?? 0) > 0 || cni.Md5Key != null))
            {
                throw new CfValidationException(
                    cni.Md5Key != null ? nameof(Md5Key) : nameof(ExtraPrefix),
                    CfErrors.BgpNeedsCustomerAsn,
                    $"CNI {cni.Id} has no BGP session: -ExtraPrefix and -Md5Key need -CustomerAsn to create one.");
            }

            if (ModuleRules.CustomerIpOutsidePrefix(cni.CustomerIp, cni.CloudflareIp) is string outside)
            {
                throw new CfValidationException(nameof(CustomerIp), CfErrors.CustomerIpOutsidePrefix, outside);
            }
        }

        /// <summary>Each difference as "Field: old → new", for -WhatIf and the prompt; the MD5 key's value is never shown.</summary>
        private static List<string> Differences(Cni before, Cni after)
        {
            var changes = Fields
                .Where(field => !Field.Same(field.Get(before), field.Get(after)))
                .Select(field => $"{field.Name}: {field.Show(field.Get(before))} → {field.Show(field.Get(after))}")
                .ToList();
            var afterFields = AdditionalFields.For(after).ToDictionary(f => f.Name);
            foreach (AdditionalField field in AdditionalFields.For(before))
            {
                if (afterFields.TryGetValue(field.Name, out AdditionalField? now) && !AdditionalFields.SameJson(field.Json, now.Json))
                {
                    changes.Add($"{field.Name}: {field.Json.GetRawText()} → {now.Json.GetRawText()}");
                }
            }

            return changes;
        }

        /// <summary>A field of a CNI that Set-CfCni can change.</summary>
        private sealed class Field
        {
            private readonly bool secret;

            public Field(string name, Func<Cni, object?> get, Action<Cni, object?> set, bool secret = false)
            {
                Name = name;
                Get = get;
                Set = set;
                this.secret = secret;
            }

            public string Name { get; }

            public Func<Cni, object?> Get { get; }

            public Action<Cni, object?> Set { get; }

            /// <summary>A bound or read value in the form the fields compare: lists as string arrays, text as text.</summary>
            public object? Normalize(object? value)
            {
                value = value is PSObject wrapped ? wrapped.BaseObject : value;
                return value is IEnumerable items && !(value is string) ? items.Cast<object>().Select(o => o?.ToString() ?? string.Empty).ToArray() : value;
            }

            public static bool Same(object? a, object? b)
            {
                if (a is IEnumerable left && !(a is string) && b is IEnumerable right && !(b is string))
                {
                    return left.Cast<object>().Select(o => o?.ToString()).SequenceEqual(right.Cast<object>().Select(o => o?.ToString()));
                }

                return a is null || b is null ? a is null && b is null : Equals(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));
            }

            public string Show(object? value) =>
                value is null ? "(none)"
                : secret ? "(a key)"
                : value is string text ? Api.DiagnosticText.Quote(text)
                : value is IEnumerable items ? "[" + string.Join(", ", items.Cast<object>()) + "]"
                : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        /// <summary>One requested change: a known field to a value, or an unknown field to a JSON value.</summary>
        private sealed class Edit
        {
            private readonly Field? known;
            private readonly object? value;
            private readonly AdditionalField? unknown;
            private readonly JsonElement json;

            public Edit(Field field, object? value)
            {
                known = field;
                this.value = value;
            }

            public Edit(AdditionalField unknown, JsonElement json)
            {
                this.unknown = unknown;
                this.json = json;
            }

            public string Name => known?.Name ?? unknown!.Name;

            public void Apply(Cni cni)
            {
                if (known != null)
                {
                    known.Set(cni, value);
                }
                else
                {
                    cni.SetUnknown(unknown!.Part, unknown.JsonName, json);
                }
            }

            /// <summary>True when the server's value of this field is no longer what the piped object was read with.</summary>
            public bool ChangedOnServer(Cni asRead, Cni current) =>
                known != null
                    ? !Field.Same(known.Get(asRead), known.Get(current))
                    : !AdditionalFields.SameJson(Value(asRead) ?? default, Value(current) ?? default);

            public string Show(Cni cni) => known != null ? known.Show(known.Get(cni)) : Value(cni)?.GetRawText() ?? "(none)";

            public string ShowNew() => known != null ? known.Show(value) : json.GetRawText();

            private JsonElement? Value(Cni cni) =>
                cni.UnknownIn(unknown!.Part) is Dictionary<string, JsonElement> fields && fields.TryGetValue(unknown.JsonName, out JsonElement found) ? found : (JsonElement?)null;
        }
    }
}
