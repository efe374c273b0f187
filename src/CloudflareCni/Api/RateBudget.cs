using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The rate budget of one credential at one API: every request asks it before each attempt
    /// (<see cref="TryAcquire"/> or <see cref="AcquireAsync"/>) and reports the answer to the permit it got, so that
    /// all runspaces and connections of the process that use the credential pace together.
    /// <list type="bullet">
    /// <item>Requests go freely while a policy's remaining quota, less the requests in flight, stays above the reserve
    /// (<see cref="RateBudgetSettings.ReserveFor"/>). Demand past that is held until the window resets; the reserve is
    /// never spent. Held demand is released at the reset, not spread over the next window: Cloudflare's window is
    /// fixed (its headers give the time to its reset), so a request sent later in a window buys nothing, and spacing
    /// would only lengthen a sweep (150 lookups under 60 per 4 s: about 11 s, 1.56 times the least the budget allows,
    /// where released at once they take 8.4 s, 1.18 times) or, paced from the start, slow a fresh sweep whose length
    /// a pipeline does not tell.</item>
    /// <item>Each policy the headers name is obeyed; the one that holds longest decides.</item>
    /// <item>When the window should have reset, one request checks it before the others go, so that a reset time read
    /// too early (the headers give whole seconds) cannot send a burst into the old window.</item>
    /// <item>Before the first answer nothing is known of the budget (a colleague may have spent it to the reserve): one
    /// request goes, the others wait for its answer. Usually Connect-CfAccount's credential check is that answer, so a
    /// sweep finds the policy known; without a check the first burst waits one round trip.</item>
    /// <item>Without headers, the process counts its own requests against the documented limit (or the quota the
    /// headers last gave) over a sliding window, and holds only past it, less the reserve; it never spaces requests.</item>
    /// <item>A 429 pauses the credential for its Retry-After.</item>
    /// <item>All requests to the API host share the per-IP cap (<see cref="RateBudgetPerIpCap"/>).</item>
    /// </list>
    /// Thread-safe. Times are readings of <see cref="Clock"/>.
    /// </summary>
    internal sealed class RateBudget
    {
        private readonly object gate = new object();
        private readonly List<PolicyWindow> policies = new List<PolicyWindow>();
        private readonly List<RateBudgetPermit> inFlight = new List<RateBudgetPermit>();
        private readonly RateBudgetSlidingCount sent;
        private readonly RateBudgetPerIpCap perIp;
        private TaskCompletionSource<bool> answered = NewSignal();
        private TimeSpan? pausedUntil;
        private bool lastAnswerHadHeaders;
        private TimeSpan latency;
        private int tooManyRequests;
        private bool anySent;
        private bool anyAnswered;

        internal RateBudget(CfClock clock, RateBudgetSettings settings, RateBudgetPerIpCap perIp)
        {
            Clock = clock;
            Settings = settings;
            this.perIp = perIp;
            sent = new RateBudgetSlidingCount(Settings.DocumentedQuota, Settings.DocumentedWindow);
        }

        /// <summary>The clock the budget counts on: the real one, or a sandbox's.</summary>
        public CfClock Clock { get; }

        public RateBudgetSettings Settings { get; }

        /// <summary>How long a 429 still pauses the credential; zero when it does not.</summary>
        public TimeSpan PausedFor
        {
            get
            {
                lock (gate)
                {
                    TimeSpan now = Clock.Now;
                    return pausedUntil is TimeSpan until && until > now ? until - now : TimeSpan.Zero;
                }
            }
        }

        /// <summary>
        /// A permit to send one attempt now, or the hold that says until when and why not. A permit is counted as in
        /// flight until <see cref="RateBudgetPermit.Complete"/>, <see cref="RateBudgetPermit.Fail"/> or its disposal.
        /// </summary>
        public RateBudgetDecision TryAcquire()
        {
            lock (gate)
            {
                TimeSpan now = Clock.Now;
                RateBudgetHold? hold = HoldAt(now);
                if (hold != null)
                {
                    return new RateBudgetDecision(null, hold);
                }

                TimeSpan? ipFree = perIp.TryTake(now);
                if (ipFree is TimeSpan until)
                {
                    return new RateBudgetDecision(null, Hold(RateBudgetHoldReason.PerIpCap, until, now, null, wakeEarly: false));
                }

                var permit = new RateBudgetPermit(this, now);
                inFlight.Add(permit);
                sent.Add(now);
                anySent = true;
                return new RateBudgetDecision(permit, null);
            }
        }

        /// <summary>
        /// A permit, after waiting on <see cref="Clock"/> for as long as the budget holds requests, but no longer than
        /// <paramref name="maxWait"/> in all: a hold past it throws <see cref="RateBudgetHeldException"/> at once, with
        /// nothing sent and nothing waited for (but a wait for an answer on its way, which usually ends early, is waited
        /// for up to <paramref name="maxWait"/> first). <see cref="TimeSpan.Zero"/> is the "may not wait" mode (Tab completion);
        /// <see cref="TimeSpan.MaxValue"/> waits as long as needed. <paramref name="onHold"/> sees each hold before its
        /// wait (for -Verbose and progress); <paramref name="howToWait"/> ends the exception's message.
        /// </summary>
        public async Task<RateBudgetPermit> AcquireAsync(TimeSpan maxWait, Action<RateBudgetHold>? onHold, string? howToWait, CancellationToken cancellationToken)
        {
            TimeSpan start = Clock.Now;
            TimeSpan deadline = maxWait >= TimeSpan.MaxValue - start ? TimeSpan.MaxValue : start + (maxWait < TimeSpan.Zero ? TimeSpan.Zero : maxWait);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RateBudgetDecision decision = TryAcquire();
                if (decision.Permit != null)
                {
                    return decision.Permit;
                }

                RateBudgetHold hold = decision.Hold!;
                TimeSpan until = hold.Until;
                if (until > deadline)
                {
                    // A wait for an answer on its way usually ends long before its nominal end: wait for it as long as
                    // the caller may, rather than refuse it for a time it will rarely take.
                    if (!hold.AwaitsAnAnswer || Clock.Now >= deadline)
                    {
                        throw new RateBudgetHeldException(hold, howToWait);
                    }

                    until = deadline;
                }

                onHold?.Invoke(hold);
                await Clock.WaitUntilAsync(until, hold.WakeEarly, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The hold a request would meet now, if it is more than a moment: a 429's pause, the reserve or the local count
        /// (not the brief wait for an answer on its way, nor the per-IP cap). Takes nothing.
        /// </summary>
        public RateBudgetHold? LastingHold()
        {
            lock (gate)
            {
                RateBudgetHold? hold = HoldAt(Clock.Now);
                return hold is null || hold.AwaitsAnAnswer ? null : hold;
            }
        }

        /// <summary>Pauses every request with this credential for at least <paramref name="pause"/> (a 429 seen outside a permit).</summary>
        public void PauseFor(TimeSpan pause)
        {
            lock (gate)
            {
                PauseUntil(Clock.Now + Bounded(pause));
            }
        }

        /// <summary>
        /// Forgets what the budget knows (windows, a pause, the local count), as for a fresh budget: Set-CfSandboxRateLimit
        /// -Reset starts the sandbox's limit afresh, and its client must not hold requests for a window that is gone.
        /// Requests in flight are let go uncounted; requests waiting look again.
        /// </summary>
        public void Forget()
        {
            TaskCompletionSource<bool> signal;
            lock (gate)
            {
                policies.Clear();
                inFlight.Clear();
                sent.Clear();
                pausedUntil = null;
                lastAnswerHadHeaders = false;
                tooManyRequests = 0;
                anySent = false;
                anyAnswered = false;
                signal = SwapSignal();
            }

            signal.TrySetResult(true);
        }

        /// <summary>The budget as last known, for Get-CfContext and messages.</summary>
        public RateBudgetSnapshot Snapshot()
        {
            lock (gate)
            {
                return SnapshotAt(Clock.Now);
            }
        }

        /// <summary>
        /// An answer arrived: its rate-limit headers (<see cref="RateBudgetHeaders.Parse(string, string)"/>, empty when
        /// it had none), its status, and Retry-After. A 429 pauses the credential for the Retry-After, else for the
        /// reset its headers give, else for <paramref name="pauseIfUnsaid"/> (the caller's back-off).
        /// </summary>
        internal void Complete(RateBudgetPermit permit, IReadOnlyList<RateLimitObservation> observations, int status, TimeSpan? retryAfter, TimeSpan? pauseIfUnsaid)
        {
            TaskCompletionSource<bool> signal;
            lock (gate)
            {
                if (!inFlight.Remove(permit))
                {
                    return;
                }

                TimeSpan now = Clock.Now;
                anyAnswered = true;
                NoteLatency(now - permit.SentAt);
                var reflected = new HashSet<PolicyWindow>();
                TimeSpan? exhaustedReset = null;
                foreach (RateLimitObservation said in observations)
                {
                    RateLimitObservation observation = said.Bounded(Settings.LongestHold);
                    PolicyWindow? policy = Observe(observation, permit.SentAt, now);
                    if (policy != null)
                    {
                        reflected.Add(policy);
                        if (observation.Remaining == 0 && observation.ResetSeconds is int reset && (exhaustedReset is null || reset > exhaustedReset.Value.TotalSeconds))
                        {
                            exhaustedReset = TimeSpan.FromSeconds(reset);
                        }
                    }
                }

                lastAnswerHadHeaders = reflected.Count > 0;
                foreach (PolicyWindow policy in policies)
                {
                    if (!reflected.Contains(policy))
                    {
                        CountUnreflected(policy, now);
                    }
                }

                if (status == 429)
                {
                    tooManyRequests++;
                    TimeSpan pause = retryAfter ?? exhaustedReset ?? pauseIfUnsaid ?? Settings.PauseWhenUnsaid;
                    PauseUntil(now + Bounded(pause));
                }

                signal = SwapSignal();
            }

            signal.TrySetResult(true);
        }

        /// <summary>No answer: the request failed or was cancelled. If it may have reached the server, it is counted as spent.</summary>
        internal void Fail(RateBudgetPermit permit, bool mayHaveReachedServer)
        {
            TaskCompletionSource<bool> signal;
            lock (gate)
            {
                if (!inFlight.Remove(permit))
                {
                    return;
                }

                if (mayHaveReachedServer)
                {
                    TimeSpan now = Clock.Now;
                    foreach (PolicyWindow policy in policies)
                    {
                        CountUnreflected(policy, now);
                    }
                }

                signal = SwapSignal();
            }

            signal.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private TaskCompletionSource<bool> SwapSignal()
        {
            TaskCompletionSource<bool> signal = answered;
            answered = NewSignal();
            return signal;
        }

        /// <summary>A pause, at least zero and at most <see cref="RateBudgetSettings.LongestHold"/>.</summary>
        private TimeSpan Bounded(TimeSpan pause) => pause < TimeSpan.Zero ? TimeSpan.Zero : pause > Settings.LongestHold ? Settings.LongestHold : pause;

        private void PauseUntil(TimeSpan until)
        {
            if (pausedUntil is null || until > pausedUntil.Value)
            {
                pausedUntil = until;
            }
        }

        private void NoteLatency(TimeSpan sample)
        {
            latency = latency == TimeSpan.Zero ? sample : TimeSpan.FromTicks(((latency.Ticks * 7) + sample.Ticks) / 8);
        }

        /// <summary>The longest hold any rule imposes at <paramref name="now"/>, or null when a request may go (per-IP cap aside).</summary>
        private RateBudgetHold? HoldAt(TimeSpan now)
        {
            RateBudgetHoldReason reason = default;
            TimeSpan until = TimeSpan.MinValue;
            PolicyWindow? by = null;
            bool wake = false;

            void Consider(RateBudgetHoldReason why, TimeSpan when, PolicyWindow? policy, bool wakeEarly)
            {
                if (when > until)
                {
                    reason = why;
                    until = when;
                    by = policy;
                    wake = wakeEarly;
                }
            }

            if (pausedUntil is TimeSpan paused && paused > now)
            {
                Consider(RateBudgetHoldReason.LockedOut, paused, null, wakeEarly: false);
            }

            if (!anyAnswered && inFlight.Count > 0)
            {
                // The burst would go out blind: one request asks first. Should it fail without an answer, the next asks.
                Consider(RateBudgetHoldReason.AwaitingFirstAnswer, now + ProbeWait, null, wakeEarly: true);
            }

            foreach (PolicyWindow policy in policies)
            {
                if (!policy.HasRemaining)
                {
                    continue;
                }

                if (now < policy.ResetHi)
                {
                    if (policy.Remaining - inFlight.Count - Settings.ReserveFor(policy.Quota) <= 0)
                    {
                        // Requests in flight may be counted twice here (the fewest remaining may already count some of
                        // them): each answer may free room, so a hold they cause is looked at again as each arrives.
                        Consider(RateBudgetHoldReason.Reserve, policy.ResetHi, policy, wakeEarly: inFlight.Count > 0);
                    }
                }
                else if (lastAnswerHadHeaders)
                {
                    // The window should have reset. Until an answer to a request sent since confirms it, only a few
                    // requests (which the reserve covers if it has not) may go.
                    if (SentSince(policy.ResetHi) >= Settings.ProbesAtReset)
                    {
                        Consider(RateBudgetHoldReason.ConfirmingReset, now + ProbeWait, policy, wakeEarly: true);
                    }
                }
            }

            if (!GovernedByHeaders(now))
            {
                foreach ((int quota, TimeSpan window) in LocalLimits())
                {
                    if (sent.FreeAt(now, window, quota - Settings.ReserveFor(quota)) is TimeSpan free)
                    {
                        Consider(RateBudgetHoldReason.LocalCount, free, null, wakeEarly: false);
                    }
                }
            }

            return until == TimeSpan.MinValue ? null : Hold(reason, until, now, by, wake);
        }

        private RateBudgetHold Hold(RateBudgetHoldReason reason, TimeSpan until, TimeSpan now, PolicyWindow? policy, bool wakeEarly)
        {
            RateBudgetSnapshot snapshot = SnapshotAt(now, policy);
            return new RateBudgetHold(
                reason, until, now, Clock.ToWallClock(until), snapshot, wakeEarly ? answered.Task : null, reason == RateBudgetHoldReason.PerIpCap ? perIp : null);
        }

        /// <summary>How long requests wait for the answer that confirms a reset before looking again (the answer usually wakes them first).</summary>
        private TimeSpan ProbeWait
        {
            get
            {
                TimeSpan fourAnswers = TimeSpan.FromTicks(latency.Ticks * 4);
                return fourAnswers > TimeSpan.FromSeconds(1) ? fourAnswers : TimeSpan.FromSeconds(1);
            }
        }

        private int SentSince(TimeSpan time)
        {
            int count = 0;
            foreach (RateBudgetPermit permit in inFlight)
            {
                if (permit.SentAt >= time)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>What the local count holds to: each quota the headers gave, or the documented limit when they gave none.</summary>
        private IEnumerable<(int Quota, TimeSpan Window)> LocalLimits()
        {
            bool any = false;
            foreach (PolicyWindow policy in policies)
            {
                if (policy.QuotaKnown)
                {
                    any = true;
                    yield return (policy.Quota, policy.Window);
                }
            }

            if (!any)
            {
                yield return (Settings.DocumentedQuota, Settings.DocumentedWindow);
            }
        }

        /// <summary>
        /// Takes in one policy's figures from an answer to a request sent at <paramref name="sentAt"/>. The reset is
        /// known only to a range: t whole seconds, counted somewhere between the send and the answer
        /// (<see cref="PolicyWindow.ResetLo"/> to <see cref="PolicyWindow.ResetHi"/>). Answers whose ranges overlap
        /// describe the same window: the fewest remaining and the narrowest range hold. An answer whose range lies past
        /// the known one, or to a request sent after the known reset, starts the window anew; one whose range lies
        /// before it (a late answer from a window already over) changes nothing.
        /// </summary>
        private PolicyWindow? Observe(RateLimitObservation observation, TimeSpan sentAt, TimeSpan now)
        {
            PolicyWindow policy = PolicyNamed(observation.Name);
            if (observation.Quota is int quota)
            {
                policy.Quota = quota;
                policy.QuotaKnown = true;
                sent.KeepAtLeast(quota);
            }

            if (observation.WindowSeconds is int windowSeconds && windowSeconds > 0)
            {
                policy.Window = TimeSpan.FromSeconds(windowSeconds);
            }

            if (observation.Remaining is not int remaining)
            {
                return null;
            }

            if (!policy.QuotaKnown && remaining > policy.Quota)
            {
                policy.Quota = remaining;
            }

            TimeSpan? lo = observation.ResetSeconds is int t ? sentAt + TimeSpan.FromSeconds(t - 1) : (TimeSpan?)null;

            // A server that rounds t down may say 0 during the window's last second.
            TimeSpan hi = now + (observation.ResetSeconds is int reset ? TimeSpan.FromSeconds(Math.Max(reset, 1)) : policy.Window);

            if (policy.SentBefore(sentAt))
            {
                // Sent before the request whose answer began this window: an answer from the window before, read late
                // (it may wait for a thread while the check of the reset is answered). Its count is of the old window.
            }
            else if (!policy.HasRemaining || sentAt >= policy.ResetHi || (lo is TimeSpan low && low > policy.ResetHi))
            {
                policy.Start(remaining, lo, hi, now, sentAt);
            }
            else if (policy.ResetLo is TimeSpan knownLo && hi < knownLo)
            {
                // From a window already over.
            }
            else
            {
                policy.Remaining = Math.Min(policy.Remaining, remaining);
                if (lo is TimeSpan newLo && (policy.ResetLo is null || newLo > policy.ResetLo.Value))
                {
                    policy.ResetLo = newLo;
                }

                if (hi < policy.ResetHi)
                {
                    policy.ResetHi = hi;
                }

                policy.ObservedAt = now;
                if (policy.ResetLo is TimeSpan narrowedLo && narrowedLo > policy.ResetHi)
                {
                    policy.Start(remaining, lo, hi, now, sentAt);
                }
            }

            return policy;
        }

        /// <summary>A request the policy's figures do not reflect (an answer without them, or none) is counted as spent.</summary>
        private static void CountUnreflected(PolicyWindow policy, TimeSpan now)
        {
            if (policy.HasRemaining && now < policy.ResetHi && policy.Remaining > 0)
            {
                policy.Remaining--;
            }
        }

        private PolicyWindow PolicyNamed(string name)
        {
            foreach (PolicyWindow policy in policies)
            {
                if (string.Equals(policy.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return policy;
                }
            }

            var added = new PolicyWindow(name, Settings.DocumentedQuota, Settings.DocumentedWindow);
            policies.Add(added);
            return added;
        }

        private RateBudgetSnapshot SnapshotAt(TimeSpan now, PolicyWindow? holding = null)
        {
            DateTimeOffset? paused = pausedUntil is TimeSpan until && until > now ? Clock.ToWallClock(until) : (DateTimeOffset?)null;

            // The policy that holds, else the one closest to holding, else the one last seen (its window has reset).
            PolicyWindow? shown = holding ?? (GovernedByHeaders(now) ? ClosestToHolding(now) ?? LastSeen() : null);
            if (shown != null)
            {
                return new RateBudgetSnapshot(
                    RateBudgetSource.Headers, shown.Name, shown.Remaining, shown.Quota, shown.Window, Settings.ReserveFor(shown.Quota),
                    Clock.ToWallClock(shown.ResetHi), now < shown.ResetHi, Clock.ToWallClock(shown.ObservedAt), paused, inFlight.Count,
                    sent.CountWithin(now, shown.Window), tooManyRequests);
            }

            // Counting locally: the limit closest to holding.
            (int Quota, TimeSpan Window, int Sent) local = (Settings.DocumentedQuota, Settings.DocumentedWindow, 0);
            int least = int.MaxValue;
            foreach ((int quota, TimeSpan window) in LocalLimits())
            {
                int count = sent.CountWithin(now, window);
                int slack = quota - Settings.ReserveFor(quota) - count;
                if (slack < least)
                {
                    least = slack;
                    local = (quota, window, count);
                }
            }

            return new RateBudgetSnapshot(
                anySent ? RateBudgetSource.LocalCount : RateBudgetSource.Nothing, null, null, local.Quota, local.Window, Settings.ReserveFor(local.Quota),
                null, false, null, paused, inFlight.Count, local.Sent, tooManyRequests);
        }

        /// <summary>
        /// True while the headers decide: a policy's window is current, or has reset and the last answer carried
        /// headers (so the next answer will tell the new figures). Otherwise the local count decides.
        /// </summary>
        private bool GovernedByHeaders(TimeSpan now)
        {
            foreach (PolicyWindow policy in policies)
            {
                if (policy.HasRemaining && (now < policy.ResetHi || lastAnswerHadHeaders))
                {
                    return true;
                }
            }

            return false;
        }

        private PolicyWindow? ClosestToHolding(TimeSpan now)
        {
            PolicyWindow? closest = null;
            int least = int.MaxValue;
            foreach (PolicyWindow policy in policies)
            {
                if (policy.HasRemaining && now < policy.ResetHi)
                {
                    int slack = policy.Remaining - inFlight.Count - Settings.ReserveFor(policy.Quota);
                    if (slack < least)
                    {
                        least = slack;
                        closest = policy;
                    }
                }
            }

            return closest;
        }

        private PolicyWindow? LastSeen()
        {
            PolicyWindow? last = null;
            foreach (PolicyWindow policy in policies)
            {
                if (policy.HasRemaining && (last is null || policy.ObservedAt > last.ObservedAt))
                {
                    last = policy;
                }
            }

            return last;
        }

        /// <summary>What the headers said of one policy, narrowed over the answers of its current window.</summary>
        private sealed class PolicyWindow
        {
            public PolicyWindow(string name, int quota, TimeSpan window)
            {
                Name = name;
                Quota = quota;
                Window = window;
            }

            public string Name { get; }

            public int Quota { get; set; }

            /// <summary>False while only a Ratelimit item (no Ratelimit-Policy) named it: the quota is then a guess.</summary>
            public bool QuotaKnown { get; set; }

            public TimeSpan Window { get; set; }

            /// <summary>False while only the policy (no remaining count) is known.</summary>
            public bool HasRemaining { get; private set; }

            public int Remaining { get; set; }

            /// <summary>The window resets no earlier than this (null when no answer gave t).</summary>
            public TimeSpan? ResetLo { get; set; }

            /// <summary>The window resets no later than this: the budget holds until then.</summary>
            public TimeSpan ResetHi { get; set; }

            public TimeSpan ObservedAt { get; set; }

            /// <summary>
            /// When the request was sent whose answer began this window, if an earlier window was known: a request sent
            /// before it was counted in that earlier window. Null for the first window, which every request so far is in.
            /// </summary>
            public TimeSpan? BeganWith { get; private set; }

            /// <summary>True for a request sent before the one whose answer began this window (and after an earlier one).</summary>
            public bool SentBefore(TimeSpan sentAt) => HasRemaining && BeganWith is TimeSpan began && sentAt < began;

            public void Start(int remaining, TimeSpan? lo, TimeSpan hi, TimeSpan now, TimeSpan sentAt)
            {
                BeganWith = HasRemaining ? sentAt : (TimeSpan?)null;
                HasRemaining = true;
                Remaining = remaining;
                ResetLo = lo;
                ResetHi = hi;
                ObservedAt = now;
            }
        }
    }

    /// <summary>The answer of <see cref="RateBudget.TryAcquire"/>: a permit, or a hold.</summary>
    internal readonly struct RateBudgetDecision
    {
        public RateBudgetDecision(RateBudgetPermit? permit, RateBudgetHold? hold)
        {
            Permit = permit;
            Hold = hold;
        }

        /// <summary>Set when the attempt may be sent now.</summary>
        public RateBudgetPermit? Permit { get; }

        /// <summary>Set when it may not: until when, and why.</summary>
        public RateBudgetHold? Hold { get; }
    }

    /// <summary>
    /// One attempt the budget let go: in flight until its answer is reported (<see cref="Complete"/>), its failure
    /// (<see cref="Fail"/>), or its disposal, which counts it as a request that may have reached the server.
    /// </summary>
    internal sealed class RateBudgetPermit : IDisposable
    {
        private readonly RateBudget budget;
        private int done;

        internal RateBudgetPermit(RateBudget budget, TimeSpan sentAt)
        {
            this.budget = budget;
            SentAt = sentAt;
        }

        /// <summary>When the attempt was let go, on the budget's clock.</summary>
        public TimeSpan SentAt { get; }

        /// <summary>The attempt was answered; see <see cref="RateBudget.Complete"/>.</summary>
        public void Complete(IReadOnlyList<RateLimitObservation> observations, int status, TimeSpan? retryAfter = null, TimeSpan? pauseIfUnsaid = null)
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                budget.Complete(this, observations, status, retryAfter, pauseIfUnsaid);
            }
        }

        /// <summary>The attempt got no answer; it counts as spent unless it certainly never reached the server.</summary>
        public void Fail(bool mayHaveReachedServer)
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                budget.Fail(this, mayHaveReachedServer);
            }
        }

        public void Dispose() => Fail(mayHaveReachedServer: true);
    }
}
