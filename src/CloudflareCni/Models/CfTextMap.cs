using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudflareCni
{
    /// <summary>
    /// Names with text values (query parameters, headers) on an output object. It is a plain dictionary to scripts
    /// ($request.Query.limit) and JSON, and shows as name=value pairs joined with ';' where PowerShell turns it into
    /// text, such as a CSV cell, instead of a .NET type name.
    /// </summary>
    public sealed class CfTextMap : Dictionary<string, string>
    {
        public CfTextMap(StringComparer comparer)
            : base(comparer)
        {
        }

        public override string ToString() => string.Join(CfList<string>.Separator, this.Select(pair => pair.Key + "=" + pair.Value));
    }
}
