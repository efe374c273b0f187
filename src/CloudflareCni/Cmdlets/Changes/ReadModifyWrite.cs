using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// A change by read-modify-write: read the object as it is now, apply only the requested edits, write the result, so
    /// that fields the module does not model and changes others made meanwhile are kept. A change that changes nothing
    /// sends nothing; -WhatIf and the prompt show each difference as old → new.
    /// </summary>
    internal sealed class ReadModifyWrite<T>
        where T : CfObject
    {
        private readonly CfCmdlet cmdlet;
        private readonly ChangeableFields<T> fields;
        private readonly Func<T, T> copy;
        private readonly Func<T, string> name;
        private readonly Func<T, string> describe;

        /// <param name="copy">A copy of an object whose fields and lists can change without touching it.</param>
        /// <param name="name">How messages name an object, such as "CNI 182bd5e5-...".</param>
        /// <param name="describe">How -WhatIf and prompts name it, such as "CNI 182bd5e5-... ('tunnel-a' on interconnect icon-1)".</param>
        public ReadModifyWrite(CfCmdlet cmdlet, ChangeableFields<T> fields, Func<T, T> copy, Func<T, string> name, Func<T, string> describe)
        {
            this.cmdlet = cmdlet;
            this.fields = fields;
            this.copy = copy;
            this.name = name;
            this.describe = describe;
        }

        /// <summary>
        /// Reads, edits, checks and writes. <paramref name="asRead"/> is a piped object as it was read (its fields changed
        /// on the server since are named in a verbose message: the user's value wins); <paramref name="finish"/> applies what
        /// the edits alone cannot (such as removing a part) and the type's rules, whose CfValidationException ends the item.
        /// The object after the change, or null when -WhatIf or the prompt declined it.
        /// </summary>
        public T? Change(Func<T> read, List<FieldEdit<T>> edits, PipedEdits<T>? piped, T? asRead, Action<T, IReadOnlyList<FieldEdit<T>>> finish, Func<T, T> write)
        {
            piped?.BeforeRead();
            T current = read();
            edits.AddRange(piped?.Unmodelled(current) ?? Enumerable.Empty<FieldEdit<T>>());
            T updated = copy(current);
            foreach (FieldEdit<T> edit in edits)
            {
                if (asRead != null && edit.ChangedOnServer(asRead, current))
                {
                    cmdlet.WriteVerbose(Api.DiagnosticText.Escape($"{name(current)}: {edit.Name} was changed on the server since it was read ({edit.Show(asRead)} → {edit.Show(current)}); your value {edit.ShowNew()} wins."));
                }

                edit.Apply(updated);
            }

            finish(updated, edits);
            List<string> changes = fields.Differences(current, updated);
            string target = describe(current);
            if (changes.Count == 0)
            {
                cmdlet.WriteNotice($"{target} already has these values: nothing was sent.");
                return current;
            }

            return cmdlet.ShouldChange(target, Api.DiagnosticText.Escape("Set " + string.Join("; ", changes))) ? write(updated) : null;
        }
    }
}
