using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;
using Xunit;

namespace CloudflareCni.Tests.Sandbox
{
    /// <summary>The sandbox's rate limit: Cloudflare's headers on every answer, a fixed window, and the lock-out past the quota.</summary>
    public sealed class RateBudgetSandboxLimitTests
    {
        private static readonly DateTimeOffset Origin = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        private static (SandboxRateLimit Limit, SteppedClock Clock) Shaped(int quota = 60, int windowSeconds = 4, int? lockOutSeconds = null)
        {
            var clock = new SteppedClock(Origin);
            return (new SandboxRateLimit(clock, quota, windowSeconds, lockOutSeconds), clock);
        }

        private static string Header(SandboxRateAnswer answer, string name) => answer.Headers.TryGetValue(name, out string? value) ? value : "(none)";

        [Fact]
        public void EveryAnswer_CarriesCloudflaresTwoHeaders_CountingDown()
        {
            (SandboxRateLimit limit, _) = Shaped();

            SandboxRateAnswer first = limit.Admit();
            SandboxRateAnswer second = limit.Admit();

            Assert.True(first.Allowed);
            Assert.Equal("\"default\";r=59;t=4", Header(first, "Ratelimit"));
            Assert.Equal("\"default\";q=60;w=4", Header(first, "Ratelimit-Policy"));
            Assert.Equal("\"default\";r=58;t=4", Header(second, "ratelimit"));
            Assert.Equal("(none)", Header(first, "Retry-After"));
        }

        [Fact]
        public void TheDefaults_AreCloudflares_1200Per5Minutes_LockedOutFor5Minutes()
        {
            var clock = new SteppedClock(Origin);
            var limit = new SandboxRateLimit(clock);

            Assert.Equal("\"default\";q=1200;w=300", Header(limit.Admit(), "Ratelimit-Policy"));
            for (int i = 1; i < 1200; i++)
            {
                Assert.True(limit.Admit().Allowed);
            }

            SandboxRateAnswer refused = limit.Admit();
            Assert.False(refused.Allowed);
            Assert.Equal(300, refused.RetryAfterSeconds);
        }

        [Fact]
        public void TheSecondsUntilTheReset_AreRoundedUp_AndTheWindowIsFixed()
        {
            (SandboxRateLimit limit, SteppedClock clock) = Shaped();
            limit.Admit();

            clock.Advance(TimeSpan.FromSeconds(1.5));
            Assert.Equal("\"default\";r=58;t=3", Header(limit.Admit(), "Ratelimit"));
            clock.Advance(TimeSpan.FromSeconds(2.49));
            Assert.Equal("\"default\";r=57;t=1", Header(limit.Admit(), "Ratelimit"));

            // The window began with the first request: 4 s after it, the count starts over.
            clock.Advance(TimeSpan.FromSeconds(0.01));
            Assert.Equal("\"default\";r=59;t=4", Header(limit.Admit(), "Ratelimit"));
        }

        [Fact]
        public void PastTheQuota_EveryRequestIsRefusedForTheLockOut_WhichFollowsTheWindow_AndRefusalsDoNotExtendIt()
        {
            (SandboxRateLimit limit, SteppedClock clock) = Shaped();
            for (int i = 0; i < 60; i++)
            {
                Assert.True(limit.Admit().Allowed);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            SandboxRateAnswer refused = limit.Admit();
            Assert.False(refused.Allowed);
            Assert.Equal(4, refused.RetryAfterSeconds);
            Assert.Equal("4", Header(refused, "Retry-After"));
            Assert.Equal("\"default\";r=0;t=4", Header(refused, "Ratelimit"));
            Assert.Equal("\"default\";q=60;w=4", Header(refused, "Ratelimit-Policy"));

            // The window would have reset at 4 s; the lock-out runs to 5 s, and refusals meanwhile do not move it.
            clock.Advance(TimeSpan.FromSeconds(3.2));
            SandboxRateAnswer stillRefused = limit.Admit();
            Assert.False(stillRefused.Allowed);
            Assert.Equal(1, stillRefused.RetryAfterSeconds);
            Assert.Equal((60, 2), (limit.Admitted, limit.Refused));

            clock.Advance(TimeSpan.FromSeconds(0.8));
            Assert.Null(limit.LockedUntil);
            Assert.Equal("\"default\";r=59;t=4", Header(limit.Admit(), "Ratelimit"));
        }

        [Fact]
        public void TheLockOut_CanBeShapedOnItsOwn()
        {
            (SandboxRateLimit limit, SteppedClock clock) = Shaped(quota: 2, windowSeconds: 4, lockOutSeconds: 10);
            limit.Admit();
            limit.Admit();

            SandboxRateAnswer refused = limit.Admit();
            Assert.Equal(10, refused.RetryAfterSeconds);
            Assert.Equal(TimeSpan.FromSeconds(10), limit.LockedUntil);

            clock.Advance(TimeSpan.FromSeconds(9.5));
            Assert.False(limit.Admit().Allowed);
            clock.Advance(TimeSpan.FromSeconds(0.5));
            Assert.True(limit.Admit().Allowed);
        }

        [Fact]
        public void WithoutHeaders_ItStillEnforces_AsAServerBehindAStrippingProxy()
        {
            (SandboxRateLimit limit, _) = Shaped(quota: 1);
            limit.SendsHeaders = false;

            SandboxRateAnswer admitted = limit.Admit();
            SandboxRateAnswer refused = limit.Admit();

            Assert.True(admitted.Allowed);
            Assert.Empty(admitted.Headers);
            Assert.False(refused.Allowed);
            Assert.Equal(new[] { "Retry-After" }, refused.Headers.Keys);
        }

        [Fact]
        public void Unenforced_AdmitsEverything_WithoutHeaders()
        {
            (SandboxRateLimit limit, _) = Shaped(quota: 1);
            limit.Enforced = false;

            Assert.All(Enumerable.Range(0, 10).Select(_ => limit.Admit()), answer => Assert.True(answer.Allowed && answer.Headers.Count == 0));
        }

        [Fact]
        public void Reset_StartsAFreshBudget_AndAShapeChangeAppliesFromTheNextWindow()
        {
            (SandboxRateLimit limit, SteppedClock clock) = Shaped(quota: 1);
            limit.Admit();
            Assert.False(limit.Admit().Allowed);

            limit.Reset();
            Assert.Equal((0, 0, (TimeSpan?)null), (limit.Admitted, limit.Refused, limit.LockedUntil));
            Assert.True(limit.Admit().Allowed);

            limit.Quota = 5;
            limit.WindowSeconds = 2;
            clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal("\"default\";r=4;t=2", Header(limit.Admit(), "Ratelimit"));
        }

        [Theory]
        [InlineData(0, 4, null)]
        [InlineData(60, 0, null)]
        [InlineData(60, 4, 0)]
        public void AShapeThatCannotWork_IsRefused(int quota, int windowSeconds, int? lockOutSeconds)
        {
            var clock = new SteppedClock(Origin);

            Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxRateLimit(clock, quota, windowSeconds, lockOutSeconds));
        }

