using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Sandbox
{
    /// <summary>Drives <see cref="CniEmulator"/> directly (no transport).</summary>
    public sealed class EmulatorTests
    {
        internal const string Account = "023e105f4ecef8ad9ca31a8372d0c353";
        internal const string UuidV4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
        internal const string PairingKey = "7e51371e-72a3-40b5-b844-2e3efefaee59/us-central1/2";

        // ------------------------------------------------------------------ helpers

        internal static Task<EmulatorResponse> Send(CniEmulator emulator, string method, string relative, string? body = null, string account = Account, bool auth = true)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (auth)
            {
                headers.Add(new KeyValuePair<string, string>("Authorization", "Bearer test-token"));
            }

            if (body != null)
            {
                headers.Add(new KeyValuePair<string, string>("Content-Type", "application/json"));
            }

            EmulatorRequest request = TestCalls.Request(method, "/client/v4/accounts/" + account + "/cni/" + relative, body, headers);
            return emulator.HandleAsync(request, CancellationToken.None);
        }

        internal static JsonNode Json(EmulatorResponse response) => JsonNode.Parse(response.Body)!;

        internal static string Str(JsonNode? node) => node!.GetValue<string>();

        internal static void AssertError(EmulatorResponse response, int status, int code)
        {
            Assert.Equal(status, response.Status);
            Assert.Equal("application/json", response.ContentType);
            JsonNode body = Json(response);
            Assert.False(body["success"]!.GetValue<bool>());
            Assert.Null(body["result"]);
            Assert.Empty(body["messages"]!.AsArray());
            JsonArray errors = body["errors"]!.AsArray();
            Assert.Single(errors);
            Assert.Equal(code, errors[0]!["code"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(Str(errors[0]!["message"])));
        }

        internal static async Task<List<JsonObject>> Slots(CniEmulator emulator, string query = "limit=100", string account = Account)
        {
            EmulatorResponse response = await Send(emulator, "GET", "slots?" + query, account: account);
            Assert.Equal(200, response.Status);
            return Json(response)["items"]!.AsArray().Select(n => n!.AsObject()).ToList();
        }

        internal static async Task<string> FreeSlot(CniEmulator emulator, string site = "AMS01", string account = Account)
        {
            List<JsonObject> slots = await Slots(emulator, "occupied=false&site=" + site, account);
            return Str(slots[0]["id"]);
        }

        internal static async Task<JsonObject> CreatePhysical(CniEmulator emulator, string slotId, string account = Account, string? speed = null)
        {
            string body = "{\"account\":\"" + account + "\",\"slot_id\":\"" + slotId + "\",\"type\":\"direct\"" + (speed != null ? ",\"speed\":\"" + speed + "\"" : string.Empty) + "}";
            EmulatorResponse response = await Send(emulator, "POST", "interconnects", body, account);
            Assert.Equal(200, response.Status);
            return Json(response).AsObject();
        }

        internal static string CniBody(string interconnect, string account = Account, int mtu = 1476, string bgp = ",\"bgp\":{\"customer_asn\":64512,\"extra_prefixes\":[\"192.0.2.0/24\"],\"md5_key\":\"s3cr3t!\"}") =>
            "{\"account\":\"" + account + "\",\"interconnect\":\"" + interconnect + "\",\"magic\":{\"conduit_name\":\"conduit-1\",\"description\":\"primary\",\"mtu\":" + mtu + "}" + bgp + "}";

        internal static async Task<JsonObject> CreateCni(CniEmulator emulator, string interconnect, string account = Account)
        {
            EmulatorResponse response = await Send(emulator, "POST", "cnis", CniBody(interconnect, account), account);
            Assert.Equal(200, response.Status);
            return Json(response).AsObject();
        }

        // ------------------------------------------------------------------ slots

        [Fact]
        public async Task Sandbox_SeedsTwelveSlotsAtFourSites_Deterministically()
        {
            CniEmulator first = CniEmulator.CreateSandbox();
            CniEmulator second = CniEmulator.CreateSandbox();

            List<JsonObject> a = await Slots(first);
            List<JsonObject> b = await Slots(second, account: "another-account");

            Assert.Equal(12, a.Count);
            Assert.Equal(a.Select(s => Str(s["id"])), b.Select(s => Str(s["id"])));
            Assert.Equal(new[] { "AMS01", "FRA05", "IAD02", "SIN03" }, a.Select(s => Str(s["site"])).Distinct().OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(3, a.Count(s => s["occupied"]!.GetValue<bool>()));
            Assert.All(a, s => Assert.Matches(UuidV4, Str(s["id"])));
            Assert.All(a, s => Assert.Contains(Str(s["speed"]), new[] { "10G", "100G" }));
            JsonObject fra = a.First(s => Str(s["site"]) == "FRA05");
            Assert.Equal("Interxion FRA6", Str(fra["facility"]!["name"]));
            Assert.Equal("Hanauer Landstraße 298", Str(fra["facility"]!["address"]![0]));
        }

        [Fact]
        public async Task Slots_PageWithLimitAndCursor()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();

            JsonNode page1 = Json(await Send(emulator, "GET", "slots?limit=5"));
            Assert.Equal(5, page1["items"]!.AsArray().Count);
            Assert.Equal(5, page1["next"]!.GetValue<long>());

            JsonNode page2 = Json(await Send(emulator, "GET", "slots?limit=5&cursor=5"));
            Assert.Equal(5, page2["items"]!.AsArray().Count);
            Assert.Equal(10, page2["next"]!.GetValue<long>());

            JsonObject page3 = Json(await Send(emulator, "GET", "slots?limit=5&cursor=10")).AsObject();
            Assert.Equal(2, page3["items"]!.AsArray().Count);
            Assert.False(page3.ContainsKey("next"));

            List<string> all = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Concat(page3["items"]!.AsArray()).Select(n => Str(n!["id"])).ToList();
            Assert.Equal((await Slots(emulator)).Select(s => Str(s["id"])), all);
            Assert.Equal(12, all.Distinct().Count());
        }

        [Fact]
        public async Task Slots_DefaultAndMaximumPageSize()
        {
            var emulator = new CniEmulator();
            for (int i = 0; i < 1001; i++)
            {
                emulator.AddSlot(null, "LHR01", "Telehouse North", new[] { "Coriander Avenue", "London E14 2AA" }, "10G");
            }

            JsonNode page = Json(await Send(emulator, "GET", "slots"));
            Assert.Equal(20, page["items"]!.AsArray().Count);
            Assert.Equal(20, page["next"]!.GetValue<long>());

            page = Json(await Send(emulator, "GET", "slots?limit=5000"));
            Assert.Equal(1000, page["items"]!.AsArray().Count);
            Assert.Equal(1000, page["next"]!.GetValue<long>());

            page = Json(await Send(emulator, "GET", "slots?cursor=2000"));
            Assert.Empty(page["items"]!.AsArray());
        }

        [Theory]
        [InlineData("limit=0")]
        [InlineData("limit=abc")]
        [InlineData("limit=-3")]
        [InlineData("cursor=x")]
        [InlineData("cursor=-1")]
        [InlineData("occupied=maybe")]
        public async Task Slots_InvalidQuery_Is400(string query)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            AssertError(await Send(emulator, "GET", "slots?" + query), 400, EmulatorErrorCodes.InvalidQuery);
        }

        [Theory]
        [InlineData("site=FRA05", 3)]
        [InlineData("site=fra05", 0)]
        [InlineData("site=FRA0", 0)]
        [InlineData("occupied=true", 3)]
        [InlineData("occupied=false", 9)]
        [InlineData("speed=100G", 5)]
        [InlineData("speed=100g", 0)]
        [InlineData("address_contains=Ashburn", 3)]
        [InlineData("address_contains=ashburn", 0)]
        [InlineData("address_contains=SG1", 3)]
        [InlineData("address_contains=Landstraße", 3)]
        [InlineData("address_contains=nowhere", 0)]
        [InlineData("site=AMS01&speed=10G&occupied=false", 1)]
        public async Task Slots_Filter(string query, int expected)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            Assert.Equal(expected, (await Slots(emulator, query + "&limit=100")).Count);
        }

        [Fact]
        public async Task Slot_GetById_AndUnknownIs404()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string id = (await Slots(emulator))[4]["id"]!.GetValue<string>();

            EmulatorResponse response = await Send(emulator, "GET", "slots/" + id);
            Assert.Equal(200, response.Status);
            Assert.Equal(id, Str(Json(response)["id"]));
            Assert.Equal("FRA05", Str(Json(response)["site"]));

            AssertError(await Send(emulator, "GET", "slots/" + Guid.Empty), 404, EmulatorErrorCodes.NotFound);
        }

        [Fact]
        public async Task IdsNamesAndFilters_MatchExactly_CaseSensitively()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string slotId = await FreeSlot(emulator, "FRA05");
            JsonObject icon = await CreatePhysical(emulator, slotId);
            string name = Str(icon["name"]);
            string cniId = Str((await CreateCni(emulator, name))["id"]);

            Assert.Equal(200, (await Send(emulator, "GET", "slots/" + slotId)).Status);
            AssertError(await Send(emulator, "GET", "slots/" + slotId.ToUpperInvariant()), 404, EmulatorErrorCodes.NotFound);
            AssertError(await Send(emulator, "GET", "cnis/" + cniId.ToUpperInvariant()), 404, EmulatorErrorCodes.NotFound);
            AssertError(await Send(emulator, "GET", "interconnects/" + name.ToUpperInvariant()), 404, EmulatorErrorCodes.NotFound);

            Assert.Single(Json(await Send(emulator, "GET", "interconnects?site=FRA05&type=direct"))["items"]!.AsArray());
            Assert.Empty(Json(await Send(emulator, "GET", "interconnects?site=fra05"))["items"]!.AsArray());
            Assert.Empty(Json(await Send(emulator, "GET", "interconnects?type=DIRECT"))["items"]!.AsArray());
            Assert.Single(Json(await Send(emulator, "GET", "cnis?slot=" + slotId))["items"]!.AsArray());
            Assert.Empty(Json(await Send(emulator, "GET", "cnis?slot=" + slotId.ToUpperInvariant()))["items"]!.AsArray());

            // The GCP bandwidths are the API's own spelling: 1g is not 1G.
            EmulatorResponse lower = await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"bandwidth\":\"1g\",\"pairing_key\":\"" + PairingKey + "\",\"type\":\"gcp_partner\"}");
            AssertError(lower, 400, EmulatorErrorCodes.ValidationFailed);
        }

        // ------------------------------------------------------------------ interconnects

        [Fact]
        public async Task PhysicalInterconnect_OccupiesSlot_AndDeleteFreesIt()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string slotId = await FreeSlot(emulator, "IAD02");

            JsonObject icon = await CreatePhysical(emulator, slotId);
            string name = Str(icon["name"]);
            Assert.Matches("^icon-[0-9a-f]{8}$", name);
            Assert.Equal(Account, Str(icon["account"]));
            Assert.Equal(slotId, Str(icon["slot_id"]));
            Assert.Equal("IAD02", Str(icon["site"]));
            Assert.Equal("10G", Str(icon["speed"]));
            Assert.Equal("direct", Str(icon["type"]));
            Assert.Equal("Equinix DC2", Str(icon["facility"]!["name"]));
            Assert.Equal("21715 Filigree Court", Str(icon["facility"]!["address"]![0]));

            JsonNode slot = Json(await Send(emulator, "GET", "slots/" + slotId));
            Assert.True(slot["occupied"]!.GetValue<bool>());
            Assert.Equal(Account, Str(slot["account"]));

            AssertError(await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"slot_id\":\"" + slotId + "\",\"type\":\"direct\"}"), 409, EmulatorErrorCodes.Conflict);

            JsonNode fetched = Json(await Send(emulator, "GET", "interconnects/" + name));
            Assert.True(JsonNode.DeepEquals(icon, fetched));

            EmulatorResponse deleted = await Send(emulator, "DELETE", "interconnects/" + name);
            Assert.Equal(200, deleted.Status);
            Assert.Empty(deleted.Body);

            JsonObject freed = Json(await Send(emulator, "GET", "slots/" + slotId)).AsObject();
            Assert.False(freed["occupied"]!.GetValue<bool>());
            Assert.False(freed.ContainsKey("account"));
            AssertError(await Send(emulator, "GET", "interconnects/" + name), 404, EmulatorErrorCodes.NotFound);
            AssertError(await Send(emulator, "DELETE", "interconnects/" + name), 404, EmulatorErrorCodes.NotFound);
        }

        [Fact]
        public async Task PhysicalInterconnect_KeepsRequestedSpeed()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            JsonObject icon = await CreatePhysical(emulator, await FreeSlot(emulator, "SIN03"), speed: "1G");
            Assert.Equal("1G", Str(icon["speed"]));
        }

        [Fact]
        public async Task SlotState_IsPerAccount()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string slotId = await FreeSlot(emulator);
            await CreatePhysical(emulator, slotId);

            JsonNode other = Json(await Send(emulator, "GET", "slots/" + slotId, account: "other"));
            Assert.False(other["occupied"]!.GetValue<bool>());
            Assert.Empty(Json(await Send(emulator, "GET", "interconnects", account: "other"))["items"]!.AsArray());
            Assert.Single(Json(await Send(emulator, "GET", "interconnects"))["items"]!.AsArray());
        }

        [Fact]
        public async Task AddSlot_ForOneAccount_IsOnlyVisibleThere()
        {
            var emulator = new CniEmulator();
            string id = emulator.AddSlot("acct-a", "CDG01", "Equinix PA2", new[] { "114 Rue Ambroise Croizat", "93200 Saint-Denis", "France" }, "100G");

            Assert.Single(await Slots(emulator, account: "acct-a"));
            Assert.Empty(await Slots(emulator, account: "acct-b"));
            Assert.Equal(id, Str((await Slots(emulator, account: "acct-a"))[0]["id"]));
        }

        [Theory]
        [InlineData("{\"slot_id\":\"S\",\"type\":\"direct\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"type\":\"direct\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"slot_id\":\"S\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"slot_id\":5,\"type\":\"direct\"}")]
        [InlineData("{\"account\":\"someone-else\",\"slot_id\":\"S\",\"type\":\"direct\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"slot_id\":\"S\",\"type\":\"direct\",\"speed\":10}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"slot_id\":\"S\",\"pairing_key\":\"PK\",\"bandwidth\":\"1G\",\"type\":\"gcp_partner\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"bandwidth\":\"3G\",\"pairing_key\":\"PK\",\"type\":\"gcp_partner\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"bandwidth\":\"1G\",\"type\":\"gcp_partner\"}")]
        [InlineData("{\"account\":\"ACCOUNT\",\"bandwidth\":\"1G\",\"pairing_key\":\"not-a-key\",\"type\":\"gcp_partner\"}")]
        public async Task CreateInterconnect_InvalidBody_Is400(string template)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string body = template.Replace("ACCOUNT", Account).Replace("\"S\"", "\"" + await FreeSlot(emulator) + "\"").Replace("PK", PairingKey);
            AssertError(await Send(emulator, "POST", "interconnects", body), 400, EmulatorErrorCodes.ValidationFailed);
            Assert.Empty(emulator.GetInterconnects(Account));
        }

        [Fact]
        public async Task CreateInterconnect_UnknownSlot_Is400NotFound()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            AssertError(await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"slot_id\":\"" + Guid.NewGuid() + "\",\"type\":\"direct\"}"), 400, EmulatorErrorCodes.NotFound);
        }

        [Theory]
        [InlineData("")]
        [InlineData("{not json")]
        [InlineData("[1,2]")]
        [InlineData("\"text\"")]
        public async Task InvalidJsonBody_Is400_Code1000(string body)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            AssertError(await Send(emulator, "POST", "interconnects", body), 400, EmulatorErrorCodes.InvalidBody);
            AssertError(await Send(emulator, "PUT", "settings", body), 400, EmulatorErrorCodes.InvalidBody);
        }

        [Fact]
        public async Task GcpInterconnect_TakesRegionFromPairingKey_AndHasNoLoa()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            EmulatorResponse response = await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"bandwidth\":\"500M\",\"pairing_key\":\"" + PairingKey + "\",\"type\":\"gcp_partner\"}");
            Assert.Equal(200, response.Status);
            JsonObject icon = Json(response).AsObject();
            Assert.Equal("us-central1", Str(icon["region"]));
            Assert.Equal("500M", Str(icon["speed"]));
            Assert.Equal("gcp_partner", Str(icon["type"]));
            Assert.False(icon.ContainsKey("slot_id"));
            Assert.False(icon.ContainsKey("facility"));

            AssertError(await Send(emulator, "GET", "interconnects/" + Str(icon["name"]) + "/loa"), 400, EmulatorErrorCodes.LoaUnavailable);
        }

        [Theory]
        [InlineData("slot", "gcp_partner", "does not match the body")]
        [InlineData("pairing", "direct", "does not match the body")]
        [InlineData("slot", "partner", "is not an interconnect type")]
        [InlineData("pairing", "partner", "is not an interconnect type")]
        [InlineData("pairing", "GCP_PARTNER", "is not an interconnect type")]
        public async Task ACreate_WhoseTypeContradictsItsBody_IsRefused_AsTheSchemasDiscriminatorDoes(string body, string type, string message)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string slot = await FreeSlot(emulator);
            string fields = body == "slot"
                ? "\"slot_id\":\"" + slot + "\""
                : "\"bandwidth\":\"1G\",\"pairing_key\":\"" + PairingKey + "\"";

            EmulatorResponse refused = await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\"," + fields + ",\"type\":\"" + type + "\"}");

            AssertError(refused, 400, EmulatorErrorCodes.ValidationFailed);
            Assert.Contains("type '" + type + "' " + message, Str(Json(refused)["errors"]![0]!["message"]), StringComparison.Ordinal);
            Assert.Empty(Json(await Send(emulator, "GET", "interconnects"))["items"]!.AsArray());
            Assert.False(emulator.GetSlot(Account, slot)!["occupied"]!.GetValue<bool>());
        }

        [Fact]
        public async Task Seeds_TakeAnyType_AndAnInterconnectOfAKindTheApiDoesNotPublish_AsGiven()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();

            emulator.Seed(Account, JsonNode.Parse(
                "{\"interconnects\":[{\"name\":\"icon-aws\",\"type\":\"aws_partner\",\"speed\":\"400G\",\"aws_region\":\"eu-west-1\",\"status\":{\"state\":\"Degraded\",\"reason\":\"one of two links\"}}," +
                "{\"name\":\"icon-legacy\",\"type\":\"partner\",\"region\":\"us-east4\"}]}")!.AsObject());

            JsonObject aws = Json(await Send(emulator, "GET", "interconnects/icon-aws")).AsObject();
            Assert.Equal(
                new[] { "account", "name", "type", "speed", "aws_region" },
                aws.Select(field => field.Key).ToArray());
            Assert.Equal("{\"state\":\"Degraded\",\"reason\":\"one of two links\"}", Json(await Send(emulator, "GET", "interconnects/icon-aws/status")).ToJsonString());
            Assert.Equal("partner", Str(Json(await Send(emulator, "GET", "interconnects/icon-legacy"))["type"]));
            // A kind that is not GCP's may well have a Letter of Authorization: the sandbox makes one of what it has.
            Assert.Equal(200, (await Send(emulator, "GET", "interconnects/icon-aws/loa")).Status);
            Assert.Equal(200, (await Send(emulator, "DELETE", "interconnects/icon-aws")).Status);
        }

        [Fact]
        public async Task Loa_IsMadeOutToTheNameQuery_OfAtMost200Characters_OrToTheDefaultName()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator, "FRA05")))["name"]);

            EmulatorResponse standard = await Send(emulator, "GET", "interconnects/" + name + "/loa/default");
            string custom = Encoding.ASCII.GetString((await Send(emulator, "GET", "interconnects/" + name + "/loa?name=" + Uri.EscapeDataString("Example (EU) Ltd"))).Body);
            string plain = Encoding.ASCII.GetString((await Send(emulator, "GET", "interconnects/" + name + "/loa")).Body);

            Assert.Equal("{\"name\":\"Sandbox account " + Account + "\"}", Json(standard).ToJsonString());
            Assert.Contains("Customer: Example \\(EU\\) Ltd", custom, StringComparison.Ordinal);
            Assert.Contains("Customer: Sandbox account " + Account, plain, StringComparison.Ordinal);
            Assert.Equal(200, (await Send(emulator, "GET", "interconnects/" + name + "/loa?name=" + new string('n', 200))).Status);
            AssertError(await Send(emulator, "GET", "interconnects/" + name + "/loa?name=" + new string('n', 201)), 400, EmulatorErrorCodes.InvalidQuery);
            AssertError(await Send(emulator, "GET", "interconnects/icon-00000000/loa/default"), 404, EmulatorErrorCodes.NotFound);
        }

        [Fact]
        public async Task BgpMode_IsSetByAnUpdate_ToAPublishedMode_AndACreateDoesNotTakeIt()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            JsonObject created = Json(await Send(emulator, "POST", "cnis", CniBody(name)[..^1] + ",\"bgp_mode\":\"advertise_only\"}")).AsObject();
            string id = Str(created["id"]);
            bool createdWithMode = created.ContainsKey("bgp_mode");

            created["bgp_mode"] = "advertise_only";
            JsonObject updated = Json(await Send(emulator, "PUT", "cnis/" + id, created.ToJsonString())).AsObject();
            created["bgp_mode"] = "sometimes";
            EmulatorResponse refused = await Send(emulator, "PUT", "cnis/" + id, created.ToJsonString());

            Assert.False(createdWithMode);
            Assert.Equal("advertise_only", Str(updated["bgp_mode"]));
            Assert.Equal("advertise_only", Str(Json(await Send(emulator, "GET", "cnis/" + id))["bgp_mode"]));
            AssertError(refused, 400, EmulatorErrorCodes.ValidationFailed);
        }

        [Fact]
        public async Task Loa_IsAValidPdfNamingTheInterconnect()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            JsonObject icon = await CreatePhysical(emulator, await FreeSlot(emulator, "FRA05"));
            string name = Str(icon["name"]);

            EmulatorResponse response = await Send(emulator, "GET", "interconnects/" + name + "/loa");
            Assert.Equal(200, response.Status);
            Assert.Equal("application/pdf", response.ContentType);
            string text = Encoding.ASCII.GetString(response.Body);
            Assert.StartsWith("%PDF-1.4\n", text, StringComparison.Ordinal);
            Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
            Assert.Contains(name, text, StringComparison.Ordinal);
            Assert.Contains("Interxion FRA6", text, StringComparison.Ordinal);
            Assert.Contains("FRA05", text, StringComparison.Ordinal);
            Assert.Contains("Hanauer Landstrasse 298", text, StringComparison.Ordinal);

            // startxref points at the xref table, and each xref entry at its "N 0 obj".
            Match startxref = Regex.Match(text, @"startxref\n(\d+)\n%%EOF\n$");
            Assert.True(startxref.Success);
            int xref = int.Parse(startxref.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("xref", Encoding.ASCII.GetString(response.Body, xref, 4));
            MatchCollection entries = Regex.Matches(text.Substring(xref), @"(\d{10}) 00000 n ");
            Assert.Equal(6, entries.Count);
            for (int i = 0; i < entries.Count; i++)
            {
                int offset = int.Parse(entries[i].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal((i + 1) + " 0 obj", Encoding.ASCII.GetString(response.Body, offset, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 6));
            }

            AssertError(await Send(emulator, "GET", "interconnects/icon-00000000/loa"), 404, EmulatorErrorCodes.NotFound);
        }

        [Fact]
        public async Task Status_IsPendingThenHealthy_AndCanBeSet()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);

            Assert.Equal("Pending", Str(Json(await Send(emulator, "GET", "interconnects/" + name + "/status"))["state"]));
            Assert.Equal("Pending", Str(Json(await Send(emulator, "GET", "interconnects/" + name + "/status"))["state"]));
            JsonObject healthy = Json(await Send(emulator, "GET", "interconnects/" + name + "/status")).AsObject();
            Assert.Equal("Healthy", Str(healthy["state"]));
            Assert.False(healthy.ContainsKey("reason"));

            emulator.SetInterconnectStatus(Account, name, "Down", "LOS on the customer port");
            JsonNode down = Json(await Send(emulator, "GET", "interconnects/" + name + "/status"));
            Assert.Equal("Down", Str(down["state"]));
            Assert.Equal("LOS on the customer port", Str(down["reason"]));

            AssertError(await Send(emulator, "GET", "interconnects/icon-ffffffff/status"), 404, EmulatorErrorCodes.NotFound);
            Assert.Throws<KeyNotFoundException>(() => emulator.SetInterconnectStatus(Account, "icon-ffffffff", "Down", null));
        }

        [Fact]
        public async Task Status_PendingReadsIsConfigurable()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.PendingStatusReads = 0;
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            Assert.Equal("Healthy", Str(Json(await Send(emulator, "GET", "interconnects/" + name + "/status"))["state"]));
        }

        [Fact]
        public async Task Interconnects_ListFiltersBySiteAndType_AndPages()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            JsonObject ams = await CreatePhysical(emulator, await FreeSlot(emulator, "AMS01"));
            JsonObject sin = await CreatePhysical(emulator, await FreeSlot(emulator, "SIN03"));
            Assert.Equal(200, (await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"bandwidth\":\"1G\",\"pairing_key\":\"" + PairingKey + "\",\"type\":\"gcp_partner\"}")).Status);

            JsonArray all = Json(await Send(emulator, "GET", "interconnects"))["items"]!.AsArray();
            Assert.Equal(3, all.Count);
            Assert.Equal(Str(ams["name"]), Str(all[0]!["name"]));
            Assert.Equal(Str(sin["name"]), Str(all[1]!["name"]));

            JsonArray bySite = Json(await Send(emulator, "GET", "interconnects?site=SIN03"))["items"]!.AsArray();
            Assert.Equal(Str(sin["name"]), Str(Assert.Single(bySite)!["name"]));

            JsonArray byType = Json(await Send(emulator, "GET", "interconnects?type=gcp_partner"))["items"]!.AsArray();
            Assert.Equal("us-central1", Str(Assert.Single(byType)!["region"]));

            JsonNode page = Json(await Send(emulator, "GET", "interconnects?limit=2"));
            Assert.Equal(2, page["items"]!.AsArray().Count);
            Assert.Equal(2, page["next"]!.GetValue<int>());
            page = Json(await Send(emulator, "GET", "interconnects?limit=2&cursor=2"));
            Assert.Single(page["items"]!.AsArray());
            Assert.Null(page["next"]);
        }

        [Fact]
        public async Task DeleteInterconnect_WithCnis_IsConflict()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            JsonObject cni = await CreateCni(emulator, name);

            AssertError(await Send(emulator, "DELETE", "interconnects/" + name), 409, EmulatorErrorCodes.Conflict);
            Assert.Equal(200, (await Send(emulator, "DELETE", "cnis/" + Str(cni["id"]))).Status);
            Assert.Equal(200, (await Send(emulator, "DELETE", "interconnects/" + name)).Status);
        }

        [Fact]
        public async Task TheSandbox_GivesBothKindsAPortReservation_AndPhysicalOnesTheirSlotsRouter_AsTheSchemaHasThem()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            List<JsonObject> slots = await Slots(emulator, "occupied=false&site=AMS01");

            JsonObject icon = await CreatePhysical(emulator, Str(slots[0]["id"]));
            JsonObject gcp = Json(await Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"bandwidth\":\"1G\",\"pairing_key\":\"" + PairingKey + "\",\"type\":\"gcp_partner\"}")).AsObject();
            JsonObject cni = await CreateCni(emulator, Str(icon["name"]));
            emulator.Seed(Account, JsonNode.Parse(
                "{\"slots\":[{\"id\":\"6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b\",\"site\":\"AMS01\",\"speed\":\"10G\",\"ccr_device_name\":\"ccr07\",\"facility\":{\"name\":\"Equinix AM3\",\"address\":[]}}]," +
                "\"interconnects\":[{\"name\":\"icon-own\",\"type\":\"direct\",\"slot_id\":\"" + Str(slots[1]["id"]) + "\",\"ccr_device_name\":\"ccr09\",\"virtual_port_reservation_id\":\"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e\"}," +
                "{\"name\":\"icon-slot\",\"type\":\"direct\",\"slot_id\":\"6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b\"}," +
                "{\"name\":\"icon-gcp\",\"type\":\"gcp_partner\",\"region\":\"us-east4\"}]}")!.AsObject());

            Assert.Equal("ccr01-sandbox", Str(slots[0]["ccr_device_name"]));
            Assert.Equal("ccr01-sandbox", Str(icon["ccr_device_name"]));
            Assert.False(gcp.ContainsKey("ccr_device_name"));
            Assert.False(cni.ContainsKey("ccr_device_name"));
            foreach (JsonObject made in new[] { icon, gcp, Json(await Send(emulator, "GET", "interconnects/icon-gcp")).AsObject() })
            {
                Assert.True(Guid.TryParseExact(Str(made["virtual_port_reservation_id"]), "D", out _), made.ToJsonString());
            }

            JsonObject own = Json(await Send(emulator, "GET", "interconnects/icon-own")).AsObject();
            Assert.Equal(("ccr09", "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"), (Str(own["ccr_device_name"]), Str(own["virtual_port_reservation_id"])));
            Assert.Equal("ccr07", Str(Json(await Send(emulator, "GET", "interconnects/icon-slot"))["ccr_device_name"]));
            Assert.False(Json(await Send(emulator, "GET", "interconnects/icon-gcp")).AsObject().ContainsKey("ccr_device_name"));
        }

        // ------------------------------------------------------------------ CNIs

        [Fact]
        public async Task Cni_CreateAllocatesIdAndPointToPointLink()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);

            JsonObject first = await CreateCni(emulator, name);
            JsonObject second = await CreateCni(emulator, name);

            Assert.Matches(UuidV4, Str(first["id"]));
            Assert.NotEqual(Str(first["id"]), Str(second["id"]));
            Assert.Equal(Account, Str(first["account"]));
            Assert.Equal(name, Str(first["interconnect"]));
            Assert.Equal("conduit-1", Str(first["magic"]!["conduit_name"]));
            Assert.Equal("primary", Str(first["magic"]!["description"]));
            Assert.Equal(1476, first["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal(64512, first["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal("192.0.2.0/24", Str(first["bgp"]!["extra_prefixes"]![0]));
            Assert.Equal("s3cr3t!", Str(first["bgp"]!["md5_key"]));

            Assert.Equal("100.64.0.0/31", Str(first["p2p_ip"]));
            Assert.Equal("100.64.0.1/31", Str(first["cust_ip"]));
            Assert.Equal("100.64.0.2/31", Str(second["p2p_ip"]));
            Assert.Equal("100.64.0.3/31", Str(second["cust_ip"]));

            JsonNode fetched = Json(await Send(emulator, "GET", "cnis/" + Str(first["id"])));
            Assert.True(JsonNode.DeepEquals(first, fetched));
        }

        [Fact]
        public async Task Cni_WithoutBgp_AndWithAnEmptyDescription_ButNotWithoutOne_AsTheSchemaRequiresIt()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            string body = "{\"account\":\"" + Account + "\",\"interconnect\":\"" + name + "\",\"magic\":{\"conduit_name\":\"c\",\"description\":\"\",\"mtu\":9000}}";
            EmulatorResponse response = await Send(emulator, "POST", "cnis", body);
            EmulatorResponse without = await Send(emulator, "POST", "cnis", body.Replace("\"description\":\"\",", string.Empty, StringComparison.Ordinal));

            Assert.Equal(200, response.Status);
            JsonObject cni = Json(response).AsObject();
            Assert.False(cni.ContainsKey("bgp"));
            Assert.Equal(string.Empty, Str(cni["magic"]!["description"]));
            Assert.Equal(9000, cni["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal(400, without.Status);
            Assert.Equal(
                "{\"success\":false,\"errors\":[{\"code\":1001,\"message\":\"magic.description is required.\"}],\"messages\":[],\"result\":null}",
                Encoding.UTF8.GetString(without.Body));
            Assert.Single(Json(await Send(emulator, "GET", "cnis"))["items"]!.AsArray());
        }

        [Theory]
        [InlineData("\"mtu\":-1", null)]
        [InlineData("\"mtu\":2147483648", null)]
        [InlineData("\"mtu\":\"1500\"", null)]
        [InlineData("\"mtu\":1500.5", null)]
        [InlineData("\"conduit_name\":\"\"", null)]
        [InlineData(null, "{\"customer_asn\":4294967296,\"extra_prefixes\":[]}")]
        [InlineData(null, "{\"customer_asn\":-5,\"extra_prefixes\":[]}")]
        [InlineData(null, "{\"extra_prefixes\":[]}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[\"10.0.0.0\"]}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[\"10.0.0.256/24\"]}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[\"10.0.0.0/33\"]}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":\"10.0.0.0/8\"}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"what?\"}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"quo\\\"te\"}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"tab\\there\"}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"\"}")]
        [InlineData(null, "{\"customer_asn\":65000,\"extra_prefixes\":[],\"md5_key\":\"caf\u00e9\"}")]
        [InlineData(null, "[]")]
        public async Task Cni_InvalidFields_Are400(string? magicOverride, string? bgp)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            string magic = "{\"conduit_name\":\"c\",\"description\":\"d\",\"mtu\":1500}";
            if (magicOverride != null)
            {
                string key = magicOverride.Substring(0, magicOverride.IndexOf(':'));
                magic = key == "\"mtu\""
                    ? "{\"conduit_name\":\"c\",\"description\":\"d\"," + magicOverride + "}"
                    : "{" + magicOverride + ",\"description\":\"d\",\"mtu\":1500}";
            }

            string body = "{\"account\":\"" + Account + "\",\"interconnect\":\"" + name + "\",\"magic\":" + magic + (bgp != null ? ",\"bgp\":" + bgp : string.Empty) + "}";
            AssertError(await Send(emulator, "POST", "cnis", body), 400, EmulatorErrorCodes.ValidationFailed);
            Assert.Empty(emulator.GetCnis(Account));
        }

        [Fact]
        public async Task Cni_AcceptsFourByteAsnAndPrintableMd5Key()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            string key = "!@#$%^&*()+[]{}<>/.,;:_-~= |`aZ09";
            var bgp = new JsonObject { ["customer_asn"] = 4294967295L, ["extra_prefixes"] = new JsonArray("0.0.0.0/0", "203.0.113.7/32"), ["md5_key"] = key };
            string body = CniBody(name, bgp: ",\"bgp\":" + bgp.ToJsonString());
            EmulatorResponse response = await Send(emulator, "POST", "cnis", body);
            Assert.Equal(200, response.Status);
            Assert.Equal(4294967295L, Json(response)["bgp"]!["customer_asn"]!.GetValue<long>());
            Assert.Equal(key, Str(Json(response)["bgp"]!["md5_key"]));
        }

        [Fact]
        public async Task Cni_UnknownInterconnectOrAccountMismatch_Is400()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            AssertError(await Send(emulator, "POST", "cnis", CniBody("icon-deadbeef")), 400, EmulatorErrorCodes.NotFound);

            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            AssertError(await Send(emulator, "POST", "cnis", CniBody(name, account: "not-this-one")), 400, EmulatorErrorCodes.ValidationFailed);
        }

        [Fact]
        public async Task Cni_PutReplacesTheWholeObject_KeepingUnknownFields()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            JsonObject cni = await CreateCni(emulator, name);
            string id = Str(cni["id"]);

            cni["magic"]!["mtu"] = 1400;
            cni["bgp_mode"] = "dynamic_route_exchange";
            cni["tunnel_id"] = "tun-7";
            cni.Remove("bgp");
            EmulatorResponse put = await Send(emulator, "PUT", "cnis/" + id, cni.ToJsonString());
            Assert.Equal(200, put.Status);
            Assert.True(JsonNode.DeepEquals(cni, Json(put)));

            JsonObject stored = Json(await Send(emulator, "GET", "cnis/" + id)).AsObject();
            Assert.True(JsonNode.DeepEquals(cni, stored));
            Assert.Equal(1400, stored["magic"]!["mtu"]!.GetValue<int>());
            Assert.Equal("dynamic_route_exchange", Str(stored["bgp_mode"]));
            Assert.False(stored.ContainsKey("bgp"));

            // A later PUT without the unknown field erases it: the server stores exactly what it is given.
            stored.Remove("bgp_mode");
            Assert.Equal(200, (await Send(emulator, "PUT", "cnis/" + id, stored.ToJsonString())).Status);
            Assert.False(emulator.GetCnis(Account)[0].ContainsKey("bgp_mode"));
        }

        [Fact]
        public async Task Cni_PutRejectsMismatchedIdAndBrokenLink()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            JsonObject cni = await CreateCni(emulator, name);
            string id = Str(cni["id"]);

            JsonObject wrongId = (JsonObject)cni.DeepClone();
            wrongId["id"] = Guid.NewGuid().ToString();
            AssertError(await Send(emulator, "PUT", "cnis/" + id, wrongId.ToJsonString()), 400, EmulatorErrorCodes.ValidationFailed);

            JsonObject noId = (JsonObject)cni.DeepClone();
            noId.Remove("id");
            AssertError(await Send(emulator, "PUT", "cnis/" + id, noId.ToJsonString()), 400, EmulatorErrorCodes.ValidationFailed);

            JsonObject outside = (JsonObject)cni.DeepClone();
            outside["cust_ip"] = "100.64.9.9/31";
            AssertError(await Send(emulator, "PUT", "cnis/" + id, outside.ToJsonString()), 400, EmulatorErrorCodes.ValidationFailed);

            JsonObject noLink = (JsonObject)cni.DeepClone();
            noLink.Remove("p2p_ip");
            AssertError(await Send(emulator, "PUT", "cnis/" + id, noLink.ToJsonString()), 400, EmulatorErrorCodes.ValidationFailed);

            JsonObject badMtu = (JsonObject)cni.DeepClone();
            badMtu["magic"]!["mtu"] = -1;
            AssertError(await Send(emulator, "PUT", "cnis/" + id, badMtu.ToJsonString()), 400, EmulatorErrorCodes.ValidationFailed);

            AssertError(await Send(emulator, "PUT", "cnis/" + Guid.NewGuid(), cni.ToJsonString()), 404, EmulatorErrorCodes.NotFound);
            Assert.True(JsonNode.DeepEquals(cni, emulator.GetCnis(Account)[0]));
        }

        [Fact]
        public async Task Cnis_ListFiltersBySlotAndTunnelId_AndPages()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            JsonObject iconA = await CreatePhysical(emulator, await FreeSlot(emulator, "AMS01"));
            JsonObject iconB = await CreatePhysical(emulator, await FreeSlot(emulator, "IAD02"));
            JsonObject a1 = await CreateCni(emulator, Str(iconA["name"]));
            JsonObject b1 = await CreateCni(emulator, Str(iconB["name"]));
            JsonObject a2 = await CreateCni(emulator, Str(iconA["name"]));

            JsonArray onA = Json(await Send(emulator, "GET", "cnis?slot=" + Str(iconA["slot_id"])))["items"]!.AsArray();
            Assert.Equal(new[] { Str(a1["id"]), Str(a2["id"]) }, onA.Select(n => Str(n!["id"])));

            b1["tunnel_id"] = "tun-42";
            Assert.Equal(200, (await Send(emulator, "PUT", "cnis/" + Str(b1["id"]), b1.ToJsonString())).Status);
            JsonArray byTunnel = Json(await Send(emulator, "GET", "cnis?tunnel_id=tun-42"))["items"]!.AsArray();
            Assert.Equal(Str(b1["id"]), Str(Assert.Single(byTunnel)!["id"]));
            Assert.Empty(Json(await Send(emulator, "GET", "cnis?tunnel_id=nope"))["items"]!.AsArray());

            JsonNode page1 = Json(await Send(emulator, "GET", "cnis?limit=2"));
            JsonNode page2 = Json(await Send(emulator, "GET", "cnis?limit=2&cursor=" + page1["next"]!.GetValue<long>()));
            Assert.Equal(new[] { Str(a1["id"]), Str(b1["id"]), Str(a2["id"]) },
                page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(n => Str(n!["id"])));
            Assert.Null(page2["next"]);
        }

        [Fact]
        public async Task Cni_DeleteThen404()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string id = Str((await CreateCni(emulator, Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"])))["id"]);

            EmulatorResponse deleted = await Send(emulator, "DELETE", "cnis/" + id);
            Assert.Equal(200, deleted.Status);
            Assert.Empty(deleted.Body);
            Assert.Null(deleted.ContentType);
            AssertError(await Send(emulator, "GET", "cnis/" + id), 404, EmulatorErrorCodes.NotFound);
            AssertError(await Send(emulator, "DELETE", "cnis/" + id), 404, EmulatorErrorCodes.NotFound);
        }

        [Fact]
        public async Task State_IsReturnedAsCopies()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string name = Str((await CreatePhysical(emulator, await FreeSlot(emulator)))["name"]);
            await CreateCni(emulator, name);

            JsonObject copy = emulator.GetCnis(Account)[0];
            copy["magic"]!["mtu"] = 1;
            Assert.Equal(1476, emulator.GetCnis(Account)[0]["magic"]!["mtu"]!.GetValue<int>());
            emulator.GetInterconnects(Account)[0]["name"] = "changed";
            Assert.Equal(name, Str(emulator.GetInterconnects(Account)[0]["name"]));
        }

        // ------------------------------------------------------------------ settings

        [Fact]
        public async Task Settings_GetAndPut()
        {
            var emulator = new CniEmulator();
            Assert.Equal("{\"default_asn\":65000}", (await Send(emulator, "GET", "settings")).BodyText());

            EmulatorResponse put = await Send(emulator, "PUT", "settings", "{\"default_asn\":4200000000}");
            Assert.Equal(200, put.Status);
            Assert.Equal(4200000000L, Json(put)["default_asn"]!.GetValue<long>());
            Assert.Equal(4200000000L, Json(await Send(emulator, "GET", "settings"))["default_asn"]!.GetValue<long>());
            Assert.Equal(4200000000L, emulator.GetDefaultAsn(Account));
            Assert.Equal(65000, emulator.GetDefaultAsn("other"));
        }

        [Theory]
        [InlineData("{\"default_asn\":-1}")]
        [InlineData("{\"default_asn\":4294967296}")]
        [InlineData("{\"default_asn\":1.5}")]
        [InlineData("{\"default_asn\":\"64512\"}")]
        [InlineData("{\"default_asn\":null}")]
        [InlineData("{}")]
        public async Task Settings_InvalidAsn_Is400(string body)
        {
            var emulator = new CniEmulator();
            AssertError(await Send(emulator, "PUT", "settings", body), 400, EmulatorErrorCodes.ValidationFailed);
            Assert.Equal(65000, emulator.GetDefaultAsn(Account));
        }

        // ------------------------------------------------------------------ routing, auth, headers

        [Theory]
        [InlineData("GET", "/client/v4/accounts/a/cni/nothing")]
        [InlineData("GET", "/client/v4/accounts/a/cni")]
        [InlineData("GET", "/client/v4/accounts/a/cni/slots/x/y")]
        [InlineData("GET", "/client/v4/accounts/a/cni/interconnects/x/other")]
        [InlineData("GET", "/client/v4/accounts/a/magic/slots")]
        [InlineData("GET", "/client/v4/accounts//cni/slots")]
        [InlineData("GET", "/client/v4/accounts/a/cni/slots/")]
        [InlineData("GET", "/v4/accounts/a/cni/slots")]
        [InlineData("GET", "/")]
        public async Task UnknownPath_Is404_Code7000(string method, string path)
        {
            var emulator = new CniEmulator();
            EmulatorResponse response = await emulator.HandleAsync(TestCalls.Request(method, path, null, new[] { new KeyValuePair<string, string>("Authorization", "Bearer t") }), CancellationToken.None);
            AssertError(response, 404, EmulatorErrorCodes.NoRoute);
        }

        [Theory]
        [InlineData("DELETE", "slots", "GET")]
        [InlineData("POST", "slots/x", "GET")]
        [InlineData("PATCH", "cnis/x", "GET, PUT, DELETE")]
        [InlineData("PUT", "interconnects", "GET, POST")]
        [InlineData("POST", "interconnects/x", "GET, DELETE")]
        [InlineData("DELETE", "interconnects/x/status", "GET")]
        [InlineData("POST", "interconnects/x/loa", "GET")]
        [InlineData("DELETE", "settings", "GET, PUT")]
        [InlineData("DELETE", "cnis", "GET, POST")]
        public async Task WrongMethod_Is405_WithAllow(string method, string relative, string allow)
        {
            var emulator = new CniEmulator();
            EmulatorResponse response = await Send(emulator, method, relative);
            AssertError(response, 405, EmulatorErrorCodes.MethodNotAllowed);
            Assert.Equal(allow, response.Headers["Allow"]);
        }

        [Fact]
        public async Task EveryResponse_HasCfRay()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.TooManyRequests());
            var responses = new List<EmulatorResponse>
            {
                await Send(emulator, "GET", "slots"),
                await Send(emulator, "GET", "slots"),
                await Send(emulator, "DELETE", "slots"),
                await Send(emulator, "GET", "nothing"),
            };

            Assert.Equal(new[] { 429, 200, 405, 404 }, responses.Select(r => r.Status));
            Assert.All(responses, r => Assert.Matches("^[0-9a-f]{16}-EMU$", r.Headers["cf-ray"]));
            Assert.NotEqual(responses[0].Headers["cf-ray"], responses[1].Headers["cf-ray"]);
        }

        // ------------------------------------------------------------------ faults

        [Fact]
        public async Task Fault_TooManyRequests_HasRetryAfter()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.TooManyRequests(retryAfterSeconds: 3));
            emulator.Faults.Enqueue(TestFaults.TooManyRequests());

            EmulatorResponse limited = await Send(emulator, "GET", "slots");
            AssertError(limited, 429, EmulatorErrorCodes.RateLimited);
            Assert.Equal("3", limited.Headers["Retry-After"]);
            Assert.Equal("1", (await Send(emulator, "GET", "slots")).Headers["Retry-After"]);
            Assert.False(limited.Headers.ContainsKey("retry-after-ms"));

            Assert.Equal(200, (await Send(emulator, "GET", "slots")).Status);
            Assert.Equal(0, emulator.Faults.PendingCount());
        }

        [Fact]
        public async Task Fault_MethodFilter_WaitsForThatMethod()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.ServerError(500, method: "PUT"));

            Assert.Equal(200, (await Send(emulator, "GET", "settings")).Status);
            Assert.Equal(1, emulator.Faults.PendingCount());
            AssertError(await Send(emulator, "PUT", "settings", "{\"default_asn\":1}"), 500, EmulatorErrorCodes.ServerError);
            Assert.Equal(65000, emulator.GetDefaultAsn(Account));
            Assert.Equal(200, (await Send(emulator, "PUT", "settings", "{\"default_asn\":1}")).Status);
        }

        [Fact]
        public async Task Fault_ComesBeforeRouting()
        {
            var emulator = new CniEmulator();
            emulator.Faults.Enqueue(TestFaults.ServerError());
            AssertError(await Send(emulator, "GET", "nothing"), 503, EmulatorErrorCodes.ServerError);
            AssertError(await Send(emulator, "GET", "nothing"), 404, EmulatorErrorCodes.NoRoute);
        }

        [Fact]
        public async Task Fault_CommitThenFail_CommitsExactlyOnce()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            string slotId = await FreeSlot(emulator);
            emulator.Faults.Enqueue(TestFaults.CommitThenFail(502, method: "POST"));

            string body = "{\"account\":\"" + Account + "\",\"slot_id\":\"" + slotId + "\",\"type\":\"direct\"}";
            AssertError(await Send(emulator, "POST", "interconnects", body), 502, EmulatorErrorCodes.ServerError);

            JsonObject committed = Assert.Single(emulator.GetInterconnects(Account));
            Assert.Equal(slotId, Str(committed["slot_id"]));
            Assert.True(emulator.GetSlot(Account, slotId)!["occupied"]!.GetValue<bool>());

            // A naive retry now hits the occupied slot.
            AssertError(await Send(emulator, "POST", "interconnects", body), 409, EmulatorErrorCodes.Conflict);
            Assert.Single(emulator.GetInterconnects(Account));
        }

        [Fact]
        public async Task Fault_NonJsonTruncatedAndEmpty()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.NonJson());
            emulator.Faults.Enqueue(TestFaults.TruncatedJson());
            emulator.Faults.Enqueue(TestFaults.EmptyBody());

            EmulatorResponse html = await Send(emulator, "GET", "slots");
            Assert.Equal(502, html.Status);
            Assert.Equal("text/html", html.ContentType);
            Assert.Contains("Bad Gateway", html.BodyText(), StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("<html>", html.BodyText(), StringComparison.Ordinal);

            EmulatorResponse truncated = await Send(emulator, "GET", "slots");
            Assert.Equal(200, truncated.Status);
            Assert.Equal("application/json", truncated.ContentType);
            Assert.StartsWith("{\"items\":[", truncated.BodyText(), StringComparison.Ordinal);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncated.Body).Dispose());

            EmulatorResponse empty = await Send(emulator, "GET", "slots");
            Assert.Equal(200, empty.Status);
            Assert.Empty(empty.Body);

            Assert.Equal(200, (await Send(emulator, "GET", "slots")).Status);
        }

        [Fact]
        public async Task Fault_ConnectionReset_SetsAbort()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.ConnectionReset());
            EmulatorResponse reset = await Send(emulator, "GET", "slots");
            Assert.True(reset.AbortConnection);
            Assert.Equal(0, Assert.Single(emulator.Requests).Status);
        }

        [Fact]
        public async Task Fault_Stall_EndsWithCancellation()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.Stall());
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                EmulatorRequest request = TestCalls.Request("GET", "/client/v4/accounts/a/cni/slots", null, new[] { new KeyValuePair<string, string>("Authorization", "Bearer t") });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.HandleAsync(request, cts.Token));
            }

            Assert.Equal(0, Assert.Single(emulator.Requests).Status);
            Assert.Equal(200, (await Send(emulator, "GET", "slots")).Status);
        }

        // ------------------------------------------------------------------ request log

        [Fact]
        public async Task RequestLog_RecordsEverything()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.TooManyRequests());
            DateTimeOffset before = DateTimeOffset.UtcNow;

            await Send(emulator, "GET", "slots?cursor=2&limit=5");
            await Send(emulator, "GET", "slots?cursor=2&limit=5&site=AMS01");
            await Send(emulator, "PUT", "settings", "{\"default_asn\":64600}");
            await Send(emulator, "GET", "slots", auth: false);

            IReadOnlyList<RecordedRequest> log = emulator.Requests;
            Assert.Equal(4, log.Count);
            Assert.Equal(new[] { 429, 200, 200, 200 }, log.Select(r => r.Status));
            Assert.Equal("GET", log[0].Method);
            Assert.Equal("/client/v4/accounts/" + Account + "/cni/slots", log[0].Path);
            Assert.Equal("cursor=2&limit=5", log[0].QueryString);
            Assert.Equal("5", log[0].QueryValue("limit"));
            Assert.Equal("AMS01", log[1].QueryValue("site"));
            Assert.Null(log[0].Body);
            Assert.Equal("{\"default_asn\":64600}", log[2].Body);
            Assert.Equal("application/json", log[2].Headers["content-type"]);
            Assert.Equal("Bearer test-token", log[2].Headers["AUTHORIZATION"]);
            Assert.Equal(string.Empty, log[3].QueryString);
            Assert.False(log[3].Headers.ContainsKey("Authorization"));
            Assert.True(log[0].ReceivedAt >= before.AddSeconds(-1));
            Assert.True(log[3].ReceivedAt >= log[0].ReceivedAt);

            emulator.ClearRequests();
            Assert.Empty(emulator.Requests);
            Assert.Equal(4, log.Count);
        }

        [Fact]
        public async Task ConcurrentRequests_AreSafe()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            List<string> free = (await Slots(emulator, "occupied=false&limit=100")).Select(s => Str(s["id"])).ToList();

            // Two racers per free slot: exactly one wins each slot.
            IEnumerable<Task<EmulatorResponse>> racers = free.Concat(free).Select(id => Task.Run(() =>
                Send(emulator, "POST", "interconnects", "{\"account\":\"" + Account + "\",\"slot_id\":\"" + id + "\",\"type\":\"direct\"}")));
            EmulatorResponse[] results = await Task.WhenAll(racers);

            Assert.Equal(free.Count, results.Count(r => r.Status == 200));
            Assert.Equal(free.Count, results.Count(r => r.Status == 409));
            Assert.Equal(free.Count, emulator.GetInterconnects(Account).Select(i => Str(i["name"])).Distinct().Count());
            Assert.Equal(2 * free.Count + 1, emulator.Requests.Count);
        }
    }
}
