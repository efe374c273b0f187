using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>
    /// Issue 21: the one way a value gets into a URL. Each value is one percent-encoded segment, whatever it holds; a
    /// value that cannot be one is refused before any request, naming the parameter and the value.
    /// </summary>
    public sealed class ApiPathTests
    {
        private const string Account = ApiHarness.AccountId;

        [Theory]
        [InlineData("icon-1", "icon-1")]
        [InlineData("a b", "a%20b")]
        [InlineData("%2E%2E", "%252E%252E")]
        [InlineData("..%2F..%2Fetc", "..%252F..%252Fetc")]
        [InlineData("...", "...")]
        [InlineData("a?b#c", "a%3Fb%23c")]
        [InlineData("Zürich", "Z%C3%BCrich")]
        public void AValue_IsExactlyOneEncodedSegment(string value, string sent)
        {
            ApiPath path = ApiPath.Of("accounts/{AccountId}/cni/interconnects/{Name}/status", Account, value);

            Assert.Equal($"accounts/{Account}/cni/interconnects/{sent}/status", path.Text);
            Assert.Equal(6, path.SegmentCount);
        }

        [Theory]
        [InlineData(".", "dot segment")]
        [InlineData("..", "dot segment")]
        [InlineData("", "empty")]
        [InlineData("  ", "empty or blank")]
        [InlineData("a/b", "'/'")]
        [InlineData("a\\b", "'/' or '\\'")]
        [InlineData("fz\u001b[31m", "U+001B")]
        public void AValueThatCannotBeOneSegment_IsRefused_NamingTheParameterAndTheValue(string value, string reason)
        {
            var refused = Assert.Throws<CfValidationException>(() => ApiPath.Of("accounts/{AccountId}/cni/interconnects/{Name}", Account, value));

            Assert.Equal((CfErrors.InvalidPathSegment, "Name"), (refused.ErrorId, refused.ParamName));
            Assert.Contains(DiagnosticText.Quote(value), refused.Message, StringComparison.Ordinal);
            Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheAccount_IsRefusedByItsOwnParameterName()
        {
            var refused = Assert.Throws<CfValidationException>(() => ApiPath.Of("accounts/{AccountId}/cni/settings", ".."));

            Assert.Equal("AccountId", refused.ParamName);
        }

        [Fact]
        public void TheRequestSent_HasThePathDisplayShows_ForEveryValueThePathBuilderTakes()
        {
            var baseUri = new Uri("https://api.cloudflare.com/client/v4/");
            foreach (string value in new[] { "icon-1", "%2E%2E", "..%2F", "...", "a b", "[x]", "Zürich", "a;b=c", "~user" })
            {
                var request = new CfRequest(HttpMethod.Get, ApiPath.Of("accounts/{AccountId}/cni/interconnects/{Name}", Account, value), new[] { CfRequest.Param("site", value) });

                Uri sent = request.Target(baseUri);

                Assert.Equal(baseUri.AbsoluteUri + request.PathAndQuery, sent.AbsoluteUri);
                Assert.Equal(7, sent.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length);
            }
        }

        [Fact]
        public async Task OverARealSocket_TheServerReceivesEachValueAsOneSegment_AndTheErrorShowsThatPath()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();

            CfApiException missing = await Assert.ThrowsAsync<CfApiException>(() =>
                harness.Connection.Interconnects().StatusAsync(Account, "%2E%2E", harness.Call));

            string received = Assert.Single(harness.Requests).Path;
            Assert.Equal($"/client/v4/accounts/{Account}/cni/interconnects/%252E%252E/status", received);
            Assert.Equal($"/accounts/{Account}/cni/interconnects/%252E%252E/status", missing.Path);
            Assert.Contains($"GET /accounts/{Account}/cni/interconnects/%252E%252E/status", missing.Message, StringComparison.Ordinal);
            Assert.Contains(harness.Observer.VerboseMessages, m => m.StartsWith($"GET /accounts/{Account}/cni/interconnects/%252E%252E/status -> 404", StringComparison.Ordinal));
        }

        [Fact]
        public async Task ADotSegment_IsRefusedBeforeAnyRequest_ByEveryOperationThatTakesAName()
        {
            await using ApiHarness harness = await ApiHarness.StartAsync();
            Func<Task>[] operations =
            {
                () => harness.Connection.Interconnects().StatusAsync(Account, "..", harness.Call),
                () => harness.Connection.Interconnects().LoaAsync(Account, ".", null, harness.Call),
                () => harness.Connection.Interconnects().GetAsync(Account, "..", harness.Call),
                () => harness.Connection.Interconnects().DeleteAsync(Account, "..", harness.Call),
                () => harness.Connection.Cnis().GetAsync(Account, "..", harness.Call),
                () => harness.Connection.Settings().GetAsync("..", harness.Call),
            };

            foreach (Func<Task> operation in operations)
            {
                Assert.Equal(CfErrors.InvalidPathSegment, (await Assert.ThrowsAsync<CfValidationException>(operation)).ErrorId);
            }

            Assert.Empty(harness.Requests);
        }

        [Theory]
        [InlineData("fz\u001b[31mred", "'fz\\u001b[31mred'")]
        [InlineData("a\u202Eb", "'a\\u202eb'")]
        [InlineData("a\u0007\0b", "'a\\u0007\\u0000b'")]
        [InlineData("line\r\nbreak", "'line\\u000d\\u000abreak'")]
        [InlineData("zero\u200Bwidth", "'zero\\u200bwidth'")]
        [InlineData("emoji \U0001F600 kept", "'emoji \U0001F600 kept'")]
        [InlineData("plain", "'plain'")]
        public void Quote_ShowsHiddenCharactersEscaped(string value, string shown) =>
            Assert.Equal(shown, DiagnosticText.Quote(value));

        [Fact]
        public void Quote_EscapesHalfASurrogatePair_ButKeepsAWholeOne()
        {
            // Built here: an attribute's text cannot hold half a pair.
            Assert.Equal("'lone \\ud800 half'", DiagnosticText.Quote("lone " + (char)0xD800 + " half"));
            Assert.Equal("'\\udc00 first'", DiagnosticText.Quote((char)0xDC00 + " first"));
            Assert.Equal("'pair \U0001F600'", DiagnosticText.Quote("pair \U0001F600"));
        }

        [Fact]
        public void Quote_ShortensALongValue_AndSaysHowLongItWas()
        {
            string shown = DiagnosticText.Quote(new string('a', 100_000));

            Assert.Equal("'" + new string('a', 64) + "...' (100,000 characters)", shown);
        }
    }
}
