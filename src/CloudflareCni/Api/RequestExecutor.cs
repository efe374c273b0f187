using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The one request pipeline every resource client sends through: attempts, retries, timeouts, cancellation and
    /// diagnostics, over the transport; results and failures come back through <see cref="ResponseReader"/>.
    /// </summary>
    internal sealed class RequestExecutor : IDisposable
    {
        private readonly HttpTransport transport;
        private readonly RetryPolicy retries;

        public RequestExecutor(CfClientOptions options, HttpMessageHandler handler, bool disposeHandler = true, Random? jitter = null)
        {
            Options = options.Clone();
            transport = new HttpTransport(handler, Options.BaseUri, Options.Credential, disposeHandler);
            retries = new RetryPolicy(Options, jitter);
        }

        public CfClientOptions Options { get; }

        public Uri BaseUri => transport.BaseUri;

        internal RetryPolicy Retries => retries;

        public async Task<T> SendJsonAsync<T>(CfRequest request, JsonTypeInfo<T> resultType, CfCall call)
        {
            CfResponse response = await SendAsync(request, call).ConfigureAwait(false);
            return ResponseReader.ReadJson(response, resultType);
        }

        public async Task SendWithoutResultAsync(CfRequest request, CfCall call)
        {
            CfResponse response = await SendAsync(request, call).ConfigureAwait(false);
            ResponseReader.RequireNoFailure(response);
        }

        /// <summary>The successful response to the request, after whatever retries the policy allows.</summary>
        public async Task<CfResponse> SendAsync(CfRequest request, CfCall call)
        {
            IRequestObserver observer = call.Observer;
            CancellationToken cancellationToken = call.Cancellation;
            string display = request.Display;
            if (request.Body != null)
            {
                observer.Debug($"{display} body: {DiagnosticText.ForDebug(Encoding.UTF8.GetString(request.Body))}");
            }

            int attempt = 0;
            TimeSpan waited = TimeSpan.Zero;
            bool anEarlierAttemptMayHaveLanded = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempt++;
                var stopwatch = Stopwatch.StartNew();
                RetryDecision decision;
                using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptCancellation.CancelAfter(Options.Timeout);
                    CfResponse? response = null;
                    Exception? failure = null;
                    bool timedOut = false;
                    try
                    {
                        response = await transport.SendOnceAsync(request, attemptCancellation.Token, call.Command).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        timedOut = true;
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
                    string elapsed = DiagnosticText.Elapsed(stopwatch.Elapsed);

                    if (response != null)
                    {
                        observer.Verbose($"{display} -> {response.StatusCode} {response.ReasonPhrase} ({elapsed})");
                        if (response.Body.Length > 0)
                        {
                            observer.Debug($"{display} response: {DiagnosticText.ForDebug(DiagnosticText.DescribeBody(response))}");
                        }

                        if (response.IsSuccess)
                        {
                            return response;
                        }

                        if (response.StatusCode == 404 && request.Method == HttpMethod.Delete && anEarlierAttemptMayHaveLanded)
                        {
                            // The attempt that failed on the way back had deleted it: the delete succeeded.
                            observer.Verbose($"{display}: already gone after an earlier attempt that got no clear answer; taken as deleted.");
                            return response.AsEmptySuccess();
                        }

                        decision = retries.AfterStatus(response, attempt, waited);
                        anEarlierAttemptMayHaveLanded |= response.StatusCode != 429;
                        if (!decision.Retry)
                        {
                            throw ResponseReader.StatusFailure(response);
                        }
                    }
                    else if (timedOut)
                    {
                        observer.Verbose($"{display} -> timed out after {DiagnosticText.Elapsed(Options.Timeout)}");
                        decision = retries.AfterFailure(request.Method, certainlyNotSent: false, attempt, waited);
                        anEarlierAttemptMayHaveLanded = true;
                        if (!decision.Retry)
                        {
                            throw new CfApiException(
                                CfFailureKind.Timeout, request.Method.Method, "/" + request.Path, 0, null, null, null, null,
                                $"No response within {DiagnosticText.Elapsed(Options.Timeout)} (attempt {attempt}). Raise -TimeoutSec on Connect-CfAccount if the service is slow.");
                        }
                    }
                    else
                    {
                        observer.Verbose($"{display} -> connection failed ({elapsed}): {failure!.Message}");
                        bool notSent = RetryPolicy.CertainlyNotSent(failure);
                        decision = retries.AfterFailure(request.Method, notSent, attempt, waited);
                        anEarlierAttemptMayHaveLanded |= !notSent;
                        if (!decision.Retry)
                        {
                            throw new CfApiException(
                                CfFailureKind.Connection, request.Method.Method, "/" + request.Path, 0, null, null, null, null,
                                Innermost(failure).Message, failure);
                        }
                    }
                }

                observer.Verbose($"Retrying {display} in {DiagnosticText.Elapsed(decision.Delay)} (retry {attempt} of {Options.MaxRetries}): {decision.Reason}");
                waited += decision.Delay;
                if (decision.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(decision.Delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public void Dispose() => transport.Dispose();

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
