using System;
using System.Collections.Generic;
using System.Globalization;

namespace CloudflareCni
{
    /// <summary>One request the sandbox received, as Get-CfSandboxRequest writes it: what a script sent, and the answer's status.</summary>
    public sealed class CfSandboxRequest
    {
        internal CfSandboxRequest()
        {
        }

        /// <summary>When the sandbox received it.</summary>
        public DateTimeOffset Time { get; internal set; }

        /// <summary>The cmdlet that sent it, such as New-CfCni.</summary>
        public string? Command { get; internal set; }

        public string Method { get; internal set; } = string.Empty;

        /// <summary>The path as sent, without the query, such as /client/v4/accounts/{account_id}/cni/interconnects.</summary>
        public string Path { get; internal set; } = string.Empty;

        /// <summary>The path after /accounts/{account_id}/cni, as the API's reference names the operations, such as /interconnects/icon-1/status.</summary>
        public string Route { get; internal set; } = string.Empty;

        /// <summary>The account id in the path.</summary>
        public string? AccountId { get; internal set; }

        /// <summary>The query as sent, without the leading ?, such as site=AMS01&amp;limit=20; empty when none.</summary>
        public string QueryString { get; internal set; } = string.Empty;

        /// <summary>The decoded query parameters by name (case-sensitive, as the API reads them).</summary>
        public CfTextMap Query { get; internal set; } = new CfTextMap(StringComparer.Ordinal);

        /// <summary>The JSON body as text, or null for a request without one.</summary>
        public string? Body { get; internal set; }

        /// <summary>The request headers. The values of Authorization and X-Auth-Key are never kept: they read (redacted).</summary>
        public CfTextMap Headers { get; internal set; } = new CfTextMap(StringComparer.OrdinalIgnoreCase);

        /// <summary>The status the sandbox answered; 0 when it gave no answer (a connection reset, a stall, a cancelled request).</summary>
        public int StatusCode { get; internal set; }

        /// <summary>The kind of the fault that answered it (such as TooManyRequests), or null when it was served normally.</summary>
        public string? Fault { get; internal set; }

        public override string ToString() =>
            Method + " " + Path + (QueryString.Length > 0 ? "?" + QueryString : string.Empty) + " -> " + StatusCode.ToString(CultureInfo.InvariantCulture);
    }
}
