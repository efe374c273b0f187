using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Internal;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Saves the Letter of Authorization (PDF) of physical interconnects to files.</summary>
    [Cmdlet(VerbsData.Save, "CfInterconnectLoa", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveCfInterconnectLoaCommand : CfApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Interconnect: a CNI piped in names the interconnect that hosts it.
        [Alias("Icon", "Interconnect")]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = new string[0];

        /// <summary>The file, or a folder to hold "name-loa.pdf". Relative to the current location. Default: "name-loa.pdf" there.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Replaces an existing file without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the saved file's FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        /// <summary>The default LOA file name: the interconnect name made safe for a file name, then "-loa.pdf".</summary>
        internal static string DefaultFileName(string name)
        {
            char[] invalid = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).ToArray();
            return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray()) + "-loa.pdf";
        }

        private protected override void Process()
        {
            foreach (string name in Name)
            {
                ForItem(name, () => Save(name));
            }
        }

        private void Save(string name)
        {
            string target = GetUnresolvedProviderPathFromPSPath(Path ?? DefaultFileName(name));
            if (Directory.Exists(target))
            {
                target = System.IO.Path.Combine(target, DefaultFileName(name));
            }

            if (!ShouldChange(target, $"Save the Letter of Authorization of interconnect {name}"))
            {
                return;
            }

            if (File.Exists(target) && !Force.IsPresent &&
                !ShouldReplace($"The file '{target}' already exists. Replace it with the Letter of Authorization of interconnect {name}?", "Replace file"))
            {
                // Declined, or a host that cannot ask: say so, so that a script sees the LOA was not saved.
                WriteFailure(CfErrors.Record(
                    new IOException($"The file '{target}' already exists and was kept. Use -Force to replace it."),
                    CfErrors.LoaFileExists,
                    ErrorCategory.ResourceExists,
                    target,
                    "Use -Force to replace the file, or give another -Path."));
                return;
            }

            string? directory = System.IO.Path.GetDirectoryName(target);
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                WriteFailure(CfErrors.Record(
                    new DirectoryNotFoundException($"Cannot save the Letter of Authorization to '{target}': the folder '{directory}' does not exist."),
                    CfErrors.LoaFolderNotFound,
                    ErrorCategory.ObjectNotFound,
                    Path ?? target));
                return;
            }

            InterconnectLoa loa = Await(Connection.Interconnects.LoaAsync(Account, name, Call));
            if (loa.ContentType.IndexOf("pdf", StringComparison.OrdinalIgnoreCase) < 0)
            {
                WriteNotice($"The Letter of Authorization of {name} came as '{loa.ContentType}', not PDF; it is saved as received.");
            }

            try
            {
                WriteReplacing(target, loa.Content);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteFailure(CfErrors.Record(ex, CfErrors.LoaWriteFailed, ErrorCategory.WriteError, target));
                return;
            }

            WriteVerbose($"Saved {loa.Content.Length} bytes to {target}.");
            if (PassThru.IsPresent)
            {
                WriteResult(new FileInfo(target));
            }
        }

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
