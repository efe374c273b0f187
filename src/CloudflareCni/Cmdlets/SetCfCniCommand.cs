using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Changes a CNI: reads it (or takes the piped one), changes the given fields, and writes it all back.</summary>
    [Cmdlet(VerbsCommon.Set, "CfCni", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cni))]
    public sealed class SetCfCniCommand : CfApiCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string IdSet = "Id";

        /// <summary>The CNI to change, as Get-CfCni wrote it. Every field it carries is sent back.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Cni? InputObject { get; set; }

        /// <summary>The id of the CNI to change; the module reads it first.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateUuid]
        public string Id { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConduitName { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? Description { get; set; }

        [Parameter]
        [ValidateRange(ModuleRules.MinMtu, ModuleRules.MaxMtu)]
        public int Mtu { get; set; }

        /// <summary>The customer end of the link (A.B.C.D/N); must lie in the prefix of the Cloudflare end.</summary>
        [Parameter]
        [ValidateCidr]
        public string? CustomerIp { get; set; }

        /// <summary>The Cloudflare end of the link (A.B.C.D/N), which the API calls p2p_ip.</summary>
        [Parameter]
        [ValidateCidr]
        public string? CloudflareIp { get; set; }

        [Parameter]
        [ValidateRange(0L, ApiRules.MaxAsn)]
        public long CustomerAsn { get; set; }

        [Parameter]
        [ValidateCidr]
        public string[]? ExtraPrefix { get; set; }

        [Parameter]
        [ValidateMd5Key]
        public string? Md5Key { get; set; }

        /// <summary>Writes the updated CNI.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override void Process()
        {
            Cni? piped = ParameterSetName == InputObjectSet ? InputObject : null;
            string target = piped?.Id ?? Id;
            ForItem((object?)piped ?? Id, () =>
            {
                if (piped != null && ModuleRules.UuidFault(target) is string badId)
                {
                    throw new CfValidationException(nameof(InputObject), CfErrors.InvalidUuid, "The piped CNI's Id is not valid. " + badId);
                }

                List<string> changes = DescribeChanges();
                if (piped is null && changes.Count == 0)
                {
                    throw new CfValidationException(
                        nameof(Id), CfErrors.NothingToChange, "Set-CfCni -Id needs at least one field to change, such as -Mtu or -Description.");
                }

                Cni? local = piped is null ? null : Clone(piped);
                if (local != null)
                {
                    Apply(local);
                }

                string action = changes.Count == 0 ? "Replace with the given object" : "Set " + string.Join(", ", changes);
                if (!ShouldChange($"CNI {target}", action))
                {
                    return;
                }

                Cni updated = local ?? Await(Connection.Cnis.Resource.GetAsync(Account, target, Call));
                if (local is null)
                {
                    Apply(updated);
                }

                Cni result = Await(Connection.Cnis.UpdateAsync(Account, updated, Call));
                if (PassThru.IsPresent)
                {
                    WriteResult(result);
                }
            });
        }

        /// <summary>What the change does, for ShouldProcess; the MD5 key's value is not shown.</summary>
        private List<string> DescribeChanges()
        {
            var parts = new List<string>();
            if (ConduitName != null)
            {
                parts.Add($"ConduitName='{ConduitName}'");
            }

            if (Description != null)
            {
                parts.Add($"Description='{Description}'");
            }

            if (IsBound(nameof(Mtu)))
            {
                parts.Add("Mtu=" + Mtu.ToString(CultureInfo.InvariantCulture));
            }

            if (CustomerIp != null)
            {
                parts.Add("CustomerIp=" + CustomerIp);
            }

            if (CloudflareIp != null)
            {
                parts.Add("CloudflareIp=" + CloudflareIp);
            }

            if (IsBound(nameof(CustomerAsn)))
            {
                parts.Add("CustomerAsn=" + CustomerAsn.ToString(CultureInfo.InvariantCulture));
            }

            if (ExtraPrefix != null)
            {
                parts.Add("ExtraPrefix=" + string.Join(",", ExtraPrefix));
            }

            if (Md5Key != null)
            {
                parts.Add("Md5Key=(new key)");
            }

            return parts;
        }

        /// <summary>Changes the given fields of the CNI, and checks the rules that span fields.</summary>
        private void Apply(Cni cni)
        {
            cni.Magic.ConduitName = ConduitName ?? cni.Magic.ConduitName;
            cni.Magic.Description = Description ?? cni.Magic.Description;
            cni.Magic.Mtu = IsBound(nameof(Mtu)) ? Mtu : cni.Magic.Mtu;
            cni.CustomerIp = CustomerIp ?? cni.CustomerIp;
            cni.CloudflareIp = CloudflareIp ?? cni.CloudflareIp;
            if (IsBound(nameof(CustomerAsn)) || ExtraPrefix != null || Md5Key != null)
            {
                if (cni.Bgp is null && !IsBound(nameof(CustomerAsn)))
                {
                    throw new CfValidationException(
                        ExtraPrefix != null ? nameof(ExtraPrefix) : nameof(Md5Key),
                        CfErrors.BgpNeedsCustomerAsn,
                        $"CNI {cni.Id} has no BGP session: -ExtraPrefix and -Md5Key need -CustomerAsn to create one.");
                }

                CniBgp bgp = cni.Bgp ?? new CniBgp();
                bgp.CustomerAsn = IsBound(nameof(CustomerAsn)) ? CustomerAsn : bgp.CustomerAsn;
                bgp.ExtraPrefixes = ExtraPrefix ?? bgp.ExtraPrefixes;
                bgp.Md5Key = Md5Key ?? bgp.Md5Key;
                cni.Bgp = bgp;
            }

            if (ModuleRules.CustomerIpOutsidePrefix(cni.CustomerIp, cni.CloudflareIp) is string outside)
            {
                throw new CfValidationException(nameof(CustomerIp), CfErrors.CustomerIpOutsidePrefix, outside);
            }
        }

        /// <summary>A deep copy through JSON, so a change never alters the object the user piped in.</summary>
        private static Cni Clone(Cni cni) =>
            System.Text.Json.JsonSerializer.Deserialize(CfResource<Cni>.Serialize(cni, CfJsonContext.Default.Cni), CfJsonContext.Default.Cni)!;
    }
}
