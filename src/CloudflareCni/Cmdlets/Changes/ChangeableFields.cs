using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace CloudflareCni.Cmdlets
{
    /// <summary>A field of <typeparamref name="T"/> that a Set cmdlet can change: how to read, write, compare and show it.</summary>
    internal sealed class ChangeableField<T>
        where T : CfObject
    {
        private readonly bool secret;

        /// <param name="name">The property's name, which is the Set cmdlet's parameter's too.</param>
        /// <param name="secret">Its value is never shown (-WhatIf, prompts, verbose): "(a key)" stands for it.</param>
        public ChangeableField(string name, Func<T, object?> get, Action<T, object?> set, bool secret = false)
        {
            Name = name;
            Get = get;
            Set = set;
            this.secret = secret;
        }

        public string Name { get; }

        public Func<T, object?> Get { get; }

        public Action<T, object?> Set { get; }

        /// <summary>A bound or read value in the form the fields compare: lists as string arrays, text as text.</summary>
        public static object? Normalize(object? value)
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

    /// <summary>The fields of <typeparamref name="T"/> a Set cmdlet can change, in the order it shows them.</summary>
    internal sealed class ChangeableFields<T>
        where T : CfObject
    {
        public ChangeableFields(params ChangeableField<T>[] fields)
        {
            All = fields;
        }

        public IReadOnlyList<ChangeableField<T>> All { get; }

        /// <summary>The names of the properties that can change, as -Property takes them.</summary>
        public IEnumerable<string> Names => All.Select(one => one.Name);

        /// <summary>Each difference as "Field: old → new", for -WhatIf and the prompt (a secret's value never shown), unmodelled fields included.</summary>
        public List<string> Differences(T before, T after)
        {
            var changes = All
                .Where(field => !ChangeableField<T>.Same(field.Get(before), field.Get(after)))
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
    }

    /// <summary>One requested change: a known field to a value, or a field the module does not model to a JSON value.</summary>
    internal sealed class FieldEdit<T>
        where T : CfObject
    {
        private readonly ChangeableField<T>? known;
        private readonly object? value;
        private readonly AdditionalField? unknown;
        private readonly JsonElement json;

        public FieldEdit(ChangeableField<T> field, object? value)
        {
            known = field;
            this.value = value;
        }

        public FieldEdit(AdditionalField unknown, JsonElement json)
        {
            this.unknown = unknown;
            this.json = json;
        }

        public string Name => known?.Name ?? unknown!.Name;

        public void Apply(T item)
        {
            if (known != null)
            {
                known.Set(item, value);
            }
            else
            {
                item.SetUnknown(unknown!.Part, unknown.JsonName, json);
            }
        }

        /// <summary>True when the server's value of this field is no longer what the piped object was read with.</summary>
        public bool ChangedOnServer(T asRead, T current) =>
            known != null
                ? !ChangeableField<T>.Same(known.Get(asRead), known.Get(current))
                : !AdditionalFields.SameJson(Value(asRead) ?? default, Value(current) ?? default);

        public string Show(T item) => known != null ? known.Show(known.Get(item)) : Value(item)?.GetRawText() ?? "(none)";

        public string ShowNew() => known != null ? known.Show(value) : json.GetRawText();

        private JsonElement? Value(T item) =>
            item.UnknownIn(unknown!.Part) is Dictionary<string, JsonElement> fields && fields.TryGetValue(unknown.JsonName, out JsonElement found) ? found : (JsonElement?)null;
    }
}
