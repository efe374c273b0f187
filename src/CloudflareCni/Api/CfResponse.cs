using System;
using System.Collections.Generic;

namespace CloudflareCni.Api
{
    /// <summary>
    /// A response as the pipeline keeps it: status, the headers it acts on, and the whole body, whose pooled buffer goes
    /// back when the response is disposed.
    /// </summary>
    internal sealed class CfResponse : IDisposable
    {
        public CfResponse(CfRequest request, int statusCode, string reasonPhrase, string? contentType, string? rayId, TimeSpan? retryAfter, ResponseBody body, IReadOnlyList<RateLimitObservation>? rateLimits = null)
        {
            RateLimits = rateLimits ?? RateBudgetHeaders.None;
            Request = request;
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            ContentType = contentType;
            RayId = rayId;
            RetryAfter = retryAfter;
            Body = body;
        }

        public CfRequest Request { get; }

        public int StatusCode { get; }

        public string ReasonPhrase { get; }

        public string? ContentType { get; }

        /// <summary>The cf-ray header, which Cloudflare support asks for.</summary>
        public string? RayId { get; }

        /// <summary>From retry-after-ms or Retry-After; null when the response has neither.</summary>
        public TimeSpan? RetryAfter { get; }

        public ResponseBody Body { get; }

        /// <summary>What the Ratelimit and Ratelimit-Policy headers said, per policy; empty when the answer had neither (errors are read too).</summary>
        public IReadOnlyList<RateLimitObservation> RateLimits { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public bool IsJson =>
            (ContentType ?? string.Empty).IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
            (Body.Length > 0 && (Body[0] == (byte)'{' || Body[0] == (byte)'['));

        /// <summary>A success without a body, for a delete whose earlier attempt had already deleted the object.</summary>
        public CfResponse AsEmptySuccess()
        {
            Dispose();
            return new CfResponse(Request, 204, "No Content", null, RayId, null, ResponseBody.Empty, RateLimits);
        }

        public void Dispose() => Body.Dispose();
    }
}
