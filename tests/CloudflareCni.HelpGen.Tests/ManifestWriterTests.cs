using System;
using System.IO;
using System.Text;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class ManifestWriterTests : IDisposable
    {
        private const string Manifest =
            "@{\n" +
            "    RootModule    = 'CloudflareCni.dll'\n" +
            "    ModuleVersion = '0.2.0'\n" +
            "    PrivateData   = @{\n" +
            "        PSData = @{\n" +
            "            Tags         = @('Cloudflare')\n" +
            "            # the build fills this in\n" +
            "            ReleaseNotes = ''\n" +
            "        }\n" +
            "    }\n" +
            "}\n";

        private const string Changelog =
            "# Changelog\n\n" +
            "## 0.3.0 - unreleased\n\n- Not this one.\n\n" +
            "## 0.2.0 - 2026-11-27\n\n### Added\n\n- Named connections: `-Name 'prod'`, the user\u2019s choice \u2192 kept.\n\n" +
            "## 0.1.0 - 2026-10-01\n\n- First.\n";

        private readonly string root = Path.Combine(Path.GetTempPath(), "helpgen-manifest-" + Guid.NewGuid().ToString("N"));

        public ManifestWriterTests() => Directory.CreateDirectory(root);

        public void Dispose() => Directory.Delete(root, recursive: true);

        private (int Exit, string Out, string Err, string Written) Run(string manifest, string changelog)
        {
            File.WriteAllText(Path.Combine(root, "CloudflareCni.psd1"), manifest);
            File.WriteAllText(Path.Combine(root, "CHANGELOG.md"), changelog);
            string output = Path.Combine(root, "out", "CloudflareCni.psd1");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = Program.Run(
                new[] { "manifest", "--source", Path.Combine(root, "CloudflareCni.psd1"), "--changelog", Path.Combine(root, "CHANGELOG.md"), "--out", output },
                stdout,
                stderr);
            return (exit, stdout.ToString(), stderr.ToString(), File.Exists(output) ? File.ReadAllText(output) : string.Empty);
        }

        [Fact]
        public void WritesTheSectionOfTheManifestsVersion_NotTheNewest_AsASingleQuotedString_AndLeavesTheRestAsItWas()
        {
            (int exit, _, string stderr, string written) = Run(Manifest, Changelog);

            Assert.Equal(Program.ExitOk, exit);
            Assert.Equal(string.Empty, stderr);
            string expectedNotes =
                "'## 0.2.0 - 2026-11-27\n\n### Added\n\n- Named connections: `-Name ''prod''`, the user\u2019\u2019s choice \u2192 kept.'";
            Assert.Equal(Manifest.Replace("ReleaseNotes = ''", "ReleaseNotes = " + expectedNotes), written);
        }

        [Fact]
        public void WritesAByteOrderMark_SoThatWindowsPowerShellReadsTheNotesAsUtf8()
        {
            Run(Manifest, Changelog);

            byte[] bytes = File.ReadAllBytes(Path.Combine(root, "out", "CloudflareCni.psd1"));
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        }

        [Fact]
        public void RefusesAChangelogWithoutASectionForTheVersion_AndWritesNothing()
        {
            (int exit, _, string stderr, string written) = Run(Manifest, "# Changelog\n\n## 0.3.0 - unreleased\n\n- x\n");

            Assert.Equal(Program.ExitInvalidDocs, exit);
            Assert.Contains("CHANGELOG.md: error: no '## 0.2.0' section for the manifest's ModuleVersion 0.2.0", stderr);
            Assert.Equal(string.Empty, written);
        }

        [Fact]
        public void RefusesReleaseNotesTypedIntoTheSourceManifest()
        {
            (int exit, _, string stderr, string written) = Run(Manifest.Replace("ReleaseNotes = ''", "ReleaseNotes = 'typed by hand'"), Changelog);

            Assert.Equal(Program.ExitInvalidDocs, exit);
            Assert.Contains("CloudflareCni.psd1:8: error: needs exactly one empty ReleaseNotes = '' line", stderr);
            Assert.Contains("write release notes in the changelog instead", stderr);
            Assert.Equal(string.Empty, written);
        }
    }
}
