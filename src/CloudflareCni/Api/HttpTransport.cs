using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>One attempt of a request: headers, authentication, the exchange, and the whole response body.</summary>
    internal sealed class HttpTransport : IDisposable
    {
        public static readonly string UserAgent = "CloudflareCni/" + ModuleVersion;

        private readonly HttpClient http;
        private readonly CfCredential credential;

        public HttpTransport(HttpMessageHandler handler, Uri baseUri, CfCredential credential, bool disposeHandler = true)
        {
            // The timeout is the pipeline's own (a linked token), so that a timeout and a Ctrl+C can be told apart.
            http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
            string baseText = baseUri.ToString();
            BaseUri = new Uri(baseText.EndsWith("/", StringComparison.Ordinal) ? baseText : baseText + "/");
            this.credential = credential;
        }

        /// <summary>The base URI, ending in a slash so that relative paths extend it.</summary>
        public Uri BaseUri { get; }

        public static string ModuleVersion
        {
            get
            {
                Version? version = typeof(HttpTransport).Assembly.GetName().Version;
                return version is null ? "0.0.0" : version.ToString(3);
            }
        }

        public async Task<CfResponse> SendOnceAsync(CfRequest request, CancellationToken cancellationToken, string? command = null)
        {
            using (var message = new HttpRequestMessage(request.Method, request.Target(BaseUri)))
            {
                if (command != null)
                {
                    message.Properties[CfCall.CommandTag] = command;
                }

                message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                message.Headers.TryAddWithoutValidation("Accept", request.Accept);
                foreach (KeyValuePair<string, string> header in request.Headers)
                {
                    message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                credential.Apply(message);
                if (request.Body != null)
                {
                    message.Content = new ByteArrayContent(request.Body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }

                using (HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    ResponseBody body = response.Content is null
                        ? ResponseBody.Empty
                        : await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
                    return new CfResponse(
                        request,
                        (int)response.StatusCode,
                        response.ReasonPhrase ?? string.Empty,
                        response.Content?.Headers.ContentType?.MediaType,
                        HeaderValue(response, "cf-ray"),
                        RetryAfter(response),
                        body,
                        RateLimits(response));
                }
            }
        }

        public void Dispose() => http.Dispose();

        /// <summary>Reads retry-after-ms first (finer), then Retry-After as seconds or an HTTP date.</summary>
        internal static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            string? milliseconds = HeaderValue(response, "retry-after-ms");
            if (milliseconds != null &&
                double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }

            RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter?.Date is DateTimeOffset date)
            {
                TimeSpan until = date - DateTimeOffset.UtcNow;
                return until < TimeSpan.Zero ? TimeSpan.Zero : until;
            }

            return null;
        }

        private static async Task<ResponseBody> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
        {
            // netstandard2.0 has no ReadAsStreamAsync(CancellationToken): dispose the stream on cancellation, so that a
            // stalled body still honours the token.
            using (Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (cancellationToken.Register(() => stream.Dispose()))
            {
                try
                {
                    return await ResponseBody.ReadAsync(stream, content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        /// <summary>The rate-limit headers of any answer, errors included; custom headers are all in response.Headers. Never throws.</summary>
        internal static IReadOnlyList<RateLimitObservation> RateLimits(HttpResponseMessage response)
        {
            bool hasLimit = response.Headers.TryGetValues(RateBudgetHeaders.RatelimitHeader, out IEnumerable<string>? ratelimit);
            bool hasPolicy = response.Headers.TryGetValues(RateBudgetHeaders.PolicyHeader, out IEnumerable<string>? policy);
            return hasLimit || hasPolicy ? RateBudgetHeaders.Parse(ratelimit, policy) : RateBudgetHeaders.None;
        }

        private static string? HeaderValue(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
    }
}
