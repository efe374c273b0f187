using System;
using System.Collections;
using System.Management.Automation;

namespace CloudflareCni.Validation
{
    /// <summary>Shared plumbing: checks every element of an array argument, and reports the rule's own message.</summary>
    public abstract class CfValidateAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is IEnumerable items && !(value is string))
            {
                foreach (object? item in items)
                {
                    Check(item is PSObject inner ? inner.BaseObject : item);
                }
            }
            else
            {
                Check(value);
            }
        }

        private void Check(object? value)
        {
            string? failure = Fault(value as string ?? value?.ToString());
            if (failure != null)
            {
                throw new ValidationMetadataException(failure);
            }
        }

        /// <summary>Null when the value is valid, else the message that states the rule.</summary>
        internal abstract string? Fault(string? value);
    }

    /// <summary>Accepts an IPv4 prefix written A.B.C.D/N.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCidrAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.CidrFault(value);
    }

    /// <summary>Accepts a UUID in its 8-4-4-4-12 form.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateUuidAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.UuidFault(value);
    }

    /// <summary>Accepts an MD5 key of the characters the API allows.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateMd5KeyAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ApiRules.Md5KeyFault(value);
    }

    /// <summary>
    /// Takes only a SecureString. PowerShell's own conversion error for a plain string would quote the string, and
    /// with it the secret, in $Error and in transcripts; this refusal names the rule, not the value.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringOnlyAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is null || value is System.Security.SecureString)
            {
                return value!;
            }

            throw new ArgumentTransformationMetadataException(ModuleRules.PlainSecretRefused);
        }
    }

    /// <summary>Accepts an absolute http or https URI to which a credential may be sent (https, or http on loopback).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateBaseUriAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is Uri uri)
            {
                string? fault = Internal.BaseUriRule.FormatFault(uri) ?? Internal.BaseUriRule.SecurityFault(uri);
                if (fault != null)
                {
                    throw new ValidationMetadataException(fault);
                }
            }
        }
    }
}
