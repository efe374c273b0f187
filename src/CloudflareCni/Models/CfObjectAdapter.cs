using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

namespace CloudflareCni
{
    /// <summary>
    /// The properties PowerShell sees on the module's API objects: the type's own, in their declared order, then the
    /// fields the server sent that the module does not model (<see cref="CfObject.Shown"/>), each under its PascalCase
    /// name. So Format-List *, Select-Object *, Export-Csv and ConvertTo-Json show the known fields first, and no
    /// object is given members of its own: an object without unknown fields costs what a plain .NET object costs.
    /// CloudflareCni.types.ps1xml registers it for each concrete type that derives from <see cref="CfObject"/>
    /// (PowerShell looks a type adapter up by the object's exact type, so each type is named there).
    /// </summary>
    public sealed class CfObjectAdapter : PSPropertyAdapter
    {
        private static readonly ConcurrentDictionary<Type, KnownProperties> KnownByType = new ConcurrentDictionary<Type, KnownProperties>();

        /// <inheritdoc/>
        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var properties = new Collection<PSAdaptedProperty>();
            foreach (KnownProperty known in Known(baseObject).InOrder)
            {
                properties.Add(new PSAdaptedProperty(known.Name, known));
            }

            if (baseObject is CfObject item && item.Unknown != null)
            {
                foreach (AdditionalField field in item.Shown)
                {
                    properties.Add(new PSAdaptedProperty(field.Name, field));
                }
            }

            return properties;
        }

        /// <inheritdoc/>
        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            if (Known(baseObject).ByName.TryGetValue(propertyName, out KnownProperty? known))
            {
                return new PSAdaptedProperty(known.Name, known);
            }

            if (baseObject is CfObject item && item.Unknown != null)
            {
                foreach (AdditionalField field in item.Shown)
                {
                    if (string.Equals(field.Name, propertyName, StringComparison.OrdinalIgnoreCase))
                    {
                        return new PSAdaptedProperty(field.Name, field);
                    }
                }
            }

            return null;
        }

        /// <inheritdoc/>
        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        /// <inheritdoc/>
        public override bool IsSettable(PSAdaptedProperty adaptedProperty) =>
            adaptedProperty.Tag is AdditionalField || (adaptedProperty.Tag is KnownProperty known && known.Settable);

        /// <inheritdoc/>
        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty) =>
            adaptedProperty.Tag is KnownProperty known ? known.Get(adaptedProperty.BaseObject) : ((AdditionalField)adaptedProperty.Tag).Value;

        /// <inheritdoc/>
        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object? value)
        {
            if (adaptedProperty.Tag is KnownProperty known)
            {
                // As PowerShell converts a value assigned to a .NET property: '1400' to an int, an array to a CfList.
                known.Property.SetValue(adaptedProperty.BaseObject, LanguagePrimitives.ConvertTo(value, known.Property.PropertyType, CultureInfo.InvariantCulture));
                return;
            }

            // An unknown field holds JSON: the value is kept as the JSON it would be sent as, and shown as read back from it.
            var field = (AdditionalField)adaptedProperty.Tag;
            ((CfObject)adaptedProperty.BaseObject).SetUnknown(field.Part, field.JsonName, AdditionalFields.ToJson(value));
        }

        /// <inheritdoc/>
        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
            adaptedProperty.Tag is KnownProperty known
                ? known.Property.PropertyType.FullName ?? known.Property.PropertyType.Name
                : ((AdditionalField)adaptedProperty.Tag).Value?.GetType().FullName ?? typeof(object).FullName!;

        private static KnownProperties Known(object baseObject) => KnownByType.GetOrAdd(baseObject.GetType(), type => new KnownProperties(type));

        /// <summary>A type's public properties, as PowerShell's own .NET adapter would show them, with compiled getters.</summary>
        private sealed class KnownProperties
        {
            public KnownProperties(Type type)
            {
                InOrder = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.GetGetMethod() != null && !p.IsDefined(typeof(HiddenAttribute), true))
                    .Select(p => new KnownProperty(p))
                    .ToArray();
                ByName = InOrder.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            }

            public KnownProperty[] InOrder { get; }

            public Dictionary<string, KnownProperty> ByName { get; }
        }

        private sealed class KnownProperty
        {
            public KnownProperty(PropertyInfo property)
            {
                Property = property;
                Settable = property.GetSetMethod() != null;
                ParameterExpression instance = Expression.Parameter(typeof(object));
                Get = Expression.Lambda<Func<object, object?>>(
                    Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object)),
                    instance).Compile();
            }

            public string Name => Property.Name;

            public PropertyInfo Property { get; }

            public bool Settable { get; }

            public Func<object, object?> Get { get; }
        }
    }
}
