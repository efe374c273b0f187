// CloudflareCni.HelpGen --docs <folder> --out <path-to-CloudflareCni.dll-Help.xml> [--check] [--newline lf|crlf]
//
// Reads every command-help markdown file of the docs folder (Microsoft.PowerShell.PlatyPS 1.x schema) and writes
// the MAML that "Import-MarkdownCommandHelp docs/*.md | Export-MamlCommandHelp" would write. With --check it only
// compares the generated MAML with the existing file. Exit codes: 0 success, 1 invalid markdown, 2 usage error,
// 3 --check found a difference.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CloudflareCni.HelpGen
{
    internal static class Program
    {
        internal const int ExitOk = 0;
        internal const int ExitInvalidMarkdown = 1;
        internal const int ExitUsage = 2;
        internal const int ExitCheckFailed = 3;

        private const string Usage =
            "usage: CloudflareCni.HelpGen --docs <folder> --out <path-to-CloudflareCni.dll-Help.xml> [--check] [--newline lf|crlf]\n" +
            "  --docs     folder with one <Command-Name>.md per cmdlet (about_*.md, README*.md and non-cmdlet documents are skipped)\n" +
            "  --out      MAML file to write; its file name must equal the docs' 'external help file'\n" +
            "  --check    do not write; fail (exit 3) when the file is missing or differs from what would be written\n" +
            "  --newline  line ending of the MAML: lf (what platyPS writes on Linux/macOS, default) or crlf (on Windows)";

        private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        internal static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            string? docs = null;
            string? output = null;
            bool check = false;
            string newLine = "\n";
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "--docs":
                    case "--out":
                    case "--newline":
                        if (i + 1 >= args.Count)
                        {
                            return UsageError(stderr, $"{arg} needs a value");
                        }

                        string value = args[++i];
                        if (arg == "--docs")
                        {
                            docs = value;
                        }
                        else if (arg == "--out")
                        {
                            output = value;
                        }
                        else if (string.Equals(value, "lf", StringComparison.OrdinalIgnoreCase))
                        {
                            newLine = "\n";
                        }
                        else if (string.Equals(value, "crlf", StringComparison.OrdinalIgnoreCase))
                        {
                            newLine = "\r\n";
                        }
                        else
                        {
                            return UsageError(stderr, $"--newline must be lf or crlf, not '{value}'");
                        }

                        break;
                    case "--check":
                        check = true;
                        break;
                    case "-h":
                    case "--help":
                    case "-?":
                        stdout.WriteLine(Usage);
                        return ExitOk;
                    default:
                        return UsageError(stderr, $"unknown argument '{arg}'");
                }
            }

            if (docs is null || output is null)
            {
                return UsageError(stderr, "--docs and --out are required");
            }

            if (!Directory.Exists(docs))
            {
                return UsageError(stderr, $"docs folder '{docs}' does not exist");
            }

            IReadOnlyList<string> files = CommandHelpMarkdownReader.GetCommandHelpFiles(docs);
            var helps = new List<CommandHelp>();
            var errors = new List<CommandHelpDiagnostic>();
            foreach (string file in files)
            {
                try
                {
                    CommandHelp help = CommandHelpMarkdownReader.ReadFile(file);
                    foreach (CommandHelpDiagnostic warning in help.Warnings)
                    {
                        stderr.WriteLine(warning);
                    }

                    helps.Add(help);
                }
                catch (CommandHelpFormatException e)
                {
                    errors.AddRange(e.Errors);
                }
                catch (IOException e)
                {
                    errors.Add(new CommandHelpDiagnostic(file, 0, CommandHelpSeverity.Error, e.Message));
                }
            }

            if (helps.Count == 0 && errors.Count == 0)
            {
                errors.Add(new CommandHelpDiagnostic(docs, 0, CommandHelpSeverity.Error, "no command help markdown files (document type: cmdlet) found"));
            }

            string outputName = Path.GetFileName(output);
            foreach (CommandHelp help in helps)
            {
                if (!string.Equals(help.ExternalHelpFile, outputName, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(new CommandHelpDiagnostic(help.SourcePath, 0, CommandHelpSeverity.Error,
                        $"'external help file' is '{help.ExternalHelpFile}' but the output file is '{outputName}' (platyPS writes one file per 'external help file')"));
                }
            }

            foreach (IGrouping<string, CommandHelp> group in helps.GroupBy(h => h.ModuleName, StringComparer.Ordinal).Skip(1))
            {
                foreach (CommandHelp help in group)
                {
                    errors.Add(new CommandHelpDiagnostic(help.SourcePath, 0, CommandHelpSeverity.Error,
                        $"'Module Name' is '{help.ModuleName}' but '{helps[0].SourcePath}' says '{helps[0].ModuleName}' (platyPS would write them to different folders)"));
                }
            }

            foreach (IGrouping<string, CommandHelp> group in helps.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                foreach (CommandHelp help in group.Skip(1))
                {
                    errors.Add(new CommandHelpDiagnostic(help.SourcePath, 0, CommandHelpSeverity.Error, $"command '{help.Name}' is documented more than once"));
                }
            }

            if (errors.Count > 0)
            {
                foreach (CommandHelpDiagnostic error in errors)
                {
                    stderr.WriteLine(error);
                }

                stderr.WriteLine($"CloudflareCni.HelpGen: {errors.Count} error(s); no MAML written.");
                return ExitInvalidMarkdown;
            }

            string maml;
            try
            {
                maml = MamlWriter.Write(helps, newLine);
            }
            catch (ArgumentException e)
            {
                // XmlWriter refuses characters that XML cannot hold (control characters); platyPS's XmlSerializer fails the same way.
                stderr.WriteLine($"{docs}: error: cannot write MAML: {e.Message}");
                return ExitInvalidMarkdown;
            }

            if (check)
            {
                if (!File.Exists(output))
                {
                    stderr.WriteLine($"{output}: error: the MAML file does not exist; run CloudflareCni.HelpGen without --check");
                    return ExitCheckFailed;
                }

                string existing = File.ReadAllText(output, new UTF8Encoding(false));
                if (!string.Equals(existing, maml, StringComparison.Ordinal))
                {
                    stderr.WriteLine($"{output}: error: the MAML file is out of date with {docs}{FirstDifference(existing, maml)}");
                    return ExitCheckFailed;
                }

                stdout.WriteLine($"CloudflareCni.HelpGen: {output} is up to date ({helps.Count} command(s)).");
                return ExitOk;
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            if (File.Exists(output) && string.Equals(File.ReadAllText(output, new UTF8Encoding(false)), maml, StringComparison.Ordinal))
            {
                stdout.WriteLine($"CloudflareCni.HelpGen: {output} is up to date ({helps.Count} command(s)).");
                return ExitOk;
            }

            File.WriteAllText(output, maml, new UTF8Encoding(false));
            stdout.WriteLine($"CloudflareCni.HelpGen: wrote {output} ({helps.Count} command(s)).");
            return ExitOk;
        }

        private static int UsageError(TextWriter stderr, string message)
        {
            stderr.WriteLine("CloudflareCni.HelpGen: " + message);
            stderr.WriteLine(Usage);
            return ExitUsage;
        }

        private static string FirstDifference(string existing, string generated)
        {
            string[] a = existing.Replace("\r\n", "\n").Split('\n');
            string[] b = generated.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                string left = i < a.Length ? a[i] : "<end of file>";
                string right = i < b.Length ? b[i] : "<end of file>";
                if (!string.Equals(left, right, StringComparison.Ordinal))
                {
                    return $" (first difference at line {i + 1}: file has '{left.Trim()}', expected '{right.Trim()}')";
                }
            }

            return " (line endings differ)";
        }
    }
}
