using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Api;
using CloudflareCni.Validation;
using static CloudflareCni.Api.DiagnosticText;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Saves the Letter of Authorization (PDF) of physical interconnects to files, made out to the account's name or to -CustomerName.</summary>
    [Cmdlet(VerbsData.Save, "CfInterconnectLoa", DefaultParameterSetName = InterconnectNameParameters.NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveCfInterconnectLoaCommand : CfApiCmdlet, IDynamicParameters
    {
        private readonly InterconnectNameParameters interconnects = new InterconnectNameParameters();

        private InterconnectNames? names;

        /// <summary>The file, or a folder to hold "name-loa.pdf", taken literally. Relative to the current location. Default: "name-loa.pdf" there.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateLiteralPath]
        public string? Path { get; set; }

        /// <summary>
        /// The customer name to print on the LOA instead of the account's (the API's name query), at most 200 characters.
        /// Binds from a piped object's or CSV row's CustomerName. Get-CfInterconnectLoaName shows the default.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateText(MaxLength = ApiRules.MaxLoaNameLength)]
        public string? CustomerName { get; set; }

        /// <summary>Replaces an existing file without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the saved file's FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override bool ForceRequested => Force.IsPresent;

        /// <summary>-Name and -InputObject (<see cref="InterconnectNameParameters"/>).</summary>
        public object GetDynamicParameters() => Offer(interconnects);

        /// <summary>The default LOA file name: the interconnect name made safe for a file name, then "-loa.pdf".</summary>
        internal static string DefaultFileName(string name)
        {
            char[] invalid = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).ToArray();
            return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray()) + "-loa.pdf";
        }

        private protected override void Process()
        {
            if (!interconnects.TryGetNames(this, out var given))
            {
                return;
            }

            names ??= new InterconnectNames(this);
            foreach (string pattern in given)
            {
                ForItem(pattern, () =>
                {
                    foreach (string name in names.Expand(pattern, () => Account))
                    {
                        ForItem(name, () => Save(name));
                    }
                });
            }
        }

        /// <summary>The files this command wrote, each with the interconnect whose LOA it holds.</summary>
        private readonly System.Collections.Generic.Dictionary<string, string> savedBy =
            new System.Collections.Generic.Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private void Save(string name)
        {
            string target = GetUnresolvedProviderPathFromPSPath(Path ?? DefaultFileName(name));
            if (Directory.Exists(target))
            {
                target = System.IO.Path.Combine(target, DefaultFileName(name));
            }

            // Several interconnects (a pattern, or piped names) with -Path naming one file: the second would replace
            // the first's LOA, -Force or not. Only the first is saved there.
            if (savedBy.TryGetValue(target, out string? earlier) && earlier != name)
            {
                WriteFailure(CfErrors.Record(
                    new IOException($"The file {Quote(target)} already holds the Letter of Authorization of interconnect {Escape(earlier)}, saved by this command; that of {Escape(name)} was not saved over it."),
                    CfErrors.LoaFileExists,
                    ErrorCategory.ResourceExists,
                    target,
                    "To save the LOAs of several interconnects, give -Path a folder (each LOA gets its own name there), or none."));
                return;
            }

            string madeOutTo = CustomerName is null ? " (made out to the account's name)" : $" made out to {Quote(CustomerName)}";
            if (!ShouldChange(Escape(target), $"Save the Letter of Authorization of interconnect {Escape(name)}{madeOutTo}"))
            {
                return;
            }

            if (File.Exists(target) && !Force.IsPresent &&
                !ShouldReplace($"The file {Quote(target)} already exists. Replace it with the Letter of Authorization of interconnect {Escape(name)}?", "Replace file"))
            {
                // Declined, or a host that cannot ask: say so, so that a script sees the LOA was not saved.
                WriteFailure(CfErrors.Record(
                    new IOException($"The file {Quote(target)} already exists and was kept. Use -Force to replace it."),
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
                    new DirectoryNotFoundException($"Cannot save the Letter of Authorization to {Quote(target)}: the folder {Quote(directory)} does not exist."),
                    CfErrors.LoaFolderNotFound,
                    ErrorCategory.ObjectNotFound,
                    Path ?? target));
                return;
            }

            InterconnectLoa loa = Await(new InterconnectService(Executor).LoaAsync(Account, name, CustomerName, Call));
            if (loa.ContentType.IndexOf("pdf", StringComparison.OrdinalIgnoreCase) < 0)
            {
                WriteNotice($"The Letter of Authorization of {Escape(name)} came as {Quote(loa.ContentType)}, not PDF; it is saved as received.");
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

            savedBy[target] = name;
            WriteVerbose($"Saved {loa.Content.Length} bytes to {Escape(target)}.");
            if (PassThru.IsPresent)
            {
                // Through the provider, as Get-Item does, so that the file shows with its Mode, Length and PSPath.
                WriteObject(SessionState.InvokeProvider.Item.Get(new[] { target }, force: false, literalPath: true), enumerateCollection: true);
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
