using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Commands;
using CloudflareCni.Internal;
using CloudflareCni.Tests.Support;
using CloudflareCni.Validation;
using Xunit;

namespace CloudflareCni.Tests
{
    /// <summary>Bad input is refused before any request, with an error that names the parameter and the rule.</summary>
    public sealed class InputValidationTests : IAsyncLifetime
    {
        private const string GoodUuid = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";
        private ApiHarness harness = null!;
        private CfCommandScope scope = null!;
        private TestHost host = null!;

        public async Task InitializeAsync()
        {
            harness = await ApiHarness.StartAsync();
            scope = harness.Scope();
            host = new TestHost();
        }

        public async Task DisposeAsync()
        {
            scope.Dispose();
            await harness.DisposeAsync();
        }

        [Theory]
        [InlineData("10.0.0.0/8")]
        [InlineData("192.0.2.1/32")]
        [InlineData("0.0.0.0/0")]
        [InlineData("255.255.255.255/31")]
        public void Cidr_AcceptsIPv4Prefixes(string value) => Assert.Null(CfValidators.Cidr(value));

        [Theory]
        [InlineData("10.0.0/8")]
        [InlineData("10.0.0.0")]
        [InlineData("10.0.0.0/33")]
        [InlineData("256.0.0.0/8")]
        [InlineData("10.0.0.01/8")]
        [InlineData("10.0.0.0/")]
        [InlineData("10.0.0.0/8/1")]
        [InlineData(" 10.0.0.0/8")]
        [InlineData("2001:db8::/32")]
        [InlineData("")]
        public void Cidr_RejectsAnythingElse_StatingTheRule(string value) =>
            Assert.Contains("expected A.B.C.D/N", CfValidators.Cidr(value));

        [Theory]
        [InlineData("abc")]
        [InlineData("with space")]
        [InlineData("!@#$%^&*()+[]{}<>/.,;:_-~= |`")]
        [InlineData("'single'")]
        public void Md5Key_AcceptsPrintableAsciiButQuoteAndQuestionMark(string value) => Assert.Null(CfValidators.Md5Key(value));

        [Theory]
        [InlineData("", "must not be empty")]
        [InlineData("a\"b", "'\"' at position 2")]
        [InlineData("what?", "'?' at position 5")]
        [InlineData("tab\there", "U+0009")]
        [InlineData("line\nbreak", "U+000A")]
        [InlineData("cr\rx", "U+000D")]
        [InlineData("vt\u000Bx", "U+000B")]
        [InlineData("ff\u000Cx", "U+000C")]
        [InlineData("caf\u00e9", "U+00E9")]
        public void Md5Key_RejectsTheSeedsForbiddenCharacters(string value, string expected) =>
            Assert.Contains(expected, CfValidators.Md5Key(value));

        [Theory]
        [InlineData(0L, true)]
        [InlineData(64512L, true)]
        [InlineData(4294967295L, true)]
        [InlineData(4294967296L, false)]
        [InlineData(-1L, false)]
        public void Asn_TakesFourByteValues(long value, bool valid) => Assert.Equal(valid, CfValidators.Asn(value) is null);

        [Theory]
        [InlineData(575, false)]
        [InlineData(576, true)]
        [InlineData(1500, true)]
        [InlineData(9000, true)]
        [InlineData(9001, false)]
        public void Mtu_Range(int value, bool valid) => Assert.Equal(valid, CfValidators.Mtu(value) is null);

        [Fact]
        public void Bandwidth_IsOneOfTwelve()
        {
            Assert.Equal(12, CfValidators.Bandwidths.Length);
            Assert.All(CfValidators.Bandwidths, b => Assert.Null(CfValidators.Bandwidth(b)));
            Assert.NotNull(CfValidators.Bandwidth("1g"));
            Assert.NotNull(CfValidators.Bandwidth("100G"));
        }

