using System;
using System.Management.Automation;
using CloudflareCni.Api;

namespace CloudflareCni
{
    /// <summary>
    /// Every ErrorId the module writes, and the ErrorRecords behind them. Scripts match on these ids (PowerShell
    /// appends the cmdlet name to make the FullyQualifiedErrorId), so they never change once released.
    /// </summary>
    internal static class CfErrors
    {
        // Failed requests: CfApi.*
        public const string BadRequest = "CfApi.BadRequest";
        public const string AuthenticationFailed = "CfApi.AuthenticationFailed";
        public const string PermissionDenied = "CfApi.PermissionDenied";
        public const string NotFound = "CfApi.NotFound";
        public const string MethodNotAllowed = "CfApi.MethodNotAllowed";
        public const string Conflict = "CfApi.Conflict";
        public const string RateLimited = "CfApi.RateLimited";
        public const string ServerError = "CfApi.ServerError";
        public const string RequestFailed = "CfApi.RequestFailed";
        public const string Timeout = "CfApi.Timeout";
        public const string ConnectionFailed = "CfApi.ConnectionFailed";
        public const string InvalidResponse = "CfApi.InvalidResponse";
        public const string PagingLoop = "CfApi.PagingLoop";
        public const string InvalidItem = "CfApi.InvalidItem";
        public const string RequestTooLarge = "CfApi.RequestTooLarge";

        // The connection: CfAccount.*
        public const string NotConnected = "CfAccount.NotConnected";
        public const string NoAccountId = "CfAccount.NoAccountId";
        public const string NoCredential = "CfAccount.NoCredential";
        public const string ConnectionNotFound = "CfAccount.ConnectionNotFound";

        // Input that binding cannot check (piped objects, rules across parameters, the environment): CfValidation.*
        public const string InvalidBaseUri = "CfValidation.InvalidBaseUri";
        public const string InsecureBaseUri = "CfValidation.InsecureBaseUri";
        public const string InvalidCredential = "CfValidation.InvalidCredential";
        public const string InvalidAccountId = "CfValidation.InvalidAccountId";
        public const string InvalidPathSegment = "CfValidation.InvalidPathSegment";
        public const string ProxyCredentialWithoutProxy = "CfValidation.ProxyCredentialWithoutProxy";
        public const string BgpNeedsCustomerAsn = "CfValidation.BgpNeedsCustomerAsn";
        public const string CustomerIpOutsidePrefix = "CfValidation.CustomerIpOutsidePrefix";
        public const string NothingToChange = "CfValidation.NothingToChange";
        public const string RemoveBgpConflict = "CfValidation.RemoveBgpConflict";
        public const string InvalidPipedValue = "CfValidation.InvalidPipedValue";
        public const string UnsupportedInput = "CfValidation.UnsupportedInput";
        public const string PagingNotApplicable = "CfValidation.PagingNotApplicable";
        public const string FaultParameterMismatch = "CfValidation.FaultParameterMismatch";
        public const string DeserializedInput = "CfValidation.DeserializedInput";
        public const string UnknownProperty = "CfValidation.UnknownProperty";
        public const string InvalidWildcard = "CfValidation.InvalidWildcard";
        public const string ValueRequired = "CfValidation.ValueRequired";
        public const string TypeConflict = "CfValidation.TypeConflict";

        // The sandbox and the cmdlets that shape it: CfSandbox.*
        public const string NotSandbox = "CfSandbox.NotSandbox";
        public const string InvalidSandboxData = "CfSandbox.InvalidData";
        public const string SandboxInterconnectNotFound = "CfSandbox.InterconnectNotFound";

        // Commands that wait or write files.
        public const string WaitTimeout = "CfWait.Timeout";
        public const string LoaFileExists = "CfLoa.FileExists";
        public const string LoaFolderNotFound = "CfLoa.FolderNotFound";
        public const string LoaWriteFailed = "CfLoa.WriteFailed";

        /// <summary>An ErrorRecord whose message also carries a recommended action.</summary>
        public static ErrorRecord Record(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            }

            return record;
        }

        /// <summary>No connection is kept under the name.</summary>
        public static ErrorRecord ConnectionNotFoundRecord(string name) =>
            Record(
                new ItemNotFoundException($"No connection is named {DiagnosticText.Quote(name)}."),
                ConnectionNotFound,
                ErrorCategory.ObjectNotFound,
                name,
                "Get-CfContext -ListAvailable lists the connections; Connect-CfAccount -Name makes one.");

        /// <summary>A rule that binding could not check was broken; nothing was sent.</summary>
        public static ErrorRecord Invalid(CfValidationException exception, object? target) =>
            Record(exception, exception.ErrorId, ErrorCategory.InvalidArgument, target);

