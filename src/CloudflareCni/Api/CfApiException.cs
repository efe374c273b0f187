using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CloudflareCni.Api;

namespace CloudflareCni
{
    /// <summary>What went wrong with a request, which decides its ErrorId and category.</summary>
    public enum CfFailureKind
    {
        /// <summary>The server answered with an error status.</summary>
        HttpStatus,

        /// <summary>No answer arrived within the request timeout.</summary>
        Timeout,

        /// <summary>The connection could not be made or broke.</summary>
        Connection,

        /// <summary>The server answered success with a body that is not the expected JSON.</summary>
        InvalidResponse,

        /// <summary>The server repeated a paging cursor, which would loop forever.</summary>
        PagingLoop,

        /// <summary>One item of a listing could not be read; the listing went on without it.</summary>
        InvalidItem,
        /// <summary>
        /// Nothing was sent: the credential's rate budget holds requests (a 429 pause, or the quota down to its reserve)
        /// for longer than the request may wait. <see cref="CfApiException.RetryAt"/> says when sending is allowed again.
        /// </summary>
        RateLimitHeld,
    }

    /// <summary>
    /// The one exception the request pipeline throws for a failed call. It carries everything an ErrorRecord needs:
    /// the HTTP status, Cloudflare's own codes and messages, the cf-ray header and a short excerpt of an odd body.
    /// It never carries request headers, so no credential can leak through it.
    /// </summary>
    public sealed class CfApiException : Exception
    {
        internal CfApiException(
            CfFailureKind kind,
            string method,
            string path,
            int statusCode,
            string? reasonPhrase,
            IReadOnlyList<CfApiError>? errors,
            string? rayId,
            string? bodyExcerpt,
            string? detail,
            Exception? innerException = null,
            TimeSpan? retryAfter = null,
            DateTimeOffset? retryAt = null)
            : base(BuildMessage(kind, method, path, statusCode, reasonPhrase, errors, rayId, bodyExcerpt, detail), innerException)
        {
            RetryAt = retryAt;
            Kind = kind;
            Method = method;
            Path = path;
            StatusCode = statusCode;
            Errors = errors ?? new CfApiError[0];
            RayId = rayId;
            BodyExcerpt = bodyExcerpt;
            RetryAfter = retryAfter;
        }

        public CfFailureKind Kind { get; }

        public string Method { get; }

        /// <summary>The request path, relative to the base URI, without the query.</summary>
        public string Path { get; }

        /// <summary>The HTTP status, or 0 when no response arrived.</summary>
        public int StatusCode { get; }

        public IReadOnlyList<CfApiError> Errors { get; }

        /// <summary>The cf-ray header of the response, which Cloudflare support asks for.</summary>
        public string? RayId { get; }

        /// <summary>The start of a body that could not be read as the expected JSON.</summary>
        public string? BodyExcerpt { get; }

        /// <summary>
        /// True when a request that is not safe to repeat (a create) failed after it may have reached the server: the
        /// object may exist although the call failed, so it was not sent again.
        /// </summary>
        public bool MayHaveTakenEffect { get; internal set; }

        /// <summary>The proxy the failed connection went through; null for a direct connection.</summary>
        public Uri? Proxy { get; internal set; }

        /// <summary>
        /// How long the server asked the client to wait (Retry-After), when it said so; for a request the rate budget held
        /// (<see cref="NotSent"/>), how long until sending is allowed again.
        /// </summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>When sending is allowed again, for a request the rate budget held (on a sandbox, the sandbox's own clock); null otherwise.</summary>
        public DateTimeOffset? RetryAt { get; }

        /// <summary>True when no request was sent at all: the rate budget held it (<see cref="CfFailureKind.RateLimitHeld"/>).</summary>
        public bool NotSent => Kind == CfFailureKind.RateLimitHeld;

        /// <summary>Cloudflare's first error code, if it sent one.</summary>
        public long? CloudflareCode => Errors.Count > 0 ? Errors[0].Code : (long?)null;

        internal const int MaxExcerptLength = 200;

        /// <summary>A request the rate budget held longer than it may wait: nothing was sent; the message says why, until when, and <paramref name="howToWait"/>.</summary>
        internal static CfApiException Held(string method, string path, RateBudgetHold hold, string howToWait) =>
            new CfApiException(
                CfFailureKind.RateLimitHeld, method, path, 0, null, null, null, null, hold.Describe() + " " + howToWait, retryAfter: hold.Wait, retryAt: hold.UntilWallClock)
            {
                Hold = hold,
            };

        /// <summary>For <see cref="NotSent"/>: the budget's hold, and why it held.</summary>
        internal RateBudgetHold? Hold { get; private set; }

        internal static string? Excerpt(string? body)
        {
            if (string.IsNullOrEmpty(body))
            {
                return null;
            }

            string flat = string.Join(" ", body!.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
            return flat.Length <= MaxExcerptLength ? flat : flat.Substring(0, MaxExcerptLength) + "...";
        }

        private static string BuildMessage(
            CfFailureKind kind,
            string method,
            string path,
            int statusCode,
            string? reasonPhrase,
            IReadOnlyList<CfApiError>? errors,
            string? rayId,
            string? bodyExcerpt,
            string? detail)
        {
            var message = new StringBuilder();
            string request = method + " " + path;
            switch (kind)
            {
                case CfFailureKind.HttpStatus:
                    message.Append($"Cloudflare answered {statusCode} {reasonPhrase} to {request}.");
                    break;
                case CfFailureKind.Timeout:
                    message.Append($"{request} timed out.");
                    break;
                case CfFailureKind.Connection:
                    message.Append($"{request} failed to connect.");
                    break;
                case CfFailureKind.InvalidResponse:
                    message.Append(statusCode == 0
                        ? $"{request} returned a response that could not be read."
                        : $"{request} returned {statusCode} {reasonPhrase} with a body that is not the expected JSON.");
                    break;
                case CfFailureKind.PagingLoop:
                    message.Append($"{request} stopped paging.");
                    break;
                case CfFailureKind.InvalidItem:
                    message.Append($"{request} listed an item that could not be read; the listing went on without it.");
                    break;
                case CfFailureKind.RateLimitHeld:
                    message.Append($"No request was sent for {request}.");
                    break;
            }

            if (errors != null && errors.Count > 0)
            {
                message.Append(' ').Append(string.Join("; ", errors.Select(e => e.ToString())));
                if (!message.ToString().EndsWith(".", StringComparison.Ordinal))
                {
                    message.Append('.');
                }
            }

            if (!string.IsNullOrEmpty(detail))
            {
                message.Append(' ').Append(detail);
            }

            if (!string.IsNullOrEmpty(bodyExcerpt))
            {
                message.Append(" Body: ").Append(bodyExcerpt);
            }

            if (!string.IsNullOrEmpty(rayId))
            {
                message.Append(" (cf-ray ").Append(rayId).Append(')');
            }

            // Cloudflare's messages, a body's excerpt and a failure's detail come from elsewhere: shown, never obeyed.
            return DiagnosticText.Escape(message.ToString());
        }
    }
}
