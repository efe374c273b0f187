using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudflareCni.HelpGen
{
    /// <summary>
    /// The shipped module manifest: the source manifest with its empty <c>ReleaseNotes = ''</c> filled in from
    /// CHANGELOG.md's section for the manifest's ModuleVersion, so that release notes are written once, in the changelog.
    /// </summary>
    internal static class ManifestWriter
    {
        private static readonly Regex ModuleVersionLine = new Regex(@"^\s*ModuleVersion\s*=\s*'(?<version>[^']+)'", RegexOptions.Multiline);
        private static readonly Regex ReleaseNotesLine = new Regex(@"^(?<indent>[ \t]*)ReleaseNotes[ \t]*=[ \t]*(?<value>'[^\r\n]*)", RegexOptions.Multiline);
        private static readonly Regex SectionHeading = new Regex(@"^## (?<version>\S+)(\s|$)");

        /// <summary>The quote characters that end a single-quoted string in PowerShell; each is doubled inside one.</summary>
        private static readonly char[] SingleQuotes = { '\'', '\u2018', '\u2019', '\u201A', '\u201B' };

        /// <param name="manifest">The source manifest's text.</param>
        /// <param name="changelog">CHANGELOG.md's text.</param>
        /// <param name="manifestFile">The source manifest's path, for errors.</param>
        /// <param name="changelogFile">The changelog's path, for errors.</param>
        public static string Write(string manifest, string changelog, string manifestFile, string changelogFile)
        {
            Match version = ModuleVersionLine.Match(manifest);
            if (!version.Success)
            {
                throw Error(manifestFile, 0, "no ModuleVersion = '<version>' line");
            }

            List<Match> notes = ReleaseNotesLine.Matches(manifest).Cast<Match>().ToList();
            if (notes.Count != 1 || notes[0].Groups["value"].Value.TrimEnd() != "''")
            {
                throw Error(manifestFile, notes.Count > 0 ? LineOf(manifest, notes[0].Index) : 0,
                    $"needs exactly one empty ReleaseNotes = '' line, which the build fills from {changelogFile}; found {notes.Count} ReleaseNotes line(s)" +
                    (notes.Count == 1 ? " with a value (write release notes in the changelog instead)" : string.Empty));
            }

            string section = ReleaseNotes(changelog, version.Groups["version"].Value, changelogFile);
            Match line = notes[0];
            return manifest.Substring(0, line.Index) +
                line.Groups["indent"].Value + "ReleaseNotes = " + ToSingleQuotedLiteral(section) +
                manifest.Substring(line.Index + line.Length);
        }

        /// <summary>The changelog's section of <paramref name="version"/>: its "## version" heading and the lines up to the next "## " heading.</summary>
        public static string ReleaseNotes(string changelog, string version, string changelogFile)
        {
            string[] lines = changelog.Replace("\r\n", "\n").Split('\n');
            int start = Array.FindIndex(lines, l => SectionHeading.Match(l) is { Success: true } m && m.Groups["version"].Value == version);
            if (start < 0)
            {
                throw Error(changelogFile, 0, $"no '## {version}' section for the manifest's ModuleVersion {version}");
            }

            int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            IEnumerable<string> section = lines.Skip(start).Take((end < 0 ? lines.Length : end) - start);
            return string.Join("\n", section).Trim();
        }

        /// <summary>A PowerShell single-quoted string literal of <paramref name="text"/>.</summary>
        public static string ToSingleQuotedLiteral(string text)
        {
            var literal = new StringBuilder(text.Length + 2).Append('\'');
            foreach (char c in text)
            {
                literal.Append(c);
                if (Array.IndexOf(SingleQuotes, c) >= 0)
                {
                    literal.Append(c);
                }
            }

            return literal.Append('\'').ToString();
        }

        private static int LineOf(string text, int index) => text.Take(index).Count(c => c == '\n') + 1;

        private static HelpDocException Error(string file, int line, string message) =>
            new HelpDocException(new[] { new HelpDocError(file, line, message) });
    }
}
