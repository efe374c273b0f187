using System.Collections.Specialized;
using System.Linq;
using System.Text.Json;
using CloudflareCni.Api;
using CloudflareCni.Internal;
using Xunit;

namespace CloudflareCni.Tests
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
                                "\"ccr_device_name\":\"ccr01\",\"port_count\":4,\"ratio\":0.5,\"ready\":true,\"tags\":[\"a\",1],\"nested\":{\"k\":\"v\"},\"gone\":null,\"Name\":\"shadow\"}";
            var interconnect = JsonSerializer.Deserialize(json, CfJsonContext.Default.Interconnect)!;

            var fields = AdditionalFields.For(interconnect).ToDictionary(f => f.Key, f => f.Value);

            Assert.Equal("ccr01", fields["CcrDeviceName"]);
            Assert.Equal(4L, fields["PortCount"]);
            Assert.Equal(0.5, fields["Ratio"]);
            Assert.Equal(true, fields["Ready"]);
            Assert.Equal(new object?[] { "a", 1L }, (object?[])fields["Tags"]!);
            Assert.Equal("v", ((OrderedDictionary)fields["Nested"]!)["k"]);
            Assert.Null(fields["Gone"]);
            // "Name" would hide the real Name property, and so would its JSON spelling: it is left out.
            Assert.DoesNotContain("Name", fields.Keys);
            Assert.Equal("icon-1", interconnect.Name);
            Assert.Equal(7, fields.Count);
        }

        [Fact]
        public void AnObjectWithoutUnknownFields_GetsNoProperties()
        {
            var slot = JsonSerializer.Deserialize("{\"id\":\"s\",\"site\":\"AMS01\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}", CfJsonContext.Default.CniSlot)!;

            Assert.Empty(AdditionalFields.For(slot));
            Assert.Empty(AdditionalFields.For(slot.Facility));
        }
    }
}
