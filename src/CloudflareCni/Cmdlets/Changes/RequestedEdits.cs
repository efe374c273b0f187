using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// What a Set cmdlet changes: a parameter given on the command line always (the server may hold another value by
    /// now, whatever the piped object shows); a value bound from a piped object as its kind of input says
    /// (<see cref="PipedEdits{T}"/>).
    /// </summary>
    internal static class RequestedEdits
    {
        public static List<FieldEdit<T>> Of<T>(CfCmdlet cmdlet, ChangeableFields<T> fields, PipedEdits<T>? piped)
            where T : CfObject
        {
            var edits = new List<FieldEdit<T>>();
            foreach (ChangeableField<T> field in fields.All)
            {
                if (!cmdlet.MyInvocation.BoundParameters.TryGetValue(field.Name, out object? bound))
                {
                    piped?.NotBound(field);
                    continue;
                }

                object? value = ChangeableField<T>.Normalize(bound);
                if (cmdlet.GivenOnCommandLine(field.Name) || (piped?.IsChange(field, value) ?? false))
                {
                    edits.Add(new FieldEdit<T>(field, value));
                }
            }

            return edits;
        }
    }

    /// <summary>How the values a piped object binds become changes: one piece per kind of input.</summary>
    internal abstract class PipedEdits<T>
        where T : CfObject
    {
        /// <summary>Whether a value bound from the piped object (not given on the command line) is a change.</summary>
        public abstract bool IsChange(ChangeableField<T> field, object? value);

        /// <summary>Called for a field the piped object did not bind.</summary>
        public virtual void NotBound(ChangeableField<T> field)
        {
        }

        /// <summary>Checks what can be checked before the object is read; a CfValidationException sends nothing.</summary>
        public virtual void BeforeRead()
        {
        }

        /// <summary>Changes to fields the module does not model, once <paramref name="current"/> is read.</summary>
        public virtual IEnumerable<FieldEdit<T>> Unmodelled(T current) => Enumerable.Empty<FieldEdit<T>>();
    }
}
