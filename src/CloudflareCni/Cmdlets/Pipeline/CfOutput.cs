using System.Management.Automation;

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

            if (!(item is CfObject cfObject) || cfObject.Unknown is null)
            {
                return item;
            }

            PSObject wrapped = PSObject.AsPSObject(cfObject);
            foreach (AdditionalField field in AdditionalFields.For(cfObject))
            {
                if (wrapped.Properties[field.Name] is null)
                {
                    wrapped.Properties.Add(new PSNoteProperty(field.Name, field.Value));
                }
            }

            return wrapped;
        }
    }
}
