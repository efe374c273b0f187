using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Connections;

namespace CloudflareCni.Validation
{
    /// <summary>Shared plumbing: checks every element of an array argument, and reports the rule's own message.</summary>
    public abstract class CfValidateAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object? arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
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
            // Null is for [AllowNull] and [ValidateNotNull] to decide; the rules here judge values.
            if (value is null)
            {
                return;
            }

            string? failure = Fault(value as string ?? value.ToString());
            if (failure != null)
            {
                throw new ValidationMetadataException(failure);
            }
        }

        /// <summary>Null when the value is valid, else the message that states the rule.</summary>
        internal abstract string? Fault(string? value);
    }

    /// <summary>Accepts an interface address with its prefix length, written A.B.C.D/N (host bits are the point here).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCidrAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.CidrFault(value);
    }

    /// <summary>Accepts a network prefix written A.B.C.D/N, with no host bits set.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidatePrefixAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.PrefixFault(value);
    }

    /// <summary>Accepts an ASN a BGP peer may have: not one that IANA reserves. Null passes (no change).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateBgpPeerAsnAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) =>
            value is null ? null
            : long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long asn) ? ModuleRules.BgpPeerAsnFault(asn)
            : $"{Api.DiagnosticText.Quote(value)} is not an ASN.";
    }

    /// <summary>
    /// Accepts a value in the form of the API's enum values (<see cref="ModuleRules.ApiWordFault"/>), such as a link
    /// state: a published one, or one Cloudflare adds later.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateApiWordAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.ApiWordFault(value);
    }

    /// <summary>Accepts a UUID in its 8-4-4-4-12 form.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateUuidAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.UuidFault(value);
    }

    /// <summary>Accepts an MD5 key of the characters the API allows, of at most 80 characters. Null passes (it clears the key).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateMd5KeyAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => value is null ? null : ModuleRules.Md5KeyFault(value);
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

    /// <summary>
    /// Reads empty or blank text as null, before type conversion: what an empty CSV cell means for a field that may be
    /// absent (a CNI without BGP has no ASN and no MD5 key), where PowerShell would otherwise make 0 of it, or refuse it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EmptyTextIsNullAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is string text && text.Trim().Length == 0 ? null : inputData;
        }
    }

    /// <summary>
    /// Turns a -Connection argument into the connection it names: a name kept by Connect-CfAccount -Name (any case), or a
    /// context object from Connect-CfAccount or Get-CfContext. A context that was serialized (into Start-Job, or through
    /// Export-Clixml) holds no connection, since the secret stays in the process that made it: it stands for the named
    /// connection of its name in this process, if that one has its account and base URI, and is refused otherwise, with
    /// the ways that work. A name nobody connected, or a connection since dropped or replaced, is refused here, before
    /// any request.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ConnectionArgumentAttribute : ArgumentTransformationAttribute
    {
        private static readonly string DeserializedContext = "Deserialized." + typeof(CfContext).FullName;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case CfContext context when context.Connection != null:
                    if (context.Connection.Closed)
                    {
                        throw new ArgumentTransformationMetadataException(
                            $"The connection {Describe(context)} was disconnected, or replaced by a later Connect-CfAccount. Get-CfContext -ListAvailable lists the current ones.");
                    }

                    return context;
                case CfContext context:
                    throw new ArgumentTransformationMetadataException(
                        $"This context ({context.Source}) does not hold a connection: only the objects of Connect-CfAccount and of Get-CfContext for a connected account do.");
                case string name:
                    return Named(name);
                case PSCustomObject _ when inputData is PSObject deserialized && deserialized.TypeNames.Contains(DeserializedContext):
                    return FromSerialized(deserialized);
                case PSCustomObject _ when inputData is PSObject bag && bag.Properties[nameof(CfContext.ConnectionName)]?.Value is string name:
                    return Named(name);
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"-Connection takes a connection name or a CfContext object, not a {value.GetType().Name}.");
            }
        }

        private static CfContext Named(string name)
        {
            Connections.CfConnection? found = string.IsNullOrWhiteSpace(name) ? null : Connections.CfSession.Process.Named(name.Trim());
            if (found is null)
            {
                throw new ArgumentTransformationMetadataException(
                    $"No connection is named {Api.DiagnosticText.Quote(name)}. Connect-CfAccount -Name keeps one under a name; Get-CfContext -ListAvailable lists them.");
            }

            return found.Describe();
        }

        /// <summary>
        /// A context that crossed a serialization boundary: only its name can lead to a connection, one this process made
        /// under that name for the same account and base URI.
        /// </summary>
        private static CfContext FromSerialized(PSObject serialized)
        {
            string? name = serialized.Properties[nameof(CfContext.ConnectionName)]?.Value as string;
            Connections.CfConnection? found = string.IsNullOrWhiteSpace(name) ? null : Connections.CfSession.Process.Named(name!.Trim());
            const string Why =
                "holds no connection: it was serialized (passed to Start-Job or Invoke-Command, or through Export-Clixml), and a connection's secret never leaves the process that made it.";
            const string Ways =
                " Connect inside the job instead (Start-Job { Import-Module CloudflareCni; Connect-CfAccount -ApiToken $using:token -AccountId $using:accountId; ... }), " +
                "or run the work in this process with Start-ThreadJob or ForEach-Object -Parallel, whose runspaces take the context object itself with $using:.";
            if (found is null)
            {
                throw new ArgumentTransformationMetadataException(
                    (name is null ? "This CfContext " : $"This CfContext ({Api.DiagnosticText.Quote(name)}) ") + Why +
                    (name is null ? string.Empty : $" This process has no connection named {Api.DiagnosticText.Quote(name)}.") + Ways);
            }

            string? account = serialized.Properties[nameof(CfContext.AccountId)]?.Value as string;
            string? baseUri = serialized.Properties[nameof(CfContext.BaseUri)]?.Value?.ToString();
            if (!string.Equals(account, found.AccountId, StringComparison.Ordinal) || !string.Equals(baseUri, found.Executor.Options.BaseUri.ToString(), StringComparison.Ordinal))
            {
                throw new ArgumentTransformationMetadataException(
                    $"This CfContext ({Api.DiagnosticText.Quote(name)}) {Why} The connection {Api.DiagnosticText.Quote(found.Name)} of this process is for account {found.AccountId ?? "(none)"} at " +
                    $"{found.Executor.Options.BaseUri}, not account {(account is null ? "(none)" : Api.DiagnosticText.Quote(account))} at {(baseUri is null ? "(none)" : Api.DiagnosticText.Quote(baseUri))}, so it is not used in its place. Pass -Connection {found.Name} to use it." + Ways);
            }

            return found.Describe();
        }

        private static string Describe(CfContext context) => context.ConnectionName is null ? $"to {context.BaseUri}" : Api.DiagnosticText.Quote(context.ConnectionName);
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
                string? fault = Connections.BaseUriRule.FormatFault(uri) ?? Connections.BaseUriRule.SecurityFault(uri);
                if (fault != null)
                {
                    throw new ValidationMetadataException(fault);
                }
            }
        }
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>
    /// Takes text only. Bound from the pipeline by value, any other object (a context, a settings object) would be
    /// turned into its ToString() and end up in a URL; refusing it here lets PowerShell try the object's properties
    /// instead, or report that the object cannot be bound. With <see cref="LowerCase"/> the text is lower-cased, as the
    /// API writes its UUIDs, so that an id typed in capitals finds its object.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TextInputAttribute : ArgumentTransformationAttribute
    {
        public bool LowerCase { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return Normalize(text);
                case IEnumerable items:
                    var texts = new System.Collections.Generic.List<string?>();
                    foreach (object? item in items)
                    {
                        object? element = item is PSObject inner ? inner.BaseObject : item;
                        texts.Add(element is null ? null : element as string ?? throw Refuse(element));
                    }

                    return texts.ConvertAll(t => t is null ? null : Normalize(t)).ToArray();
                default:
                    throw Refuse(value);
            }
        }

        private string Normalize(string text) => LowerCase ? text.ToLowerInvariant() : text;

        private static ArgumentTransformationMetadataException Refuse(object value) =>
            new ArgumentTransformationMetadataException($"It takes text, not a {value.GetType().FullName}.");
    }

    /// <summary>Accepts one of the API's bandwidths in any letter case, and passes it on as the API spells it (1g becomes 1G).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class BandwidthAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            string text = value as string ?? value?.ToString() ?? string.Empty;
            return ApiRules.CanonicalBandwidth(text) ?? throw new ArgumentTransformationMetadataException($"{Api.DiagnosticText.Quote(text)} is not a bandwidth: expected one of {string.Join(", ", ApiRules.Bandwidths)}.");
        }
    }

    /// <summary>
    /// Accepts a CNI's BGP mode: dynamic_route_exchange or advertise_only in any letter case, passed on as the API spells
    /// them, or a mode Cloudflare adds later in the API's form (<see cref="ModuleRules.ApiWordFault"/>), as given, so that
    /// a CNI read with such a mode binds when piped back. Null and blank text pass as null: a CSV row's empty cell leaves
    /// the mode as it is.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class BgpModeAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is null || (value is string blank && blank.Trim().Length == 0))
            {
                return null;
            }

            string text = value as string ?? throw new ArgumentTransformationMetadataException($"It takes text, not a {value.GetType().FullName}.");
            return Api.Json.BgpModes.Canonical(text)
                ?? (ModuleRules.ApiWordFault(text) is null
                    ? text
                    : throw new ArgumentTransformationMetadataException(
                        $"{Api.DiagnosticText.Quote(text)} is not a BGP mode: expected one of {string.Join(", ", Api.Json.BgpModes.All)}, or a mode Cloudflare has added since, as it spells it (letters, digits and '_')."));
        }
    }

    /// <summary>A file path taken literally: wildcard characters and characters no file name may hold are refused.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateLiteralPathAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (ModuleRules.TextFault(value, ModuleRules.MaxPathLength) is string text)
            {
                return text;
            }

            if (WildcardPattern.ContainsWildcardCharacters(value))
            {
                return $"{Api.DiagnosticText.Quote(value)} holds wildcard characters (* ? [ ]): give one file or folder, literally.";
            }

            return value.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || Api.DiagnosticText.FirstHidden(value) >= 0
                ? $"{Api.DiagnosticText.Quote(value)} holds characters that no path may hold (control characters or invisible formatting)."
                : null;
        }
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>
    /// Takes a list as an array, or as text with items joined by ';' (how the module's list properties read in a CSV
    /// cell), and passes it on as an array of the trimmed items.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ListInputAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            var items = new System.Collections.Generic.List<string>();
            if (value is null)
            {
                return null;
            }

            if (value is string text)
            {
                Split(text, items);
            }
            else if (value is IEnumerable list)
            {
                foreach (object? item in list)
                {
                    object? element = item is PSObject inner ? inner.BaseObject : item;
                    Split(element as string ?? element?.ToString() ?? string.Empty, items);
                }
            }
            else
            {
                return inputData;
            }

            return items.ToArray();
        }

        private static void Split(string text, System.Collections.Generic.List<string> items)
        {
            foreach (string part in text.Split(new[] { CfList<string>.Separator }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Trim().Length > 0)
                {
                    items.Add(part.Trim());
                }
            }
        }
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>Refuses empty or blank text. Null passes: a piped object without the property leaves the default in place.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateNotBlankAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) =>
            value != null && value.Trim().Length == 0 ? "The value is empty or blank." : null;
    }

    /// <summary>
    /// Accepts a connection name that can be typed after -Connection as it is: letters, digits and . _ - only (so no
    /// wildcards, quotes or spaces).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateConnectionNameAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) =>
            value is null || (value.Length > 0 && value.Length <= 64 && value.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))
                ? null
                : $"The connection name {Api.DiagnosticText.Quote(value)} is not valid: use 1 to 64 letters, digits, '.', '_' or '-', such as prod-readonly.";
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>
    /// Accepts a credential (a token, key or email, as text or SecureString) that an HTTP header can carry: not blank,
    /// visible ASCII only. Checked here, at binding, so that a bad credential never turns into a network error later.
    /// The message never holds the value.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCredentialTextAttribute : ValidateArgumentsAttribute
    {
        public ValidateCredentialTextAttribute(string what)
        {
            What = what;
        }

        /// <summary>What the value is, for the message: "API token", "API key", "email".</summary>
        public string What { get; }

        protected override void Validate(object? arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            string? fault = value switch
            {
                System.Security.SecureString secret => Api.CfCredential.TextFault(What, secret),
                string text => Api.CfCredential.TextFault(What, text),
                _ => null,
            };
            if (fault != null)
            {
                throw new ValidationMetadataException(fault);
            }
        }
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>Accepts a Cloudflare account id: 32 hexadecimal characters. Null passes (the connection's account applies).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateAccountIdAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => value is null ? null : ModuleRules.AccountIdFault(value);
    }

    /// <summary>
    /// Accepts text the API can take as a name, filter or field: not blank, within <see cref="MaxLength"/>, without control
    /// characters or invisible formatting. (A wildcard pattern's own form is checked by the cmdlet, before any request.)
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTextAttribute : CfValidateAttribute
    {
        /// <summary>The most characters the value may have. Default: <see cref="ModuleRules.MaxNameLength"/>.</summary>
        public int MaxLength { get; set; } = ModuleRules.MaxNameLength;

        /// <summary>True when '' has a meaning of its own (a description cleared); blank text is still refused.</summary>
        public bool AllowEmpty { get; set; }

        internal override string? Fault(string? value) => ModuleRules.TextFault(value, MaxLength, AllowEmpty);
    }

    /// <summary>
    /// Accepts an interconnect name (or a pattern of names), which addresses the interconnect in a request's path: the
    /// text rule, and one path segment (not '.', '..', nor with '/' or '\').
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateInterconnectNameAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.InterconnectNameFault(value);
    }

    /// <summary>Accepts an email address, such as ops@example.com.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateEmailAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.EmailFault(value);
    }

    /// <summary>Accepts a proxy URI: absolute http or https, with a host.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateProxyUriAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if ((arguments is PSObject wrapped ? wrapped.BaseObject : arguments) is Uri uri && ModuleRules.ProxyUriFault(uri) is string fault)
            {
                throw new ValidationMetadataException(fault);
            }
        }
    }

    /// <summary>
    /// Turns text into an absolute URI before PowerShell's own conversion would: text with control characters, or that is
    /// no absolute URI, is refused with a message that shows it safely (PowerShell's would show it as it is).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class UriInputAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            return ModuleRules.UriTextFault(text) is string fault
                ? throw new ArgumentTransformationMetadataException(fault)
                : new Uri(text, UriKind.Absolute);
        }
    }

    /// <summary>
    /// For whole numbers that bind from piped objects, whose cells are text when the objects are CSV rows: the value must
    /// be a whole number of <see cref="Type"/>. PowerShell itself would read a blank cell as 0, and pass over a value it
    /// cannot convert (text, a fraction, a number too large) without a word, so that the change it held would be lost;
    /// each is refused here, as is text with control characters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class NumberInputAttribute : ArgumentTransformationAttribute
    {
        public NumberInputAttribute(Type type)
        {
            Type = type;
        }

        /// <summary>The parameter's number type, such as <see cref="int"/>.</summary>
        public Type Type { get; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            System.Globalization.CultureInfo invariant = System.Globalization.CultureInfo.InvariantCulture;
            decimal number;
            string shown;
            switch (value is float single ? (double)single : value)
            {
                case string text:
                    if (ModuleRules.TextFault(text) is string fault)
                    {
                        throw new ArgumentTransformationMetadataException(fault + " Give a whole number.");
                    }

                    if (!decimal.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, invariant, out number))
                    {
                        throw new ArgumentTransformationMetadataException($"{Api.DiagnosticText.Quote(text)} is not a whole number.");
                    }

                    shown = Api.DiagnosticText.Quote(text);
                    break;
                case double real:
                    shown = real.ToString(invariant);
                    if (double.IsNaN(real) || double.IsInfinity(real) || Math.Abs(real) > (double)decimal.MaxValue)
                    {
                        throw new ArgumentTransformationMetadataException($"{shown} is not a whole number.");
                    }

                    number = (decimal)real;
                    break;
                case decimal exact:
                    number = exact;
                    shown = exact.ToString(invariant);
                    break;
                default:
                    // Whole numbers of other types (and anything else) are PowerShell's to convert, or refuse.
                    return inputData;
            }

            if (number != decimal.Truncate(number))
            {
                throw new ArgumentTransformationMetadataException($"{shown} is not a whole number.");
            }

            try
            {
                return Convert.ChangeType(number, Type, invariant);
            }
            catch (OverflowException)
            {
                throw new ArgumentTransformationMetadataException($"{shown} is out of range: it must fit a {Type.Name}.");
            }
        }
    }

    /// <summary>
    /// For parameters that are not text but take it (a number from a CSV cell, a state or kind by name): text holding a
    /// control character or invisible formatting is refused before PowerShell converts it, since the conversion's own
    /// message would show it as it is. Anything else passes on unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SafeTextInputAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string text && (Api.DiagnosticText.FirstHidden(text) >= 0 || text.Length > ModuleRules.MaxNameLength))
            {
                throw new ArgumentTransformationMetadataException(ModuleRules.TextFault(text)!);
            }

            return inputData;
        }
    }
}

