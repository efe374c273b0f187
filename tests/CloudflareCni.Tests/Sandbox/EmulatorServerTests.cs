using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Sandbox
{
    /// <summary>Drives the emulator over real loopback sockets (<see cref="TestServer"/>) and in-process (<see cref="CniEmulatorHandler"/>).</summary>
    public sealed class EmulatorServerTests
    {
        private const string Account = EmulatorTests.Account;

        /// <summary>A transport under test: an HttpClient and the API base URI it should use.</summary>
        private sealed class Transport : IAsyncDisposable
        {
            private readonly TestServer? _server;

            private Transport(HttpClient client, Uri baseUri, TestServer? server)
            {
                Client = client;
                BaseUri = baseUri;
                _server = server;
            }

            public HttpClient Client { get; }

            public Uri BaseUri { get; }

            public static async Task<Transport> StartAsync(string kind, CniEmulator emulator)
            {
                HttpClient client;
                Uri baseUri;
                TestServer? server = null;
                if (kind == "socket")
                {
                    server = await TestServer.StartAsync(emulator);
                    client = new HttpClient();
                    baseUri = server.BaseUri;
                }
                else
                {
                    client = new HttpClient(new CniEmulatorHandler(emulator));
                    baseUri = new Uri("https://api.cloudflare.invalid/client/v4");
                }

                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
                client.Timeout = TimeSpan.FromSeconds(30);
                return new Transport(client, baseUri, server);
            }

            public Uri Url(string relative) => new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + "/accounts/" + Account + "/cni/" + relative);

            public Task<HttpResponseMessage> Send(HttpMethod method, string relative, string? json = null)
            {
                var request = new HttpRequestMessage(method, Url(relative));
                if (json != null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                return Client.SendAsync(request);
            }

            public async Task<JsonNode> Json(HttpMethod method, string relative, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
            {
                using (HttpResponseMessage response = await Send(method, relative, json))
                {
                    string text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == expected, method + " " + relative + " answered " + (int)response.StatusCode + ": " + text);
                    Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Matches("^[0-9a-f]{16}-EMU$", response.Headers.GetValues("cf-ray").Single());
                    return JsonNode.Parse(text)!;
                }
            }

            public async ValueTask DisposeAsync()
            {
                Client.Dispose();
                if (_server != null)
                {
                    await _server.DisposeAsync();
                }
            }
        }

        private static string Str(JsonNode? node) => node!.GetValue<string>();

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task AllFifteenOperations_HappyPath(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                // 1. GET /slots
                JsonNode slots = await t.Json(HttpMethod.Get, "slots?site=AMS01&occupied=false");
                string slotId = Str(slots["items"]![0]!["id"]);
                Assert.Equal(2, slots["items"]!.AsArray().Count);

                // 2. GET /slots/{slot}
                JsonNode slot = await t.Json(HttpMethod.Get, "slots/" + slotId);
                Assert.Equal("Equinix AM3", Str(slot["facility"]!["name"]));

                // 3. POST /interconnects
                JsonNode icon = await t.Json(HttpMethod.Post, "interconnects", "{\"account\":\"" + Account + "\",\"slot_id\":\"" + slotId + "\",\"type\":\"direct\"}");
                string name = Str(icon["name"]);
                Assert.Equal("AMS01", Str(icon["site"]));

                // 4. GET /interconnects
                JsonNode icons = await t.Json(HttpMethod.Get, "interconnects?site=AMS01");
                Assert.Equal(name, Str(Assert.Single(icons["items"]!.AsArray())!["name"]));

                // 5. GET /interconnects/{icon}
                Assert.Equal(slotId, Str((await t.Json(HttpMethod.Get, "interconnects/" + name))["slot_id"]));

                // 6. GET /interconnects/{icon}/status
                Assert.Equal("Pending", Str((await t.Json(HttpMethod.Get, "interconnects/" + name + "/status"))["state"]));

                // 7. GET /interconnects/{icon}/loa
                using (HttpResponseMessage loa = await t.Send(HttpMethod.Get, "interconnects/" + name + "/loa"))
                {
                    Assert.Equal(HttpStatusCode.OK, loa.StatusCode);
                    Assert.Equal("application/pdf", loa.Content.Headers.ContentType?.MediaType);
                    byte[] pdf = await loa.Content.ReadAsByteArrayAsync();
                    Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
                    Assert.Contains(name, Encoding.ASCII.GetString(pdf), StringComparison.Ordinal);
                }

                // 8. GET /settings, 9. PUT /settings
                Assert.Equal(65000, (await t.Json(HttpMethod.Get, "settings"))["default_asn"]!.GetValue<long>());
                Assert.Equal(64999, (await t.Json(HttpMethod.Put, "settings", "{\"default_asn\":64999}"))["default_asn"]!.GetValue<long>());

                // 10. POST /cnis
                JsonNode cni = await t.Json(HttpMethod.Post, "cnis", EmulatorTests.CniBody(name));
                string id = Str(cni["id"]);

                // 11. GET /cnis
                JsonNode cnis = await t.Json(HttpMethod.Get, "cnis?slot=" + slotId);
                Assert.Equal(id, Str(Assert.Single(cnis["items"]!.AsArray())!["id"]));

                // 12. GET /cnis/{cni}
                JsonObject fetched = (await t.Json(HttpMethod.Get, "cnis/" + id)).AsObject();
                Assert.Equal("100.64.0.1/31", Str(fetched["cust_ip"]));

                // 13. PUT /cnis/{cni}
                fetched["magic"]!["mtu"] = 1350;
                JsonNode updated = await t.Json(HttpMethod.Put, "cnis/" + id, fetched.ToJsonString());
                Assert.Equal(1350, updated["magic"]!["mtu"]!.GetValue<int>());

                // 14. DELETE /cnis/{cni}
                using (HttpResponseMessage deleted = await t.Send(HttpMethod.Delete, "cnis/" + id))
                {
                    Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
                    Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
                }

                // 15. DELETE /interconnects/{icon}
                using (HttpResponseMessage deleted = await t.Send(HttpMethod.Delete, "interconnects/" + name))
                {
                    Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
                    Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
                }

                Assert.False((await t.Json(HttpMethod.Get, "slots/" + slotId))["occupied"]!.GetValue<bool>());
                Assert.Equal(16, emulator.Requests.Count);
                Assert.All(emulator.Requests, r => Assert.Equal(200, r.Status));
            }
        }

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task Errors_TravelWithStatusAndEnvelope(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                JsonNode notFound = await t.Json(HttpMethod.Get, "cnis/" + Guid.NewGuid(), expected: HttpStatusCode.NotFound);
                Assert.Equal(EmulatorErrorCodes.NotFound, notFound["errors"]![0]!["code"]!.GetValue<int>());

                JsonNode invalid = await t.Json(HttpMethod.Post, "cnis", "{oops", expected: HttpStatusCode.BadRequest);
                Assert.Equal(EmulatorErrorCodes.InvalidBody, invalid["errors"]![0]!["code"]!.GetValue<int>());

                using (HttpResponseMessage wrong = await t.Send(HttpMethod.Patch, "settings"))
                {
                    Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
                    Assert.Equal(new[] { "GET", "PUT" }, wrong.Content.Headers.Allow.OrderBy(m => m, StringComparer.Ordinal));
                }

                JsonNode noRoute = await t.Json(HttpMethod.Get, "unknown", expected: HttpStatusCode.NotFound);
                Assert.Equal(EmulatorErrorCodes.NoRoute, noRoute["errors"]![0]!["code"]!.GetValue<int>());

                emulator.Faults.Enqueue(TestFaults.Unauthorized());
                JsonNode unauthorized = await t.Json(HttpMethod.Get, "slots", expected: HttpStatusCode.Unauthorized);
                Assert.Equal(EmulatorErrorCodes.AuthenticationError, unauthorized["errors"]![0]!["code"]!.GetValue<int>());
                Assert.False(unauthorized["success"]!.GetValue<bool>());
            }
        }

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task Paging_OverSeveralPages(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                var ids = new List<string>();
                string query = "slots?limit=5";
                int pages = 0;
                while (true)
                {
                    JsonObject page = (await t.Json(HttpMethod.Get, query)).AsObject();
                    pages++;
                    ids.AddRange(page["items"]!.AsArray().Select(n => Str(n!["id"])));
                    if (!page.TryGetPropertyValue("next", out JsonNode? next) || next == null)
                    {
                        break;
                    }

                    query = "slots?limit=5&cursor=" + next.GetValue<long>();
                }

                Assert.Equal(3, pages);
                Assert.Equal(12, ids.Distinct().Count());
                Assert.Equal(new[] { string.Empty, "cursor", "cursor" }, emulator.Requests.Select(r => r.QueryValue("cursor") == null ? string.Empty : "cursor"));
                Assert.Equal("limit=5&cursor=10", emulator.Requests[2].QueryString);
            }
        }

        [Fact]
        public async Task Socket_BaseUriIsLoopback()
        {
            await using (TestServer server = await TestServer.StartAsync())
            {
                Assert.Equal("127.0.0.1", server.BaseUri.Host);
                Assert.NotEqual(0, server.BaseUri.Port);
                Assert.Equal("/client/v4", server.BaseUri.AbsolutePath);
                Assert.Equal(new Uri(server.BaseUri.AbsoluteUri + "/accounts/a/cni/slots"), server.CniUri("a", "slots"));
            }
        }

        [Fact]
        public async Task Socket_TooManyRequests_CarriesRetryAfter()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.TooManyRequests(retryAfterSeconds: 7));
            await using (Transport t = await Transport.StartAsync("socket", emulator))
            {
                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "slots"))
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                    Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
                    JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    Assert.Equal(EmulatorErrorCodes.RateLimited, body["errors"]![0]!["code"]!.GetValue<int>());
                }

                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "slots"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        }

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task ConnectionReset_SurfacesAsHttpRequestException(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.ConnectionReset());

            // A fresh client: SocketsHttpHandler silently retries a request once when a reused pooled connection fails.
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => t.Send(HttpMethod.Get, "slots"));
                if (kind == "in-process")
                {
                    Assert.Equal("The emulator reset the connection.", error.Message);
                }

                RecordedRequest recorded = Assert.Single(emulator.Requests);
                Assert.Equal(0, recorded.Status);

                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "slots"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        }

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task Stall_EndsWhenTheClientGivesUp(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.Stall());
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, t.Url("slots"));
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.Client.SendAsync(request, cts.Token));
                }

                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "settings"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                Assert.Equal(new[] { 0, 200 }, emulator.Requests.Select(r => r.Status));
            }
        }

        [Theory]
        [InlineData("socket")]
        [InlineData("in-process")]
        public async Task CommitThenFail_OverTheWire(string kind)
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            emulator.Faults.Enqueue(TestFaults.CommitThenFail(502, "POST"));
            await using (Transport t = await Transport.StartAsync(kind, emulator))
            {
                JsonNode icon = await t.Json(HttpMethod.Post, "interconnects", "{\"account\":\"" + Account + "\",\"bandwidth\":\"1G\",\"pairing_key\":\"" + EmulatorTests.PairingKey + "\",\"type\":\"gcp_partner\"}", HttpStatusCode.BadGateway);
                Assert.Equal(EmulatorErrorCodes.ServerError, icon["errors"]![0]!["code"]!.GetValue<int>());

                JsonNode list = await t.Json(HttpMethod.Get, "interconnects");
                Assert.Equal("us-central1", Str(Assert.Single(list["items"]!.AsArray())!["region"]));
            }
        }

        [Fact]
        public async Task Socket_RequestLog_KeepsQueryHeadersAndBody()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            await using (Transport t = await Transport.StartAsync("socket", emulator))
            {
                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "slots?cursor=2&limit=5&address_contains=Landstra%C3%9Fe"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    Assert.Single(body["items"]!.AsArray());
                }

                using (HttpResponseMessage response = await t.Send(HttpMethod.Put, "settings", "{\"default_asn\":4200000001}"))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                IReadOnlyList<RecordedRequest> log = emulator.Requests;
                Assert.Equal(2, log.Count);
                Assert.Equal("cursor=2&limit=5&address_contains=Landstra%C3%9Fe", log[0].QueryString);
                Assert.Equal("Landstraße", log[0].QueryValue("address_contains"));
                Assert.Equal("Bearer test-token", log[0].Headers["Authorization"]);
                Assert.StartsWith("127.0.0.1:", log[0].Headers["Host"], StringComparison.Ordinal);
                Assert.Equal("PUT", log[1].Method);
                Assert.Equal("{\"default_asn\":4200000001}", log[1].Body);
                Assert.StartsWith("application/json", log[1].Headers["Content-Type"], StringComparison.Ordinal);
                Assert.Equal(4200000001L, emulator.GetDefaultAsn(Account));
            }
        }

        [Fact]
        public async Task Socket_SendsUtf8Bodies()
        {
            CniEmulator emulator = CniEmulator.CreateSandbox();
            await using (Transport t = await Transport.StartAsync("socket", emulator))
            {
                using (HttpResponseMessage response = await t.Send(HttpMethod.Get, "slots?site=FRA05&limit=1"))
                {
                    byte[] raw = await response.Content.ReadAsByteArrayAsync();
                    string text = Encoding.UTF8.GetString(raw);
                    Assert.Contains("Hanauer Landstraße 298", text, StringComparison.Ordinal);
                    Assert.Equal(response.Content.Headers.ContentLength, raw.Length);
                }
            }
        }
    }
}
