using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace CloudflareCni
{
    /// <summary>
    /// A list value of an output object (extra prefixes, address lines). It is a plain collection to scripts and JSON,
    /// and shows as its items joined with ';' where PowerShell turns it into text, such as a CSV cell, instead of a
    /// .NET type name. Set-CfCni splits such text again.
    /// </summary>
    public sealed class CfList<T> : Collection<T>
    {
        public const string Separator = ";";

        public CfList()
        {
        }

        public CfList(IEnumerable<T> items)
            : base(new List<T>(items))
        {
        }

        public override string ToString() => string.Join(Separator, this);
    }
}
