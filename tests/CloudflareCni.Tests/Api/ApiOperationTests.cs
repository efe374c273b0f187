using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>Each of the 15 operations over real loopback HTTP: what is sent, and what comes back typed.</summary>
    public sealed class ApiOperationTests : IAsyncLifetime
    {
        private const string Account = ApiHarness.AccountId;
        private static readonly string Root = "/client/v4/accounts/" + Account + "/cni";
        private ApiHarness harness = null!;


        private static CfCall Call => TestCalls.Silent;

        public async Task InitializeAsync()
        {
            harness = await ApiHarness.StartAsync();
            for (int i = 0; i < 3; i++)
            {
                harness.AddSlot(site: i == 2 ? "FRA05" : "AMS01");
            }
        }

        public async Task DisposeAsync() => await harness.DisposeAsync();

        [Fact]
        public async Task ListInterconnects_SendsCursorLimitSiteAndType_AndReadsBothKinds()
        {
            await CreatePhysicalAsync(harness.SlotId(0), "direct");
            await CreateGcpAsync("1G");
            harness.Server.ClearRequests();

            var page = await ApiHarness.FirstPageAsync(harness.Connection.Interconnects().List(Account, new InterconnectListParams { Site = "AMS01", Type = "direct" }, new CfPaging(5, null, 0), Call));

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal("GET", sent.Method);
            Assert.Equal(Root + "/interconnects", sent.Path);
            Assert.Equal("cursor=0&limit=5&site=AMS01&type=direct", sent.QueryString);
            PhysicalInterconnect physical = Assert.IsType<PhysicalInterconnect>(Assert.Single(page.Items));
            Assert.Equal("AMS01", physical.Site);
            Assert.Equal(harness.SlotId(0), physical.SlotId);
            Assert.Null(page.Next);

            var all = await ApiHarness.FirstPageAsync(harness.Connection.Interconnects().List(Account, new InterconnectListParams(), new CfPaging(null, null, null), Call));
            Assert.Equal("limit=1000", harness.Requests.Last().QueryString);
            Assert.Equal(new[] { "Physical", "GcpPartner" }, all.Items.Select(i => i.Kind).ToArray());
        }

        [Fact]
        public async Task GetInterconnect_ReadsThePhysicalShape_WithItsPortReservationAndRouter()
        {
            Interconnect created = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            harness.Server.ClearRequests();

            Interconnect fetched = await harness.Connection.Interconnects().GetAsync(Account, created.Name, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("GET", Root + "/interconnects/" + created.Name, ""), (sent.Method, sent.Path, sent.QueryString));
            PhysicalInterconnect physical = Assert.IsType<PhysicalInterconnect>(fetched);
            Assert.Equal("direct", physical.Type);
            Assert.Equal(created.VirtualPortReservationId, physical.VirtualPortReservationId);
            Assert.True(Guid.TryParseExact(physical.VirtualPortReservationId, "D", out _), physical.VirtualPortReservationId);
            Assert.Equal("ccr01-sandbox", physical.CcrDeviceName);
            Assert.Empty(physical.GetAdditionalFieldNames());
            Assert.Equal("Equinix AM3", physical.FacilityName);
            Assert.Equal(new[] { "Science Park 610", "1098 XH Amsterdam" }, physical.FacilityAddress);
            Assert.Equal("10G", physical.Speed);
            Assert.Equal(Account, physical.Account);
        }

        [Fact]
        public async Task CreatePhysicalInterconnect_PostsTheDocumentedBody_AndOccupiesTheSlot()
        {
            string slot = harness.SlotId(1);
            harness.Server.ClearRequests();

            Interconnect created = await harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct", Speed = "10G" }, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("POST", Root + "/interconnects"), (sent.Method, sent.Path));
            Assert.Equal($"{{\"account\":\"{Account}\",\"slot_id\":\"{slot}\",\"type\":\"direct\",\"speed\":\"10G\"}}", sent.Body);
            Assert.Equal("application/json; charset=utf-8", sent.Headers["Content-Type"]);
            Assert.Equal(slot, Assert.IsType<PhysicalInterconnect>(created).SlotId);
            Assert.True(harness.Emulator.GetSlot(Account, slot)!["occupied"]!.GetValue<bool>());
        }

        [Fact]
        public async Task CreatePhysicalInterconnect_WithoutSpeed_OmitsTheField()
        {
            string slot = harness.SlotId(0);
            harness.Server.ClearRequests();

            await harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, Call);

            Assert.Equal($"{{\"account\":\"{Account}\",\"slot_id\":\"{slot}\",\"type\":\"direct\"}}", harness.Requests.Single().Body);
        }

        [Fact]
        public async Task CreateGcpPartnerInterconnect_PostsBandwidthAndPairingKey_AndReadsTheRegion()
        {
            harness.Server.ClearRequests();
            const string key = "7e51371e-72a3-40b5-b844-2e3efefaee59/europe-west4/1";

            Interconnect created = await harness.Connection.Interconnects().NewGcpPartnerAsync(
                new InterconnectNewGcpPartnerBody { Account = Account, Bandwidth = "500M", PairingKey = key, Type = "gcp_partner" }, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("POST", Root + "/interconnects"), (sent.Method, sent.Path));
            Assert.Equal($"{{\"account\":\"{Account}\",\"bandwidth\":\"500M\",\"pairing_key\":\"{key}\",\"type\":\"gcp_partner\"}}", sent.Body);
            GcpPartnerInterconnect partner = Assert.IsType<GcpPartnerInterconnect>(created);
            Assert.Equal("europe-west4", partner.Region);
            Assert.Equal("500M", partner.Speed);
            Assert.Equal("GcpPartner", partner.Kind);
            Assert.True(partner.Is(InterconnectKind.GcpPartner));
            Assert.True(Guid.TryParseExact(partner.VirtualPortReservationId, "D", out _), partner.VirtualPortReservationId);
            Assert.Null(partner.CcrDeviceName);
        }

        [Fact]
        public async Task DeleteInterconnect_SendsDelete_AndFreesTheSlot()
        {
            string slot = harness.SlotId(0);
            Interconnect created = await CreatePhysicalAsync(slot, "direct");
            harness.Server.ClearRequests();

            await harness.Connection.Interconnects().DeleteAsync(Account, created.Name, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("DELETE", Root + "/interconnects/" + created.Name, (string?)null), (sent.Method, sent.Path, sent.Body));
            Assert.False(harness.Emulator.GetSlot(Account, slot)!["occupied"]!.GetValue<bool>());
            Assert.Empty(harness.Emulator.GetInterconnects(Account));
        }

        [Fact]
        public async Task Loa_ReturnsTheDocumentBytesAndContentType()
        {
            Interconnect created = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            harness.Server.ClearRequests();

            InterconnectLoa loa = await harness.Connection.Interconnects().LoaAsync(Account, created.Name, null, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("GET", Root + "/interconnects/" + created.Name + "/loa", ""), (sent.Method, sent.Path, sent.QueryString));
            Assert.Equal("application/pdf", loa.ContentType);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(loa.Content, 0, 5));
            Assert.Contains(created.Name, Encoding.ASCII.GetString(loa.Content));
            Assert.Contains("Customer: Sandbox account " + Account, Encoding.ASCII.GetString(loa.Content));
        }

        [Fact]
        public async Task Loa_MadeOutToACustomName_SendsTheNameQuery_AndTheDefaultNameIsTheOneWithout()
        {
            Interconnect created = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            harness.Server.ClearRequests();

            InterconnectLoa loa = await harness.Connection.Interconnects().LoaAsync(Account, created.Name, "Example Corp & Söhne", Call);
            InterconnectLoaName standard = await harness.Connection.Interconnects().LoaDefaultNameAsync(Account, created.Name, Call);

            Assert.Equal("name=Example%20Corp%20%26%20S%C3%B6hne", harness.Requests[0].QueryString);
            Assert.Contains("Customer: Example Corp & Soehne", Encoding.ASCII.GetString(loa.Content));
            Assert.Equal(("GET", Root + "/interconnects/" + created.Name + "/loa/default"), (harness.Requests[1].Method, harness.Requests[1].Path));
            Assert.Equal(("Sandbox account " + Account, created.Name, Account), (standard.CustomerName, standard.Name, standard.Account));
        }

        [Fact]
        public async Task Status_MovesFromPendingToHealthy_AndCarriesAReasonWhenDown()
        {
            Interconnect created = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            harness.Server.ClearRequests();

            InterconnectStatus first = await harness.Connection.Interconnects().StatusAsync(Account, created.Name, Call);
            await harness.Connection.Interconnects().StatusAsync(Account, created.Name, Call);
            InterconnectStatus third = await harness.Connection.Interconnects().StatusAsync(Account, created.Name, Call);

            Assert.Equal(("GET", Root + "/interconnects/" + created.Name + "/status"), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Equal("Pending", first.State);
            Assert.Null(first.Reason);
            Assert.Equal(created.Name, first.Name);
            Assert.Equal("Healthy", third.State);

            harness.Emulator.SetInterconnectStatus(Account, created.Name, "Down", "Loss of light on the cross-connect");
            InterconnectStatus down = await harness.Connection.Interconnects().StatusAsync(Account, created.Name, Call);
            Assert.Equal("Down", down.State);
            Assert.Equal("Loss of light on the cross-connect", down.Reason);
        }

        [Fact]
        public async Task ListCnis_SendsSlotAndTunnelId()
        {
            string slot = harness.SlotId(0);
            Interconnect icon = await CreatePhysicalAsync(slot, "direct");
            Cni cni = await CreateCniAsync(icon.Name);
            harness.Server.ClearRequests();

            var bySlot = await ApiHarness.FirstPageAsync(harness.Connection.Cnis().List(Account, new CniListParams { Slot = slot }, new CfPaging(50, null, null), Call));
            var byTunnel = await ApiHarness.FirstPageAsync(harness.Connection.Cnis().List(Account, new CniListParams { TunnelId = "no-such-tunnel" }, new CfPaging(null, null, 3), Call));

            Assert.Equal(("GET", Root + "/cnis", $"limit=50&slot={slot}"), (harness.Requests[0].Method, harness.Requests[0].Path, harness.Requests[0].QueryString));
            Assert.Equal("cursor=3&limit=1000&tunnel_id=no-such-tunnel", harness.Requests[1].QueryString);
            Assert.Equal(cni.Id, Assert.Single(bySlot.Items).Id);
            Assert.Empty(byTunnel.Items);
        }

        [Fact]
        public async Task GetCni_ReadsEveryPart()
        {
            Interconnect icon = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            Cni created = await CreateCniAsync(icon.Name);
            harness.Server.ClearRequests();

            Cni fetched = await harness.Connection.Cnis().GetAsync(Account, created.Id, Call);

            Assert.Equal(("GET", Root + "/cnis/" + created.Id), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Equal(created.Id, fetched.Id);
            Assert.Equal(icon.Name, fetched.Interconnect);
            Assert.Equal("tunnel-ams", fetched.ConduitName);
            Assert.Equal(1500, fetched.Mtu);
            Assert.Equal(4200000000L, fetched.CustomerAsn);
            Assert.Equal(new[] { "192.0.2.0/24" }, fetched.ExtraPrefix);
            Assert.EndsWith("/31", fetched.CustomerIp, StringComparison.Ordinal);
            Assert.EndsWith("/31", fetched.CloudflareIp, StringComparison.Ordinal);
            Assert.True(Guid.TryParse(fetched.Id, out _));
        }

        [Fact]
        public async Task CreateCni_PostsMagicAndBgp()
        {
            Interconnect icon = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            harness.Server.ClearRequests();

            await CreateCniAsync(icon.Name);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("POST", Root + "/cnis"), (sent.Method, sent.Path));
            Assert.Equal(
                $"{{\"account\":\"{Account}\",\"interconnect\":\"{icon.Name}\"," +
                "\"magic\":{\"conduit_name\":\"tunnel-ams\",\"description\":\"Amsterdam primary\",\"mtu\":1500}," +
                "\"bgp\":{\"customer_asn\":4200000000,\"extra_prefixes\":[\"192.0.2.0/24\"],\"md5_key\":\"s3cr!t-key\"}}",
                sent.Body);
        }

        [Fact]
        public async Task UpdateCni_PutsTheWholeObject()
        {
            Interconnect icon = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            Cni cni = await CreateCniAsync(icon.Name);
            cni.Mtu = 1400;
            harness.Server.ClearRequests();

            Cni updated = await harness.Connection.Cnis().UpdateAsync(Account, cni, Call);

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("PUT", Root + "/cnis/" + cni.Id), (sent.Method, sent.Path));
            JsonObject body = JsonNode.Parse(sent.Body!)!.AsObject();
            Assert.Equal(
                new[] { "id", "account", "interconnect", "cust_ip", "p2p_ip", "magic", "bgp" }.OrderBy(k => k),
                body.Select(p => p.Key).OrderBy(k => k));
            Assert.Equal(1400, body["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal(cni.CustomerIp, body["cust_ip"]!.GetValue<string>());
            Assert.Equal(1400, updated.Mtu);
        }

        [Fact]
        public async Task DeleteCni_SendsDelete()
        {
            Interconnect icon = await CreatePhysicalAsync(harness.SlotId(0), "direct");
            Cni cni = await CreateCniAsync(icon.Name);
            harness.Server.ClearRequests();

            await harness.Connection.Cnis().DeleteAsync(Account, cni.Id, Call);

            Assert.Equal(("DELETE", Root + "/cnis/" + cni.Id), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Empty(harness.Emulator.GetCnis(Account));
        }

        [Fact]
        public async Task Settings_GetAndUpdate_WithAFourByteAsn()
        {
            CniSettings before = await harness.Connection.Settings().GetAsync(Account, Call);
            CniSettings after = await harness.Connection.Settings().UpdateAsync(Account, new CniSettingsUpdateBody { DefaultAsn = 4294967295L }, Call);

            Assert.Equal(("GET", Root + "/settings"), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Equal(("PUT", Root + "/settings", "{\"default_asn\":4294967295}"), (harness.Requests[1].Method, harness.Requests[1].Path, harness.Requests[1].Body));
            Assert.Equal(65000, before.DefaultAsn);
            Assert.Equal(4294967295L, after.DefaultAsn);
            Assert.Equal(4294967295L, harness.Emulator.GetDefaultAsn(Account));
        }

        [Fact]
        public async Task ListSlots_SendsEveryFilter()
        {
            harness.Server.ClearRequests();

            var page = await ApiHarness.FirstPageAsync(harness.Connection.Slots().List(Account, new SlotListParams { AddressContains = "Science Park", Occupied = false, Site = "AMS01", Speed = "10G" }, new CfPaging(10, null, null), Call));

            RecordedRequest sent = Assert.Single(harness.Requests);
            Assert.Equal(("GET", Root + "/slots"), (sent.Method, sent.Path));
            Assert.Equal("limit=10&address_contains=Science%20Park&occupied=false&site=AMS01&speed=10G", sent.QueryString);
            Assert.Equal(2, page.Items.Count);
            Assert.All(page.Items, slot => Assert.Equal("AMS01", slot.Site));
            Assert.All(page.Items, slot => Assert.False(slot.Occupied));
        }

        [Fact]
        public async Task GetSlot_ReadsTheSlot()
        {
            string id = harness.SlotId(2);
            harness.Server.ClearRequests();

            CniSlot slot = await harness.Connection.Slots().GetAsync(Account, id, Call);

            Assert.Equal(("GET", Root + "/slots/" + id), (harness.Requests[0].Method, harness.Requests[0].Path));
            Assert.Equal(id, slot.Id);
            Assert.Equal("FRA05", slot.Site);
            Assert.Equal("10G", slot.Speed);
            Assert.Equal("Equinix AM3", slot.FacilityName);
        }

        [Fact]
        public async Task EveryRequest_CarriesBearerAuthAndTheUserAgent()
        {
            await ApiHarness.FirstPageAsync(harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(null, null, null), Call));

            RecordedRequest sent = harness.Requests.Single();
            Assert.Equal("Bearer " + ApiHarness.Token, sent.Headers["Authorization"]);
            Assert.Equal("CloudflareCni/" + HttpTransport.ModuleVersion, sent.Headers["User-Agent"]);
            Assert.Matches(@"^CloudflareCni/\d+\.\d+\.\d+$", sent.Headers["User-Agent"]);
        }

        [Fact]
        public async Task GlobalKeyAuth_SendsEmailAndKeyHeaders_AndNoAuthorization()
        {
            await using TestServerScope scope = await TestServerScope.StartAsync(o => o.Credential = CfCredential.FromKey("ops@example.com", "global-key-0123456789abcdef"));

            await ApiHarness.FirstPageAsync(scope.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(null, null, null), Call));

            RecordedRequest sent = scope.Server.Emulator.Requests.Single();
            Assert.Equal("ops@example.com", sent.Headers["X-Auth-Email"]);
            Assert.Equal("global-key-0123456789abcdef", sent.Headers["X-Auth-Key"]);
            Assert.False(sent.Headers.ContainsKey("Authorization"));
        }

        private Task<Interconnect> CreatePhysicalAsync(string slotId, string type) =>
            harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slotId, Type = type }, Call);

        private Task<Interconnect> CreateGcpAsync(string bandwidth) =>
            harness.Connection.Interconnects().NewGcpPartnerAsync(
                new InterconnectNewGcpPartnerBody
                {
                    Account = Account,
                    Bandwidth = bandwidth,
                    PairingKey = "7e51371e-72a3-40b5-b844-2e3efefaee59/us-central1/2",
                    Type = "gcp_partner",
                },
                Call);

        private Task<Cni> CreateCniAsync(string interconnect) =>
            harness.Connection.Cnis().NewAsync(
                new CniNewBody
                {
                    Account = Account,
                    Interconnect = interconnect,
                    Magic = new MagicJson { ConduitName = "tunnel-ams", Description = "Amsterdam primary", Mtu = 1500 },
                    Bgp = new BgpJson { CustomerAsn = 4200000000L, ExtraPrefixes = new List<string> { "192.0.2.0/24" }, Md5Key = "s3cr!t-key" },
                },
                Call);
    }
}
