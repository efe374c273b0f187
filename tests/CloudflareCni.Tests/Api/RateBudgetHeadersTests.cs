using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CloudflareCni.Api;
using Xunit;

namespace CloudflareCni.Tests.Api
{
    /// <summary>Reading Cloudflare's IETF-draft rate-limit headers: what is kept, what is left out, and that nothing throws.</summary>
    public sealed class RateBudgetHeadersTests
    {
        private static string Show(IReadOnlyList<RateLimitObservation> observations) => string.Join(" | ", observations.Select(o => o.ToString()));

        [Fact]
        public void CloudflaresHeaders_AreJoinedByPolicyName()
        {
            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse("\"default\";r=50;t=30", "\"default\";q=1200;w=300");

            RateLimitObservation only = Assert.Single(read);
            Assert.Equal(("default", 50, 30, 1200, 300), (only.Name, only.Remaining, only.ResetSeconds, only.Quota, only.WindowSeconds));
        }

        [Theory]
        [InlineData("  \"default\" ;  r=50 ;t=30  ", "\"default\";q=1200;w=300")]
        [InlineData("\"default\";r = 50;t= 30", "\"default\" ; q =1200 ; w=300")]
        [InlineData("default;r=50;t=30", "default;q=1200;w=300")]
        [InlineData("\"DEFAULT\";R=50;T=30", "\"default\";Q=1200;W=300")]
        [InlineData("\"default\";r=\"50\";t=\"30\"", "\"default\";q=\"1200\";w=\"300\"")]
        [InlineData("\"default\";pk=:cHJvamVjdDEyMw==:;r=50;qu=\"requests\";t=30;future", "\"default\";q=1200;qu=\"requests\";w=300;pk=:cHJvamVjdDEyMw==:")]
        [InlineData("\"default\";r=50;t=30;note=\"a, b; c\"", "\"default\";q=1200;w=300")]
        [InlineData("\"default\";r=50.9;t=29.1", "\"default\";q=1200.5;w=299.2")]
        [InlineData("\"default\";r=1;r=50;t=30", "\"default\";q=1200;w=300")]
        public void Whitespace_Case_Quoting_UnknownParameters_AndDecimals_AreTolerated(string ratelimit, string policy)
        {
            RateLimitObservation only = Assert.Single(RateBudgetHeaders.Parse(ratelimit, policy));

            // Decimals round to the safe side: fewer left, a later reset, a smaller quota, a longer window.
            Assert.Equal((50, 30, 1200, 300), (only.Remaining, only.ResetSeconds, only.Quota, only.WindowSeconds));
            Assert.Equal("default", only.Name, ignoreCase: true);
        }

        [Fact]
        public void SeveralPolicies_EachKeepTheirOwnFigures_InTheOrderFirstNamed()
        {
            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse(
                "\"burst\";r=12;t=30, \"default\";r=1000;t=200",
                "\"default\";q=1200;w=300,\"burst\";q=100;w=60");

            Assert.Equal(
                "\"burst\";r=12;t=30;q=100;w=60 | \"default\";r=1000;t=200;q=1200;w=300",
                Show(read));
        }

        [Fact]
        public void AListSplitOverSeveralFieldLines_IsOneList()
        {
            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse(
                new[] { "\"burst\";r=12;t=30", "\"default\";r=1000;t=200" },
                new[] { "\"default\";q=1200;w=300", "\"burst\";q=100;w=60" });

            Assert.Equal(new[] { "burst", "default" }, read.Select(o => o.Name));
        }

        [Fact]
        public void MalformedItems_AreLeftOut_AndTheRestStillCount()
        {
            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse(
                "\"negative\";r=-1;t=5, ;r=5, \"letters\";r=abc, \"noremaining\";t=5, \"space\" r=5, \"ok\";r=3;t=1, =;r=2, \"huge\";r=99999999999999, \"bad-param\";r=4;=5, \"open;r=5",
                "\"noquota\";w=60, \"ok\";q=60;w=4, \"zero\";q=0, \"nowindow\";q=5;w=0");

            // A quota of nothing cannot be paced by; a window of no time is as good as none.
            Assert.Equal("\"ok\";r=3;t=1;q=60;w=4 | \"nowindow\";r=?;t=?;q=5;w=?", Show(read));
        }

        [Fact]
        public void ThePolicyAlone_IsKept_WithoutARemainingCount()
        {
            RateLimitObservation only = Assert.Single(RateBudgetHeaders.Parse(null, "\"default\";q=4000;w=300"));

            Assert.Equal(((int?)null, (int?)null, 4000, 300), (only.Remaining, only.ResetSeconds, only.Quota, only.WindowSeconds));
        }

        [Fact]
        public void TheRemainingCountAlone_IsKept_WithoutAQuota()
        {
            RateLimitObservation only = Assert.Single(RateBudgetHeaders.Parse("\"default\";r=7", null));

            Assert.Equal((7, (int?)null, (int?)null, (int?)null), (only.Remaining, only.ResetSeconds, only.Quota, only.WindowSeconds));
        }

        [Fact]
        public void TheSamePolicyNamedTwice_KeepsTheStricterReading()
        {
            RateLimitObservation only = Assert.Single(RateBudgetHeaders.Parse("\"default\";r=40;t=10, \"default\";r=45;t=20", "\"default\";q=1200;w=300, \"default\";q=1000;w=200"));

            Assert.Equal((40, 20, 1000, 300), (only.Remaining, only.ResetSeconds, only.Quota, only.WindowSeconds));
        }

        [Fact]
        public void EscapedQuotesAndCommasInAName_DoNotSplitTheList()
        {
            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse("\"a \\\"b\\\", c\";r=1;t=2, \"d\";r=3;t=4", null);

            Assert.Equal(new[] { "a \"b\", c", "d" }, read.Select(o => o.Name));
        }

        [Theory]
        [InlineData(null, null)]
        [InlineData("", "")]
        [InlineData("   ", " , ,, ")]
        [InlineData("garbage", "more garbage")]
        [InlineData("\"", "\";q=")]
        public void HeadersWithNothingUsable_ReadAsNone(string? ratelimit, string? policy)
        {
            Assert.Empty(RateBudgetHeaders.Parse(ratelimit, policy));
        }

        [Fact]
        public void AHostileHeader_IsReadOnlyUpToItsFirstItems()
        {
            string many = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"p{i}\";r={i};t=1"));

            IReadOnlyList<RateLimitObservation> read = RateBudgetHeaders.Parse(many, null);

            Assert.Equal(32, read.Count);
            Assert.Equal("p0", read[0].Name);
        }

        [Fact]
        public void RandomText_NeverThrows_AndNeverYieldsANegativeFigure()
        {
            var random = new Random(19);
            const string alphabet = "\"\\;,=: \t?-.0123456789rtqwRTQW*abcdefgh:_";
            for (int i = 0; i < 20_000; i++)
            {
                var a = new StringBuilder();
                var b = new StringBuilder();
                for (int n = random.Next(40); n > 0; n--)
                {
                    a.Append(alphabet[random.Next(alphabet.Length)]);
                    b.Append(random.Next(8) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)]);
                }

                foreach (RateLimitObservation o in RateBudgetHeaders.Parse(a.ToString(), b.ToString()))
                {
                    Assert.False(string.IsNullOrEmpty(o.Name));
                    Assert.True((o.Remaining ?? 0) >= 0 && (o.ResetSeconds ?? 0) >= 0 && (o.Quota ?? 0) >= 0 && (o.WindowSeconds ?? 0) >= 0, o.ToString());
                }
            }
        }
    }
}
