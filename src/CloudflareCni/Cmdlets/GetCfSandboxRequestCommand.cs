using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Emulator;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Lists the requests the sandbox received, oldest first, so that a test can assert what a script sent.</summary>
    [Cmdlet(VerbsCommon.Get, "CfSandboxRequest")]
    [OutputType(typeof(CfSandboxRequest))]
    public sealed class GetCfSandboxRequestCommand : CfSandboxCmdlet
    {
        /// <summary>Header values that are credentials: never kept in the output.</summary>
        private static readonly HashSet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Authorization", "X-Auth-Key" };

        internal const string Redacted = "(redacted)";

        [Parameter]
        [SafeTextInput]
        [ValidateSet("GET", "POST", "PUT", "DELETE")]
        public string? Method { get; set; }

        /// <summary>A wildcard pattern for the request path, such as */cnis*.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength)]
        public string? Path { get; set; }

        /// <summary>Only requests that this cmdlet sent, such as New-CfCni.</summary>
        [Parameter]
        [ValidateCfCommand]
        [ArgumentCompleter(typeof(CfCommandCompleter))]
        public string? Command { get; set; }

        private protected override void Process()
        {
            Patterns.Require(this, nameof(Path), Path is null ? null : new[] { Path });
            WildcardPattern? path = Path is null ? null : Patterns.Of(Path);
            foreach (RecordedRequest request in Sandbox.Requests)
            {
                if ((Method != null && !string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
                    || (Command != null && !string.Equals(Command, request.Command, StringComparison.OrdinalIgnoreCase))
                    || (path != null && !path.IsMatch(request.Path)))
                {
                    continue;
                }

                WriteResult(ToOutput(request));
            }
        }

        internal static CfSandboxRequest ToOutput(RecordedRequest request)
        {
            var query = new CfTextMap(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in request.Query)
            {
                if (!query.ContainsKey(pair.Key))
                {
                    query.Add(pair.Key, pair.Value);
                }
            }

            var headers = new CfTextMap(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> header in request.Headers)
            {
                headers[header.Key] = SecretHeaders.Contains(header.Key) ? Redacted : header.Value;
            }

            string[] segments = request.Path.Split('/');
            int accounts = Array.IndexOf(segments, "accounts");
            bool cniRoute = accounts >= 0 && accounts + 2 < segments.Length && segments[accounts + 2] == "cni";
            return new CfSandboxRequest
            {
                Time = request.ReceivedAt,
                Command = request.Command,
                Method = request.Method,
                Path = request.Path,
                Route = cniRoute ? "/" + string.Join("/", segments, accounts + 3, segments.Length - accounts - 3) : request.Path,
                AccountId = accounts >= 0 && accounts + 1 < segments.Length ? Uri.UnescapeDataString(segments[accounts + 1]) : null,
                QueryString = request.QueryString,
                Query = query,
                Body = request.Body,
                Headers = headers,
                StatusCode = request.Status,
                Fault = request.Fault,
            };
        }
    }
}
