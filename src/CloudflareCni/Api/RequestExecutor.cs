using System;
using System.Collections.Concurrent;
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
        private readonly RateLimitGate rateLimit;
        private readonly StrongBox<long> writes;

        public RequestExecutor(CfClientOptions options, HttpMessageHandler handler, bool disposeHandler = true)
        {
            Options = options.Clone();
            transport = new HttpTransport(handler, Options.BaseUri, Options.Credential, disposeHandler);
            retries = new RetryPolicy(Options);
            rateLimit = RateLimitGate.For(transport.BaseUri, Options.Credential);
            writes = WritesByServer.GetOrAdd(transport.BaseUri.AbsoluteUri, _ => new StrongBox<long>());
        }

        public CfClientOptions Options { get; }

        /// <summary>The page size listings on this connection ask for by default.</summary>
        public PageSizes PageSizes => PageSizes.For(transport.BaseUri);

        public Uri BaseUri => transport.BaseUri;

        /// <summary>
        /// How many writes (requests other than GET) to this connection's server have succeeded in this process, through
        /// any connection: what was read from the server before the last one may be out of date.
        /// </summary>
        public long CompletedWrites => Interlocked.Read(ref writes.Value);

        /// <summary>
        /// The successful response to the request, after whatever retries the policy allows. -TimeoutSec bounds the whole
        /// logical request: every attempt, every retry wait and 429 pause.
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

            var clock = Stopwatch.StartNew();
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(Options.Timeout);
                int attempt = 0;
                TimeSpan waited = TimeSpan.Zero;
                bool anEarlierAttemptMayHaveLanded = false;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    attempt++;
                    TimeSpan started = clock.Elapsed;
                    CfResponse? response = null;
                    Exception? failure = null;
                    try
                    {
                        TimeSpan paused = rateLimit.Remaining;
                        if (paused > TimeSpan.Zero)
                        {
                            if (paused >= Options.Timeout - clock.Elapsed)
                            {
                                throw new CfApiException(
                                    CfFailureKind.HttpStatus, request.Method.Method, "/" + request.Path, 429, "Too Many Requests", null, null, null,
                                    $"Cloudflare asked requests with this credential to wait {DiagnosticText.Elapsed(paused)} (a 429 answer to another request), longer than what is left of this request's time (-TimeoutSec {(int)Options.Timeout.TotalSeconds}).",
                                    retryAfter: paused);
                            }

                            observer.Verbose($"{display}: waiting {DiagnosticText.Elapsed(paused)}, as Cloudflare asked another request with this credential to.");
                        }

                        await rateLimit.WaitAsync(deadline.Token).ConfigureAwait(false);
                        response = await transport.SendOnceAsync(request, deadline.Token, call.Command).ConfigureAwait(false);
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

                    // The HttpClient may surface a user cancellation as something other than OperationCanceledException.
                    cancellationToken.ThrowIfCancellationRequested();
                    TimeSpan remaining = Options.Timeout - clock.Elapsed;
                    RetryDecision decision;
                    if (response != null)
                    {
                        if (observer.WantsVerbose)
                        {
                            observer.Verbose($"{display} -> {response.StatusCode} {response.ReasonPhrase} ({DiagnosticText.Elapsed(clock.Elapsed - started)})");
                        }

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
                            decision = retries.AfterStatus(response, attempt, waited, remaining);
                            anEarlierAttemptMayHaveLanded |= response.StatusCode != 429;
                            if (response.StatusCode == 429)
                            {
                                // Every request with this credential waits as long, not only this one.
                                rateLimit.CloseFor(response.RetryAfter ?? decision.Delay);
                            }
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
                        observer.Verbose($"{display} -> no answer in time ({DiagnosticText.Elapsed(clock.Elapsed - started)})");
                        anEarlierAttemptMayHaveLanded = true;
                        throw new CfApiException(
                            CfFailureKind.Timeout, request.Method.Method, "/" + request.Path, 0, null, null, null, null,
                            $"No answer within {DiagnosticText.Elapsed(Options.Timeout)} (-TimeoutSec {(int)Options.Timeout.TotalSeconds}: the time one request may take, its {attempt} attempt(s) and retry waits included). Raise -TimeoutSec on Connect-CfAccount if the service is slow.")
                        {
                            MayHaveTakenEffect = !RetryPolicy.IsIdempotent(request.Method),
                        };
                    }
                    else
                    {
                        observer.Verbose($"{display} -> connection failed ({DiagnosticText.Elapsed(clock.Elapsed - started)}): {failure.Message}");
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

                    observer.Verbose($"Retrying {display} in {DiagnosticText.Elapsed(decision.Delay)} (retry {attempt} of {Options.MaxRetries}): {decision.Reason}");
                    waited += decision.Delay;
                    if (decision.Delay > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(decision.Delay, deadline.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The wait is cut short by the deadline; the next attempt reports the timeout.
                        }
                    }
                }
            }
        }

        public void Dispose() => transport.Dispose();

        private void CountWrite(CfRequest request)
        {
            if (request.Method != HttpMethod.Get)
            {
                Interlocked.Increment(ref writes.Value);
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
