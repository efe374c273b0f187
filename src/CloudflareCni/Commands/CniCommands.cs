using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CloudflareCni.Api;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Commands
{
    /// <summary>The fields Set-CfCni can change; null means "leave as the server has it".</summary>
    internal sealed class CniChanges
    {
        public string? ConduitName { get; set; }

        public string? Description { get; set; }

        public int? Mtu { get; set; }

        public string? CustomerIp { get; set; }

        public string? CloudflareIp { get; set; }

        public long? CustomerAsn { get; set; }

        public string[]? ExtraPrefixes { get; set; }

        public string? Md5Key { get; set; }

        public bool IsEmpty => Describe().Count == 0;

        /// <summary>What the change does, for ShouldProcess; the MD5 key's value is not shown.</summary>
        public IReadOnlyList<string> Describe()
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

            if (Mtu.HasValue)
            {
                parts.Add("Mtu=" + Mtu.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (CustomerIp != null)
            {
                parts.Add("CustomerIp=" + CustomerIp);
            }

            if (CloudflareIp != null)
            {
                parts.Add("CloudflareIp=" + CloudflareIp);
            }

            if (CustomerAsn.HasValue)
            {
                parts.Add("CustomerAsn=" + CustomerAsn.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (ExtraPrefixes != null)
            {
                parts.Add("ExtraPrefix=" + string.Join(",", ExtraPrefixes));
            }

            if (Md5Key != null)
            {
                parts.Add("Md5Key=(new key)");
            }

            return parts;
        }

        /// <summary>Format rules, checked before any request.</summary>
        public void Validate()
        {
            if (ConduitName != null)
            {
                CfValidators.Require("ConduitName", "EmptyConduitName", CfValidators.NotEmpty(ConduitName));
            }

            if (Mtu.HasValue)
            {
                CfValidators.Require("Mtu", "MtuOutOfRange", CfValidators.Mtu(Mtu.Value));
            }

            if (CustomerIp != null)
            {
                CfValidators.Require("CustomerIp", "InvalidCidr", CfValidators.Cidr(CustomerIp));
            }

            if (CloudflareIp != null)
            {
                CfValidators.Require("CloudflareIp", "InvalidCidr", CfValidators.Cidr(CloudflareIp));
            }

            if (CustomerAsn.HasValue)
            {
                CfValidators.Require("CustomerAsn", "AsnOutOfRange", CfValidators.Asn(CustomerAsn.Value));
            }

            foreach (string prefix in ExtraPrefixes ?? new string[0])
            {
                CfValidators.Require("ExtraPrefix", "InvalidCidr", CfValidators.Cidr(prefix));
            }

            if (Md5Key != null)
            {
                CfValidators.Require("Md5Key", "InvalidMd5Key", CfValidators.Md5Key(Md5Key));
            }

            if (CustomerIp != null && CloudflareIp != null)
            {
                CfValidators.Require("CustomerIp", "CustomerIpOutsidePrefix", CfValidators.CustomerIpInPrefix(CustomerIp, CloudflareIp));
            }
        }

        public void ApplyTo(Cni cni)
        {
            if (ConduitName != null)
            {
                cni.Magic.ConduitName = ConduitName;
            }

            if (Description != null)
            {
                cni.Magic.Description = Description;
            }

            if (Mtu.HasValue)
            {
                cni.Magic.Mtu = Mtu.Value;
            }

            if (CustomerIp != null)
            {
                cni.CustomerIp = CustomerIp;
            }

            if (CloudflareIp != null)
            {
                cni.CloudflareIp = CloudflareIp;
            }

            if (CustomerAsn.HasValue || ExtraPrefixes != null || Md5Key != null)
            {
                if (cni.Bgp is null && !CustomerAsn.HasValue)
                {
                    throw new CfValidationException(
                        ExtraPrefixes != null ? "ExtraPrefix" : "Md5Key",
                        "BgpNeedsCustomerAsn",
                        $"CNI {cni.Id} has no BGP session: -ExtraPrefix and -Md5Key need -CustomerAsn to create one.");
                }

                CniBgp bgp = cni.Bgp ?? new CniBgp();
                if (CustomerAsn.HasValue)
                {
                    bgp.CustomerAsn = CustomerAsn.Value;
                }

                if (ExtraPrefixes != null)
                {
                    bgp.ExtraPrefixes = ExtraPrefixes;
                }

                if (Md5Key != null)
                {
                    bgp.Md5Key = Md5Key;
                }

                cni.Bgp = bgp;
            }
        }
    }

    /// <summary>What the CNI cmdlets decide and send.</summary>
    internal static class CniCommands
    {
        public static void List(ICmdletHost host, CfCommandScope scope, CniListParams query, int? pageSize, CfPaging paging)
        {
            ValidateQuery(query);
            CfPager<Cni> pager = scope.Connection.Cnis.ListAutoPaging(scope.AccountId, query, pageSize, paging.MaxItems, host);
            CommandSupport.WriteListing(host, pager, paging, null);
        }

        public static void ListSinglePage(ICmdletHost host, CfCommandScope scope, CniListParams query, int? pageSize, long? cursor)
        {
            ValidateQuery(query);
            CfPager<Cni> pager = scope.Connection.Cnis.ListAutoPaging(scope.AccountId, query, pageSize, null, host, cursor);
            CommandSupport.WriteSinglePage(host, pager, cursor);
        }

        public static void Get(ICmdletHost host, CfCommandScope scope, string id) =>
            CommandSupport.ForItem(host, id, () =>
            {
                CfValidators.Require("Id", "InvalidUuid", CfValidators.Uuid(id));
                host.WriteObject(host.Await(scope.Connection.Cnis.GetAsync(scope.AccountId, id, host, host.Stopping)));
            });

        public static void New(
            ICmdletHost host, CfCommandScope scope, string interconnect, string conduitName, string description, int mtu,
            long? customerAsn, string[]? extraPrefixes, string? md5Key) =>
            CommandSupport.ForItem(host, interconnect, () =>
            {
                CfValidators.Require("Interconnect", "EmptyName", CfValidators.NotEmpty(interconnect));
                CfValidators.Require("ConduitName", "EmptyConduitName", CfValidators.NotEmpty(conduitName));
                CfValidators.Require("Mtu", "MtuOutOfRange", CfValidators.Mtu(mtu));
                if (!customerAsn.HasValue && (extraPrefixes != null || md5Key != null))
                {
                    throw new CfValidationException(
                        extraPrefixes != null ? "ExtraPrefix" : "Md5Key",
                        "BgpNeedsCustomerAsn",
                        "-ExtraPrefix and -Md5Key configure the BGP session, which needs -CustomerAsn as well.");
                }

                var bgpChanges = new CniChanges { CustomerAsn = customerAsn, ExtraPrefixes = extraPrefixes, Md5Key = md5Key };
                bgpChanges.Validate();
                string bgpText = customerAsn.HasValue ? $" with BGP to AS{customerAsn.Value}" : string.Empty;
                if (!host.ShouldProcess($"interconnect {interconnect}", $"Create CNI '{conduitName}' (MTU {mtu}){bgpText}"))
                {
                    return;
                }

                var body = new CniNewBody
                {
                    Account = scope.AccountId,
                    Interconnect = interconnect,
                    Magic = new CniMagic { ConduitName = conduitName, Description = description, Mtu = mtu },
                };
                if (customerAsn.HasValue)
                {
                    body.Bgp = new CniBgp { CustomerAsn = customerAsn.Value, ExtraPrefixes = extraPrefixes ?? new string[0], Md5Key = md5Key };
                }

                host.WriteObject(host.Await(scope.Connection.Cnis.NewAsync(body, host, host.Stopping)));
            });

        /// <summary>
        /// A read-modify-write: the base is the piped object as given, or a fresh GET by id; the PUT sends back every
        /// field of that base, known or not, with only the requested fields changed.
        /// </summary>
        public static void Set(ICmdletHost host, CfCommandScope scope, Cni? inputObject, string? id, CniChanges changes, bool passThru)
        {
            string target = inputObject?.Id ?? id ?? string.Empty;
            CommandSupport.ForItem(host, (object?)inputObject ?? id, () =>
            {
                CfValidators.Require(inputObject is null ? "Id" : "InputObject", "InvalidUuid", CfValidators.Uuid(target));
                changes.Validate();
                if (inputObject is null && changes.IsEmpty)
                {
                    throw new CfValidationException(
                        "Id", "NothingToChange", "Set-CfCni -Id needs at least one field to change, such as -Mtu or -Description.");
                }

                Cni? local = inputObject is null ? null : Clone(inputObject);
                if (local != null)
                {
                    changes.ApplyTo(local);
                    CfValidators.Require("CustomerIp", "CustomerIpOutsidePrefix", CfValidators.CustomerIpInPrefix(local.CustomerIp, local.CloudflareIp));
                }

                IReadOnlyList<string> described = changes.Describe();
                string action = described.Count == 0 ? "Replace with the given object" : "Set " + string.Join(", ", described);
                if (!host.ShouldProcess($"CNI {target}", action))
                {
                    return;
                }

                Cni updated = local ?? host.Await(scope.Connection.Cnis.GetAsync(scope.AccountId, target, host, host.Stopping));
                if (local is null)
                {
                    changes.ApplyTo(updated);
                    CfValidators.Require("CustomerIp", "CustomerIpOutsidePrefix", CfValidators.CustomerIpInPrefix(updated.CustomerIp, updated.CloudflareIp));
                }

                Cni result = host.Await(scope.Connection.Cnis.UpdateAsync(scope.AccountId, updated, host, host.Stopping));
                if (passThru)
                {
                    host.WriteObject(result);
                }
            });
        }

        public static void Remove(ICmdletHost host, CfCommandScope scope, string id) =>
            CommandSupport.ForItem(host, id, () =>
            {
                CfValidators.Require("Id", "InvalidUuid", CfValidators.Uuid(id));
                if (!host.ShouldProcess($"CNI {id}", "Delete"))
                {
                    return;
                }

                host.Await(scope.Connection.Cnis.DeleteAsync(scope.AccountId, id, host, host.Stopping));
            });

        /// <summary>A deep copy through JSON, so a change never alters the object the user piped in.</summary>
        internal static Cni Clone(Cni cni) =>
            System.Text.Json.JsonSerializer.Deserialize(
                CfApiClient.Serialize(cni, CfJsonContext.Default.Cni), CfJsonContext.Default.Cni)!;

        private static void ValidateQuery(CniListParams query)
        {
            if (query.Slot is null)
            {
                return;
            }

            try
            {
                CfValidators.Require("Slot", "InvalidUuid", CfValidators.Uuid(query.Slot));
            }
            catch (CfValidationException ex)
            {
                // A listing has no per-item input to skip: a bad filter ends the command.
                throw new CfTerminatingException(ex.ToError(query.Slot));
            }
        }
    }
}
