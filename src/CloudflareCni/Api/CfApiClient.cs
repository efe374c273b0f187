using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The one request pipeline: base URI, authentication, User-Agent, JSON, the optional v4 envelope, retries,
    /// timeouts, cancellation and error mapping. Every resource client sends through it.
    /// </summary>
    internal sealed class CfApiClient : IDisposable
    {
        public static readonly string UserAgent = "CloudflareCni/" + ModuleVersion;

        private const int DebugBodyLimit = 4096;

        private readonly HttpClient http;
        private readonly Random jitter;
        private readonly object jitterLock = new object();

        public CfApiClient(CfClientOptions options, HttpMessageHandler handler, bool disposeHandler = true, Random? jitter = null)
        {
            Options = options.Clone();
            // The per-attempt timeout is ours (a linked token), so that a timeout and a Ctrl+C can be told apart.
            http = new HttpClient(handler, disposeHandler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            this.jitter = jitter ?? new Random();
            string baseText = Options.BaseUri.ToString();
            BaseUri = new Uri(baseText.EndsWith("/", StringComparison.Ordinal) ? baseText : baseText + "/");
        }

        public CfClientOptions Options { get; }

        public Uri BaseUri { get; }

        public static string ModuleVersion
        {
            get
            {
                Version? version = typeof(CfApiClient).Assembly.GetName().Version;
                return version is null ? "0.0.0" : version.ToString(3);
            }
        }

        public async Task<T> SendJsonAsync<T>(
            HttpMethod method,
            string path,
            IEnumerable<KeyValuePair<string, string?>>? query,
            byte[]? jsonBody,
            JsonTypeInfo<T> resultType,
            IRequestObserver observer,
            CancellationToken cancellationToken)
        {
            CfResponse response = await SendAsync(method, path, query, jsonBody, observer, cancellationToken).ConfigureAwait(false);
            return ReadJson(response, resultType);
        }

        public async Task SendWithoutResultAsync(
            HttpMethod method,
            string path,
            IRequestObserver observer,
            CancellationToken cancellationToken)
        {
            CfResponse response = await SendAsync(method, path, null, null, observer, cancellationToken).ConfigureAwait(false);
            // A body is allowed (some APIs answer deletes with an envelope) but must not report failure.
            if (response.Body.Length > 0 && LooksLikeJson(response))
            {
                ThrowIfEnvelopeFailed(response);
            }
        }

        public async Task<InterconnectLoa> SendForDocumentAsync(
            string path,
            IRequestObserver observer,
            CancellationToken cancellationToken)
        {
            // The document is a PDF: asking for JSON only could earn a 406 from a strict server.
            CfResponse response = await SendAsync(HttpMethod.Get, path, null, null, observer, cancellationToken, DocumentAccept).ConfigureAwait(false);
            string contentType = response.ContentType ?? "application/octet-stream";
            if (contentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // Some gateways wrap the document in the v4 envelope: a failure there is an error, not a document.
                ThrowIfEnvelopeFailed(response);
            }

            if (response.Body.Length == 0)
            {
                throw InvalidResponse(response, "The document was empty.", null);
            }

            return new InterconnectLoa(response.Body, contentType);
        }

        public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

        public static string EscapeSegment(string segment) => Uri.EscapeDataString(segment);

        public void Dispose() => http.Dispose();

        /// <summary>A numeric query parameter; null leaves it out of the query.</summary>
        public static KeyValuePair<string, string?> QueryParam(string name, long? value) =>
            new KeyValuePair<string, string?>(name, value?.ToString(CultureInfo.InvariantCulture));

        private const string JsonAccept = "application/json";
        private const string DocumentAccept = "application/pdf, */*";

        private async Task<CfResponse> SendAsync(
            HttpMethod method,
            string path,
            IEnumerable<KeyValuePair<string, string?>>? query,
            byte[]? jsonBody,
            IRequestObserver observer,
            CancellationToken cancellationToken,
            string accept = JsonAccept)
        {
            string pathAndQuery = path + BuildQuery(query);
            var requestUri = new Uri(BaseUri, pathAndQuery);
            string display = method.Method + " /" + pathAndQuery;
            if (jsonBody != null)
            {
                observer.Debug($"{display} body: {ForDebug(Encoding.UTF8.GetString(jsonBody))}");
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
                        response = await SendOnceAsync(method, requestUri, "/" + path, jsonBody, accept, attemptCancellation.Token).ConfigureAwait(false);
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
                    stopwatch.Stop();
                    string elapsed = FormatElapsed(stopwatch.Elapsed);

                    if (response != null)
                    {
                        observer.Verbose($"{display} -> {response.StatusCode} {response.ReasonPhrase} ({elapsed})");
                        if (response.Body.Length > 0)
                        {
                            observer.Debug($"{display} response: {ForDebug(DescribeBody(response))}");
                        }

                        if (response.StatusCode >= 200 && response.StatusCode < 300)
                        {
                            return response;
                        }

                        if (response.StatusCode == 404 && method == HttpMethod.Delete && anEarlierAttemptMayHaveLanded)
                        {
                            // The attempt that failed on the way back had deleted it: the delete succeeded.
                            observer.Verbose($"{display}: already gone after an earlier attempt that got no clear answer; taken as deleted.");
                            return response.AsEmptySuccess();
                        }

                        decision = DecideAfterStatus(method, response, attempt, waited);
                        anEarlierAttemptMayHaveLanded |= response.StatusCode != 429;
                        if (!decision.Retry)
                        {
                            throw StatusFailure(response);
                        }
                    }
                    else if (timedOut)
                    {
                        observer.Verbose($"{display} -> timed out after {FormatElapsed(Options.Timeout)}");
                        decision = DecideAfterFailure(method, reachedServerMaybe: true, attempt, waited);
                        anEarlierAttemptMayHaveLanded = true;
                        if (!decision.Retry)
                        {
                            throw new CfApiException(
                                CfFailureKind.Timeout, method.Method, "/" + path, 0, null, null, null, null,
                                $"No response within {FormatElapsed(Options.Timeout)} (attempt {attempt}). Raise -TimeoutSec on Connect-CfAccount if the service is slow.");
                        }
                    }
                    else
                    {
                        observer.Verbose($"{display} -> connection failed ({elapsed}): {failure!.Message}");
                        bool refused = CertainlyNotSent(failure);
                        decision = DecideAfterFailure(method, reachedServerMaybe: !refused, attempt, waited);
                        anEarlierAttemptMayHaveLanded |= !refused;
                        if (!decision.Retry)
                        {
                            throw new CfApiException(
                                CfFailureKind.Connection, method.Method, "/" + path, 0, null, null, null, null,
                                Innermost(failure).Message, failure);
                        }
                    }
                }

                observer.Verbose($"Retrying {display} in {FormatElapsed(decision.Delay)} (retry {attempt} of {Options.MaxRetries}): {decision.Reason}");
                waited += decision.Delay;
                if (decision.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(decision.Delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<CfResponse> SendOnceAsync(HttpMethod method, Uri requestUri, string relativePath, byte[]? jsonBody, string accept, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(method, requestUri))
            {
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                Options.Credential.Apply(request);
                if (jsonBody != null)
                {
                    request.Content = new ByteArrayContent(jsonBody);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }

                using (HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    byte[] body = response.Content is null
                        ? new byte[0]
                        : await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
                    return new CfResponse(
                        method.Method,
                        relativePath,
                        (int)response.StatusCode,
                        response.ReasonPhrase ?? string.Empty,
                        response.Content?.Headers.ContentType?.MediaType,
                        HeaderValue(response, "cf-ray"),
                        RetryAfter(response),
                        body);
                }
            }
        }

        private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
        {
            // netstandard2.0 has no ReadAsByteArrayAsync(CancellationToken): copy the stream so a stalled body still honours the token.
            using (Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            using (cancellationToken.Register(() => stream.Dispose()))
            {
                try
                {
                    await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                return buffer.ToArray();
            }
        }

        private RetryDecision DecideAfterStatus(HttpMethod method, CfResponse response, int attempt, TimeSpan waited)
        {
            int status = response.StatusCode;
            bool retryableStatus = status == 408 || status == 429 || status >= 500;
            if (!retryableStatus)
            {
                return RetryDecision.Stop;
            }

            // A 429 is refused before any work is done, so even a create is safe to send again. Any other failure of
            // a POST may have created the resource already: sending it again could create it twice.
            if (method == HttpMethod.Post && status != 429)
            {
                return RetryDecision.Stop;
            }

            TimeSpan delay = response.RetryAfter ?? Backoff(attempt);
            return Within(attempt, waited, delay, $"{status} {response.ReasonPhrase}".Trim());
        }

        private RetryDecision DecideAfterFailure(HttpMethod method, bool reachedServerMaybe, int attempt, TimeSpan waited)
        {
            if (method == HttpMethod.Post && reachedServerMaybe)
            {
                return RetryDecision.Stop;
            }

            return Within(attempt, waited, Backoff(attempt), reachedServerMaybe ? "no complete response" : "connection refused");
        }

        private RetryDecision Within(int attempt, TimeSpan waited, TimeSpan delay, string reason)
        {
            if (attempt > Options.MaxRetries)
            {
                return RetryDecision.Stop;
            }

            if (waited + delay > Options.MaxRetryWait)
            {
                return RetryDecision.Stop;
            }

            return new RetryDecision(true, delay, reason);
        }

        /// <summary>Exponential backoff with jitter: base * 2^(n-1), capped, then scaled by a random factor in [0.5, 1].</summary>
        internal TimeSpan Backoff(int attempt)
        {
            double ceiling = Math.Min(
                Options.RetryMaxDelay.TotalMilliseconds,
                Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            double factor;
            lock (jitterLock)
            {
                factor = 0.5 + (jitter.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(ceiling * factor);
        }

        private static bool CertainlyNotSent(Exception failure)
        {
            // Only a refused connection or a failed name lookup proves the request never reached a server.
            for (Exception? current = failure; current != null; current = current.InnerException)
            {
                if (current is SocketException socket &&
                    (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound))
                {
                    return true;
                }

                if (current is WebException web &&
                    (web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure))
                {
                    return true;
                }
            }

            return false;
        }

        private static T ReadJson<T>(CfResponse response, JsonTypeInfo<T> resultType)
        {
            if (response.Body.Length == 0)
            {
                throw InvalidResponse(response, "The body was empty where JSON was expected.", null);
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(response.Body))
                {
                    JsonElement payload = Unwrap(response, document.RootElement);
                    T? result = payload.Deserialize(resultType);
                    if (result is null)
                    {
                        throw InvalidResponse(response, "The body was JSON null.", null);
                    }

                    return result;
                }
            }
            catch (JsonException ex)
            {
                throw InvalidResponse(response, ex.Message, ex);
            }
        }

        /// <summary>Accepts both the bare object and the v4 envelope; an envelope that reports failure becomes an error.</summary>
        private static JsonElement Unwrap(CfResponse response, JsonElement root)
        {
            if (!IsEnvelope(root))
            {
                return root;
            }

            CfErrorEnvelope envelope = root.Deserialize(CfJsonContext.Default.CfErrorEnvelope) ?? new CfErrorEnvelope();
            if (envelope.Success == false || (envelope.Errors != null && envelope.Errors.Count > 0))
            {
                throw new CfApiException(
                    CfFailureKind.HttpStatus, response.Method, response.Path, response.StatusCode, response.ReasonPhrase,
                    envelope.Errors, response.RayId, null, "The response reported failure.");
            }

            return root.GetProperty("result");
        }

        private static bool IsEnvelope(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object &&
            root.TryGetProperty("result", out _) &&
            root.TryGetProperty("success", out JsonElement success) &&
            (success.ValueKind == JsonValueKind.True || success.ValueKind == JsonValueKind.False);

        private static void ThrowIfEnvelopeFailed(CfResponse response)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(response.Body))
                {
                    Unwrap(response, document.RootElement);
                }
            }
            catch (JsonException ex)
            {
                throw InvalidResponse(response, ex.Message, ex);
            }
        }

        private static CfApiException StatusFailure(CfResponse response)
        {
            IReadOnlyList<CfApiError>? errors = null;
            string? excerpt = null;
            try
            {
                if (response.Body.Length > 0)
                {
                    CfErrorEnvelope? envelope = JsonSerializer.Deserialize(response.Body, CfJsonContext.Default.CfErrorEnvelope);
                    errors = envelope?.Errors;
                }
            }
            catch (JsonException)
            {
                // Not Cloudflare's JSON (a proxy's HTML page, say): the excerpt below tells the user what came back.
            }

            if (errors is null || errors.Count == 0)
            {
                excerpt = CfApiException.Excerpt(DescribeBody(response));
            }

            return new CfApiException(
                CfFailureKind.HttpStatus, response.Method, response.Path, response.StatusCode, response.ReasonPhrase,
                errors, response.RayId, excerpt, null);
        }

        private static CfApiException InvalidResponse(CfResponse response, string detail, Exception? inner) =>
            new CfApiException(
                CfFailureKind.InvalidResponse, response.Method, response.Path, response.StatusCode, response.ReasonPhrase,
                null, response.RayId, CfApiException.Excerpt(DescribeBody(response)) ?? "(empty)", detail, inner);

        private static bool LooksLikeJson(CfResponse response) =>
            (response.ContentType ?? string.Empty).IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
            (response.Body.Length > 0 && (response.Body[0] == (byte)'{' || response.Body[0] == (byte)'['));

        private static string DescribeBody(CfResponse response)
        {
            string type = response.ContentType ?? string.Empty;
            bool textual = type.Length == 0 || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
                           type.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
                           type.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0;
            return textual
                ? Encoding.UTF8.GetString(response.Body)
                : $"({response.Body.Length} bytes of {type})";
        }

        private static string BuildQuery(IEnumerable<KeyValuePair<string, string?>>? query)
        {
            if (query is null)
            {
                return string.Empty;
            }

            string[] pairs = query
                .Where(pair => pair.Value != null)
                .Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value!))
                .ToArray();
            return pairs.Length == 0 ? string.Empty : "?" + string.Join("&", pairs);
        }

        private static string? HeaderValue(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

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

        private static Exception Innermost(Exception exception)
        {
            Exception current = exception;
            while (current.InnerException != null)
            {
                current = current.InnerException;
            }

            return current;
        }

        /// <summary>
        /// A body as -Debug shows it: shortened, and without the BGP MD5 key, which Cloudflare says is no secret but
        /// which has no business in a log either.
        /// </summary>
        internal static string ForDebug(string body) =>
            Truncate(Md5KeyValue.Replace(body, "$1\"(hidden)\""), DebugBodyLimit);

        private static readonly System.Text.RegularExpressions.Regex Md5KeyValue =
            new System.Text.RegularExpressions.Regex("(\"md5_key\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static string Truncate(string text, int limit) =>
            text.Length <= limit ? text : text.Substring(0, limit) + $"... ({text.Length - limit} more characters)";

        internal static string FormatElapsed(TimeSpan elapsed) =>
            elapsed.TotalSeconds >= 1
                ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
                : ((int)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private readonly struct RetryDecision
        {
            public static readonly RetryDecision Stop = new RetryDecision(false, TimeSpan.Zero, string.Empty);

            public RetryDecision(bool retry, TimeSpan delay, string reason)
            {
                Retry = retry;
                Delay = delay;
                Reason = reason;
            }

            public bool Retry { get; }

            public TimeSpan Delay { get; }

            public string Reason { get; }
        }

        private sealed class CfResponse
        {
            public CfResponse(string method, string path, int statusCode, string reasonPhrase, string? contentType, string? rayId, TimeSpan? retryAfter, byte[] body)
            {
                Method = method;
                Path = path;
                StatusCode = statusCode;
                ReasonPhrase = reasonPhrase;
                ContentType = contentType;
                RayId = rayId;
                RetryAfter = retryAfter;
                Body = body;
            }

            public string Method { get; }

            public string Path { get; }

            public int StatusCode { get; }

            public string ReasonPhrase { get; }

            public string? ContentType { get; }

            public string? RayId { get; }

            public TimeSpan? RetryAfter { get; }

            public byte[] Body { get; }

            public CfResponse AsEmptySuccess() =>
                new CfResponse(Method, Path, 204, "No Content", null, RayId, null, new byte[0]);
        }
    }
}
