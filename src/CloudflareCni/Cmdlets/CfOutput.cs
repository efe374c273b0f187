using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Adds the API's unknown fields to output objects as note properties, so users see them.</summary>
    internal static class CfOutput
    {
        public static object Decorate(object item)
        {
            if (item is CfPage page)
            {
                // PowerShell keeps instance members with each base object, so the items show them inside the page too.
                foreach (object pageItem in page.Items)
                {
                    Decorate(pageItem);
                }

                return item;
            }

            if (!(item is CfObject cfObject))
            {
                return item;
            }

            foreach (CfObject nested in cfObject.NestedObjects)
            {
                // PowerShell keeps instance members of a base object, so $cni.Magic shows them too.
                AddFields(nested);
            }

            return AddFields(cfObject);
        }

        /// <summary>The object with its unknown fields as note properties; the object itself when it has none.</summary>
        private static object AddFields(CfObject item)
        {
            IReadOnlyList<KeyValuePair<string, object?>> fields = AdditionalFields.For(item);
            if (fields.Count == 0)
            {
                return item;
            }

            PSObject wrapped = PSObject.AsPSObject(item);
            foreach (KeyValuePair<string, object?> field in fields)
            {
                if (wrapped.Properties[field.Key] is null)
                {
                    wrapped.Properties.Add(new PSNoteProperty(field.Key, field.Value));
                }
            }

            return wrapped;
        }
    }
}
