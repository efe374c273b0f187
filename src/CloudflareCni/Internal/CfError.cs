using System;
using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni.Internal
{
    /// <summary>
    /// A PowerShell error described in plain values, so that the decisions behind it can be tested without a
    /// PowerShell host. The cmdlet turns it into an ErrorRecord.
    /// </summary>
    internal sealed class CfError
    {
        public CfError(Exception exception, string errorId, ErrorCategory category, object? targetObject, string? recommendedAction = null)
        {
            Exception = exception;
            ErrorId = errorId;
            Category = category;
            TargetObject = targetObject;
            RecommendedAction = recommendedAction;
        }

        public Exception Exception { get; }

        /// <summary>Stable; scripts match on it (PowerShell appends the cmdlet name to make the FullyQualifiedErrorId).</summary>
        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        public object? TargetObject { get; }

        public string? RecommendedAction { get; }

        public string Message => Exception.Message;

        public override string ToString() => $"{ErrorId} ({Category}): {Message}";

        /// <summary>Maps a failed API call to its stable ErrorId and category.</summary>
        public static CfError FromApi(CfApiException exception, object? targetObject)
        {
            string id;
            ErrorCategory category;
            string? action = null;
            switch (exception.Kind)
            {
                case CfFailureKind.Timeout:
                    id = "CfApi.Timeout";
                    category = ErrorCategory.OperationTimeout;
                    action = "Try again, or raise -TimeoutSec on Connect-CfAccount.";
                    break;
                case CfFailureKind.Connection:
                    id = "CfApi.ConnectionFailed";
                    category = ErrorCategory.ConnectionError;
                    action = "Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY, -Proxy) and the base URI.";
                    break;
                case CfFailureKind.InvalidResponse:
                    id = "CfApi.InvalidResponse";
                    category = ErrorCategory.InvalidResult;
                    break;
                case CfFailureKind.PagingLoop:
                    id = "CfApi.PagingLoop";
                    category = ErrorCategory.InvalidResult;
                    break;
                default:
                    MapStatus(exception.StatusCode, out id, out category, out action);
                    break;
            }

            return new CfError(exception, id, category, targetObject, action);
        }

        private static void MapStatus(int status, out string id, out ErrorCategory category, out string? action)
        {
            action = null;
            switch (status)
            {
                case 400:
                case 422:
                    id = "CfApi.BadRequest";
                    category = ErrorCategory.InvalidArgument;
                    break;
                case 401:
                    id = "CfApi.AuthenticationFailed";
                    category = ErrorCategory.AuthenticationError;
                    action = "Check the API token (or the email and global API key) given to Connect-CfAccount or set in CLOUDFLARE_API_TOKEN.";
                    break;
                case 403:
                    id = "CfApi.PermissionDenied";
                    category = ErrorCategory.PermissionDenied;
                    action = "Give the token the Network Interconnects permissions on this account, or check -AccountId.";
                    break;
                case 404:
                    id = "CfApi.NotFound";
                    category = ErrorCategory.ObjectNotFound;
                    break;
                case 405:
                    id = "CfApi.MethodNotAllowed";
                    category = ErrorCategory.InvalidOperation;
                    break;
                case 408:
                    id = "CfApi.Timeout";
                    category = ErrorCategory.OperationTimeout;
                    break;
                case 409:
                    id = "CfApi.Conflict";
                    category = ErrorCategory.ResourceExists;
                    break;
                case 429:
                    id = "CfApi.RateLimited";
                    category = ErrorCategory.LimitsExceeded;
                    action = "Wait and try again, or raise -MaximumRetryCount and -MaximumRetryWaitSec on Connect-CfAccount.";
                    break;
                default:
                    if (status >= 500)
                    {
                        id = "CfApi.ServerError";
                        category = ErrorCategory.ResourceUnavailable;
                        action = "Try again later. Quote the cf-ray id if you contact Cloudflare support.";
                    }
                    else
                    {
                        id = "CfApi.RequestFailed";
                        category = ErrorCategory.NotSpecified;
                    }

                    break;
            }
        }
    }

    /// <summary>Ends the command: thrown by the plain logic, turned into ThrowTerminatingError by the cmdlet.</summary>
    internal sealed class CfTerminatingException : Exception
    {
        public CfTerminatingException(CfError error)
            : base(error.Message, error.Exception)
        {
            Error = error;
        }

        public CfError Error { get; }
    }

    /// <summary>A parameter value broke a rule; raised before any request is sent.</summary>
    internal sealed class CfValidationException : ArgumentException
    {
        private readonly string parameterName;

        // The name is kept apart from the message, which already names the parameter: ArgumentException would append it again.
        public CfValidationException(string parameterName, string rule, string message)
            : base(message)
        {
            this.parameterName = parameterName;
            Rule = rule;
        }

        public override string ParamName => parameterName;

        /// <summary>The rule's short name, which becomes the ErrorId suffix (CfValidation.Rule).</summary>
        public string Rule { get; }

        public CfError ToError(object? target) =>
            new CfError(this, "CfValidation." + Rule, ErrorCategory.InvalidArgument, target);
    }
}
