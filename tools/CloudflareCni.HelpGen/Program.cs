// CloudflareCni.HelpGen --docs <folder> --out <path>/CloudflareCni.dll-Help.xml
// CloudflareCni.HelpGen manifest --source <CloudflareCni.psd1> --changelog <CHANGELOG.md> --out <path>/CloudflareCni.psd1
//
// Writes the module's en-US help: the MAML of every cmdlet doc (<Verb-Noun>.md) to --out, and each about topic
// (about_*.md) as about_*.help.txt beside it. With "manifest": writes the shipped manifest, the source manifest with
// its ReleaseNotes taken from the changelog's section of its ModuleVersion. Exit codes: 0 written, 1 a doc has
// errors (all listed, nothing written), 2 usage error.

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
        internal const int ExitInvalidDocs = 1;
        internal const int ExitUsage = 2;

        private const string Usage =
            "usage: CloudflareCni.HelpGen --docs <folder> --out <path-to-CloudflareCni.dll-Help.xml>\n" +
            "  --docs  folder with one <Verb-Noun>.md per cmdlet (platyPS 1.x markdown) and about_*.md topics\n" +
            "  --out   MAML file to write; about topics are written beside it as about_*.help.txt\n" +
            "usage: CloudflareCni.HelpGen manifest --source <CloudflareCni.psd1> --changelog <CHANGELOG.md> --out <CloudflareCni.psd1>\n" +
            "  writes the source manifest to --out with ReleaseNotes set to the changelog's section of its ModuleVersion";

        private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        internal static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Count > 0 && args[0] == "manifest")
            {
                return RunManifest(args.Skip(1).ToList(), stdout, stderr);
            }

            string? docs = null;
            string? output = null;
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i] is not ("--docs" or "--out"))
                {
                    return UsageError(stderr, $"unknown argument '{args[i]}'");
                }

                if (i + 1 >= args.Count)
                {
                    return UsageError(stderr, $"{args[i]} needs a value");
                }

                if (args[i] == "--docs")
                {
                    docs = args[++i];
                }
                else
                {
                    output = args[++i];
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

            var commands = new List<CommandHelp>();
            var aboutTopics = new Dictionary<string, string>();
            var errors = new List<HelpDocError>();
            foreach (string file in Directory.GetFiles(docs, "*.md").OrderBy(f => f, StringComparer.OrdinalIgnoreCase))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                try
                {
                    string markdown = File.ReadAllText(file);
                    if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                    {
                        aboutTopics[name + ".help.txt"] = AboutTopicWriter.Write(file, markdown);
                    }
                    else if (!name.StartsWith("README", StringComparison.OrdinalIgnoreCase))
                    {
                        commands.Add(CommandHelpReader.Read(file, markdown));
                    }
                }
                catch (HelpDocException e)
                {
                    errors.AddRange(e.Errors);
                }
            }

            if (commands.Count == 0 && errors.Count == 0)
            {
                errors.Add(new HelpDocError(docs, 0, "no cmdlet docs (<Verb-Noun>.md) found"));
            }

            if (errors.Count > 0)
            {
                foreach (HelpDocError error in errors)
                {
                    stderr.WriteLine(error);
                }

                stderr.WriteLine($"CloudflareCni.HelpGen: {errors.Count} error(s); no help written.");
                return ExitInvalidDocs;
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
            Directory.CreateDirectory(folder);
            File.WriteAllText(output, MamlWriter.ToText(MamlWriter.Build(commands)), new UTF8Encoding(false));
            foreach ((string fileName, string text) in aboutTopics)
            {
                // With a BOM: Windows PowerShell 5.1 reads help text without one as the ANSI code page.
                File.WriteAllText(Path.Combine(folder, fileName), text, new UTF8Encoding(true));
            }

            stdout.WriteLine($"CloudflareCni.HelpGen: wrote {output} ({commands.Count} cmdlet(s)) and {aboutTopics.Count} about topic(s).");
            return ExitOk;
        }

        private static int RunManifest(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            var values = new Dictionary<string, string>();
            for (int i = 0; i < args.Count; i += 2)
            {
                if (args[i] is not ("--source" or "--changelog" or "--out"))
                {
                    return UsageError(stderr, $"unknown argument '{args[i]}'");
                }

                if (i + 1 >= args.Count)
                {
                    return UsageError(stderr, $"{args[i]} needs a value");
                }

                values[args[i]] = args[i + 1];
            }

            if (!values.TryGetValue("--source", out string? source) || !values.TryGetValue("--changelog", out string? changelog) || !values.TryGetValue("--out", out string? output))
            {
                return UsageError(stderr, "manifest needs --source, --changelog and --out");
            }

            foreach (string file in new[] { source, changelog })
            {
                if (!File.Exists(file))
                {
                    return UsageError(stderr, $"'{file}' does not exist");
                }
            }

            string manifest;
            try
            {
                manifest = ManifestWriter.Write(File.ReadAllText(source), File.ReadAllText(changelog), source, changelog);
            }
            catch (HelpDocException e)
            {
                foreach (HelpDocError error in e.Errors)
                {
                    stderr.WriteLine(error);
                }

                stderr.WriteLine("CloudflareCni.HelpGen: no manifest written.");
                return ExitInvalidDocs;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            // With a BOM: Windows PowerShell 5.1 reads a manifest without one as the ANSI code page, where the UTF-8
            // bytes of some characters read as quotes that would end the ReleaseNotes string.
            File.WriteAllText(output, manifest, new UTF8Encoding(true));
            stdout.WriteLine($"CloudflareCni.HelpGen: wrote {output} with the release notes of {changelog}.");
            return ExitOk;
        }

        private static int UsageError(TextWriter stderr, string message)
        {
            stderr.WriteLine("CloudflareCni.HelpGen: " + message);
            stderr.WriteLine(Usage);
            return ExitUsage;
        }
    }
}
