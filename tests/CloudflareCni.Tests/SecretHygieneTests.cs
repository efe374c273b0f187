using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Commands;
using CloudflareCni.Emulator;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Support;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>A credential never reaches output, diagnostics, errors, objects or files.</summary>
    public sealed class SecretHygieneTests
    {
        private const string Token = "cfut-LEAKCHECK-7c2f9a1e5b8d4f6a0e3c1b9d2f7a5e8c";
        private const string GlobalKey = "LEAKKEY-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

        [Fact]
        public async Task AFullScenario_WithFaultsAndErrors_NeverShowsTheToken()
        {
            var emulator = new CniEmulator(new CniEmulatorOptions { ExpectedToken = Token });
            using var folder = new TempFolder();
            await using Infrastructure.EmulatorServer server = await Infrastructure.EmulatorServer.StartAsync(emulator);
            var session = new CfSession();
            var environment = new FakeEnvironment();
            var host = new TestHost { CurrentDirectory = folder.Path };
            var texts = new StringBuilder();

            AccountCommands.Connect(host, session, environment, new ConnectRequest
            {
                ApiToken = CfCredential.ToSecureString(Token),
                AccountId = ApiHarness.AccountId,
                BaseUri = server.BaseUri,
                MaximumRetryCount = 2,
            });
            string slot = emulator.AddSlot(null, "AMS01", "Equinix AM3", new[] { "Science Park 610" }, "10G");
            using (var scope = new CfCommandScope(session, environment, null))
            {
                emulator.Faults.Enqueue(EmulatorFault.TooManyRequests("GET", retryAfterSeconds: 0));
                emulator.Faults.Enqueue(EmulatorFault.ServerError(503, "GET"));
                SlotCommands.List(host, scope, new SlotListParams(), 1, CfPaging.All);
                InterconnectCommands.NewPhysical(host, scope, slot, "direct", null);
                string name = host.ObjectsOf<Interconnect>().Single().Name;
                InterconnectCommands.SaveLoa(host, scope, name, null, force: false, passThru: true);
                CniCommands.New(host, scope, name, "tunnel", "d", 1500, 65001, new[] { "192.0.2.0/24" }, "md5-key");
                CniCommands.Set(host, scope, host.ObjectsOf<Cni>().Single(), null, new CniChanges { Mtu = 1400 }, passThru: true);
                InterconnectCommands.Get(host, scope, "icon-unknown");
                emulator.Faults.Enqueue(EmulatorFault.NonJson("GET"), 3);
                SettingCommands.Get(host, scope);
                CniCommands.Get(host, scope, "not-a-uuid");
                InterconnectCommands.Wait(host, scope, name, InterconnectState.Down, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(20));
            }

            // A rejected credential: Cloudflare's 401 must not echo what was sent.
            using (var wrong = new CfCommandScope(new CfSession(), WithToken(server, Token + "x"), ApiHarness.AccountId))
            {
                SettingCommands.Get(host, wrong);
            }

            AccountCommands.GetContext(host, session, environment);
            AccountCommands.Disconnect(host, session);

            texts.AppendLine(string.Join("\n", host.AllText()));
            foreach (object item in host.Objects)
            {
                texts.AppendLine(DescribeDeep(item));
            }

            foreach (string file in Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories))
            {
                texts.AppendLine(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
            }

            string all = texts.ToString();
            Assert.True(host.VerboseMessages.Count >= 8, "the scenario should have produced request diagnostics");
            Assert.Contains(host.Errors, e => e.ErrorId == "CfApi.AuthenticationFailed");
            Assert.Contains(host.Errors, e => e.ErrorId == "CfApi.NotFound");
            Assert.Contains(host.VerboseMessages, m => m.StartsWith("Retrying GET", StringComparison.Ordinal));
            Assert.Contains(host.DebugMessages, m => m.Contains("\"conduit_name\":\"tunnel\""));
            Assert.Contains(host.DebugMessages, m => m.Contains("\"md5_key\":\"(hidden)\""));
            Assert.DoesNotContain(host.DebugMessages, m => m.Contains("md5-key"));
            Assert.Single(Directory.GetFiles(folder.Path));
            Assert.DoesNotContain(Token, all);
            Assert.DoesNotContain(Token.Substring(0, 16), all);
            Assert.DoesNotContain("Bearer", all);
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

        [Fact]
        public void ApiKeyErrors_DoNotShowTheKey()
        {
            var host = new TestHost();

            CfTerminatingException ended = Assert.Throws<CfTerminatingException>(() =>
                AccountCommands.Connect(host, new CfSession(), new FakeEnvironment(), new ConnectRequest { ApiKey = CfCredential.ToSecureString(GlobalKey), Email = " " }));

            Assert.Equal("CfValidation.EmailRequired", ended.Error.ErrorId);
            Assert.DoesNotContain(GlobalKey, ended.ToString());
            Assert.Empty(host.Objects);
        }

        private static FakeEnvironment WithToken(Infrastructure.EmulatorServer server, string token)
        {
            var environment = new FakeEnvironment();
            environment.Variables[CfSession.TokenVariable] = token;
            environment.Variables[CfSession.BaseUrlVariable] = server.BaseUri.ToString();
            return environment;
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
