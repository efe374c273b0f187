using System;
using System.IO;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>Where the repository and the built module folder (out/CloudflareCni) are, found from the test's own location.</summary>
    internal static class RepoPaths
    {
        private static readonly Lazy<string> LazyRoot = new Lazy<string>(() =>
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CloudflareCni.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("CloudflareCni.sln was not found above " + AppContext.BaseDirectory);
        });

        /// <summary>The folder that holds CloudflareCni.sln.</summary>
        public static string Root => LazyRoot.Value;

        /// <summary>out/CloudflareCni: what `dotnet build` lays out and Import-Module is given.</summary>
        public static string ModuleFolder => Path.Combine(Root, "out", "CloudflareCni");

        public static string ModuleManifest => Path.Combine(ModuleFolder, "CloudflareCni.psd1");
    }
}
