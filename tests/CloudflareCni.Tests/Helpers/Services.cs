using CloudflareCni.Api;
using CloudflareCni.Connections;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>Each resource's service over a connection's request pipeline, as the cmdlets make them.</summary>
    internal static class Services
    {
        public static InterconnectService Interconnects(this CfConnection connection) => new InterconnectService(connection.Executor);

        public static CniService Cnis(this CfConnection connection) => new CniService(connection.Executor);

        public static SlotService Slots(this CfConnection connection) => new SlotService(connection.Executor);

        public static SettingService Settings(this CfConnection connection) => new SettingService(connection.Executor);
    }
}
