using Xunit;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// Tests that run cmdlets in a PowerShell runspace share the module's process-wide default connection and the
    /// process environment, so they run one at a time.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PowerShellCollection
    {
        public const string Name = "PowerShell host";
    }
}
