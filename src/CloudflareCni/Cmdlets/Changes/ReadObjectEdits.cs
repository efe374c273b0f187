using System.Collections.Generic;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// A piped object of the module, read by an earlier command: a field is a change only where the object was edited
    /// since it was read, fields the module does not model included.
    /// </summary>
    internal sealed class ReadObjectEdits<T> : PipedEdits<T>
        where T : CfObject
    {
        private readonly T asRead;
        private readonly PSObject input;

        public ReadObjectEdits(T asRead, PSObject input)
        {
            this.asRead = asRead;
            this.input = input;
        }

        public override bool IsChange(ChangeableField<T> field, object? value) => !ChangeableField<T>.Same(value, field.Get(asRead));

        public override IEnumerable<FieldEdit<T>> Unmodelled(T current) => UnmodelledEdits.Differences(asRead, input, fromText: false);
    }
}
