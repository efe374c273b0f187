using System;
using System.Collections.Generic;
using System.IO;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Module
{
    /// <summary>
    /// Windows PowerShell's resolver serves the dependencies the module ships, at their version or a lower requested
    /// one, and nothing else. A Linux host cannot run Windows PowerShell 5.1, so these checks are its only guard.
    /// </summary>
    public sealed class ModuleInitializerTests
    {
        private static readonly IReadOnlyDictionary<string, ModuleInitializer.ShippedAssembly> Shipped =
            ModuleInitializer.ShippedDependencies(RepoPaths.ModuleFolder);

        /// <summary>The module's own DLL, which asks for its dependencies.</summary>
        private static readonly string Module = typeof(ModuleInitializer).Assembly.Location;

        [Fact]
        public void TheShippedFolder_ServesSystemTextJsonAndItsHelpers_AtOrBelowTheirVersion()
        {
            Assert.NotNull(ModuleInitializer.Choose(Shipped, "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", Module));
            Assert.NotNull(ModuleInitializer.Choose(Shipped, "System.Text.Json, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", Module));
            Assert.NotNull(ModuleInitializer.Choose(Shipped, "Microsoft.Bcl.AsyncInterfaces, Version=8.0.0.0", Module));
            Assert.NotNull(ModuleInitializer.Choose(Shipped, "System.Memory, Version=4.0.1.0", Module));
        }

        [Fact]
        public void AHigherVersionThanShipped_IsNotAnswered_SoTheRequesterGetsItsOwnBindingFailure()
        {
            Assert.Null(ModuleInitializer.Choose(Shipped, "System.Text.Json, Version=9.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", Module));
            Assert.Null(ModuleInitializer.Choose(Shipped, "System.Memory, Version=99.0.0.0", Module));
        }

        [Fact]
        public void AssembliesTheModuleDoesNotShip_AndTheModuleItself_AreNotAnswered()
        {
            Assert.Null(ModuleInitializer.Choose(Shipped, "Newtonsoft.Json, Version=13.0.0.0", Module));
            Assert.Null(ModuleInitializer.Choose(Shipped, "CloudflareCni, Version=0.0.0.0", Module));
            Assert.Null(ModuleInitializer.Choose(Shipped, "not a valid , name=,", Module));
        }

        [Fact]
        public void OnlyTheModuleAndWhatItShips_AreAnswered_NotOtherModulesNorUnknownRequesters()
        {
            const string Json = "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
            string shippedHelper = Shipped["System.Text.Json"].Path;

            Assert.NotNull(ModuleInitializer.Choose(Shipped, "System.Memory, Version=4.0.1.0", shippedHelper));
            Assert.Null(ModuleInitializer.Choose(Shipped, Json, Path.Combine(Path.GetTempPath(), "OtherModule", "OtherModule.dll")));
            Assert.Null(ModuleInitializer.Choose(Shipped, Json, null));
        }

        [Fact]
        public void OnlyAssemblies_AreCounted_NotOtherFilesNamedDll()
        {
            using var folder = new TempFolder();
            File.WriteAllBytes(Path.Combine(folder.Path, "System.Buffers.dll"), new byte[] { 0x4d, 0x5a });
            File.Copy(Path.Combine(RepoPaths.ModuleFolder, "System.Memory.dll"), Path.Combine(folder.Path, "System.Memory.dll"));

            IReadOnlyDictionary<string, ModuleInitializer.ShippedAssembly> found = ModuleInitializer.ShippedDependencies(folder.Path);

            Assert.Equal(new[] { "System.Memory" }, found.Keys);
        }
    }
}
