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
            string? failure = Describe(value);
            if (failure != null)
            {
                throw new ValidationMetadataException(failure);
            }
        }

        /// <summary>Null when the value is valid, else the message that states the rule.</summary>
        internal abstract string? Describe(object? value);
    }

    /// <summary>Accepts an IPv4 prefix written A.B.C.D/N.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCidrAttribute : CfValidateAttribute
    {
        internal override string? Describe(object? value) => CfValidators.Cidr(value as string ?? value?.ToString());
    }

    /// <summary>Accepts a UUID in its 8-4-4-4-12 form.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateUuidAttribute : CfValidateAttribute
    {
        internal override string? Describe(object? value) => CfValidators.Uuid(value as string ?? value?.ToString());
    }

    /// <summary>Accepts an MD5 key of the characters the API allows.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateMd5KeyAttribute : CfValidateAttribute
    {
        internal override string? Describe(object? value) => CfValidators.Md5Key(value as string ?? value?.ToString());
    }

    /// <summary>
    /// Takes only a SecureString. PowerShell's own conversion error for a plain string would quote the string, and
    /// with it the secret, in $Error and in transcripts; this refusal names the parameter and the rule, not the value.
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

            throw new ArgumentTransformationMetadataException(CfValidators.PlainSecretRefused);
        }
    }
}
