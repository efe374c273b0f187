using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace CloudflareCni.Api
{
    /// <summary>Whether and when a failed attempt is tried again.</summary>
    internal sealed class RetryPolicy
    {
        /// <summary>
        /// Methods whose repetition has the effect of one request (RFC 9110, 9.2.2). Any other method (POST, PATCH) may
        /// have taken effect when an answer was lost, so sending it again could act twice.
        /// </summary>
        private static readonly HashSet<string> IdempotentMethods = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "GET", "HEAD", "OPTIONS", "PUT", "DELETE",
        };

        private readonly CfClientOptions options;
        private readonly Random jitter = new Random();
        private readonly object jitterLock = new object();

        public RetryPolicy(CfClientOptions options)
        {
            this.options = options;
        }

        public static bool IsIdempotent(HttpMethod method) => IdempotentMethods.Contains(method.Method);

        /// <summary>
        /// After an error status: 408, 429 and 5xx may be retried; anything else is final. <paramref name="remaining"/> is
        /// what is left of the request's time (-TimeoutSec): no wait may run past it. When
        /// <paramref name="budgetWaitsOutPauses"/> (-WaitForRateLimit, on a call that may wait), a 429 is retried however
        /// long it asks to wait, within -MaximumRetryCount only: its answer has paused the credential, the next attempt's
        /// permit waits the pause out, and that wait counts against neither -MaximumRetryWaitSec nor -TimeoutSec, as the
        /// user asked to wait for the rate limit.
        /// </summary>
        public RetryDecision AfterStatus(CfResponse response, int attempt, TimeSpan waited, TimeSpan remaining, bool budgetWaitsOutPauses = false)
        {
            int status = response.StatusCode;
            if (status != 408 && status != 429 && status < 500)
            {
                return RetryDecision.Stop;
            }

            // A 429 is refused before any work is done, so even a create is safe to send again.
            if (status != 429 && !IsIdempotent(response.Request.Method))
            {
                return RetryDecision.Stop;
            }

            if (status == 429 && budgetWaitsOutPauses)
            {
                return attempt > options.MaxRetries
                    ? TriedTooOften(attempt)
                    : new RetryDecision(true, TimeSpan.Zero, $"{status} {response.ReasonPhrase}".Trim() + "; the rate budget waits out the pause (-WaitForRateLimit)");
            }

            TimeSpan delay = response.RetryAfter ?? Backoff(attempt);
            return Within(attempt, waited, delay, remaining, $"{status} {response.ReasonPhrase}".Trim(), asked: response.RetryAfter.HasValue);
        }

        /// <summary>After no answer (a timeout or a broken connection).</summary>
        public RetryDecision AfterFailure(HttpMethod method, bool certainlyNotSent, int attempt, TimeSpan waited, TimeSpan remaining)
        {
            if (!certainlyNotSent && !IsIdempotent(method))
            {
                return RetryDecision.Stop;
            }

            return Within(attempt, waited, Backoff(attempt), remaining, certainlyNotSent ? "connection refused" : "no complete response", asked: false);
        }

        /// <summary>Exponential backoff with jitter: base * 2^(n-1), capped, then scaled by a random factor in [0.5, 1].</summary>
        internal TimeSpan Backoff(int attempt)
        {
            double ceiling = Math.Min(
                options.RetryMaxDelay.TotalMilliseconds,
                options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            double factor;
            lock (jitterLock)
            {
                factor = 0.5 + (jitter.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(ceiling * factor);
        }

        /// <summary>Only a refused connection or a failed name lookup proves the request never reached a server.</summary>
        public static bool CertainlyNotSent(Exception failure)
        {
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

        private RetryDecision TriedTooOften(int attempt) =>
            RetryDecision.StopBecause($"It was tried {attempt} times (-MaximumRetryCount {options.MaxRetries}).");

        private RetryDecision Within(int attempt, TimeSpan waited, TimeSpan delay, TimeSpan remaining, string reason, bool asked)
        {
            string wait = asked ? $"The server asks to retry after {DiagnosticText.Elapsed(delay)}" : $"A retry would wait {DiagnosticText.Elapsed(delay)}";
            if (attempt > options.MaxRetries)
            {
                return TriedTooOften(attempt);
            }

            if (waited + delay > options.MaxRetryWait)
            {
                return RetryDecision.StopBecause(
                    $"{wait}, more than the retry budget allows (-MaximumRetryWaitSec {(int)options.MaxRetryWait.TotalSeconds}, {DiagnosticText.Elapsed(waited)} waited already).");
            }

            if (delay >= remaining)
            {
                return RetryDecision.StopBecause($"{wait}, longer than what is left of the request's time (-TimeoutSec {(int)options.Timeout.TotalSeconds}).");
            }

            return new RetryDecision(true, delay, reason);
        }
    }

    internal readonly struct RetryDecision
    {
        public static readonly RetryDecision Stop = new RetryDecision(false, TimeSpan.Zero, string.Empty);

        /// <summary>A stop that a retry limit caused: the reason tells the user which limit, and what the server asked.</summary>
        public static RetryDecision StopBecause(string reason) => new RetryDecision(false, TimeSpan.Zero, reason);

        public RetryDecision(bool retry, TimeSpan delay, string reason)
        {
            Retry = retry;
            Delay = delay;
            Reason = reason;
        }

        public bool Retry { get; }

        public TimeSpan Delay { get; }

        /// <summary>Why a retry is made, or why none is (empty when the failure is simply final).</summary>
        public string Reason { get; }
    }
}
