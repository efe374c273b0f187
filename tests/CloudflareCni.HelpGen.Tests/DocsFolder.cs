using System;
using System.Collections.Generic;
using System.IO;

namespace CloudflareCni.HelpGen.Tests
{
    /// <summary>A docs folder and an output folder in a fresh temporary directory, and a way to run the generator on them.</summary>
    internal sealed class DocsFolder : IDisposable
    {
        public DocsFolder()
        {
            Root = Path.Combine(Path.GetTempPath(), "helpgen-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Docs);
        }

        public string Root { get; }

        public string Docs => Path.Combine(Root, "docs");

        public string Maml => Path.Combine(Root, "out", "en-US", "CloudflareCni.dll-Help.xml");

        public string Write(string fileName, string markdown)
        {
            string path = Path.Combine(Docs, fileName);
            File.WriteAllText(path, markdown);
            return path;
        }

        public (int Exit, string Out, string Err) Run(params string[] extra)
        {
            var arguments = new List<string> { "--docs", Docs, "--out", Maml };
            arguments.AddRange(extra);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = Program.Run(arguments, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }
}
