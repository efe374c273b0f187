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

            PSObject wrapped = PSObject.AsPSObject(cfObject);
            AddFields(wrapped, cfObject);
            foreach (CfObject nested in cfObject.NestedObjects)
            {
                // PowerShell keeps instance members of a base object, so $cni.Magic shows them too.
                AddFields(PSObject.AsPSObject(nested), nested);
            }

            return wrapped;
        }

        private static void AddFields(PSObject wrapped, CfObject item)
        {
            foreach (KeyValuePair<string, object?> field in AdditionalFields.For(item))
            {
                if (wrapped.Properties[field.Key] is null)
                {
                    wrapped.Properties.Add(new PSNoteProperty(field.Key, field.Value));
                }
            }
        }
    }
}
