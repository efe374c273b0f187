using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// A property bag, such as a CSV row: each field it binds is a change, except an empty cell, which leaves the field as
    /// it is. Cells of fields the module does not model are read as the JSON type the field has now.
    /// </summary>
    internal sealed class RowEdits<T> : PipedEdits<T>
        where T : CfObject
    {
        private readonly PSObject input;

        public RowEdits(PSObject input)
        {
            this.input = input;
        }

        public override bool IsChange(ChangeableField<T> field, object? value) => !IsBlank(value);

        public override IEnumerable<FieldEdit<T>> Unmodelled(T current) => UnmodelledEdits.Differences(current, input, fromText: true);

        private static bool IsBlank(object? value) =>
            value is null || (value is string text && text.Trim().Length == 0) || (value is IEnumerable items && !(value is string) && !items.Cast<object>().Any());
    }

    /// <summary>
    /// An object that came through serialization (Import-Clixml, a job): it no longer tells what was edited, so nothing it
    /// shows is a change (the cmdlet refuses it unless parameters or -Property say what to change).
    /// </summary>
    internal sealed class DeserializedEdits<T> : PipedEdits<T>
        where T : CfObject
    {
        public override bool IsChange(ChangeableField<T> field, object? value) => false;
    }
}