namespace CloudflareCni.Validation
{
    /// <summary>Accepts the name of a CloudflareCni cmdlet that sends requests, such as New-CfCni (in any case).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCfCommandAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) =>
            Cmdlets.CfCommandNames.Canonical(value) != null
                ? null
                : $"{Api.DiagnosticText.Quote(value)} is not a CloudflareCni cmdlet that sends requests. Use one of: {string.Join(", ", Cmdlets.CfCommandNames.All)}.";
    }

    /// <summary>
    /// Accepts a property name for a Set cmdlet's -Property: one it can change (in any case), or the name of a field the
    /// module does not model (checked against the piped object, before any request). Names of properties that cannot
    /// change, and patterns, are refused at binding.
    /// </summary>
    public abstract class ValidateSettablePropertyAttribute : CfValidateAttribute
    {
        private readonly string command;
        private readonly Func<IEnumerable<string>> settable;
        private readonly Type model;

        /// <param name="model">The type the cmdlet changes.</param>
        /// <param name="command">The cmdlet, for messages.</param>
        /// <param name="settable">The properties it can change (read when first needed: the cmdlet's own table).</param>
        private protected ValidateSettablePropertyAttribute(Type model, string command, Func<IEnumerable<string>> settable)
        {
            this.model = model;
            this.command = command;
            this.settable = settable;
        }

        internal override string? Fault(string? value)
        {
            string[] names = settable().ToArray();
            if (value is null || names.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            if (ModuleRules.TextFault(value) is string text)
            {
                return text;
            }

            if (WildcardPattern.ContainsWildcardCharacters(value))
            {
                return $"{Api.DiagnosticText.Quote(value)} is a pattern: -Property takes the names of the properties to change, such as {string.Join(", ", names)}.";
            }

            return model.GetProperties().Select(p => p.Name).Except(names).Contains(value, StringComparer.OrdinalIgnoreCase)
                ? $"{value} cannot be changed. {command} changes {string.Join(", ", names)}, and the fields the module does not model."
                : null;
        }
    }

    /// <summary>Accepts a property name for Set-CfCni -Property.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCniPropertyAttribute : ValidateSettablePropertyAttribute
    {
        public ValidateCniPropertyAttribute()
            : base(typeof(Cni), "Set-CfCni", () => Cmdlets.SetCfCniCommand.SettableNames)
        {
        }
    }

    /// <summary>Accepts a property name for Set-CfCniTunnel -Property.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateCniTunnelPropertyAttribute : ValidateSettablePropertyAttribute
    {
        public ValidateCniTunnelPropertyAttribute()
            : base(typeof(CniTunnel), "Set-CfCniTunnel", () => Cmdlets.SetCfCniTunnelCommand.SettableNames)
        {
        }
    }

    /// <summary>Accepts the id of a Magic tunnel: 32 hexadecimal characters.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTunnelIdAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => ModuleRules.TunnelIdFault(value);
    }

    /// <summary>Accepts a Magic tunnel's IPv4 interface address, by the API's rule. Null passes (no change).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateInterfaceAddressAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => value is null ? null : ApiRules.InterfaceAddressFault(value);
    }

    /// <summary>Accepts a Magic tunnel's IPv6 interface address, a /127. Null passes (no change).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateInterfaceAddress6Attribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) => value is null ? null : ApiRules.InterfaceAddress6Fault(value);
    }

    /// <summary>Accepts an IPv4 or IPv6 address; empty text too, where it means the calculated default.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateIpAddressAttribute : CfValidateAttribute
    {
        internal override string? Fault(string? value) =>
            string.IsNullOrEmpty(value) || ApiRules.IsIpAddress(value)
                ? null
                : $"{Api.DiagnosticText.Quote(value)} is not an IP address: expected an IPv4 address such as 192.0.2.1, or an IPv6 address such as 2001:db8::1 (or '' for the calculated default).";
    }

    /// <summary>
    /// For parameters of one of the API's fixed values (an enum whose members are the API's spelling) that bind from piped
    /// objects, whose cells are text: a member's name in any letter case becomes the member, and blank text becomes null
    /// (no change); other text is refused, naming the values, where PowerShell would pass over a cell it cannot convert
    /// without a word, and lose the change it held.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EnumInputAttribute : ArgumentTransformationAttribute
    {
        public EnumInputAttribute(Type type)
        {
            Type = type;
        }

        /// <summary>The parameter's enum type.</summary>
        public Type Type { get; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            if (text.Trim().Length == 0)
            {
                return null;
            }

            string? name = Enum.GetNames(Type).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            return name != null
                ? Enum.Parse(Type, name)
                : throw new ArgumentTransformationMetadataException($"{Api.DiagnosticText.Quote(text)} is not one of {string.Join(", ", Enum.GetNames(Type))}.");
        }
    }

    /// <summary>
    /// For true/false parameters that bind from piped objects, whose cells are text when the objects are CSV rows:
    /// True and False (in any case, as Export-Csv writes them) and 1 and 0 become the value, and blank text becomes null
    /// (no change); other text is refused, without showing characters that would repaint a terminal. PowerShell itself
    /// refuses any text for a Boolean parameter.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class BooleanInputAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            string trimmed = text.Trim();
            return trimmed.Length == 0 ? null
                : string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase) || trimmed == "1" ? true
                : string.Equals(trimmed, "false", StringComparison.OrdinalIgnoreCase) || trimmed == "0" ? (object)false
                : throw new ArgumentTransformationMetadataException($"{Api.DiagnosticText.Quote(text)} is not true or false: give $true or $false (True or False in a CSV cell).");
        }
    }
}
