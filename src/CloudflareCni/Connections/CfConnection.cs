using System;
using System.Net;
using System.Net.Http;
using CloudflareCni.Api;
using CloudflareCni.Emulator;

namespace CloudflareCni.Connections
{
    /// <summary>One configured way to reach the API: the request pipeline (which the services are made over) and the default account.</summary>
    internal sealed class CfConnection : IDisposable
    {
        private volatile bool closed;

        private CfConnection(RequestExecutor executor, string? accountId, CfContextSource source, CniEmulator? sandbox = null)
        {
            Sandbox = sandbox;
            Executor = executor;
            AccountId = accountId;
            Source = source;
        }

        public RequestExecutor Executor { get; }

        /// <summary>The name Connect-CfAccount -Name kept it under; null for the default connection and for -PassThru.</summary>
        public string? Name { get; set; }

        /// <summary>The runspace Connect-CfAccount ran in (its InstanceId and Id), to tell when a name is replaced from another one.</summary>
        public (Guid InstanceId, int Id)? MadeIn { get; set; }

        /// <summary>True once Disconnect-CfAccount dropped it, or a new Connect-CfAccount replaced it.</summary>
        public bool Closed => closed;

        public string? AccountId { get; }

        public CfContextSource Source { get; }

        /// <summary>How the connection authenticates: Sandbox for a sandbox, whatever credential the sandbox is given.</summary>
        public CfAuthKind AuthKind => Sandbox != null ? CfAuthKind.Sandbox : Executor.Options.Credential.Kind;

        /// <summary>The emulator behind a sandbox connection, which the sandbox cmdlets shape and read; null for a real one.</summary>
        public CniEmulator? Sandbox { get; }

        public static CfConnection Create(CfClientOptions options, string? accountId, CfContextSource source, IWebProxy? proxy)
        {
            // No redirects: .NET drops only Authorization when it follows one, so X-Auth-Key would go to the new host;
            // and a 3xx from this API is an error anyway.
            var handler = new HttpClientHandler { AllowAutoRedirect = false };
            if (proxy != null)
            {
                handler.Proxy = proxy;
                handler.UseProxy = true;
            }

            if (handler.SupportsAutomaticDecompression)
            {
                handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
            }

            CfClientOptions withProxy = options.Clone();
            withProxy.Proxy = proxy;
            return new CfConnection(new RequestExecutor(withProxy, handler), accountId, source);
        }

        /// <summary>
        /// A connection to an in-process emulator (by default a fresh one seeded with sample slots): works offline,
        /// changes nothing real. It paces by a rate budget of its own, on the emulator's clock: every sandbox shares one
        /// base URI, and one test's lock-out must not reach another's.
        /// </summary>
        public static CfConnection CreateSandbox(CfClientOptions options, string? accountId, CniEmulator? emulator = null)
        {
            emulator ??= CniEmulator.CreateSandbox();

            // Cloudflare's own limit (1,200 requests per 5 minutes, its headers, the lock-out); Set-CfSandboxRateLimit shapes it.
            emulator.RateLimit ??= new SandboxRateLimit(emulator.Clock);
            CfClientOptions sandboxOptions = options.Clone();
            // Any token will do. Under 20 characters, so that no part of it is ever shown as a hint.
            sandboxOptions.Credential = CfCredential.FromToken("sandbox-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            sandboxOptions.BaseUri = new Uri("https://sandbox.cloudflarecni.invalid/client/v4");
            sandboxOptions.Budget = RateBudgetRegistry.Isolated(emulator.Clock);
            return new CfConnection(
                new RequestExecutor(sandboxOptions, new CniEmulatorHandler(emulator)),
                accountId ?? CniEmulator.SandboxAccountId,
                CfContextSource.Session,
                emulator);
        }

        /// <summary>
        /// One cheap request that the credential must pass: a read of the account's CNI settings when the account is
        /// known, else Cloudflare's check of the credential itself (the token verify endpoint, or the user of a key).
        /// </summary>
        public System.Threading.Tasks.Task VerifyAsync(string? accountId, CfCall call)
        {
            if (accountId != null)
            {
                return new SettingService(Executor).GetAsync(accountId, call);
            }

            var check = new CfEndpoint(Executor, Executor.Options.Credential.Kind == CfAuthKind.ApiKey ? "user" : "user/tokens/verify");
            return check.GetAsync(check.CollectionPath(), call);
        }

        public void Close() => closed = true;

        /// <summary>
        /// The connection's settings, without its secret; the object also carries the connection, for -Connection. IsDefault
        /// is true when it is the default of the runspace asking.
        /// </summary>
        public CfContext Describe()
        {
            CfClientOptions options = Executor.Options;
            return new CfContext
            {
                Connection = this,
                ConnectionName = Name,
                IsDefault = ReferenceEquals(CfSession.Process.DefaultFor(CfSession.CurrentRunspace), this),
                AccountId = AccountId,
                AuthKind = AuthKind,
                CredentialHint = options.Credential.Hint is null ? null : "..." + options.Credential.Hint,
                Email = options.Credential.Email,
                BaseUri = options.BaseUri,
                Source = Source,
                TimeoutSec = (int)options.Timeout.TotalSeconds,
                MaximumRetryCount = options.MaxRetries,
                MaximumRetryWaitSec = (int)options.MaxRetryWait.TotalSeconds,
                Proxy = options.ProxyFor(options.BaseUri),
                WaitForRateLimit = options.WaitForRateLimit,
                RateBudget = new CfRateBudget(Executor.Budget.Snapshot()),
            };
        }

        public void Dispose() => Executor.Dispose();
    }
}
