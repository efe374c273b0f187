using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// A change by read-modify-write: read the object as it is now, apply only the requested edits, write the result, so
    /// that fields the module does not model and changes others made meanwhile are kept. A change that changes nothing
    /// sends nothing; -WhatIf and the prompt show each difference as old → new. When the cmdlet stops to ask, the object
    /// is read again once the answer is yes, and the edits applied to that, so that a change made while the question was
    /// open is kept too: the window for a concurrent change is only the read and the write's own requests.
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
        /// <paramref name="read"/> is called again after a prompt was answered yes, and <paramref name="finish"/> with it.
        /// The object after the change, or null when -WhatIf or the prompt declined it.
        /// </summary>
        public T? Change(Func<T> read, List<FieldEdit<T>> edits, PipedEdits<T>? piped, T? asRead, Action<T, IReadOnlyList<FieldEdit<T>>> finish, Func<T, T> write)
        {
            piped?.BeforeRead();
            T current = read();
            edits.AddRange(piped?.Unmodelled(current) ?? Enumerable.Empty<FieldEdit<T>>());
            T updated = Edited(current, edits, asRead, finish);
            List<string> changes = fields.Differences(current, updated);
            string target = describe(current);
            if (changes.Count == 0)
            {
                cmdlet.WriteNotice($"{target} already has these values: nothing was sent.");
                return current;
            }

            bool mayAsk = cmdlet.MayAsk();
            if (!cmdlet.ShouldChange(target, Api.DiagnosticText.Escape("Set " + string.Join("; ", changes))))
            {
                return null;
            }

            if (mayAsk)
            {
                // The question may have been open for minutes: what was read before it is stale, and writing it would
                // revert whatever changed meanwhile. Read again, and apply the same edits to what the server has now.
                T now = read();
                updated = Edited(now, edits, current, finish);
                List<string> changesNow = fields.Differences(now, updated);
                if (changesNow.Count == 0)
                {
                    cmdlet.WriteNotice($"{describe(now)} already has these values (changed on the server while the question was open): nothing was sent.");
                    return now;
                }

                if (!changesNow.SequenceEqual(changes, StringComparer.Ordinal))
                {
                    cmdlet.WriteVerbose(Api.DiagnosticText.Escape($"{name(now)} changed on the server while the question was open; sending: Set {string.Join("; ", changesNow)}."));
                }
            }

            return write(updated);
        }

        /// <summary>A copy of <paramref name="current"/> with the edits and the cmdlet's rules applied.</summary>
        private T Edited(T current, List<FieldEdit<T>> edits, T? asRead, Action<T, IReadOnlyList<FieldEdit<T>>> finish)
        {
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
            return updated;
        }
    }
}
