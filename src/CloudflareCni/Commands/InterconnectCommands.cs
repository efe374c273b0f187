using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Internal;
using CloudflareCni.Validation;

namespace CloudflareCni.Commands
{
    /// <summary>What the interconnect cmdlets decide and send, free of PowerShell so that tests can drive it.</summary>
    internal static class InterconnectCommands
    {
        public static void List(ICmdletHost host, CfCommandScope scope, InterconnectListParams query, int? pageSize, CfPaging paging)
        {
            CfPager<Interconnect> pager = scope.Connection.Interconnects.ListAutoPaging(scope.AccountId, query, pageSize, paging.MaxItems, host);
            CommandSupport.WriteListing(host, pager, paging, null);
        }

        public static void ListSinglePage(ICmdletHost host, CfCommandScope scope, InterconnectListParams query, int? pageSize, long? cursor)
        {
            CfPager<Interconnect> pager = scope.Connection.Interconnects.ListAutoPaging(scope.AccountId, query, pageSize, null, host, cursor);
            CommandSupport.WriteSinglePage(host, pager, cursor);
        }

        public static void Get(ICmdletHost host, CfCommandScope scope, string name) =>
            CommandSupport.ForItem(host, name, () =>
            {
                CfValidators.Require("Name", "EmptyName", CfValidators.NotEmpty(name));
                host.WriteObject(host.Await(scope.Connection.Interconnects.GetAsync(scope.AccountId, name, host, host.Stopping)));
            });

        public static void NewPhysical(ICmdletHost host, CfCommandScope scope, string slotId, string type, string? speed) =>
            CommandSupport.ForItem(host, slotId, () =>
            {
                CfValidators.Require("SlotId", "InvalidUuid", CfValidators.Uuid(slotId));
                CfValidators.Require("Type", "EmptyType", CfValidators.NotEmpty(type));
                if (!host.ShouldProcess($"slot {slotId}", $"Create a physical interconnect of type '{type}'" + (speed is null ? string.Empty : $" at {speed}")))
                {
                    return;
                }

                var body = new InterconnectNewPhysicalBody { Account = scope.AccountId, SlotId = slotId, Type = type, Speed = speed };
                host.WriteObject(host.Await(scope.Connection.Interconnects.NewPhysicalAsync(body, host, host.Stopping)));
            });

        public static void NewGcpPartner(ICmdletHost host, CfCommandScope scope, string bandwidth, string pairingKey, string type) =>
            CommandSupport.ForItem(host, pairingKey, () =>
            {
                CfValidators.Require("Bandwidth", "InvalidBandwidth", CfValidators.Bandwidth(bandwidth));
                CfValidators.Require("PairingKey", "EmptyPairingKey", CfValidators.NotEmpty(pairingKey));
                CfValidators.Require("Type", "EmptyType", CfValidators.NotEmpty(type));
                if (!host.ShouldProcess($"GCP pairing key {pairingKey}", $"Create a GCP partner interconnect of type '{type}' at {bandwidth}"))
                {
                    return;
                }

                var body = new InterconnectNewGcpPartnerBody { Account = scope.AccountId, Bandwidth = bandwidth, PairingKey = pairingKey, Type = type };
                host.WriteObject(host.Await(scope.Connection.Interconnects.NewGcpPartnerAsync(body, host, host.Stopping)));
            });

        public static void Remove(ICmdletHost host, CfCommandScope scope, string name) =>
            CommandSupport.ForItem(host, name, () =>
            {
                CfValidators.Require("Name", "EmptyName", CfValidators.NotEmpty(name));
                if (!host.ShouldProcess($"interconnect {name}", "Delete"))
                {
                    return;
                }

                host.Await(scope.Connection.Interconnects.DeleteAsync(scope.AccountId, name, host, host.Stopping));
            });

        public static void Status(ICmdletHost host, CfCommandScope scope, string name) =>
            CommandSupport.ForItem(host, name, () =>
            {
                CfValidators.Require("Name", "EmptyName", CfValidators.NotEmpty(name));
                host.WriteObject(host.Await(scope.Connection.Interconnects.StatusAsync(scope.AccountId, name, host, host.Stopping)));
            });

        /// <summary>The default LOA file name: the interconnect name made safe for a file name, then "-loa.pdf".</summary>
        public static string DefaultLoaFileName(string name)
        {
            char[] invalid = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).ToArray();
            string safe = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
            return safe + "-loa.pdf";
        }

