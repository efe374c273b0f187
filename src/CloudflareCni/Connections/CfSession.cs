using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Runtime.CompilerServices;
using CloudflareCni.Api;

namespace CloudflareCni.Connections
{
    /// <summary>
    /// The connections Connect-CfAccount made, for the whole PowerShell process: the session's default connection,
    /// the defaults of other runspaces, and the connections kept under a name; and the CLOUDFLARE_* environment
    /// variables that stand in for a default.
    /// </summary>
    /// <remarks>
    /// A default belongs to a runspace, so that a connect in a parallel block, a thread job or a runspace pool never
    /// changes the account that another runspace's commands use:
    /// <list type="bullet">
    /// <item>The session's default belongs to the runspace of the first successful connect (the "owner", usually the
    /// user's own); its later connects replace it. Runspaces that never connected use it.</item>
    /// <item>A connect in any other runspace becomes that runspace's default only.</item>
    /// <item>A failed connect clears the default of its own runspace (for the owner: the session's), and commands there
    /// then have none, not even the environment's: -Parallel reuses runspaces, so falling back would act on an
    /// account that an earlier iteration chose.</item>
    /// <item>Once the owner has closed, the next successful connect in any runspace takes the session's default over.</item>
    /// </list>
    /// Runspaces are keyed weakly, so a closed runspace's entry goes with it. Named connections stay process-wide.
    /// </remarks>
    internal sealed class CfSession
    {
        public const string TokenVariable = "CLOUDFLARE_API_TOKEN";
        public const string KeyVariable = "CLOUDFLARE_API_KEY";
        public const string EmailVariable = "CLOUDFLARE_EMAIL";
        public const string AccountVariable = "CLOUDFLARE_ACCOUNT_ID";
        public const string BaseUrlVariable = "CLOUDFLARE_BASE_URL";

        private readonly object gate = new object();
        private readonly Dictionary<string, CfConnection> named = new Dictionary<string, CfConnection>(StringComparer.OrdinalIgnoreCase);
        private readonly ConditionalWeakTable<Runspace, RunspaceDefault> runspaces = new ConditionalWeakTable<Runspace, RunspaceDefault>();
        private CfConnection? sessionDefault;
        private WeakReference<Runspace>? owner;

        public static CfSession Process { get; } = new CfSession();

        /// <summary>The runspace whose pipeline runs on this thread; null off a pipeline thread.</summary>
        public static Runspace? CurrentRunspace => Runspace.DefaultRunspace;

        /// <summary>
        /// The connection that commands in the runspace use without -Connection: its own default, else the session's;
        /// null when there is none, or when its last connect failed.
        /// </summary>
        public CfConnection? DefaultFor(Runspace? runspace)
        {
            lock (gate)
            {
                RunspaceDefault? own = OwnDefault(runspace);
                return own?.ConnectFailed == true ? null : own?.Connection ?? sessionDefault;
            }
        }

        /// <summary>True when the last Connect-CfAccount for the default in this runspace failed, so it has no default at all.</summary>
        public bool ConnectFailedIn(Runspace? runspace)
        {
            lock (gate)
            {
                return OwnDefault(runspace)?.ConnectFailed == true;
            }
        }

        /// <summary>True when the runspace owns the session's default (the first to connect successfully, and still open).</summary>
        public bool IsOwner(Runspace? runspace)
        {
            lock (gate)
            {
                return runspace != null && LiveOwner() == runspace;
            }
        }

        // A connection replaced by Connect or dropped by Disconnect is not disposed: a command in another runspace of the
        // process may still be using it, and its HttpClient is released when nothing refers to it any more. It is marked
        // closed, so that a context object still holding it is refused by -Connection rather than silently used.

        /// <summary>
        /// Makes the connection the runspace's default: the session's when the runspace owns it, or when no open runspace
        /// does (then the runspace becomes the owner); else the runspace's own.
        /// </summary>
        public DefaultScope Connect(CfConnection connection, Runspace? runspace)
        {
            lock (gate)
            {
                Runspace? currentOwner = LiveOwner();
                if (runspace != null)
                {
                    RunspaceDefault own = runspaces.GetValue(runspace, _ => new RunspaceDefault());
                    own.ConnectFailed = false;
                    own.Connection?.Close();
                    own.Connection = null;
                    if (currentOwner != null && currentOwner != runspace)
                    {
                        own.Connection = connection;
                        return DefaultScope.Runspace;
                    }

                    owner = new WeakReference<Runspace>(runspace);
                }

                sessionDefault?.Close();
                sessionDefault = connection;
                return DefaultScope.Session;
            }
        }