        [Theory]
        [InlineData(GoodUuid, true)]
        [InlineData("182BD5E5-6E1A-4FE4-A799-AA6D9A6AB26E", true)]
        [InlineData("182bd5e56e1a4fe4a799aa6d9a6ab26e", false)]
        [InlineData("{182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e}", false)]
        [InlineData("slot-1", false)]
        public void Uuid_TakesTheHyphenatedForm(string value, bool valid) => Assert.Equal(valid, CfValidators.Uuid(value) is null);

        [Theory]
        [InlineData("100.64.0.1/31", "100.64.0.0/31", true)]
        [InlineData("100.64.0.2/31", "100.64.0.0/31", false)]
        [InlineData("10.1.2.3/24", "10.1.2.254/24", true)]
        [InlineData("10.1.3.3/24", "10.1.2.254/24", false)]
        public void CustomerIp_MustLieInTheCloudflarePrefix(string customer, string cloudflare, bool valid) =>
            Assert.Equal(valid, CfValidators.CustomerIpInPrefix(customer, cloudflare) is null);

        [Fact]
        public void TheValidationAttributes_UseTheSameRules_OnEveryArrayElement()
        {
            Assert.Null(new ValidateCidrAttribute().Describe("10.0.0.0/8"));
            Assert.Contains("expected A.B.C.D/N", new ValidateCidrAttribute().Describe("10.0.0/8"));
            Assert.Contains("not a UUID", new ValidateUuidAttribute().Describe("nope"));
            Assert.Contains("'?'", new ValidateMd5KeyAttribute().Describe("a?b"));
        }

        private static readonly (string Parameter, string Rule, string RuleText, Action<TestHost, CfCommandScope> Command)[] Cases =
        {
            ("ExtraPrefix", "InvalidCidr", "A.B.C.D/N", (h, s) => CniCommands.New(h, s, "icon-1", "t", "", 1500, 65000, new[] { "10.0.0.0/8", "10.0.0/8" }, null)),
            ("Md5Key", "InvalidMd5Key", "'?'", (h, s) => CniCommands.New(h, s, "icon-1", "t", "", 1500, 65000, null, "why?")),
            ("Mtu", "MtuOutOfRange", "576 to 9000", (h, s) => CniCommands.New(h, s, "icon-1", "t", "", 10000, null, null, null)),
            ("CustomerAsn", "AsnOutOfRange", "4294967295", (h, s) => CniCommands.New(h, s, "icon-1", "t", "", 1500, 4294967296L, null, null)),
            ("ExtraPrefix", "BgpNeedsCustomerAsn", "-CustomerAsn", (h, s) => CniCommands.New(h, s, "icon-1", "t", "", 1500, null, new[] { "10.0.0.0/8" }, null)),
            ("Bandwidth", "InvalidBandwidth", "one of 50M", (h, s) => InterconnectCommands.NewGcpPartner(h, s, "3G", "key/us-east4/1", "partner")),
            ("SlotId", "InvalidUuid", "not a UUID", (h, s) => InterconnectCommands.NewPhysical(h, s, "slot-7", "direct", null)),
            ("Id", "InvalidUuid", "not a UUID", (h, s) => CniCommands.Get(h, s, "cni-7")),
            ("Id", "InvalidUuid", "not a UUID", (h, s) => CniCommands.Remove(h, s, "cni-7")),
            ("Id", "InvalidUuid", "not a UUID", (h, s) => SlotCommands.Get(h, s, "slot-7")),
            ("Slot", "InvalidUuid", "not a UUID", (h, s) => CniCommands.List(h, s, new Api.CniListParams { Slot = "slot-7" }, null, CfPaging.All)),
            ("CustomerIp", "InvalidCidr", "A.B.C.D/N", (h, s) => CniCommands.Set(h, s, null, GoodUuid, new CniChanges { CustomerIp = "100.64.0.1" }, false)),
            ("CloudflareIp", "InvalidCidr", "A.B.C.D/N", (h, s) => CniCommands.Set(h, s, null, GoodUuid, new CniChanges { CloudflareIp = "100.64.0.300/31" }, false)),
            ("CustomerIp", "CustomerIpOutsidePrefix", "not inside the prefix", (h, s) => CniCommands.Set(h, s, null, GoodUuid, new CniChanges { CustomerIp = "100.64.0.3/31", CloudflareIp = "100.64.0.0/31" }, false)),
            ("CustomerIp", "CustomerIpOutsidePrefix", "not inside the prefix", (h, s) => CniCommands.Set(h, s, PipedCni(), null, new CniChanges { CustomerIp = "100.64.0.9/31" }, false)),
            ("Mtu", "MtuOutOfRange", "576 to 9000", (h, s) => CniCommands.Set(h, s, null, GoodUuid, new CniChanges { Mtu = 100 }, false)),
            ("Md5Key", "InvalidMd5Key", "U+0009", (h, s) => CniCommands.Set(h, s, null, GoodUuid, new CniChanges { Md5Key = "a\tb" }, false)),
            ("DefaultAsn", "AsnOutOfRange", "4294967295", (h, s) => SettingCommands.Set(h, s, -1, false)),
        };