        public static void SaveLoa(ICmdletHost host, CfCommandScope scope, string name, string? path, bool force, bool passThru) =>
            CommandSupport.ForItem(host, name, () =>
            {
                CfValidators.Require("Name", "EmptyName", CfValidators.NotEmpty(name));
                string target = host.ResolveFileSystemPath(path ?? DefaultLoaFileName(name));
                if (Directory.Exists(target))
                {
                    target = Path.Combine(target, DefaultLoaFileName(name));
                }

                if (!host.ShouldProcess(target, $"Save the Letter of Authorization of interconnect {name}"))
                {
                    return;
                }

                if (File.Exists(target) && !force &&
                    !host.ShouldContinue($"The file '{target}' already exists. Replace it with the Letter of Authorization of interconnect {name}?", "Replace file"))
                {
                    // Declined, or a host that cannot ask: say so, so that a script sees the LOA was not saved.
                    host.WriteError(new CfError(
                        new IOException($"The file '{target}' already exists and was kept. Use -Force to replace it."),
                        "CfLoa.FileExists",
                        ErrorCategory.ResourceExists,
                        target,
                        "Use -Force to replace the file, or give another -Path."));
                    return;
                }

                string? directory = Path.GetDirectoryName(target);
                if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
                {
                    host.WriteError(new CfError(
                        new DirectoryNotFoundException($"Cannot save the Letter of Authorization to '{target}': the folder '{directory}' does not exist."),
                        "CfLoa.FolderNotFound",
                        ErrorCategory.ObjectNotFound,
                        path ?? target));
                    return;
                }

                InterconnectLoa loa = host.Await(scope.Connection.Interconnects.LoaAsync(scope.AccountId, name, host, host.Stopping));
                if (loa.ContentType.IndexOf("pdf", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    host.WriteWarning($"The Letter of Authorization of {name} came as '{loa.ContentType}', not PDF; it is saved as received.");
                }

                try
                {
                    WriteReplacing(target, loa.Content);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    host.WriteError(new CfError(ex, "CfLoa.WriteFailed", ErrorCategory.WriteError, target));
                    return;
                }

                host.Verbose($"Saved {loa.Content.Length} bytes to {target}.");
                if (passThru)
                {
                    host.WriteObject(new FileInfo(target));
                }
            });

        /// <summary>Polls the status until the wanted state, or ends with a timeout error. Writes progress meanwhile.</summary>
        public static void Wait(ICmdletHost host, CfCommandScope scope, string name, InterconnectState wanted, TimeSpan timeout, TimeSpan pollInterval) =>
            CommandSupport.ForItem(host, name, () =>
            {
                CfValidators.Require("Name", "EmptyName", CfValidators.NotEmpty(name));
                string activity = $"Waiting for interconnect {name} to be {wanted}";
                var clock = Stopwatch.StartNew();
                int polls = 0;
                while (true)
                {
                    InterconnectStatus status = host.Await(scope.Connection.Interconnects.StatusAsync(scope.AccountId, name, host, host.Stopping));
                    polls++;
                    TimeSpan elapsed = clock.Elapsed;
                    if (status.State == wanted)
                    {
                        host.WriteProgress(new CfProgress(activity, $"{status.State} after {CfApiClient.FormatElapsed(elapsed)}", 100, completed: true));
                        host.WriteObject(status);
                        return;
                    }

                    if (elapsed >= timeout)
                    {
                        host.WriteProgress(new CfProgress(activity, $"Timed out in state {status.State}", 100, completed: true));
                        host.WriteError(new CfError(
                            new TimeoutException(
                                $"Interconnect {name} did not reach {wanted} within {CfApiClient.FormatElapsed(timeout)}: " +
                                $"it is {status}, after {polls} status checks."),
                            "CfWait.Timeout",
                            ErrorCategory.OperationTimeout,
                            name));
                        return;
                    }

                    int percent = (int)Math.Min(99, 100 * elapsed.TotalMilliseconds / Math.Max(1, timeout.TotalMilliseconds));
                    host.WriteProgress(new CfProgress(activity, $"{status} ({CfApiClient.FormatElapsed(elapsed)} of {CfApiClient.FormatElapsed(timeout)})", percent));
                    TimeSpan left = timeout - elapsed;
                    host.Sleep(left < pollInterval ? left : pollInterval);
                }
            });

        private static void WriteReplacing(string target, byte[] content)
        {
            // Write beside the target first, so a failure part-way never leaves a truncated LOA under the real name.
            string temporary = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllBytes(temporary, content);
                if (File.Exists(target))
                {
                    File.Replace(temporary, target, null);
                }
                else
                {
                    File.Move(temporary, target);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}
