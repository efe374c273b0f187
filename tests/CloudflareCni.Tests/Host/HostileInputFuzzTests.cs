using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CloudflareCni.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace CloudflareCni.Tests.Host
{
    /// <summary>
    /// Issue 21: every cmdlet and parameter, fed hostile values by type in a real session against a loopback emulator that
    /// logs every request. The test command runs a fast subset (each parameter once, with a few values of each kind); the
    /// full run is <c>CLOUDFLARECNI_FUZZ=full dotnet test tests/CloudflareCni.Tests -c Release --filter HostileInputFuzz</c>, and with
    /// <c>CLOUDFLARECNI_FUZZ_REPORT=path</c> it writes its report there.
    /// </summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class HostileInputFuzzTests : IAsyncLifetime
    {
        private readonly ITestOutputHelper output;
        private ConnectedShell shell = null!;

        public HostileInputFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static bool Full => string.Equals(Environment.GetEnvironmentVariable("CLOUDFLARECNI_FUZZ"), "full", StringComparison.OrdinalIgnoreCase);

        public async Task InitializeAsync() => shell = await ConnectedShell.StartAsync();

        public async Task DisposeAsync() => await shell.DisposeAsync();

        [Fact]
        public void EveryCmdletAndParameter_GivenHostileValues_KeepsEachValueInItsSegment_RefusesBeforeAnyRequest_AndEchoesNoControlCharacter()
        {
            using var folder = new TempFolder();
            var fuzz = new HostileInputFuzz(shell);
            fuzz.Prepare(folder.Path);
            List<FuzzCase> cases = fuzz.Plan(Full);
            List<FuzzCase> environment = fuzz.PlanEnvironment(Full);

            // The plan comes from the module's own metadata: every exported cmdlet is in it, with -WhatIf where it has one.
            string[] exported = shell.Invoke("(Get-Command -Module CloudflareCni -CommandType Cmdlet).Name").Cast<string>().ToArray();
            Assert.Equal(exported.OrderBy(n => n), cases.Select(c => c.Command).Distinct().OrderBy(n => n));
            Assert.Contains(cases, c => c.WhatIf);
            Assert.Contains(cases, c => c.Delivery == Delivery.PipelineProperty);

            fuzz.Run(cases.Concat(environment));

            string report = fuzz.Report();
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("CLOUDFLARECNI_FUZZ_REPORT") is string path && path.Length > 0)
            {
                File.WriteAllText(path, report + Environment.NewLine + string.Join(Environment.NewLine, fuzz.Findings.Select(f => f.ToString())));
            }

            Assert.True(fuzz.Findings.Count == 0, report);
        }
    }
}
