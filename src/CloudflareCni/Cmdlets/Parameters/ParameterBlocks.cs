using System;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Parameters several cmdlets share, declared once: each block is a class of [Parameter] properties, with their
    /// aliases, rules and completers, that a cmdlet offers through <see cref="IDynamicParameters"/>. PowerShell binds them
    /// as it binds a cmdlet's own (positions, parameter sets, the pipeline, $PSDefaultParameterValues, Tab completion,
    /// Get-Command and help), into this dictionary; <see cref="Apply"/> hands the values to the blocks, where the cmdlet
    /// reads them.
    /// </summary>
    internal sealed class ParameterBlocks
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesOf = new ConcurrentDictionary<Type, PropertyInfo[]>();

        private readonly (object Block, PropertyInfo Property)[] properties;

        public ParameterBlocks(params object[] blocks)
        {
            properties = blocks
                .SelectMany(block => PropertiesOf.GetOrAdd(block.GetType(), type => type.GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute), false)).ToArray())
                    .Select(property => (block, property)))
                .ToArray();
            Parameters = new RuntimeDefinedParameterDictionary();
            foreach ((object block, PropertyInfo property) in properties)
            {
                // The attributes are made anew for each invocation, as PowerShell makes a cmdlet's own for each command.
                var attributes = new Collection<Attribute>(property.GetCustomAttributes(false).Cast<Attribute>().ToList());
                Parameters.Add(property.Name, new RuntimeDefinedParameter(property.Name, property.PropertyType, attributes) { Value = property.GetValue(block) });
            }
        }

        /// <summary>The parameters, as PowerShell binds them.</summary>
        public RuntimeDefinedParameterDictionary Parameters { get; }

        /// <summary>
        /// Gives each block what PowerShell bound: before BeginProcessing, and again before each ProcessRecord (values bound
        /// from piped objects change with each one) and EndProcessing.
        /// </summary>
        public void Apply()
        {
            foreach ((object block, PropertyInfo property) in properties)
            {
                property.SetValue(block, Parameters[property.Name].Value);
            }
        }
    }
}
