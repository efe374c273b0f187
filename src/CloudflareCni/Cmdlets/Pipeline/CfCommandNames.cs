using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>The names of this module's cmdlets that send requests (the sandbox can match faults and requests on them).</summary>
    internal static class CfCommandNames
    {
        private static readonly Lazy<string[]> Names = new Lazy<string[]>(() =>
            CmdletTypes()
                .Where(type => type != null && !type.IsAbstract && typeof(CfApiCmdlet).IsAssignableFrom(type))
                .Select(type => (CmdletAttribute?)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute)))
                .Where(attribute => attribute != null)
                .Select(attribute => attribute!.VerbName + "-" + attribute.NounName)
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
                .ToArray());

        public static IReadOnlyList<string> All => Names.Value;

        private static Type[] CmdletTypes()
        {
            try
            {
                return typeof(CfApiCmdlet).Assembly.GetExportedTypes();
            }
            catch (System.Reflection.ReflectionTypeLoadException ex)
            {
                // A type that cannot load (a missing dependency) is no cmdlet anyone can run either.
                return ex.Types.Where(type => type != null).ToArray()!;
            }
        }

        /// <summary>The name as the module spells it, or null when no cmdlet of the module that sends requests has it.</summary>
        public static string? Canonical(string? name) =>
            name is null ? null : Names.Value.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
    }
}
