using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The one request pipeline every resource's <see cref="CfEndpoint"/> sends through: attempts, retries, timeouts,
    /// cancellation and diagnostics, over the transport. It hands back the successful response, or throws what failed.
    /// </summary>
    internal sealed class RequestExecutor : IDisposable
    {
        /// <summary>The writes that succeeded, per server (every connection to a server counts its writes together).</summary>
        private static readonly ConcurrentDictionary<string, StrongBox<long>> WritesByServer = new ConcurrentDictionary<string, StrongBox<long>>(StringComparer.OrdinalIgnoreCase);

        private readonly HttpTransport transport;
        private readonly RetryPolicy retries;
        private readonly StrongBox<long> writes;

        public RequestExecutor(CfClientOptions options, HttpMessageHandler handler, bool disposeHandler = true)
        {
            Options = options.Clone();
            transport = new HttpTransport(handler, Options.BaseUri, Options.Credential, disposeHandler);
            retries = new RetryPolicy(Options);
            Budget = Options.Budget ?? RateBudgetRegistry.Shared.For(transport.BaseUri, Options.Credential);
            writes = WritesByServer.GetOrAdd(transport.BaseUri.AbsoluteUri, _ => new StrongBox<long>());
        }

        public CfClientOptions Options { get; }

        /// <summary>The rate budget every attempt asks first: the process's one for this credential and API, or a sandbox's own.</summary>
        public RateBudget Budget { get; }

        /// <summary>The clock the requests wait on: the real one, or a sandbox's, on which waits take no wall time.</summary>
        public CfClock Clock => Budget.Clock;

        /// <summary>The page size listings on this connection ask for by default.</summary>
        public PageSizes PageSizes => PageSizes.For(transport.BaseUri);

        public Uri BaseUri => transport.BaseUri;

        /// <summary>
        /// How many writes (requests other than GET) to this connection's server have succeeded in this process, through
        /// any connection: what was read from the server before the last one may be out of date.
        /// </summary>
        public long CompletedWrites => Interlocked.Read(ref writes.Value);

        /// <summary>
        /// The successful response to the request, after whatever retries the policy allows. Every attempt, retries
        /// included, asks the rate budget first and reports its answer to it. -TimeoutSec bounds the whole logical request:
        /// every attempt, every retry wait and 429 pause, and the budget's holds (unless the connection waits for the
        /// budget, -WaitForRateLimit: then those do not count).
        /// </summary>
        public async Task<CfResponse> SendAsync(CfRequest request, CfCall call)
        {
            IRequestObserver observer = call.Observer;
            CancellationToken cancellationToken = call.Cancellation;
            string display = request.Display;
            if (request.Body != null && observer.WantsDebug)
            {
                observer.Debug($"{display} body: {DiagnosticText.ForDebug(Encoding.UTF8.GetString(request.Body))}");
            }

            var time = new RequestTime(Clock);
            var holds = new HoldReport(display, observer);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                int attempt = 0;
                TimeSpan waited = TimeSpan.Zero;
                bool anEarlierAttemptMayHaveLanded = false;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    attempt++;
                    CfResponse? response = null;
                    Exception? failure = null;
                    bool sent = false;
                    TimeSpan started;
                    using (RateBudgetPermit permit = await AcquireAsync(request, call, time, holds).ConfigureAwait(false))
                    {
                        started = time.Real;
                        TimeSpan left = Options.Timeout - time.Elapsed;
                        try
                        {
                            if (left > TimeSpan.Zero)
                            {
                                // The real-time limit of this attempt: what is left of the request's time.
                                deadline.CancelAfter(left);
                                sent = true;
                                response = await transport.SendOnceAsync(request, deadline.Token, call.Command).ConfigureAwait(false);
                            }
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The deadline passed: not the user's Ctrl+C.
                        }
                        catch (Exception ex) when ((ex is HttpRequestException || ex is IOException) && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            // The deadline aborted a read or write under way; .NET Framework reports that as an I/O failure,
                            // not a cancellation. It is a timeout all the same (failure stays null).
                        }
                        catch (HttpRequestException ex)
                        {
                            failure = ex;
                        }
                        catch (IOException ex)
                        {
                            failure = ex;
                        }
                        finally
                        {
                            if (!deadline.IsCancellationRequested)
                            {
                                // Waits between attempts are bounded by the retry policy, not by this timer.
                                deadline.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
                            }
                        }

                        // The HttpClient may surface a user cancellation as something other than OperationCanceledException.
                        // Disposing the permit counts the request as spent, as a timeout's is.
                        cancellationToken.ThrowIfCancellationRequested();
                        if (response != null)
                        {
                            permit.Complete(response.RateLimits, response.StatusCode, response.RetryAfter, pauseIfUnsaid: retries.Backoff(attempt));
                        }
                        else if (failure != null)
                        {
                            permit.Fail(mayHaveReachedServer: !RetryPolicy.CertainlyNotSent(failure));
                        }
                        else if (left <= TimeSpan.Zero)
                        {
                            permit.Fail(mayHaveReachedServer: false);
                        }
                    }

                    TimeSpan remaining = Options.Timeout - time.Elapsed;
                    RetryDecision decision;
                    if (response != null)
                    {
                        if (observer.WantsVerbose)
                        {
                            observer.Verbose($"{display} -> {response.StatusCode} {response.ReasonPhrase} ({DiagnosticText.Elapsed(time.Real - started)})");
                        }

                        TellOfBoundedWaits(response, display, observer);
                        if (response.Body.Length > 0 && observer.WantsDebug)
                        {
                            observer.Debug($"{display} response: {DiagnosticText.ForDebug(DiagnosticText.DescribeBody(response))}");
                        }

                        if (response.IsSuccess)
                        {
                            CountWrite(request);
                            return response;
                        }

                        if (response.StatusCode == 404 && request.Method == HttpMethod.Delete && anEarlierAttemptMayHaveLanded)
                        {
                            // The attempt that failed on the way back had deleted it: the delete succeeded.
                            observer.Verbose($"{display}: already gone after an earlier attempt that got no clear answer; taken as deleted.");
                            CountWrite(request);
                            return response.AsEmptySuccess();
                        }

                        using (response)
                        {
                            // A 429 has already paused every request with this credential (the permit's report), not only this one.
                            decision = retries.AfterStatus(response, attempt, waited, remaining, budgetWaitsOutPauses: WaitsForBudget(call));
                            anEarlierAttemptMayHaveLanded |= response.StatusCode != 429;
                            if (!decision.Retry)
                            {
                                CfApiException error = ResponseReader.StatusFailure(response, decision.Reason);
                                error.MayHaveTakenEffect = !RetryPolicy.IsIdempotent(request.Method) && response.StatusCode != 429 && (response.StatusCode >= 500 || response.StatusCode == 408);
                                throw error;
                            }
                        }
                    }
                    else if (failure is null)
                    {
                        observer.Verbose($"{display} -> no answer in time ({DiagnosticText.Elapsed(time.Real - started)})");
                        anEarlierAttemptMayHaveLanded |= sent;
                        throw new CfApiException(
                            CfFailureKind.Timeout, request.Method.Method, "/" + request.Path, 0, null, null, null, null,
                            $"No answer within {DiagnosticText.Elapsed(Options.Timeout)} (-TimeoutSec {(int)Options.Timeout.TotalSeconds}: the time one request may take, its {attempt} attempt(s) and retry waits included). Raise -TimeoutSec on Connect-CfAccount if the service is slow.")
                        {
                            // An attempt the time ran out before sending (and none before it that may have landed) took no effect.
                            MayHaveTakenEffect = anEarlierAttemptMayHaveLanded && !RetryPolicy.IsIdempotent(request.Method),
                        };
                    }
                    else
                    {
                        observer.Verbose($"{display} -> connection failed ({DiagnosticText.Elapsed(time.Real - started)}): {failure.Message}");
                        bool notSent = RetryPolicy.CertainlyNotSent(failure);
                        decision = retries.AfterFailure(request.Method, notSent, attempt, waited, remaining);
                        anEarlierAttemptMayHaveLanded |= !notSent;
                        if (!decision.Retry)
                        {
                            Uri? proxy = Options.ProxyFor(BaseUri);
                            string detail = proxy is null
                                ? Innermost(failure).Message
                                : $"Through the proxy {proxy.GetLeftPart(UriPartial.Authority)}: {Innermost(failure).Message}";
                            throw new CfApiException(
                                CfFailureKind.Connection, request.Method.Method, "/" + request.Path, 0, null, null, null, null,
                                detail + (decision.Reason.Length > 0 ? " " + decision.Reason : string.Empty), failure)
                            {
                                MayHaveTakenEffect = !notSent && !RetryPolicy.IsIdempotent(request.Method),
                                Proxy = proxy,
                            };
                        }
                    }

                    string when = decision.Delay > TimeSpan.Zero || !WaitsForBudget(call) ? "in " + DiagnosticText.Elapsed(decision.Delay) : "when the rate budget allows";
                    observer.Verbose($"Retrying {display} {when} (retry {attempt} of {Options.MaxRetries}): {decision.Reason}");
                    waited += decision.Delay;
                    if (decision.Delay > TimeSpan.Zero)
                    {
                        // On a sandbox's clock the back-off takes no wall time, but counts against -TimeoutSec as if it had.
                        await time.WaitAsync(() => Clock.DelayAsync(decision.Delay, cancellationToken), counts: true).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>
        /// A permit from the rate budget for one attempt: at once in the usual case; after the budget's hold when it
        /// holds and the request may wait that long (a Tab completer may not wait at all); else the honest error, with
        /// nothing sent.
        /// </summary>
        private async Task<RateBudgetPermit> AcquireAsync(CfRequest request, CfCall call, RequestTime time, HoldReport holds)
        {
            RateBudgetDecision now = Budget.TryAcquire();
            if (now.Permit != null)
            {
                return now.Permit;
            }

            bool waitsAnyway = WaitsForBudget(call);
            TimeSpan forAttempt = TimeForAttempt(Options.Timeout);
            TimeSpan mayWait = Options.Timeout - time.Elapsed - forAttempt;
            TimeSpan maxWait = call.MayNotWait ? TimeSpan.Zero : waitsAnyway ? TimeSpan.MaxValue : mayWait > TimeSpan.Zero ? mayWait : TimeSpan.Zero;
            string howToWait = call.MayNotWait
                ? "Tab completion never waits for the rate budget."
                : $"That is longer than this request may wait: it would leave too little of this request's time (-TimeoutSec {(int)Options.Timeout.TotalSeconds}) for sending it, which keeps at least {RateBudgetHold.Duration(forAttempt)}. " +
                  "To wait for the budget instead, connect with Connect-CfAccount -WaitForRateLimit, or run the command again then.";
            try
            {
                return await time.WaitAsync(() => Budget.AcquireAsync(maxWait, holds.OnHold, howToWait, call.Cancellation), counts: !waitsAnyway).ConfigureAwait(false);
            }
            catch (RateBudgetHeldException held)
            {
                throw CfApiException.Held(request.Method.Method, "/" + request.Path, held.Hold, howToWait);
            }
            finally
            {
                holds.Done();
            }
        }

        public void Dispose() => transport.Dispose();

        /// <summary>An answer that asks for a wait longer than any hold lasts (a bad header): the budget holds for the longest; -Verbose says so.</summary>
        private void TellOfBoundedWaits(CfResponse response, string display, IRequestObserver observer)
        {
            if (!observer.WantsVerbose)
            {
                return;
            }

            TimeSpan longest = Budget.Settings.LongestHold;
            var said = new List<string>();
            if (response.RetryAfter is TimeSpan retryAfter && retryAfter > longest)
            {
                said.Add($"a Retry-After of {(int)retryAfter.TotalDays} days");
            }

            foreach (RateLimitObservation observation in response.RateLimits)
            {
                if (observation.SaysLongerThan(longest))
                {
                    said.Add($"rate-limit figures {observation}");
                }
            }

            if (said.Count > 0)
            {
                observer.Verbose($"{display}: the answer gave {string.Join(" and ", said)}, longer than any wait the module takes: requests with this credential are held for {RateBudgetHold.Duration(longest)} at most.");
            }
        }

        /// <summary>
        /// How much of -TimeoutSec a budget hold must leave for the attempt itself (when the connection does not wait for
        /// the budget): a quarter of it, at least 5 s, at most half. A hold that ate the whole timeout would send the
        /// request with no time to be answered, and a create that then timed out would claim it "may have been created";
        /// failing at once with nothing sent is the honest answer. 5 s covers a slow answer from Cloudflare; half keeps a
        /// short -TimeoutSec (5 s: 2.5 s) able to wait out the per-IP cap's and a reset check's brief holds.
        /// </summary>
        internal static TimeSpan TimeForAttempt(TimeSpan timeout)
        {
            TimeSpan quarter = TimeSpan.FromTicks(timeout.Ticks / 4);
            TimeSpan half = TimeSpan.FromTicks(timeout.Ticks / 2);
            TimeSpan wanted = quarter > TimeSpan.FromSeconds(5) ? quarter : TimeSpan.FromSeconds(5);
            return wanted < half ? wanted : half;
        }

        /// <summary>True when the call waits for the rate budget however long it holds (-WaitForRateLimit), outside -TimeoutSec; a Tab completer never does.</summary>
        private bool WaitsForBudget(CfCall call) => Options.WaitForRateLimit && !call.MayNotWait;

        private void CountWrite(CfRequest request)
        {
            if (request.Method != HttpMethod.Get)
            {
                Interlocked.Increment(ref writes.Value);
            }
        }

        /// <summary>
        /// How much of a request's time (-TimeoutSec) has gone: real time, plus the waits that a sandbox's clock skipped (so
        /// that they count as they would in real time), less the waits that do not count (the budget's, under
        /// -WaitForRateLimit). Only this request's own waits count: another request skipping a sandbox's clock does not
        /// age this one.
        /// </summary>
        private sealed class RequestTime
        {
            private readonly CfClock clock;
            private readonly Stopwatch real = Stopwatch.StartNew();
            private TimeSpan adjustment;

            public RequestTime(CfClock clock)
            {
                this.clock = clock;
            }

            /// <summary>Wall time since the request began.</summary>
            public TimeSpan Real => real.Elapsed;

            public TimeSpan Elapsed => real.Elapsed + adjustment;

            public async Task<T> WaitAsync<T>(Func<Task<T>> wait, bool counts)
            {
                TimeSpan realBefore = real.Elapsed;
                TimeSpan clockBefore = clock.Now;
                try
                {
                    return await wait().ConfigureAwait(false);
                }
                finally
                {
                    TimeSpan realSpent = real.Elapsed - realBefore;
                    TimeSpan clockSpent = clock.Now - clockBefore;
                    if (!counts)
                    {
                        adjustment -= realSpent;
                    }
                    else if (clock.IsVirtual && clockSpent > realSpent)
                    {
                        adjustment += clockSpent - realSpent;
                    }
                }
            }

            public Task WaitAsync(Func<Task> wait, bool counts) => WaitAsync(async () => { await wait().ConfigureAwait(false); return true; }, counts);
        }

        /// <summary>
        /// What one request tells of the budget's holds: a -Verbose line for each kind of hold that lasts a moment or more
        /// (1 s; the short wait for an answer on its way, a reset's check or the first answer, stays silent), or is a 429's pause, and progress while a longer one
        /// (2 s) lasts.
        /// </summary>
        private sealed class HoldReport
        {
            private static readonly TimeSpan Moment = TimeSpan.FromSeconds(1);
            private static readonly TimeSpan Long = TimeSpan.FromSeconds(2);
            private readonly string display;
            private readonly IRequestObserver observer;
            private readonly HashSet<RateBudgetHoldReason> told = new HashSet<RateBudgetHoldReason>();
            private bool showing;

            public HoldReport(string display, IRequestObserver observer)
            {
                this.display = display;
                this.observer = observer;
            }

            public void OnHold(RateBudgetHold hold)
            {
                if ((hold.Wait >= Moment || hold.Reason == RateBudgetHoldReason.LockedOut) && !hold.AwaitsAnAnswer && told.Add(hold.Reason) && observer.WantsVerbose)
                {
                    string figures = hold.Reason == RateBudgetHoldReason.Reserve || hold.Reason == RateBudgetHoldReason.LocalCount ? string.Empty : $" The budget: {hold.Budget.Describe()}.";
                    observer.Verbose($"{display}: held {RateBudgetHold.Duration(hold.Wait)} by the rate budget, until {RateBudgetHold.TimeOfDay(hold.UntilWallClock)}. {hold.Why}{figures}");
                }

                if (hold.Wait >= Long)
                {
                    showing = true;
                    observer.WaitingForBudget(this, hold);
                }
            }

            public void Done()
            {
                if (showing)
                {
                    showing = false;
                    observer.DoneWaitingForBudget(this);
                }
            }
        }

        private static Exception Innermost(Exception exception)
        {
            Exception current = exception;
            while (current.InnerException != null)
            {
                current = current.InnerException;
            }

            return current;
        }
    }
}
