using System.IO;
using CloudflareCni.Tests.Support;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>Windows PowerShell's resolver serves any requested version of a shipped dependency, and nothing else.</summary>
    public sealed class ModuleInitializerTests
    {
        [Fact]
        public void ADependencyIsFoundByName_WhateverVersionWasAskedFor()
        {
            using var folder = new TempFolder();
            string shipped = Path.Combine(folder.Path, "System.Memory.dll");
            File.WriteAllBytes(shipped, new byte[] { 0x4d, 0x5a });

            Assert.Equal(shipped, ModuleInitializer.FindDependency(folder.Path, "System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
            Assert.Equal(shipped, ModuleInitializer.FindDependency(folder.Path, "System.Memory, Version=4.0.2.0"));
            Assert.Null(ModuleInitializer.FindDependency(folder.Path, "System.Buffers, Version=4.0.3.0"));
        }

        [Fact]
        public void TheShippedFolderServesSystemTextJson()
        {
            string dependencies = ModuleFolder.Root;

            Assert.NotNull(ModuleInitializer.FindDependency(dependencies, "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
            Assert.NotNull(ModuleInitializer.FindDependency(dependencies, "Microsoft.Bcl.AsyncInterfaces, Version=8.0.0.0"));
        }
    }
}