        /// <summary>
        /// A connect for the runspace's default failed: the runspace keeps no default (the owner, none for the session
        /// either), so that its next commands cannot act on an account chosen before.
        /// </summary>
        public void ConnectFailed(Runspace? runspace)
        {
            lock (gate)
            {
                if (runspace != null)
                {
                    RunspaceDefault own = runspaces.GetValue(runspace, _ => new RunspaceDefault());
                    own.Connection?.Close();
                    own.Connection = null;
                    own.ConnectFailed = true;
                }

                if (runspace is null || LiveOwner() == runspace)
                {
                    sessionDefault?.Close();
                    sessionDefault = null;
                }
            }
        }

        /// <summary>
        /// Forgets the runspace's own default; for the owner (or, once the owner has closed, for any runspace without one
        /// of its own), the session's. The runspace then uses what a runspace that never connected uses.
        /// </summary>
        public DisconnectOutcome Disconnect(Runspace? runspace)
        {
            lock (gate)
            {
                RunspaceDefault? own = OwnDefault(runspace);
                bool failed = own?.ConnectFailed == true;
                if (own != null)
                {
                    own.ConnectFailed = false;
                    if (own.Connection != null)
                    {
                        own.Connection.Close();
                        own.Connection = null;
                        return DisconnectOutcome.DroppedOwn;
                    }
                }

                Runspace? currentOwner = LiveOwner();
                if (sessionDefault != null && (runspace is null || currentOwner is null || currentOwner == runspace))
                {
                    sessionDefault.Close();
                    sessionDefault = null;
                    return DisconnectOutcome.DroppedSession;
                }

                return failed ? DisconnectOutcome.ClearedFailure
                    : sessionDefault != null ? DisconnectOutcome.SessionDefaultElsewhere
                    : DisconnectOutcome.NothingConnected;
            }
        }

        /// <summary>Keeps a connection under its name, beside the defaults (which it never replaces); returns the one it replaced.</summary>
        public CfConnection? Keep(CfConnection connection)
        {
            lock (gate)
            {
                if (named.TryGetValue(connection.Name!, out CfConnection? replaced))
                {
                    replaced.Close();
                }

                named[connection.Name!] = connection;
                return replaced;
            }
        }

        /// <summary>The connection kept under the name (any case), or null.</summary>
        public CfConnection? Named(string name)
        {
            lock (gate)
            {
                return named.TryGetValue(name, out CfConnection? found) ? found : null;
            }
        }

        /// <summary>The named connections, by name.</summary>
        public IReadOnlyList<CfConnection> NamedConnections()
        {
            lock (gate)
            {
                return named.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            }
        }

        /// <summary>Forgets the named connection; false when there was none by that name.</summary>
        public bool Disconnect(string name)
        {
            lock (gate)
            {
                if (!named.TryGetValue(name, out CfConnection? dropped))
                {
                    return false;
                }

                dropped.Close();
                named.Remove(name);
                return true;
            }
        }

        /// <summary>
        /// The connection a command in the runspace uses: its default (<see cref="DefaultFor"/>); else, unless its last
        /// connect failed, one made from the CLOUDFLARE_* variables (owned by the caller, who disposes it); else null.
        /// </summary>
        public CfConnection? Resolve(Runspace? runspace, out bool callerOwns)
        {
            callerOwns = false;
            CfConnection? found = DefaultFor(runspace);
            if (found != null || ConnectFailedIn(runspace))
            {
                return found;
            }

            CfCredential? credential = CredentialFromEnvironment();
            if (credential is null)
            {
                return null;
            }

            var options = new CfClientOptions { Credential = credential, BaseUri = BaseUriFromEnvironment() };
            callerOwns = true;
            return CfConnection.Create(options, null, CfContextSource.Environment, ProxyFromEnvironment());
        }

        private RunspaceDefault? OwnDefault(Runspace? runspace) =>
            runspace != null && runspaces.TryGetValue(runspace, out RunspaceDefault? own) ? own : null;

