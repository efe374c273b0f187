using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// What a Set cmdlet is asked to change for one input: the kind of input (none, an object of the module as it was
    /// read, a deserialized one, a property bag, or -Property's names), the edits it asks for, and the refusals shared by
    /// every Set cmdlet: no change at all, and a deserialized object that does not say what was edited.
    /// </summary>
    internal sealed class ChangeRequest<T>
        where T : CfObject
    {
        private readonly PSObject? input;
        private readonly string command;
        private readonly string noun;

        /// <param name="asReadOf">The object as it was read, from a piped object of the module.</param>
        /// <param name="command">The Set cmdlet, such as Set-CfCni.</param>
        /// <param name="noun">What it changes, such as CNI.</param>
        /// <param name="id">The id of the one this input changes.</param>
        public ChangeRequest(CfCmdlet cmdlet, ChangeableFields<T> fields, PSObject? input, string[]? property, Func<T, T?> asReadOf, string command, string noun, string id)
        {
            this.input = input;
            this.command = command;
            this.noun = noun;
            Id = id;
            T? piped = input?.BaseObject as T;
            Deserialized = input != null && piped is null && input.TypeNames.Contains("Deserialized." + typeof(T).FullName);
            bool bag = input != null && piped is null && !Deserialized && !(input.BaseObject is string);
            AsRead = piped is null ? null : asReadOf(piped);
            Piped =
                input is null ? null
                : property != null ? new NamedPropertyEdits<T>(property, input, fields, fromText: bag, command, noun, id)
                : AsRead != null ? new ReadObjectEdits<T>(AsRead, input)
                : Deserialized ? new DeserializedEdits<T>()
                : (PipedEdits<T>)new RowEdits<T>(input);
            Edits = RequestedEdits.Of(cmdlet, fields, Piped);
            NamesProperties = property != null;
        }

        public string Id { get; }

        /// <summary>The piped object as it was read, when it is one of the module's.</summary>
        public T? AsRead { get; }

        /// <summary>How the piped object's values become changes; null without one.</summary>
        public PipedEdits<T>? Piped { get; }

        /// <summary>The changes asked for by parameters and the piped object's values (fields the module does not model come once the object is read).</summary>
        public List<FieldEdit<T>> Edits { get; }

        /// <summary>The piped object came through serialization (Import-Clixml, a job).</summary>
        public bool Deserialized { get; }

        private bool NamesProperties { get; }

        /// <summary>
        /// Refuses, before any request, a command line without a change (<paramref name="more"/>: the cmdlet has another
        /// way to change, such as -RemoveBgp), and a deserialized object without -Property or parameters, with the ways
        /// that work.
        /// </summary>
        /// <param name="example">A change as parameters, such as "-Description '...'".</param>
        /// <param name="exampleProperty">A property -Property could name, such as Description.</param>
        /// <param name="idParameter">The parameter that names the object, such as Id.</param>
        public void RefuseNothing(bool more, string nothingToChange, string example, string exampleProperty, string idParameter, IEnumerable<string> settable)
        {
            if (input is null && Edits.Count == 0 && !more)
            {
                throw new CfValidationException(idParameter, CfErrors.NothingToChange, nothingToChange);
            }

            if (Deserialized && !NamesProperties && Edits.Count == 0 && !more)
            {
                throw new CfValidationException(
                    "InputObject",
                    CfErrors.DeserializedInput,
                    $"{noun} {Id} came through serialization (Import-Clixml, Start-Job, Invoke-Command), so it no longer carries the values it was read with, " +
                    $"and {command} cannot tell which of its properties you edited. Nothing was sent for it. Name the edited properties: " +
                    $"... | {command} -Property {exampleProperty} (any of {string.Join(", ", settable)}); or give the new values as parameters: " +
                    $"{command} -{idParameter} {Id} {example}; or pipe a CSV of the {idParameter} and only the changed columns: Import-Csv changes.csv | {command}.");
            }
        }
    }
}
