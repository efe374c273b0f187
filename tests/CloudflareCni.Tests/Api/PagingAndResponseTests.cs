using System;
using System.Management.Automation;
using CloudflareCni.Connections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using Microsoft.AspNetCore.Http;
using CloudflareCni.Api.Json;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>The pager, both response forms, error mapping and unknown fields, over loopback HTTP.</summary>
    public sealed class PagingAndResponseTests
    {
        private const string Account = ApiHarness.AccountId;

        [Fact]
        public async Task Pager_FollowsNextAcrossPages_UntilItIsAbsent()
        {
            await using ApiHarness harness = await StartWithSlotsAsync(45);
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(10, null), TestCalls.Silent);

            List<CniSlot> all = await DrainAsync(pager);

            Assert.Equal(45, all.Count);
            Assert.Equal(harness.Emulator.GetSlots(Account).Select(s => s["id"]!.GetValue<string>()), all.Select(s => s.Id));
            Assert.Equal(
                new[] { "limit=10", "cursor=10&limit=10", "cursor=20&limit=10", "cursor=30&limit=10", "cursor=40&limit=10" },
                harness.Requests.Select(r => r.QueryString));
            Assert.True(pager.ReachedEnd);
            Assert.Equal(5, pager.PageCount);
        }

        [Fact]
        public async Task Pager_StopsAtTheMaximumCount_AndAsksOnlyForWhatIsLeft()
        {
            await using ApiHarness harness = await StartWithSlotsAsync(45);
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(10, 25), TestCalls.Silent);

            List<CniSlot> all = await DrainAsync(pager);

            Assert.Equal(25, all.Count);
            Assert.Equal(new[] { "limit=10", "cursor=10&limit=10", "cursor=20&limit=5" }, harness.Requests.Select(r => r.QueryString));
            Assert.False(pager.ReachedEnd);
            Assert.Equal(25, pager.NextCursor);
        }

        [Fact]
        public async Task Pager_WithAMaximumOnAPageBoundary_SendsNoFurtherRequest()
        {
            await using ApiHarness harness = await StartWithSlotsAsync(45);
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(10, 20), TestCalls.Silent);

            List<CniSlot> all = await DrainAsync(pager);

            Assert.Equal(20, all.Count);
            Assert.Equal(2, harness.Requests.Count);
        }

        [Fact]
        public async Task Pager_WithoutPageSize_AsksForLargePages_ToSpareTheRateLimit()
        {
            await using ApiHarness harness = await StartWithSlotsAsync(45);
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(null, null), TestCalls.Silent);

            List<CniSlot> all = await DrainAsync(pager);

            Assert.Equal(45, all.Count);
            Assert.Equal(new[] { "limit=1000" }, harness.Requests.Select(r => r.QueryString));
        }

        [Fact]
        public async Task AServerThatRefusesTheDefaultPageSize_IsAskedWithItsOwnDefault_ByEveryConnectionOfTheProcess()
        {
            var queries = new List<string>();
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                string query = context.Request.QueryString.Value ?? string.Empty;
                lock (queries)
                {
                    queries.Add(query);
                }

                context.Response.ContentType = "application/json";
                if (query.Contains("limit=1000"))
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync("{\"success\":false,\"errors\":[{\"code\":1004,\"message\":\"limit must be at most 100\"}],\"messages\":[],\"result\":null}");
                    return;
                }

                string cursor = query.Contains("cursor=1") ? "null" : "1";
                await context.Response.WriteAsync("{\"items\":[{\"id\":\"" + Guid.NewGuid() + "\",\"site\":\"AMS01\",\"speed\":\"10G\",\"occupied\":false,\"facility\":{\"name\":\"f\",\"address\":[]}}],\"next\":" + cursor + "}");
            });
            using CfConnection connection = ApiHarness.ConnectTo(server.BaseUri);
            var observer = new RecordingObserver();

            List<CniSlot> first = await DrainAsync(connection.Slots().List(Account, new SlotListParams(), new CfPaging(null), new CfCall(observer, CancellationToken.None)));
            // Another connection to the same server (as each command that uses CLOUDFLARE_* makes) knows it too.
            using CfConnection another = ApiHarness.ConnectTo(server.BaseUri);
            List<CniSlot> second = await DrainAsync(another.Slots().List(Account, new SlotListParams(), new CfPaging(null), TestCalls.Silent));
            CfApiException refused = await Assert.ThrowsAsync<CfApiException>(() =>
                DrainAsync(connection.Slots().List(Account, new SlotListParams(), new CfPaging(1000), TestCalls.Silent)));

            Assert.Equal((2, 2), (first.Count, second.Count));
            Assert.Equal(new[] { "?limit=1000", "", "?cursor=1", "", "?cursor=1", "?limit=1000" }, queries);
            Assert.Contains(observer.VerboseMessages, m => m.Contains("refused limit=1000") && m.Contains("its default page size"));
            Assert.Equal(400, refused.StatusCode);
        }

        [Theory]
        [InlineData(null, 1500L, null)]
        [InlineData(null, 500L, 500)]
        [InlineData(1000, 1500L, 1000)]
        [InlineData(200, 150L, 150)]
        public async Task Pager_AsksForNoLimitTheServerRefused_WhenManyItemsAreWanted(int? pageSize, long wanted, int? expected)
        {
            // pageSize null: the server's own page size, once it refused the module's (PageSizes); -First 1500 then asks
            // for none rather than for 1500, which that server would refuse too.
            var limits = new List<int?>();
            using var pager = new CfPager<int>(
                (cursor, limit, cancellation) =>
                {
                    limits.Add(limit);
                    return Task.FromResult(new Page<int>(new List<int> { 1 }, null));
                },
                new CfPaging(null, wanted),
                "/slots",
                () => pageSize);

            await pager.NextPageAsync(CancellationToken.None);

            Assert.Equal(new[] { expected }, limits);
        }

        [Fact]
        public async Task Pager_HandsOutEachPageBeforeRequestingTheNext()
        {
            await using ApiHarness harness = await StartWithSlotsAsync(30);
            CfPager<CniSlot> pager = harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(10, null), TestCalls.Silent);

            IReadOnlyList<CniSlot>? first = await pager.NextPageAsync(CancellationToken.None);

            Assert.Equal(10, first!.Count);
            Assert.Single(harness.Requests);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Pager_TreatsNullNextLikeAnAbsentOne(bool endAsNull)
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(server: new TestServerOptions { Token = ApiHarness.Token, EndOfListAsNull = endAsNull });
            AddSlots(harness, 7);

            List<CniSlot> all = await DrainAsync(harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(5, null), TestCalls.Silent));

            Assert.Equal(7, all.Count);
            Assert.Equal(2, harness.Requests.Count);
        }

        [Fact]
        public async Task EnvelopedResponses_ReadLikeBareOnes()
        {
            await using ApiHarness plain = await ApiHarness.StartAsync();
            await using ApiHarness enveloped = await ApiHarness.StartAsync(server: new TestServerOptions { Token = ApiHarness.Token, Envelope = true });
            foreach (ApiHarness harness in new[] { plain, enveloped })
            {
                AddSlots(harness, 3);
            }

            var results = new List<string>();
            foreach (ApiHarness harness in new[] { plain, enveloped })
            {
                List<CniSlot> slots = await DrainAsync(harness.Connection.Slots().List(Account, new SlotListParams(), new CfPaging(2, null), TestCalls.Silent));
                Interconnect created = await harness.Connection.Interconnects().NewPhysicalAsync(
                    new InterconnectNewPhysicalBody { Account = Account, SlotId = slots[0].Id, Type = "direct" }, TestCalls.Silent);
                CniSettings settings = await harness.Connection.Settings().GetAsync(Account, TestCalls.Silent);
                results.Add($"{slots.Count}|{string.Join(",", slots.Select(s => s.Site))}|{created.Kind}|{((PhysicalInterconnect)created).SlotId == slots[0].Id}|{settings.DefaultAsn}");
            }

            Assert.StartsWith("{\"result\":", enveloped.Server.Requests.Count > 0 ? await RawBodyAsync(enveloped) : string.Empty, StringComparison.Ordinal);
            Assert.Equal("3|AMS01,AMS01,AMS01|Physical|True|65000", results[0]);
            Assert.Equal(results[0], results[1]);
        }

        [Fact]
        public async Task AnEnvelopeReportingFailure_BecomesAnError_EvenWithStatus200()
        {
            byte[] body = System.Text.Encoding.UTF8.GetBytes(
                "{\"success\":false,\"errors\":[{\"code\":1234,\"message\":\"Quota exhausted\"}],\"messages\":[],\"result\":null}");
            using var executor = new RequestExecutor(
                new CfClientOptions { BaseUri = new Uri("https://api.test/client/v4") },
                new FixedResponseHandler(200, "application/json", body));

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                new SettingService(executor).GetAsync("a", TestCalls.Silent));

            Assert.Equal(1234, error.CloudflareCode);
            Assert.Contains("Quota exhausted", error.Message);
        }

        [Fact]
        public async Task NotFound_CarriesStatusCodeMessageAndRay_AndMapsToObjectNotFound()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Interconnects().GetAsync(Account, "icon-missing", TestCalls.Silent));
            ErrorRecord mapped = CfErrors.FromApi(error, "icon-missing");

            Assert.Equal(404, error.StatusCode);
            Assert.Equal(1002, error.CloudflareCode);
            Assert.Contains("Interconnect 'icon-missing' not found.", error.Message);
            Assert.Matches("^[0-9a-f]{16}-EMU$", error.RayId);
            Assert.Contains(error.RayId!, error.Message);
            Assert.Equal((CfErrors.NotFound, ErrorCategory.ObjectNotFound, (object?)"icon-missing"), (mapped.FullyQualifiedErrorId, mapped.CategoryInfo.Category, mapped.TargetObject));
        }

        [Fact]
        public async Task AuthenticationAndPermissionFailures_MapToTheirCategories()
        {
            var server = new TestServerOptions { Token = "the-right-token-0123456789", ForbiddenAccounts = { "forbidden-account" } };
            await using TestServerScope wrongToken = await TestServerScope.StartAsync(_ => { }, options: server);
            await using TestServerScope rightToken = await TestServerScope.StartAsync(o => o.Credential = CfCredential.FromToken("the-right-token-0123456789"), options: server);

            CfApiException unauthorized = await Assert.ThrowsAsync<CfApiException>(() =>
                wrongToken.Connection.Settings().GetAsync(Account, TestCalls.Silent));
            CfApiException forbidden = await Assert.ThrowsAsync<CfApiException>(() =>
                rightToken.Connection.Settings().GetAsync("forbidden-account", TestCalls.Silent));

            Assert.Equal((401, 10000L), (unauthorized.StatusCode, unauthorized.CloudflareCode!.Value));
            Assert.Equal(ErrorCategory.AuthenticationError, CfErrors.FromApi(unauthorized, null).CategoryInfo.Category);
            Assert.Equal(CfErrors.AuthenticationFailed, CfErrors.FromApi(unauthorized, null).FullyQualifiedErrorId);
            Assert.Equal((403, 10001L), (forbidden.StatusCode, forbidden.CloudflareCode!.Value));
            Assert.Equal(ErrorCategory.PermissionDenied, CfErrors.FromApi(forbidden, null).CategoryInfo.Category);
        }

        [Fact]
        public async Task InvalidBody_Is400WithCloudflaresMessage_AndMapsToInvalidArgument()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Interconnects().NewPhysicalAsync(
                    new InterconnectNewPhysicalBody { Account = Account, SlotId = Guid.NewGuid().ToString(), Type = "direct" }, TestCalls.Silent));

            Assert.Equal(400, error.StatusCode);
            Assert.Contains("not found", error.Errors[0].Message);
            ErrorRecord mapped = CfErrors.FromApi(error, null);
            Assert.Equal((CfErrors.BadRequest, ErrorCategory.InvalidArgument), (mapped.FullyQualifiedErrorId, mapped.CategoryInfo.Category));
        }

        [Fact]
        public async Task UnknownFields_SurviveAGetThenUpdateRoundTrip_BesideTheTypedBgpMode()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync(server: new TestServerOptions
            {
                Token = ApiHarness.Token,
                CniFieldsOnCreate = new JsonObject { ["lag_group"] = "lag-3", ["tunnel_health"] = new JsonObject { ["checks"] = 3, ["ok"] = true } },
                InterconnectFieldsOnCreate = new JsonObject { ["port_group"] = "pg-77" },
            });
            string slot = harness.AddSlot();
            Interconnect icon = await harness.Connection.Interconnects().NewPhysicalAsync(
                new InterconnectNewPhysicalBody { Account = Account, SlotId = slot, Type = "direct" }, TestCalls.Silent);
            Cni created = await harness.Connection.Cnis().NewAsync(
                new CniNewBody { Account = Account, Interconnect = icon.Name, Magic = new MagicJson { ConduitName = "t1", Description = string.Empty, Mtu = 1500 } }, TestCalls.Silent);

            Cni fetched = await harness.Connection.Cnis().GetAsync(Account, created.Id, TestCalls.Silent);
            fetched.Mtu = 1400;
            fetched.BgpMode = "advertise_only";
            Cni updated = await harness.Connection.Cnis().UpdateAsync(Account, fetched, TestCalls.Silent);

            Assert.Equal(new[] { "port_group" }, icon.GetAdditionalFieldNames());
            Assert.Equal(new[] { "lag_group", "tunnel_health" }, fetched.GetAdditionalFieldNames());
            Assert.Null(created.BgpMode);
            JsonObject put = JsonNode.Parse(harness.Requests.Last().Body!)!.AsObject();
            Assert.Equal("PUT", harness.Requests.Last().Method);
            Assert.Equal("advertise_only", put["bgp_mode"]!.GetValue<string>());
            Assert.Equal("lag-3", put["lag_group"]!.GetValue<string>());
            Assert.Equal(3, put["tunnel_health"]!["checks"]!.GetValue<int>());
            JsonObject stored = harness.Emulator.GetCnis(Account).Single();
            Assert.Equal("advertise_only", stored["bgp_mode"]!.GetValue<string>());
            Assert.Equal("advertise_only", updated.BgpMode);
            Assert.Equal(1400, stored["magic"]!["mtu"]!.GetValue<int>());
        }

        [Fact]
        public void UnknownNestedFields_AreWrittenBack()
        {
            const string json = "{\"id\":\"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e\",\"account\":\"a\",\"interconnect\":\"i\",\"cust_ip\":\"10.0.0.1/31\",\"p2p_ip\":\"10.0.0.0/31\"," +
                                "\"magic\":{\"conduit_name\":\"c\",\"description\":\"d\",\"mtu\":1500,\"ttl\":64}," +
                                "\"bgp\":{\"customer_asn\":65001,\"extra_prefixes\":[],\"hold_time\":90},\"future\":[1,\"two\"]}";

            Cni cni = JsonSerializer.Deserialize(json, CniJsonContext.Default.CniJson)!.ToModel();
            JsonObject written = JsonNode.Parse(JsonSerializer.Serialize(CniJson.From(cni), CniJsonContext.Default.CniJson))!.AsObject();

            Assert.Equal(64, written["magic"]!["ttl"]!.GetValue<int>());
            Assert.Equal(90, written["bgp"]!["hold_time"]!.GetValue<int>());
            Assert.Equal("[1,\"two\"]", written["future"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written));
        }

        [Theory]
        // The published type decides, whatever fields came with it.
        [InlineData("{\"account\":\"a\",\"name\":\"n\",\"type\":\"direct\"}", "Physical")]
        [InlineData("{\"account\":\"a\",\"name\":\"n\",\"type\":\"gcp_partner\",\"site\":\"s\"}", "GcpPartner")]
        // Another type: the fields present decide.
        [InlineData("{\"account\":\"a\",\"name\":\"n\",\"type\":\"t\",\"facility\":{\"address\":[],\"name\":\"f\"},\"site\":\"s\",\"slot_id\":\"x\",\"speed\":\"10G\"}", "Physical")]
        [InlineData("{\"account\":\"a\",\"name\":\"n\",\"type\":\"partner\",\"region\":\"us-east4\"}", "GcpPartner")]
        // Neither: another kind.
        [InlineData("{\"account\":\"a\",\"name\":\"n\",\"type\":\"aws_partner\",\"aws_region\":\"eu-west-1\"}", "Other")]
        [InlineData("{\"account\":\"a\",\"name\":\"n\"}", "Other")]
        public void TheInterconnectKind_ComesFromThePublishedType_ThenTheFields_ElseOther(string json, string expected)
        {
            Interconnect read = JsonSerializer.Deserialize(json, InterconnectJsonContext.Default.InterconnectJson)!.ToModel();

            Assert.Equal(expected, read.Kind);
            Assert.Equal(expected, read.GetType().Name.Replace("Interconnect", string.Empty, StringComparison.Ordinal));
        }

        [Fact]
        public void AnInterconnectOfAnUnknownKind_KeepsItsTypeAndEveryField()
        {
            const string json = "{\"account\":\"a\",\"name\":\"icon-aws\",\"type\":\"aws_partner\",\"speed\":\"400G\",\"aws_region\":\"eu-west-1\",\"virtual_port_reservation_id\":\"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e\",\"vlan\":{\"id\":7}}";

            OtherInterconnect read = Assert.IsType<OtherInterconnect>(JsonSerializer.Deserialize(json, InterconnectJsonContext.Default.InterconnectJson)!.ToModel());

            Assert.Equal(("icon-aws", "aws_partner", "400G", "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"), (read.Name, read.Type, read.Speed, read.VirtualPortReservationId));
            Assert.Null(read.Location);
            Assert.Equal(new[] { "aws_region", "vlan" }, read.GetAdditionalFieldNames());
        }

        [Fact]
        public void AnInterconnectWithoutAName_CannotBeRead()
        {
            JsonException refused = Assert.Throws<JsonException>(() =>
                JsonSerializer.Deserialize("{\"account\":\"a\",\"type\":\"direct\"}", InterconnectJsonContext.Default.InterconnectJson)!.ToModel());

            Assert.Contains("no name", refused.Message, StringComparison.Ordinal);
        }

        internal static async Task<List<T>> DrainAsync<T>(CfPager<T> pager)
        {
            var all = new List<T>();
            while (await pager.NextPageAsync(CancellationToken.None) is IReadOnlyList<T> page)
            {
                all.AddRange(page);
            }

            return all;
        }

        private static async Task<ApiHarness> StartWithSlotsAsync(int count)
        {
            ApiHarness harness = await ApiHarness.StartAsync();
            AddSlots(harness, count);
            harness.Server.ClearRequests();
            return harness;
        }

        private static void AddSlots(ApiHarness harness, int count)
        {
            for (int i = 0; i < count; i++)
            {
                harness.AddSlot();
            }
        }

        private static async Task<string> RawBodyAsync(ApiHarness harness)
        {
            using var http = new System.Net.Http.HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiHarness.Token);
            return await http.GetStringAsync(harness.Server.CniUri(Account, "settings"));
        }
    }
}
