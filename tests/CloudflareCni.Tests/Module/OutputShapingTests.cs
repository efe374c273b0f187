using System.Linq;
using System.Text.Json;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using Xunit;

namespace CloudflareCni.Tests.Module
{
    /// <summary>How unknown API fields become properties, and when -Force may skip a prompt.</summary>
    public sealed class OutputShapingTests
    {
        [Theory]
        [InlineData("virtual_port_reservation_id", "VirtualPortReservationId")]
        [InlineData("ccr_device_name", "CcrDeviceName")]
        [InlineData("bgp-mode", "BgpMode")]
        [InlineData("x", "X")]
        public void UnknownFieldNames_BecomePascalCase(string json, string expected) =>
            Assert.Equal(expected, AdditionalFields.ToPropertyName(json));

        [Fact]
        public void UnknownFields_BecomePlainValues_AndNeverHideAKnownProperty()
        {
            const string json = "{\"name\":\"icon-1\",\"type\":\"direct\",\"account\":\"a\",\"region\":\"us-east4\"," +
                                "\"port_group\":\"pg-1\",\"port_count\":4,\"ratio\":0.5,\"ready\":true,\"tags\":[\"a\",1],\"nested\":{\"k\":\"v\"},\"gone\":null,\"Name\":\"shadow\"}";
            Interconnect interconnect = JsonSerializer.Deserialize(json, InterconnectJsonContext.Default.InterconnectJson)!.ToModel();

            var fields = AdditionalFields.For(interconnect).ToDictionary(f => f.Name, f => f.Value);

            Assert.Equal("pg-1", fields["PortGroup"]);
            Assert.Equal(4L, fields["PortCount"]);
            Assert.Equal(0.5, fields["Ratio"]);
            Assert.Equal(true, fields["Ready"]);
            // Lists and objects read well and export without .NET type names: "a;1" in a CSV cell, @{k=v} for an object.
            Assert.Equal(new object?[] { "a", 1L }, ((CfList<object?>)fields["Tags"]!).ToArray());
            Assert.Equal("a;1", fields["Tags"]!.ToString());
            Assert.Equal("v", ((System.Management.Automation.PSObject)fields["Nested"]!).Properties["k"].Value);
            Assert.Null(fields["Gone"]);
            // "Name" would hide the real Name property, and so would its JSON spelling: it is left out.
            Assert.DoesNotContain("Name", fields.Keys);
            Assert.Equal("icon-1", interconnect.Name);
            Assert.Equal(7, fields.Count);
        }

        [Fact]
        public void AnObjectWithoutUnknownFields_GetsNoProperties()
        {
            CniSlot slot = JsonSerializer.Deserialize("{\"id\":\"s\",\"site\":\"AMS01\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}", SlotJsonContext.Default.SlotJson)!.ToModel();

            Assert.Null(slot.Unknown);
            Assert.Empty(AdditionalFields.For(slot));
            Assert.Empty(slot.GetAdditionalFieldNames());
        }

        [Fact]
        public void NestedUnknownFields_ShowPrefixedWithTheirPart_AndAreNamedByTheirJsonPath()
        {
            Cni cni = JsonSerializer.Deserialize(
                "{\"id\":\"i\",\"account\":\"a\",\"interconnect\":\"n\",\"cust_ip\":\"10.0.0.1/31\",\"p2p_ip\":\"10.0.0.0/31\",\"lag_group\":\"lag-3\"," +
                "\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":1500,\"ttl\":64},\"bgp\":{\"customer_asn\":65001,\"extra_prefixes\":[],\"hold_time\":90}}",
                CniJsonContext.Default.CniJson)!.ToModel();

            Assert.Equal(new[] { "LagGroup", "MagicTtl", "BgpHoldTime" }, AdditionalFields.For(cni).Select(f => f.Name));
            Assert.Equal(new[] { "lag_group", "magic.ttl", "bgp.hold_time" }, cni.GetAdditionalFieldNames());
        }
    }
}