        /// <summary>The owner, while it is open; null before the first connect and once it has closed.</summary>
        private Runspace? LiveOwner()
        {
            if (owner is null || !owner.TryGetTarget(out Runspace? target))
            {
                return null;
            }

            RunspaceState state = target.RunspaceStateInfo.State;
            return state == RunspaceState.Closed || state == RunspaceState.Closing || state == RunspaceState.Broken ? null : target;
        }

        /// <summary>What a runspace holds besides the session's default: its own default, or the mark of a failed connect.</summary>
        private sealed class RunspaceDefault
        {
            public CfConnection? Connection { get; set; }

            public bool ConnectFailed { get; set; }
        }

        public static string? Variable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        /// <summary>CLOUDFLARE_ACCOUNT_ID, or null when it is not set; a value that is no account id is refused (CfValidation.InvalidAccountId).</summary>
        public static string? AccountFromEnvironment()
        {
            string? account = Variable(AccountVariable);
            string? fault = account is null ? null : Validation.ModuleRules.AccountIdFault(account);
            if (fault != null)
            {
                throw new CfValidationException(AccountVariable, CfErrors.InvalidAccountId, $"The environment variable {AccountVariable} is refused. {fault}");
            }

            return account;
        }

        public static CfCredential? CredentialFromEnvironment()
        {
            string? token = Variable(TokenVariable);
            if (token != null)
            {
                RequireCredentialText(TokenVariable, "API token", token);
                return CfCredential.FromToken(token);
            }

            string? key = Variable(KeyVariable);
            string? email = Variable(EmailVariable);
            if (key is null || email is null)
            {
                return null;
            }

            RequireCredentialText(KeyVariable, "API key", key);
            if (Validation.ModuleRules.EmailFault(email) is string emailFault)
            {
                throw new CfValidationException(EmailVariable, CfErrors.InvalidCredential, $"The environment variable {EmailVariable} is refused. {emailFault}");
            }

            return CfCredential.FromKey(email, key);
        }

        /// <summary>A credential that no HTTP header can carry is refused here, as bad input, and never sent (nor retried).</summary>
        private static void RequireCredentialText(string variable, string what, string value)
        {
            string? fault = CfCredential.TextFault(what, value);
            if (fault != null)
            {
                throw new CfValidationException(variable, CfErrors.InvalidCredential, $"The environment variable {variable} is refused. {fault}");
            }
        }

        public static Uri BaseUriFromEnvironment()
        {
            string? text = Variable(BaseUrlVariable);
            if (text is null)
            {
                return CfClientOptions.DefaultBaseUri;
            }

            string? fault = Validation.ModuleRules.UriTextFault(text);
            Uri.TryCreate(text, UriKind.Absolute, out Uri? uri);
            fault ??= BaseUriRule.FormatFault(uri!);
            if (fault != null)
            {
                throw new CfValidationException(BaseUrlVariable, CfErrors.InvalidBaseUri, $"The environment variable {BaseUrlVariable} is refused. {fault}");
            }

            fault = BaseUriRule.SecurityFault(uri!);
            if (fault != null)
            {
                throw new CfValidationException(BaseUrlVariable, CfErrors.InsecureBaseUri, $"The environment variable {BaseUrlVariable} is refused. {fault}");
            }

            return uri!;
        }

        public static IWebProxy? ProxyFromEnvironment() => EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariable);
    }

    /// <summary>Whose default a successful connect set.</summary>
    internal enum DefaultScope
    {
        /// <summary>The session's: its runspace owns it, and runspaces that never connected use it too.</summary>
        Session,

        /// <summary>Its runspace's only: another runspace owns the session's default.</summary>
        Runspace,
    }

    /// <summary>What Disconnect-CfAccount (without -Name) dropped.</summary>
    internal enum DisconnectOutcome
    {
        /// <summary>The runspace's own default; it now uses the session's, as a runspace that never connected.</summary>
        DroppedOwn,

        /// <summary>The session's default.</summary>
        DroppedSession,

        /// <summary>Nothing was connected, but the mark of a failed connect is gone: the runspace uses the session's default again.</summary>
        ClearedFailure,

        /// <summary>Nothing: the runspace uses the session's default, which belongs to another runspace and stays.</summary>
        SessionDefaultElsewhere,

        /// <summary>Nothing was connected.</summary>
        NothingConnected,
    }
}