        [Fact]
        public void SecretParameters_TakeASecureString_AndRefuseText()
        {
            var attribute = new SecureStringOnlyAttribute();
            System.Security.SecureString secure = Api.CfCredential.ToSecureString("token-0123456789");

            Assert.Same(secure, attribute.Transform(null!, secure));
            Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, "plain-token-0123456789"));
            Assert.DoesNotContain("plain-token", CfValidators.PlainSecretRefused);
        }

        public static TheoryData<int> BadInputs()
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < Cases.Length; i++)
            {
                data.Add(i);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(BadInputs))]
        public void BadInput_SendsZeroRequests_AndNamesTheParameterAndTheRule(int index)
        {
            (string parameter, string rule, string ruleText, Action<TestHost, CfCommandScope> command) = Cases[index];

            try
            {
                command(host, scope);
            }
            catch (CfTerminatingException ended)
            {
                // Listings have no item to skip, so a bad filter ends the command instead.
                host.Errors.Add(ended.Error);
            }

            CfError error = Assert.Single(host.Errors);
            Assert.Equal("CfValidation." + rule, error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
            Assert.Contains(ruleText, error.Message);
            Assert.Equal(parameter, ((ArgumentException)error.Exception).ParamName);
            Assert.Empty(harness.Requests);
            Assert.Empty(host.ShouldProcessCalls);
            Assert.Empty(host.Objects);
        }

        [Fact]
        public void ACustomerIpOutsideTheFetchedPrefix_IsRefusedAfterTheReadAndBeforeTheWrite()
        {
            var quiet = new TestHost();
            string slot = harness.AddSlot();
            InterconnectCommands.NewPhysical(quiet, scope, slot, "direct", null);
            CniCommands.New(quiet, scope, quiet.ObjectsOf<Interconnect>().Single().Name, "t", "", 1500, null, null, null);
            Cni cni = quiet.ObjectsOf<Cni>().Single();
            harness.Emulator.ClearRequests();

            CniCommands.Set(host, scope, null, cni.Id, new CniChanges { CustomerIp = "198.51.100.7/31" }, false);

            Assert.Equal("CfValidation.CustomerIpOutsidePrefix", Assert.Single(host.Errors).ErrorId);
            Assert.Equal(new[] { "GET" }, harness.Requests.Select(r => r.Method));
        }

        private static Cni PipedCni() => new Cni
        {
            Id = GoodUuid,
            Account = ApiHarness.AccountId,
            Interconnect = "icon-1",
            CustomerIp = "100.64.0.1/31",
            CloudflareIp = "100.64.0.0/31",
            Magic = new CniMagic { ConduitName = "t", Mtu = 1500 },
        };
    }
}
