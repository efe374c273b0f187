using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using CloudflareCni.Api;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Sets the credential, default account and request settings for this PowerShell process; or, with -Name or
    /// -PassThru, makes a connection for -Connection that leaves the default alone.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CfAccount", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(CfContext))]
    public sealed class ConnectCfAccountCommand : CfCmdlet
    {
        private const string TokenSet = "ApiToken";
        private const string KeySet = "ApiKey";
        private const string SandboxSet = "Sandbox";
        private const string SandboxDataSet = "SandboxData";
        private const string EnvironmentSet = "Environment";

        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        [SecureStringOnly]
        [ValidateCredentialText("API token")]
        public SecureString? ApiToken { get; set; }

        /// <summary>The legacy global API key; needs -Email.</summary>
        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [ValidateNotNull]
        [SecureStringOnly]
        [ValidateCredentialText("API key")]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [ValidateNotNullOrEmpty]
        [ValidateEmail]
        public string? Email { get; set; }

        /// <summary>Uses an in-process emulator of the API, seeded with sample slots: offline, nothing real changes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        [Parameter(Mandatory = true, ParameterSetName = SandboxDataSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>
        /// What the sandbox starts with instead of the sample, in the API's own field names: a hashtable or object with
        /// slots, interconnects, cnis and settings; JSON text; or the path of a .json file.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxDataSet)]
        [ValidateNotNull]
        public object? SandboxData { get; set; }

        /// <summary>Starts the sandbox without the sample slots: no slots, interconnects or CNIs.</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        public SwitchParameter SandboxEmpty { get; set; }

        /// <summary>How many status reads a new sandbox interconnect reports Pending before Healthy. Default 2; 0 for at once.</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [Parameter(ParameterSetName = SandboxDataSet)]
        [ValidateRange(0, 1000000)]
        public int PendingStatusReads { get; set; }

        /// <summary>
        /// Runs the sandbox in real time: retry back-off, 429 pauses and the rate budget's holds take the time they say,
        /// instead of passing at once on the sandbox's own clock.
        /// </summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [Parameter(ParameterSetName = SandboxDataSet)]
        public SwitchParameter SandboxRealTime { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateAccountId]
        public string? AccountId { get; set; }

        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [ValidateNotNull]
        [UriInput]
        [ValidateBaseUri]
        public Uri? BaseUri { get; set; }

        /// <summary>Seconds one request may take before it fails. Default 60.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>How often a failed request is retried. Default 3.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaximumRetryCount { get; set; }

        /// <summary>The most seconds one request spends waiting between retries, all together. Default 60.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int MaximumRetryWaitSec { get; set; }

        /// <summary>
        /// Requests the rate budget holds wait for it, however long (progress shows the wait; Ctrl+C stops it), and that
        /// wait does not count against -TimeoutSec. Without it, a hold longer than -TimeoutSec fails at once with
        /// CfApi.RateLimited, nothing sent, saying when sending is allowed again.
        /// </summary>
        [Parameter]
        public SwitchParameter WaitForRateLimit { get; set; }

        /// <summary>A proxy for all requests; without it HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply.</summary>
        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [ValidateNotNull]
        [UriInput]
        [ValidateProxyUri]
        public Uri? Proxy { get; set; }

        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>
        /// Keeps the connection under this name, for -Connection, instead of making it the default: the default
        /// connection stays as it is. Connecting again with the same name replaces that one.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateConnectionName]
        public string? Name { get; set; }

        /// <summary>
        /// Returns the connection as an object for -Connection, without making it the default or keeping it by name:
        /// it lasts as long as the variable holding it.
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Connects without checking the credential with Cloudflare (for offline preparation); the first real request checks it.</summary>
        [Parameter(ParameterSetName = TokenSet)]
        [Parameter(ParameterSetName = KeySet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        public SwitchParameter SkipCredentialCheck { get; set; }

        private protected override void Process()
        {
            bool connected = false;
            try
            {
                connected = Connect();
            }
            finally
            {
                if (!connected)
                {
                    ForgetWhatThisWasToReplace();
                }
            }
        }

        /// <summary>Makes and keeps the connection; false (or an exception) when it failed.</summary>
        private bool Connect()
        {
            var options = new CfClientOptions();
            if (IsBound(nameof(TimeoutSec)))
            {
                options.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            }

            if (IsBound(nameof(MaximumRetryCount)))
            {
                options.MaxRetries = MaximumRetryCount;
            }

            if (IsBound(nameof(MaximumRetryWaitSec)))
            {
                options.MaxRetryWait = TimeSpan.FromSeconds(MaximumRetryWaitSec);
            }

            options.WaitForRateLimit = WaitForRateLimit.IsPresent;

            string? accountId = AccountId ?? CfSession.AccountFromEnvironment();
            CfConnection connection;
            if (Sandbox.IsPresent)
            {
                accountId ??= CniEmulator.SandboxAccountId;
                connection = CfConnection.CreateSandbox(options, accountId, NewSandbox(accountId));
            }
            else
            {
                options.Credential = Credential();
                options.BaseUri = BaseUri ?? CfSession.BaseUriFromEnvironment();
                connection = CfConnection.Create(options, accountId, CfContextSource.Session, ChosenProxy());
            }

            if (!Sandbox.IsPresent && !SkipCredentialCheck.IsPresent && !Verified(connection))
            {
                return false;
            }

            if (CallerRunspace != null)
            {
                connection.MadeIn = (CallerRunspace.InstanceId, CallerRunspace.Id);
            }

            if (Name != null)
            {
                connection.Name = Name;
                CfConnection? replaced = CfSession.Process.Keep(connection);
                if (replaced?.MadeIn != null && replaced.MadeIn.Value.InstanceId != CallerRunspace?.InstanceId)
                {
                    WriteNotice(
                        $"Replaced the connection {DiagnosticText.Quote(Name)} that runspace {replaced.MadeIn.Value.Id} made: named connections belong to the whole process, " +
                        $"so commands in every runspace that use -Connection {Name} now use this one. For a connection of this runspace only, " +
                        "connect without -Name (each runspace has its own default), or use -PassThru.");
                }

                WriteVerbose($"Kept the connection as {DiagnosticText.Quote(Name)}; the default connection is unchanged. Use it with -Connection {Name}.");
            }
            else if (PassThru.IsPresent)
            {
                WriteVerbose("Returned the connection for -Connection; the default connection is unchanged.");
            }
            else if (CfSession.Process.Connect(connection, CallerRunspace) == DefaultScope.Runspace)
            {
                WriteVerbose(
                    $"Connected as the default of this runspace ({CallerRunspace!.Id}) only: the session's default belongs to the runspace that connected first, " +
                    "and stays as it is for the runspaces that never connected.");
            }

            if (connection.AccountId is null)
            {
                WriteNotice($"Connected without a default account: pass -AccountId to each command, or set {CfSession.AccountVariable}.");
            }

            WriteResult(connection.Describe());
            return true;
        }

        /// <summary>
        /// A failed connect leaves no older connection in the place of the one it was to make: the runspace's default (for
        /// the runspace that owns it, the session's), or the connection of that name. -PassThru replaces nothing.
        /// </summary>
        private void ForgetWhatThisWasToReplace()
        {
            if (Name != null)
            {
                CfSession.Process.Disconnect(Name);
            }
            else if (!PassThru.IsPresent)
            {
                CfSession.Process.ConnectFailed(CallerRunspace);
            }
        }

        /// <summary>
        /// Checks the credential with one request. A refused credential (401) is not kept; one that lacks the permission for
        /// the check's read (403) is kept, with a warning, since other reads may be allowed. A credential that Cloudflare
        /// has paused (a 429), or whose rate budget holds requests (down to its reserve), is kept unchecked, with a warning
        /// that says until when and why: the hold is no reason to be left without a connection, and checking would spend
        /// a request or (with -WaitForRateLimit) wait out the hold, up to 5 minutes.
        /// </summary>
        private bool Verified(CfConnection connection)
        {
            Api.RateBudget budget = connection.Executor.Budget;
            if (budget.LastingHold() is Api.RateBudgetHold holding)
            {
                WarnHeld(connection, holding, checkedNow: false);
                return true;
            }

            try
            {
                Await(connection.VerifyAsync(connection.AccountId, Call));
                WriteVerbose("Cloudflare accepted the credential.");
                return true;
            }
            catch (CfApiException ex) when (ex.StatusCode == 403)
            {
                WriteNotice(
                    $"The credential is valid but may not read the CNI settings of account {connection.AccountId} (403 Forbidden). " +
                    "Commands that need that permission will fail; check the token's Network Interconnects permissions.");
                return true;
            }
            catch (CfApiException ex) when (ex.NotSent || ex.StatusCode == 429)
            {
                if (ex.Hold != null)
                {
                    WarnHeld(connection, ex.Hold, checkedNow: false);
                }
                else
                {
                    WarnPaused(connection, budget.Snapshot().PausedUntil, checkedNow: true);
                }

                return true;
            }
            catch (CfApiException ex)
            {
                connection.Dispose();
                ErrorRecord record = CfErrors.FromApi(ex, null);
                record.ErrorDetails = new ErrorDetails(
                    (ex.StatusCode == 401 ? "Cloudflare refused the credential, which was not kept. " : "The credential could not be checked, and was not kept. ") + ex.Message)
                {
                    RecommendedAction = ex.StatusCode == 401
                        ? "Check the API token (or the email and key), and its account."
                        : "Check the network and the base URI; to connect without the check (offline), add -SkipCredentialCheck.",
                };
                Terminate(record);
                return false;
            }
        }

        /// <summary>The credential check was not sent, or not answered, because the rate budget holds requests: say until when and why.</summary>
        private void WarnHeld(CfConnection connection, Api.RateBudgetHold hold, bool checkedNow)
        {
            string when = "until " + Api.RateBudgetHold.TimeOfDay(hold.UntilWallClock) + " (in " + Api.RateBudgetHold.Duration(hold.Wait) + ")";
            if (hold.Reason == Api.RateBudgetHoldReason.LockedOut)
            {
                WarnPaused(connection, when, checkedNow);
                return;
            }

            WriteNotice($"The rate budget holds requests with this credential {when}: {hold.Why} The connection is kept, its credential not checked. {Then(connection)}");
        }

        private void WarnPaused(CfConnection connection, DateTimeOffset? until, bool checkedNow)
        {
            DateTimeOffset now = connection.Executor.Clock.WallNow;
            string when = until is DateTimeOffset time
                ? "until " + Api.RateBudgetHold.TimeOfDay(time) + " (in " + Api.RateBudgetHold.Duration(time > now ? time - now : TimeSpan.Zero) + ")"
                : "for now";
            WarnPaused(connection, when, checkedNow);
        }

        private void WarnPaused(CfConnection connection, string when, bool checkedNow)
        {
            string why = checkedNow ? "it answered the credential check with 429 Too Many Requests" : "it answered 429 Too Many Requests to an earlier request with this credential";
            WriteNotice($"Cloudflare pauses requests with this credential {when}: {why}. The connection is kept, its credential not checked. {Then(connection)}");
        }

        private static string Then(CfConnection connection) => connection.Executor.Options.WaitForRateLimit
            ? "Commands wait until then (-WaitForRateLimit)."
            : "Commands before then fail at once (CfApi.RateLimited, nothing sent), unless you connect with -WaitForRateLimit, which makes them wait.";

        /// <summary>
        /// The sandbox's emulator: the sample, empty, or seeded from -SandboxData. Bad data ends the command with
        /// CfSandbox.InvalidData before anything is connected, so the current connection stays.
        /// </summary>
        private CniEmulator NewSandbox(string accountId)
        {
            // The sandbox's own clock, which its connection shares: waits pass at once on it (-SandboxRealTime: real ones).
            CfClock clock = SandboxRealTime.IsPresent ? CfClock.Real : new CfVirtualClock();
            CniEmulator emulator;
            if (ParameterSetName == SandboxDataSet)
            {
                emulator = new CniEmulator(clock);
                try
                {
                    emulator.Seed(accountId, Emulator.SandboxData.Read(SandboxData!, SessionState.Path.GetUnresolvedProviderPathFromPSPath));
                }
                catch (SandboxDataException ex)
                {
                    Terminate(CfErrors.Record(
                        // The message quotes the data (names, ids, the keys given), which may hold anything.
                        new System.IO.InvalidDataException(DiagnosticText.Escape(ex.Message), ex),
                        CfErrors.InvalidSandboxData,
                        ErrorCategory.InvalidData,
                        SandboxData,
                        "Fix the sandbox data: the message names the item and the field. Get-Help Connect-CfAccount -Parameter SandboxData shows the format."));
                }
            }
            else
            {
                emulator = SandboxEmpty.IsPresent ? new CniEmulator(clock) : CniEmulator.CreateSample(accountId, clock);
            }

            if (IsBound(nameof(PendingStatusReads)))
            {
                emulator.PendingStatusReads = PendingStatusReads;
            }

            return emulator;
        }

        private CfCredential Credential()
        {
            if (ApiToken != null)
            {
                return CfCredential.FromToken(ApiToken);
            }

            if (ApiKey != null)
            {
                return CfCredential.FromKey(Email!, ApiKey);
            }

            CfCredential? fromEnvironment = CfSession.CredentialFromEnvironment();
            if (fromEnvironment is null)
            {
                Terminate(CfErrors.Record(
                    new InvalidOperationException(
                        $"No credential given: pass -ApiToken (Read-Host -AsSecureString), or -ApiKey with -Email, or set {CfSession.TokenVariable}. " +
                        "For an offline trial, use -Sandbox."),
                    CfErrors.NoCredential,
                    ErrorCategory.AuthenticationError,
                    null,
                    "Pass -ApiToken, or set CLOUDFLARE_API_TOKEN."));
            }

            return fromEnvironment!;
        }

        /// <summary>-Proxy wins over the environment; -ProxyCredential applies to whichever proxy is used.</summary>
        private IWebProxy? ChosenProxy()
        {
            NetworkCredential? proxyCredential = ProxyCredential?.GetNetworkCredential();
            if (Proxy != null)
            {
                // User information in the URI becomes the proxy's credentials (unless -ProxyCredential is given) and
                // never stays in the URI, which Get-CfContext shows.
                return new WebProxy(EnvironmentProxy.StripUserInfo(Proxy))
                {
                    Credentials = proxyCredential ?? EnvironmentProxy.CredentialsOf(Proxy),
                };
            }

            IWebProxy? fromEnvironment = CfSession.ProxyFromEnvironment();
            if (proxyCredential != null)
            {
                if (fromEnvironment is null)
                {
                    throw new CfValidationException(
                        nameof(ProxyCredential), CfErrors.ProxyCredentialWithoutProxy, "-ProxyCredential needs -Proxy, or a proxy in HTTPS_PROXY or HTTP_PROXY.");
                }

                fromEnvironment.Credentials = proxyCredential;
            }

            return fromEnvironment;
        }
    }
}
