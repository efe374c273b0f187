using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// The one request piece every service is written over, on a resource shaped as Cloudflare's Magic API is (the
    /// tunnels of issue 20): a path under /magic, the v4 envelope always, its objects named inside the result, a header
    /// the API asks for, and no paging.
    /// </summary>
    public sealed class EndpointTests
    {
        private const string Account = ApiHarness.AccountId;

        private static readonly KeyValuePair<string, string> Flag = new KeyValuePair<string, string>("x-magic-new-hc-target", "true");

        [Fact]
        public async Task ARequiredEnvelope_IsReadForItsResult_AtAMagicPath_WithTheResourcesHeader_AndNoPaging()
        {
            var seen = new List<string>();
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                seen.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Request.Headers["x-magic-new-hc-target"]}");
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(context.Request.Method == "GET"
                    ? "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"things\":[{\"name\":\"t1\"},{\"name\":\"t2\"}]}}"
                    : "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"modified_thing\":{\"name\":\"t1\",\"mtu\":1400}}}");
            });
            using RequestExecutor executor = Executor(server);
            var endpoint = new CfEndpoint(executor, "accounts/{AccountId}/magic/things", "{Name}", CfEnvelope.Required, Flag);

            string[] names = await endpoint.GetAsync(endpoint.CollectionPath(Account), TypeOf<ThingList>(), list => list.Things!.Select(t => t.Name).ToArray(), TestCalls.Silent);
            Thing changed = await endpoint.PutAsync(endpoint.ItemPath(Account, "t1"), new Thing { Name = "t1", Mtu = 1400 }, TypeOf<Thing>(), TypeOf<ThingModified>(), result => result.Modified!, TestCalls.Silent);

            Assert.Equal(new[] { "t1", "t2" }, names);
            Assert.Equal(1400, changed.Mtu);
            Assert.Equal(
                new[] { $"GET /client/v4/accounts/{Account}/magic/things true", $"PUT /client/v4/accounts/{Account}/magic/things/t1 true" },
                seen);
        }

        [Theory]
        [InlineData("{\"things\":[]}", "envelope")]
        [InlineData("{\"success\":false,\"errors\":[{\"code\":1001,\"message\":\"Tunnel quota\"}],\"messages\":[],\"result\":null}", "Tunnel quota")]
        public async Task ARequiredEnvelope_RefusesABareBody_AndReportsAFailureItCarries(string answer, string said)
        {
            await using LoopbackServer server = await LoopbackServer.AnsweringAsync(answer);
            using RequestExecutor executor = Executor(server);
            var endpoint = new CfEndpoint(executor, "accounts/{AccountId}/magic/things", "{Name}", CfEnvelope.Required);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() =>
                endpoint.GetAsync(endpoint.CollectionPath(Account), TypeOf<ThingList>(), list => list, TestCalls.Silent));

            Assert.Contains(said, error.Message, StringComparison.Ordinal);
            Assert.Equal(answer.StartsWith("{\"things\"", StringComparison.Ordinal) ? CfFailureKind.InvalidResponse : CfFailureKind.HttpStatus, error.Kind);
        }

        [Fact]
        public async Task AnOptionalEnvelope_ReadsTheBareObject_AndTheEnvelope_AndSendsNoHeaderItWasNotGiven()
        {
            var flags = new List<string>();
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                flags.Add(context.Request.Headers["x-magic-new-hc-target"].ToString());
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(n == 1 ? "{\"name\":\"bare\"}" : "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"name\":\"wrapped\"}}");
            });
            using RequestExecutor executor = Executor(server);
            var endpoint = new CfEndpoint(executor, "accounts/{AccountId}/cni/things");

            string first = await endpoint.GetAsync(endpoint.ItemPath(Account, "1"), TypeOf<Thing>(), t => t.Name, TestCalls.Silent);
            string second = await endpoint.GetAsync(endpoint.ItemPath(Account, "2"), TypeOf<Thing>(), t => t.Name, TestCalls.Silent);

            Assert.Equal(("bare", "wrapped"), (first, second));
            Assert.Equal(new[] { string.Empty, string.Empty }, flags);
        }

        private static RequestExecutor Executor(LoopbackServer server) =>
            new RequestExecutor(new CfClientOptions { BaseUri = server.BaseUri, Credential = CfCredential.FromToken(ApiHarness.Token), MaxRetries = 0 }, new HttpClientHandler());

        private static JsonTypeInfo<T> TypeOf<T>() => (JsonTypeInfo<T>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T));

        public sealed class Thing : IJsonPayload
        {
            [JsonPropertyName("name")]
            public string Name { get; set; } = string.Empty;

            [JsonPropertyName("mtu")]
            public int Mtu { get; set; }

            [JsonExtensionData]
            public Dictionary<string, JsonElement>? Unknown { get; set; }
        }

        public sealed class ThingList
        {
            [JsonPropertyName("things")]
            public List<Thing>? Things { get; set; }
        }

        public sealed class ThingModified
        {
            [JsonPropertyName("modified_thing")]
            public Thing? Modified { get; set; }
        }
    }
}