        [Fact]
        public async Task ConcurrentRequests_AreCountedExactly()
        {
            (SandboxRateLimit limit, _) = Shaped(quota: 600);
            int allowed = 0;

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 125; i++)
                {
                    if (limit.Admit().Allowed)
                    {
                        Interlocked.Increment(ref allowed);
                    }
                }
            }))).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal((600, 600, 400), (allowed, limit.Admitted, limit.Refused));
        }

        [Fact]
        public async Task TheEmulator_AnswersPastTheQuota429_WithoutActing_AndEveryAnswerCarriesTheHeaders()
        {
            var clock = new SteppedClock(Origin);
            var emulator = new CniEmulator(clock) { RateLimit = new SandboxRateLimit(clock, quota: 2, windowSeconds: 4) };
            emulator.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.ServerError, method: "GET"), 1);

            EmulatorResponse fault = await EmulatorTests.Send(emulator, "GET", "settings");
            clock.Advance(TimeSpan.FromSeconds(1));
            EmulatorResponse served = await EmulatorTests.Send(emulator, "GET", "settings");
            EmulatorResponse refused = await EmulatorTests.Send(emulator, "PUT", "settings", "{\"default_asn\":4200000000}");

            // A scripted fault is an answer like any other: it counts, and it carries the headers.
            Assert.Equal((503, "\"default\";r=1;t=4"), (fault.Status, Header(fault.Headers, "Ratelimit")));
            Assert.Equal((200, "\"default\";r=0;t=3", "\"default\";q=2;w=4"), (served.Status, Header(served.Headers, "Ratelimit"), Header(served.Headers, "Ratelimit-Policy")));
            EmulatorTests.AssertError(refused, 429, EmulatorErrorCodes.RateLimited);
            Assert.Equal(("4", "\"default\";r=0;t=4"), (Header(refused.Headers, "Retry-After"), Header(refused.Headers, "Ratelimit")));

            // The refused PUT changed nothing; the log has it, at its time on the sandbox's clock.
            clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal("{\"default_asn\":65000}", (await EmulatorTests.Send(emulator, "GET", "settings")).BodyText());
            RecordedRequest put = emulator.Requests.Single(r => r.Method == "PUT");
            Assert.Equal((429, Origin.AddSeconds(1)), (put.Status, put.ReceivedAt));
        }

        [Fact]
        public async Task AScripted429_KeepsItsOwnRetryAfter_AndWithoutALimit_NoAnswerCarriesHeaders()
        {
            var clock = new SteppedClock(Origin);
            var limited = new CniEmulator(clock) { RateLimit = new SandboxRateLimit(clock) };
            limited.Faults.Enqueue(EmulatorFault.For(EmulatorFaultKind.TooManyRequests, retryAfterSeconds: 7), 1);
            var unlimited = new CniEmulator(clock);

            EmulatorResponse scripted = await EmulatorTests.Send(limited, "GET", "settings");
            EmulatorResponse plain = await EmulatorTests.Send(unlimited, "GET", "settings");

            Assert.Equal(("7", "\"default\";r=1199;t=300"), (Header(scripted.Headers, "Retry-After"), Header(scripted.Headers, "Ratelimit")));
            Assert.Equal(("(none)", "(none)"), (Header(plain.Headers, "Ratelimit"), Header(plain.Headers, "Ratelimit-Policy")));
        }

        private static string Header(System.Collections.Generic.IDictionary<string, string> headers, string name) =>
            headers.TryGetValue(name, out string? value) ? value : "(none)";

        [Fact]
        public void TheClientReads_WhatTheSandboxSends()
        {
            (SandboxRateLimit limit, _) = Shaped();

            SandboxRateAnswer answer = limit.Admit();
            RateLimitObservation read = Assert.Single(RateBudgetHeaders.Parse(Header(answer, "Ratelimit"), Header(answer, "Ratelimit-Policy")));

            Assert.Equal(("default", 59, 4, 60, 4), (read.Name, read.Remaining, read.ResetSeconds, read.Quota, read.WindowSeconds));
        }
    }
}
