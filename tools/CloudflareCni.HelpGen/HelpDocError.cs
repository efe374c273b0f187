using System;
using System.Collections.Generic;

namespace CloudflareCni.HelpGen
{
    /// <summary>A problem in a doc, as "file:line: error: message" (the shape MSBuild and editors link to the line).</summary>
    internal sealed record HelpDocError(string File, int Line, string Message)
    {
        public override string ToString() => Line > 0 ? $"{File}:{Line}: error: {Message}" : $"{File}: error: {Message}";
    }

    /// <summary>Thrown when a doc cannot be turned into help; carries every problem found in it.</summary>
    internal sealed class HelpDocException : Exception
    {
        public HelpDocException(IReadOnlyList<HelpDocError> errors)
            : base(string.Join(Environment.NewLine, errors))
        {
            Errors = errors;
        }

        public IReadOnlyList<HelpDocError> Errors { get; }
    }
}
