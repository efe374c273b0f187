using System;
using System.Management.Automation;
using CloudflareCni.Completion;
using CloudflareCni.Emulator;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>Makes the sandbox fail the next requests, or the next ones that match a method, a path or a cmdlet.</summary>
    [Cmdlet(VerbsCommon.Add, "CfSandboxFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class AddCfSandboxFaultCommand : CfSandboxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [SafeTextInput]
        [ValidateSet("TooManyRequests", "ServerError", "Unauthorized", "Forbidden", "Stall", "ConnectionReset", "NonJson", "TruncatedJson", "EmptyBody", "CommitThenFail")]
        public string Kind { get; set; } = string.Empty;

        /// <summary>How many matching requests fail. Default 1.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = 1;

        [Parameter]
        [SafeTextInput]
        [ValidateSet("GET", "POST", "PUT", "DELETE")]
        public string? Method { get; set; }

        /// <summary>A wildcard pattern for the request path, such as */interconnects/*/status.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ValidateText(MaxLength = ModuleRules.MaxTextLength)]
        public string? Path { get; set; }

        /// <summary>Only requests that this cmdlet sends, such as New-CfCni.</summary>
        [Parameter]
        [ValidateCfCommand]
        [ArgumentCompleter(typeof(CfCommandCompleter))]
        public string? Command { get; set; }

        /// <summary>The 5xx status of a ServerError or CommitThenFail fault. Defaults: 503 and 502.</summary>
        [Parameter]
        [ValidateRange(500, 599)]
        public int StatusCode { get; set; }

        /// <summary>The Retry-After seconds of a TooManyRequests fault. Default 1.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryAfterSec { get; set; }

        private protected override void Process()
        {
            Patterns.Require(this, nameof(Path), Path is null ? null : new[] { Path });
            var kind = (EmulatorFaultKind)Enum.Parse(typeof(EmulatorFaultKind), Kind, ignoreCase: true);
            bool hasStatus = kind == EmulatorFaultKind.ServerError || kind == EmulatorFaultKind.CommitThenFail;
            if (IsBound(nameof(StatusCode)) && !hasStatus)
            {
                throw new CfValidationException(
                    nameof(StatusCode), CfErrors.FaultParameterMismatch, $"-StatusCode applies to ServerError and CommitThenFail faults, not to {kind}.");
            }

            if (IsBound(nameof(RetryAfterSec)) && kind != EmulatorFaultKind.TooManyRequests)
            {
                throw new CfValidationException(
                    nameof(RetryAfterSec), CfErrors.FaultParameterMismatch, $"-RetryAfterSec applies to TooManyRequests faults, not to {kind}.");
            }

            EmulatorFault fault = EmulatorFault.For(
                kind,
                IsBound(nameof(StatusCode)) ? StatusCode : 0,
                Method?.ToUpperInvariant(),
                Path,
                CfCommandNames.Canonical(Command),
                IsBound(nameof(RetryAfterSec)) ? RetryAfterSec : (int?)null);

            if (ShouldChange("sandbox", $"Fail the next {Count} matching request(s) with {Api.DiagnosticText.Escape(fault.ToString())}"))
            {
                Sandbox.Faults.Enqueue(fault, Count);
            }
        }
    }
}