        /// <summary>
        /// A failed API call, with its stable ErrorId and category. <paramref name="checkIfItExists"/> names the command
        /// that shows whether a create that failed uncertainly took effect after all.
        /// </summary>
        public static ErrorRecord FromApi(CfApiException exception, object? target, string? checkIfItExists = null)
        {
            string id;
            ErrorCategory category;
            string? action = null;
            switch (exception.Kind)
            {
                case CfFailureKind.Timeout:
                    id = Timeout;
                    category = ErrorCategory.OperationTimeout;
                    action = "Try again, or raise -TimeoutSec on Connect-CfAccount.";
                    break;
                case CfFailureKind.Connection:
                    id = ConnectionFailed;
                    category = ErrorCategory.ConnectionError;
                    action = exception.Proxy != null
                        ? "Check the proxy (-Proxy on Connect-CfAccount, or HTTPS_PROXY and NO_PROXY): it refused or dropped the connection."
                        : "Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY, -Proxy) and the base URI.";
                    break;
                case CfFailureKind.InvalidResponse:
                    id = InvalidResponse;
                    category = ErrorCategory.InvalidResult;
                    break;
                case CfFailureKind.PagingLoop:
                    id = PagingLoop;
                    category = ErrorCategory.InvalidResult;
                    break;
                case CfFailureKind.InvalidItem:
                    id = InvalidItem;
                    category = ErrorCategory.InvalidResult;
                    action = "The other items were listed. The error's TargetObject holds the item as the server sent it; a newer version of the module may read it.";
                    break;
                case CfFailureKind.RateLimitHeld:
                    // The id of a 429, which scripts already catch; StatusCode 0 and NotSent tell that nothing was sent.
                    id = RateLimited;
                    category = ErrorCategory.LimitsExceeded;
                    // The wait as a duration too: a sandbox's clock, whose time of day this is, runs ahead of real time by
                    // every wait it skipped.
                    action = $"Try again in {RateBudgetHold.Duration(exception.RetryAfter ?? TimeSpan.Zero)} (at {RateBudgetHold.TimeOfDay(exception.RetryAt!.Value)}), " +
                        "or connect with Connect-CfAccount -WaitForRateLimit so that commands wait for the rate budget themselves.";
                    break;
                default:
                    MapStatus(exception, target, out id, out category, out action);
                    break;
            }

            ErrorRecord record = Record(exception, id, category, target, action);
            if (exception.MayHaveTakenEffect)
            {
                // The create was not sent again, since it may have landed: say so, and how to look.
                string check = checkIfItExists is null ? "list the objects" : "run " + checkIfItExists;
                record.ErrorDetails = new ErrorDetails(
                    exception.Message + " The request may have reached Cloudflare before it failed, so the object may exist; it was not sent again, to avoid creating it twice.")
                {
                    RecommendedAction = $"Before trying again, {check} to see whether it was created.",
                };
            }

            return record;
        }

        private static void MapStatus(CfApiException exception, object? target, out string id, out ErrorCategory category, out string? action)
        {
            int status = exception.StatusCode;
            action = null;
            switch (status)
            {
                case 400:
                case 422:
                    id = BadRequest;
                    category = ErrorCategory.InvalidArgument;
                    break;
                case 401:
                    id = AuthenticationFailed;
                    category = ErrorCategory.AuthenticationError;
                    action = "Check the API token (or the email and global API key) given to Connect-CfAccount or set in CLOUDFLARE_API_TOKEN.";
                    break;
                case 403:
                    id = PermissionDenied;
                    category = ErrorCategory.PermissionDenied;
                    action = "Give the token the Network Interconnects permissions on this account, or check -AccountId.";
                    break;
                case 404:
                    id = NotFound;
                    category = ErrorCategory.ObjectNotFound;
                    break;
                case 405:
                    id = MethodNotAllowed;
                    category = ErrorCategory.InvalidOperation;
                    break;
                case 408:
                    id = Timeout;
                    category = ErrorCategory.OperationTimeout;
                    break;
                case 409:
                    id = Conflict;
                    category = ErrorCategory.ResourceExists;
                    break;
                case 414:
                case 431:
                    // The request line or headers were too long for the server: a value given made them so.
                    id = RequestTooLarge;
                    category = ErrorCategory.InvalidArgument;
                    action = target is string value
                        ? $"Shorten the value {DiagnosticText.Quote(value)}: the server refused a request that long."
                        : "Shorten the values given (names, filters, the account id): the server refused a request that long.";
                    break;
                case 429:
                    id = RateLimited;
                    category = ErrorCategory.LimitsExceeded;
                    action = exception.RetryAfter is TimeSpan wait
                        ? $"Wait {Api.DiagnosticText.Elapsed(wait)} and try again, or raise -MaximumRetryWaitSec and -TimeoutSec on Connect-CfAccount so that the module waits that long itself."
                        : "Wait and try again, or raise -MaximumRetryCount and -MaximumRetryWaitSec on Connect-CfAccount.";
                    break;
                default:
                    if (status >= 500)
                    {
                        id = ServerError;
                        category = ErrorCategory.ResourceUnavailable;
                        action = "Try again later. Quote the cf-ray id if you contact Cloudflare support.";
                    }
                    else
                    {
                        // A status this API does not document: a redirect (not followed, so the credential stays with
                        // the host it was given for) or another client error.
                        id = RequestFailed;
                        category = status >= 400 ? ErrorCategory.InvalidOperation : ErrorCategory.InvalidResult;
                        action = status >= 300 && status < 400
                            ? "The server redirected the request, which the module does not follow: check the base URI (-BaseUri or CLOUDFLARE_BASE_URL)."
                            : null;
                    }

                    break;
            }
        }
    }

    /// <summary>A rule that binding cannot check was broken (a piped object, a rule across parameters, an environment variable); raised before any request.</summary>
    internal sealed class CfValidationException : ArgumentException
    {
        private readonly string parameterName;

        // The name is kept apart from the message, which already names the parameter: ArgumentException would append it again.
        public CfValidationException(string parameterName, string errorId, string message)
            : base(message)
        {
            this.parameterName = parameterName;
            ErrorId = errorId;
        }

        public override string ParamName => parameterName;

        /// <summary>One of the CfValidation.* ids of <see cref="CfErrors"/>.</summary>
        public string ErrorId { get; }
    }
}
