using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>A credential never reaches output, diagnostics, errors, objects or files.</summary>
    [Collection(PowerShellCollection.Name)]
    public sealed class SecretHygieneTests
    {
        private const string Token = "cfut-LEAKCHECK-7c2f9a1e5b8d4f6a0e3c1b9d2f7a5e8c";
        private const string GlobalKey = "LEAKKEY-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

        [Fact]
        public async Task AFullScenario_WithFaultsAndErrors_NeverShowsTheToken_InAnyStreamTranscriptOrFile()
        {
            var emulator = new CniEmulator();
            using var folder = new TempFolder();
            await using Helpers.TestServer server = await Helpers.TestServer.StartAsync(emulator, new TestServerOptions { Token = Token });
            string slot = emulator.AddSlot(null, "AMS01", "Equinix AM3", new[] { "Science Park 610" }, "10G");
            emulator.AddSlot(null, "AMS01", "Equinix AM3", new[] { "Science Park 610" }, "10G");
            using var shell = new PowerShellSession();
            var results = new System.Collections.Generic.List<PsResult>();
            (string, object?)[] variables =
            {
                ("token", Token), ("account", ApiHarness.AccountId), ("baseUri", server.BaseUri), ("slot", slot),
                ("folder", folder.Path), ("transcript", Path.Combine(folder.Path, "transcript.txt")),
            };

            results.Add(shell.Run(
                @"$DebugPreference = 'Continue'; $VerbosePreference = 'Continue'
                  $null = Start-Transcript -Path $transcript
                  Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $account -BaseUri $baseUri -MaximumRetryCount 2 | Out-Default",
                variables));
            emulator.Faults.Enqueue(TestFaults.TooManyRequests("GET", retryAfterSeconds: 0));
            emulator.Faults.Enqueue(TestFaults.ServerError(503, "GET"));
            results.Add(shell.Run(
                @"Get-CfCniSlot -PageSize 1 | Out-Default
                  $icon = New-CfInterconnect -SlotId $slot -Type direct
                  $icon | Format-List * | Out-Default
                  Save-CfInterconnectLoa -Name $icon.Name -Path $folder -PassThru | Out-Default
                  $cni = New-CfCni -Interconnect $icon.Name -ConduitName tunnel -Mtu 1500 -CustomerAsn 65001 -ExtraPrefix 192.0.2.0/24 -Md5Key 'md5-key'
                  $cni | Set-CfCni -Mtu 1400 -PassThru | Format-List * | Out-Default
                  Get-CfInterconnect -Name icon-unknown"));
            emulator.Faults.Enqueue(TestFaults.NonJson("GET"), 3);
            results.Add(shell.Run(
                @"Get-CfCniSetting
                  Wait-CfInterconnect -Name $icon.Name -State Down -Timeout 1 -PollInterval 1
                  Get-CfContext | Format-List * | Out-Default
                  # A rejected credential: Cloudflare's 401 must not echo what was sent.
                  Connect-CfAccount -ApiToken (ConvertTo-SecureString ($token + 'x') -AsPlainText -Force) -AccountId $account -BaseUri $baseUri | Out-Null
                  Get-CfCniSetting
                  $Error | Format-List * -Force | Out-Default
                  Disconnect-CfAccount
                  Stop-Transcript | Out-Null"));

            var texts = new StringBuilder();
            foreach (PsResult result in results)
            {
                texts.AppendLine(result.AllText());
            }

            foreach (string file in Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories))
            {
                texts.AppendLine(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
            }

            string all = texts.ToString();
            var verbose = results.SelectMany(r => r.Verbose).ToList();
            var debug = results.SelectMany(r => r.Debug).ToList();
            var errors = results.SelectMany(r => r.Errors).ToList();
            Assert.True(verbose.Count >= 8, "the scenario should have produced request diagnostics");
            Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith("CfApi.AuthenticationFailed,", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith("CfApi.NotFound,", StringComparison.Ordinal));
            Assert.Contains(verbose, m => m.StartsWith("Retrying GET", StringComparison.Ordinal));
            Assert.Contains(debug, m => m.Contains("\"conduit_name\":\"tunnel\""));
            Assert.Contains(debug, m => m.Contains("\"md5_key\":\"(hidden)\""));
            Assert.DoesNotContain(debug, m => m.Contains("md5-key"));
            Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
            Assert.Contains("Get-CfCniSlot", File.ReadAllText(Path.Combine(folder.Path, "transcript.txt")));
            Assert.DoesNotContain(Token, all);
            Assert.DoesNotContain(Token.Substring(0, 16), all);
            Assert.DoesNotContain("Bearer", all);
        }

        [Fact]
        public async Task AnErrorQuotingAResponseBody_HidesTheMd5KeyInIt()
        {
            // A body the module cannot read as the API's (no errors array): the error quotes it, without the key.
            await using LoopbackServer server = await LoopbackServer.StartAsync(async (context, n) =>
            {
                context.Response.StatusCode = 500;
                context.Response.ContentType = "application/json";
                await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(
                    context.Response, "{\"id\":\"c1\",\"bgp\":{\"customer_asn\":65010,\"md5_key\":\"s3cr3t-k3y\"}}");
            });
            using CfConnection connection = ApiHarness.ConnectTo(server.BaseUri);

            CfApiException error = await Assert.ThrowsAsync<CfApiException>(() => connection.Cnis().GetAsync("acc", "c1", TestCalls.Silent));
            string shown = error.Message + CfErrors.FromApi(error, "c1").ToString();

            Assert.Contains("customer_asn", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-k3y", shown, StringComparison.Ordinal);
        }

        [Fact]
        public void TheCredentialAndContext_ShowAtMostTheLastFourCharacters()
        {
            CfCredential token = CfCredential.FromToken(Token);
            CfCredential key = CfCredential.FromKey("ops@example.com", GlobalKey);
            CfCredential shortToken = CfCredential.FromToken("short-token-123");

            Assert.Equal("ApiToken (...5e8c)", token.ToString());
            Assert.Equal("ApiKey (...e1f0)", key.ToString());
            Assert.Equal("ApiToken", shortToken.ToString());
            Assert.Null(shortToken.Hint);
            using CfConnection connection = CfConnection.Create(new CfClientOptions { Credential = token }, "a", CfContextSource.Session, null);
            string context = DescribeDeep(connection.Describe());
            Assert.Contains("...5e8c", context);
            Assert.DoesNotContain(Token.Substring(0, Token.Length - 4), context);
        }

        [Fact]
        public void NoPublicMemberOfTheCredentialOrOptions_ReturnsTheSecret()
        {
            CfCredential credential = CfCredential.FromToken(Token);
            var options = new CfClientOptions { Credential = credential };

            foreach (object target in new object[] { credential, options })
            {
                foreach (PropertyInfo property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                {
                    Assert.DoesNotContain(Token, Convert.ToString(property.GetValue(target)) ?? string.Empty);
                }
            }

            foreach (FieldInfo field in typeof(CfCredential).GetFields(BindingFlags.NonPublic | BindingFlags.Instance))
            {
                Assert.False(field.FieldType == typeof(string) && Convert.ToString(field.GetValue(credential)) == Token, field.Name);
            }
        }

        /// <summary>Every public property, recursively a little, as a user's Format-List * would show them.</summary>
        private static string DescribeDeep(object item, int depth = 0)
        {
            if (item is null || depth > 3)
            {
                return string.Empty;
            }

            var text = new StringBuilder(Convert.ToString(item));
            if (item is string || item.GetType().IsPrimitive || item is Uri || item is FileSystemInfo)
            {
                return text.ToString();
            }

            foreach (PropertyInfo property in item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0)
                {
                    text.Append('|').Append(DescribeDeep(property.GetValue(item)!, depth + 1));
                }
            }

            return text.ToString();
        }
    }
}
