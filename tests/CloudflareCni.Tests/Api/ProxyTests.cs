using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>HTTPS_PROXY, HTTP_PROXY, NO_PROXY and -Proxy, read the same way whatever the runtime.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class ProxyTests
    {
        private static readonly Uri Api = new Uri("https://api.cloudflare.com/client/v4/accounts/a/cni/slots");

        [Fact]
        public void NoVariables_MeansNoProxyOfOurs()
        {
            Assert.Null(EnvironmentProxy.FromEnvironment(Variables()));
        }

        [Fact]
        public void TheTargetsSchemePicksTheVariable()
        {
            EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTPS_PROXY", "http://secure.proxy:3128"), ("HTTP_PROXY", "plain.proxy:8080")))!;

            Assert.Equal(new Uri("http://secure.proxy:3128/"), proxy.GetProxy(Api));
            Assert.Equal(new Uri("http://plain.proxy:8080/"), proxy.GetProxy(new Uri("http://example.test/")));
        }

        [Fact]
        public void LowerCaseNamesWin_AndAllProxyIsTheFallback()
        {
            EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2"), ("ALL_PROXY", "http://all:3")))!;

            Assert.Equal("lower", proxy.GetProxy(Api)!.Host);
            Assert.Equal("all", proxy.GetProxy(new Uri("http://example.test/"))!.Host);
        }

        [Theory]
        [InlineData("api.cloudflare.com", true)]
        [InlineData("cloudflare.com", true)]
        [InlineData(".cloudflare.com", true)]
        [InlineData("*.cloudflare.com", true)]
        [InlineData("*", true)]
        [InlineData("api.cloudflare.com:443", true)]
        [InlineData("api.cloudflare.com:8443", false)]
        [InlineData("flare.com", false)]
        [InlineData("example.com, internal.test", false)]
        [InlineData("example.com,cloudflare.com", true)]
        public void NoProxy_MatchesHostsSuffixesPortsAndStar(string noProxy, bool bypassed)
        {
            EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTPS_PROXY", "http://proxy:3128"), ("NO_PROXY", noProxy)))!;

            Assert.Equal(bypassed, proxy.IsBypassed(Api));
            Assert.Equal(bypassed, proxy.GetProxy(Api) is null);
        }

        [Fact]
        public void ProxyUserInfo_BecomesCredentials_AndIsNotPartOfTheProxyUri()
        {
            EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTPS_PROXY", "http://ops%40corp:p%3Ass@proxy:3128")))!;

            Assert.Equal(new Uri("http://proxy:3128/"), proxy.GetProxy(Api));
            NetworkCredential credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
            Assert.Equal(("ops@corp", "p:ss"), (credential.UserName, credential.Password));
        }

        [Fact]
        public async Task RequestsGoThroughTheEnvironmentsProxy_OverARealSocket()
        {
            await using var proxy = await RecordingProxy.StartAsync();
            using var shell = new PowerShellSession();

            // Plain http is allowed only to loopback; port 9 has no server: only the proxy, on loopback, is contacted.
            PsResult result = shell.Run(
                WithEnvironment(
                    ("HTTP_PROXY", "http://127.0.0.1:" + proxy.Port),
                    (CfSession.TokenVariable, "proxy-test-token-0123456789"),
                    (CfSession.AccountVariable, ApiHarness.AccountId),
                    (CfSession.BaseUrlVariable, "http://127.0.0.1:9/client/v4")),
                ("script", "Disconnect-CfAccount; Get-CfCniSetting"));

            Assert.Empty(result.Errors);
            Assert.Equal(4242, Assert.IsType<CniSettings>(Assert.Single(result.Objects)).DefaultAsn);
            Assert.Equal($"GET http://127.0.0.1:9/client/v4/accounts/{ApiHarness.AccountId}/cni/settings HTTP/1.1", Assert.Single(proxy.RequestLines));
        }

        [Fact]
        public async Task NoProxy_SendsTheRequestDirect()
        {
            await using var proxy = await RecordingProxy.StartAsync();
            await using ApiHarness harness = await ApiHarness.StartAsync();
            using var shell = new PowerShellSession();

            PsResult result = shell.Run(
                WithEnvironment(
                    ("HTTP_PROXY", "http://127.0.0.1:" + proxy.Port),
                    ("NO_PROXY", "127.0.0.1"),
                    (CfSession.TokenVariable, ApiHarness.Token),
                    (CfSession.AccountVariable, ApiHarness.AccountId),
                    (CfSession.BaseUrlVariable, harness.Server.BaseUri.ToString())),
                ("script", "Disconnect-CfAccount; Get-CfCniSetting"));

            Assert.Empty(result.Errors);
            Assert.Single(result.Objects);
            Assert.Empty(proxy.RequestLines);
            Assert.Single(harness.Requests);
        }

        [Fact]
        public async Task AnExplicitProxy_CarriesHttpsAsAConnectTunnel_AndItsUserInfoBecomesCredentialsThatNeverShow()
        {
            await using var proxy = await RecordingProxy.StartAsync();
            using var shell = new PowerShellSession();

            PsResult result = shell.Run(
                @"$context = Connect-CfAccount -ApiToken (ConvertTo-SecureString 'explicit-proxy-token-0123456789' -AsPlainText -Force) -AccountId $account `
                    -BaseUri https://api.cni.invalid/client/v4 -Proxy $proxy -MaximumRetryCount 0 -TimeoutSec 5 -SkipCredentialCheck
                  $context
                  try { Get-CfCniSlot } finally { Disconnect-CfAccount }",
                ("proxy", new Uri("http://ops:pr0xy-s3cret@127.0.0.1:" + proxy.Port)), ("account", ApiHarness.AccountId));

            Assert.Equal("CONNECT api.cni.invalid:443 HTTP/1.1", Assert.Single(proxy.RequestLines));
            Assert.Equal(new Uri("http://127.0.0.1:" + proxy.Port), Assert.IsType<CfContext>(Assert.Single(result.Objects)).Proxy);
            // A listing that fails ends the statement (a terminating error of the cmdlet).
            Assert.StartsWith("CfApi.", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.DoesNotContain("pr0xy-s3cret", result.AllText());
        }

        /// <summary>A script that sets environment variables, runs $script, and puts the variables back.</summary>
        private static string WithEnvironment(params (string Name, string Value)[] variables)
        {
            var set = new System.Text.StringBuilder();
            var restore = new System.Text.StringBuilder();
            foreach ((string name, string value) in variables)
            {
                set.Append($"$saved['{name}'] = [Environment]::GetEnvironmentVariable('{name}'); [Environment]::SetEnvironmentVariable('{name}', '{value}'); ");
                restore.Append($"[Environment]::SetEnvironmentVariable('{name}', $saved['{name}']); ");
            }

            return "$saved = @{}; try { " + set + " & ([scriptblock]::Create($script)) } finally { " + restore + "}";
        }

        private static Func<string, string?> Variables(params (string Name, string Value)[] pairs)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string name, string value) in pairs)
            {
                map[name] = value;
            }

            return name => map.TryGetValue(name, out string? value) ? value : null;
        }

        /// <summary>
        /// A stand-in forward proxy on 127.0.0.1: it records each request line and answers a plain request itself
        /// (it never connects anywhere); a CONNECT is refused.
        /// </summary>
        private sealed class RecordingProxy : IAsyncDisposable
        {
            private readonly TcpListener listener;
            private readonly CancellationTokenSource stop = new CancellationTokenSource();
            private readonly Task loop;

            private RecordingProxy(TcpListener listener)
            {
                this.listener = listener;
                loop = Task.Run(AcceptAsync);
            }

            public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

            public List<string> RequestLines { get; } = new List<string>();

            public static Task<RecordingProxy> StartAsync()
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                return Task.FromResult(new RecordingProxy(listener));
            }

            public async ValueTask DisposeAsync()
            {
                stop.Cancel();
                listener.Stop();
                try
                {
                    await loop;
                }
                catch (Exception)
                {
                    // The listener was stopped under the accept loop.
                }
            }

            private async Task AcceptAsync()
            {
                while (!stop.IsCancellationRequested)
                {
                    using TcpClient client = await listener.AcceptTcpClientAsync(stop.Token);
                    using NetworkStream stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    string? line = await reader.ReadLineAsync();
                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                    {
                    }

                    lock (RequestLines)
                    {
                        RequestLines.Add(line ?? string.Empty);
                    }

                    string body = "{\"default_asn\":4242}";
                    string response = line != null && line.StartsWith("CONNECT", StringComparison.Ordinal)
                        ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                    byte[] bytes = Encoding.ASCII.GetBytes(response);
                    await stream.WriteAsync(bytes, 0, bytes.Length);
                }
            }
        }
    }
}
