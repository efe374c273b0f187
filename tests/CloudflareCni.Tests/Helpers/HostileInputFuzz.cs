using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>How a hostile value reaches the cmdlet.</summary>
    internal enum Delivery
    {
        /// <summary>As the parameter's argument (splatted, which binds as the command line does).</summary>
        Argument,

        /// <summary>Piped, to the parameter that takes input by value.</summary>
        Pipeline,

        /// <summary>As the property of a piped object (a CSV row), to the parameter that binds by property name.</summary>
        PipelineProperty,
    }

    /// <summary>One call of the fuzz: a cmdlet, a parameter set, the parameter, its hostile value, and how it is given.</summary>
    internal sealed class FuzzCase
    {
        public FuzzCase(string command, string parameterSet, string parameter, HostileValue value, Delivery delivery, bool whatIf)
        {
            Command = command;
            ParameterSet = parameterSet;
            Parameter = parameter;
            Value = value;
            Delivery = delivery;
            WhatIf = whatIf;
        }

        public string Command { get; }

        public string ParameterSet { get; }

        public string Parameter { get; }

        public HostileValue Value { get; }

        public Delivery Delivery { get; }

        public bool WhatIf { get; }

        /// <summary>An environment variable set to the value for the call, instead of a parameter; null for none.</summary>
        public string? Variable { get; set; }

        public override string ToString() =>
            $"{Command} [{ParameterSet}] {(Variable != null ? "$env:" + Variable : "-" + Parameter)}={Value.Label} ({Delivery}{(WhatIf ? ", -WhatIf" : string.Empty)})";
    }

    /// <summary>A broken promise of issue 21, found by one call.</summary>
    internal sealed class FuzzFinding
    {
        public FuzzFinding(FuzzCase call, string kind, string detail)
        {
            Call = call;
            Kind = kind;
            Detail = detail;
        }

        public FuzzCase Call { get; }

        /// <summary>PathEscape, RawError, NotSpecified, NotRefused, RequestForRefusedValue, Echo, SentUnderWhatIf, SecretShown.</summary>
        public string Kind { get; }

        public string Detail { get; }

        public override string ToString() => $"{Kind}: {Call}: {Detail}";
    }

    /// <summary>
    /// A metadata-driven fuzz of every exported cmdlet: each parameter of each parameter set (found with Get-Command, so a
    /// new parameter is fuzzed without touching this file) gets hostile values of its type, as an argument, piped, and as
    /// a piped object's property, with and without -WhatIf, in a real runspace connected to a loopback emulator that logs
    /// every request. Each call is checked against issue 21: no path escape, no raw .NET error, no request for a value
    /// that must be refused, no control character echoed in any stream, nothing written under -WhatIf, and no secret
    /// shown.
    /// </summary>
    internal sealed class HostileInputFuzz
    {
        private const string MissingUuid = "00000000-0000-4000-8000-00000000f00d";
        private const string MissingInterconnect = "icon-fz-missing";

        /// <summary>
        /// Parameters where empty (and for some, blank) text means "none", as documented. For Set-CfCniTunnel's, an empty
        /// cell leaves the field as it is; given as an argument, it is refused (CfValidation.ValueRequired), or for the
        /// target and the filters, the default and none.
        /// </summary>
        private static readonly HashSet<string> EmptyMeansNone = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Description", "Md5Key", "CustomerAsn", "ExtraPrefix", "BgpMode", "HealthCheckTarget", "BgpImportFilterId", "BgpExportFilterId",
            "HealthCheckEnabled", "HealthCheckRate", "HealthCheckType", "InterfaceAddress", "InterfaceAddress6", "AutomaticReturnRouting",
        };

        private static readonly HashSet<string> BlankMeansNone = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Md5Key", "CustomerAsn", "ExtraPrefix", "BgpMode", "BgpImportFilterId", "BgpExportFilterId",
            "HealthCheckEnabled", "HealthCheckRate", "HealthCheckType", "InterfaceAddress", "InterfaceAddress6", "AutomaticReturnRouting",
        };

        /// <summary>Parameters whose values address an object: an interconnect name or an id, which go into a URL path.</summary>
        private static readonly HashSet<string> AddressParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Name", "Interconnect", "Id", "SlotId", "Slot", "InputObject" };

        /// <summary>
        /// Parameters that take one of a fixed set of words (or, for -State and -BgpMode, one Cloudflare may add, in the
        /// form of the API's words), an id or a connection: no hostile text is one.
        /// </summary>
        private static readonly HashSet<string> ClosedParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AccountId", "Id", "SlotId", "Slot", "Kind", "Method", "State", "Command", "Bandwidth", "BgpMode", "Connection", "SandboxData",
            "CustomerIp", "CloudflareIp", "ExtraPrefix", "Mtu", "CustomerAsn", "DefaultAsn",
            "HealthCheckEnabled", "HealthCheckRate", "HealthCheckType", "HealthCheckTarget", "InterfaceAddress", "InterfaceAddress6", "AutomaticReturnRouting",
        };

        /// <summary>
        /// Every operation of the published schema (the contract, so that a new endpoint needs no line here), and the two
        /// credential checks, as the paths the server must receive: each {parameter} is exactly one segment.
        /// </summary>
        private static readonly (string Method, string[] Segments)[] Operations = Contract.ApiContract.Active.Operations
            .Select(o => (o.Method, o.Path.TrimStart('/')))
            .Concat(new[] { ("GET", "user/tokens/verify"), ("GET", "user") })
            .Select(o => (o.Item1, o.Item2.Split('/')))
            .ToArray();

        private readonly ConnectedShell shell;
        private readonly Dictionary<string, object?> fixture = new Dictionary<string, object?>(StringComparer.Ordinal);
        private readonly List<FuzzFinding> findings = new List<FuzzFinding>();
        private readonly Dictionary<string, CmdletInfo> commands = new Dictionary<string, CmdletInfo>(StringComparer.OrdinalIgnoreCase);
        private CfConnection? defaultConnection;
        private CniEmulator sandbox = null!;
        private string tempFolder = null!;

        public HostileInputFuzz(ConnectedShell shell)
        {
            this.shell = shell;
        }

        public IReadOnlyList<FuzzFinding> Findings => findings;

        public int Calls { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        /// <summary>How many calls ended in a binding error unrelated to the value (the set could not be resolved).</summary>
        public int Unresolved { get; private set; }

        /// <summary>The state the baseline values refer to: an interconnect with a CNI, a sandbox with an interconnect.</summary>
        public void Prepare(string folder)
        {
            tempFolder = folder;
            shell.Emulator.PendingStatusReads = 0;
            fixture["Account"] = ApiHarness.AccountId;
            fixture["Token"] = HostileValue.Secure(ApiHarness.Token);
            fixture["BaseUri"] = shell.Server.BaseUri;
            Recreate();
            object context = shell.Invoke("Connect-CfAccount -Sandbox -PendingStatusReads 0 -PassThru").Single();
            fixture["Sandbox"] = context;
            sandbox = ((CfContext)context).Connection!.Sandbox!;
            fixture["SandboxIcon"] = ((Interconnect)shell.Invoke(
                "Get-CfCniSlot -Occupied:$false -First 1 -Connection $c | New-CfInterconnect -Type direct -Connection $c", ("c", context)).Single()).Name;
            defaultConnection = CfSession.Process.DefaultFor(shell.Shell.Runspace);
            foreach (CmdletInfo command in shell.Invoke("Get-Command -Module CloudflareCni -CommandType Cmdlet").Cast<CmdletInfo>())
            {
                commands[command.Name] = command;
            }

            shell.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ProgressPreference = 'Continue'");
            sandbox.ClearRequests();
        }

        /// <summary>The calls for every exported cmdlet, from its metadata.</summary>
        public List<FuzzCase> Plan(bool full)
        {
            var cases = new List<FuzzCase>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (CmdletInfo command in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                bool shouldProcess = command.Parameters.ContainsKey("WhatIf");
                foreach (CommandParameterSetInfo set in command.ParameterSets)
                {
                    foreach (CommandParameterInfo parameter in set.Parameters)
                    {
                        if (IsCommon(parameter.Name) || parameter.ParameterType == typeof(SwitchParameter))
                        {
                            continue;
                        }

                        // The fast run tries each parameter of a cmdlet once, in the first set that has it.
                        if (!full && !seen.Add(command.Name + "|" + parameter.Name))
                        {
                            continue;
                        }

                        foreach (HostileValue value in ValuesFor(parameter))
                        {
                            if (!full && !HostileValue.Fast.Contains(value.Label))
                            {
                                continue;
                            }

                            foreach (Delivery delivery in Deliveries(parameter, value))
                            {
                                foreach (bool whatIf in shouldProcess ? new[] { true, false } : new[] { false })
                                {
                                    cases.Add(new FuzzCase(command.Name, set.Name, parameter.Name, value, delivery, whatIf));
                                }
                            }
                        }
                    }
                }
            }

            return cases;
        }

        /// <summary>
        /// The environment variables the module reads, each set to hostile values while commands that read them run:
        /// CLOUDFLARE_ACCOUNT_ID for a connection without an account, and the credential and base URI variables with no
        /// connection at all.
        /// </summary>
        public List<FuzzCase> PlanEnvironment(bool full)
        {
            var cases = new List<FuzzCase>();
            // Every command that reads the account from the environment: the API cmdlets (found by their base) and the connect.
            string[] accountCommands = full
                ? commands.Values
                    .Where(c => typeof(CloudflareCni.Cmdlets.CfApiCmdlet).IsAssignableFrom(c.ImplementingType) || c.Name == "Connect-CfAccount")
                    .Select(c => c.Name)
                    .OrderBy(n => n, StringComparer.Ordinal)
                    .ToArray()
                : new[] { "Set-CfCniSetting", "Remove-CfInterconnect", "Connect-CfAccount" };
            IEnumerable<HostileValue> texts = HostileValue.Text.Where(v => !v.Is(Hostility.Empty) && v.Label != "nul" && (full || HostileValue.Fast.Contains(v.Label)));
            // A blank variable is one not set: a connect without an account would check the credential at the token
            // verify endpoint, which is not an operation of the CNI contract.
            foreach (HostileValue value in texts.Where(v => !v.Is(Hostility.Blank)))
            {
                foreach (string command in accountCommands)
                {
                    foreach (bool whatIf in command.StartsWith("Get-", StringComparison.Ordinal) || command.StartsWith("Connect-", StringComparison.Ordinal) || command.StartsWith("Wait-", StringComparison.Ordinal) ? new[] { false } : new[] { true, false })
                    {
                        cases.Add(new FuzzCase(command, DefaultSet(command), "AccountId", value, Delivery.Argument, whatIf) { Variable = CfSession.AccountVariable });
                    }
                }
            }

            var credentialVariables = new (string Variable, IEnumerable<HostileValue> Values)[]
            {
                (CfSession.TokenVariable, texts),
                (CfSession.EmailVariable, HostileValue.Emails.Where(v => full || HostileValue.Fast.Contains(v.Label))),
                (CfSession.KeyVariable, texts),
                (CfSession.BaseUrlVariable, HostileValue.Uris.Where(v => !v.Is(Hostility.Empty) && (full || HostileValue.Fast.Contains(v.Label)))),
            };
            foreach ((string variable, IEnumerable<HostileValue> values) in credentialVariables)
            {
                foreach (HostileValue value in values)
                {
                    cases.Add(new FuzzCase("Set-CfCniSetting", DefaultSet("Set-CfCniSetting"), variable, value, Delivery.Argument, whatIf: true) { Variable = variable });
                    cases.Add(new FuzzCase("Get-CfCniSetting", DefaultSet("Get-CfCniSetting"), variable, value, Delivery.Argument, whatIf: false) { Variable = variable });
                    cases.Add(new FuzzCase("Get-CfContext", DefaultSet("Get-CfContext"), variable, value, Delivery.Argument, whatIf: false) { Variable = variable });
                }
            }

            return cases;
        }

        /// <summary>The set a command binds without naming one: Connect-CfAccount's with a token, else the default.</summary>
        private string DefaultSet(string command) =>
            command == "Connect-CfAccount" ? "ApiToken" : commands[command].DefaultParameterSet ?? commands[command].ParameterSets[0].Name;

        public void Run(IEnumerable<FuzzCase> cases)
        {
            var clock = Stopwatch.StartNew();
            foreach (FuzzCase call in cases)
            {
                RunOne(call);
                Calls++;
            }

            Elapsed += clock.Elapsed;
        }

        private void RunOne(FuzzCase call)
        {
            long faultsBefore = sandbox.Faults.PendingCount();
            PsResult result = call.Variable is null ? Invoke(call) : InvokeWithVariable(call);
            IReadOnlyList<RecordedRequest> requests = shell.Requests.Concat(sandbox.Requests).ToList();
            bool faultQueued = sandbox.Faults.PendingCount() != faultsBefore;
            Check(call, result, requests, faultQueued);
            CheckContract(call);
            Restore();
        }

        private PsResult Invoke(FuzzCase call)
        {
            Hashtable arguments = Baseline(call);
            object? input = null;
            bool piped = call.Delivery != Delivery.Argument;
            switch (call.Delivery)
            {
                case Delivery.Argument:
                    arguments[call.Parameter] = call.Value.Value;
                    break;
                case Delivery.Pipeline:
                    input = call.Value.Value;
                    break;
                case Delivery.PipelineProperty:
                    var row = new PSObject();
                    row.Properties.Add(new PSNoteProperty(call.Parameter, call.Value.Value));
                    input = row;
                    break;
            }

            if (piped)
            {
                // What binds from the pipeline is not given on the command line too.
                arguments.Remove(call.Parameter);
                arguments.Remove("InputObject");
            }

            string script = piped ? ",$fzInput | & $fzCommand @fzArgs" : "& $fzCommand @fzArgs";
            return shell.Run(script, ("fzCommand", call.Command), ("fzArgs", arguments), ("fzInput", input));
        }

        /// <summary>A command that reads the variable: for the account, on a connection without one; else with no connection.</summary>
        private PsResult InvokeWithVariable(FuzzCase call)
        {
            string name = call.Variable!;
            var saved = new Dictionary<string, string?>();
            foreach (string variable in new[] { CfSession.AccountVariable, CfSession.TokenVariable, CfSession.KeyVariable, CfSession.EmailVariable, CfSession.BaseUrlVariable })
            {
                saved[variable] = Environment.GetEnvironmentVariable(variable);
                Environment.SetEnvironmentVariable(variable, null);
            }

            try
            {
                Hashtable arguments = Baseline(new FuzzCase(call.Command, call.ParameterSet, "(none)", call.Value, Delivery.Argument, call.WhatIf));
                arguments.Remove("AccountId");
                if (name == CfSession.AccountVariable)
                {
                    if (call.Command != "Connect-CfAccount")
                    {
                        // Made here, with the variable still unset: a connection without a default account.
                        if (!fixture.ContainsKey("NoAccount"))
                        {
                            fixture["NoAccount"] = shell.Invoke(
                                "Connect-CfAccount -ApiToken $t -BaseUri $b -SkipCredentialCheck -PassThru -WarningAction SilentlyContinue", ("t", fixture["Token"]), ("b", fixture["BaseUri"])).Single();
                        }

                        arguments["Connection"] = fixture["NoAccount"];
                    }

                    Environment.SetEnvironmentVariable(name, (string)call.Value.Value!);
                    return shell.Run("& $fzCommand @fzArgs", ("fzCommand", call.Command), ("fzArgs", arguments), ("fzInput", null));
                }

                // No connection: the command falls back to the variables. The others hold good values.
                shell.Run("Disconnect-CfAccount");
                Environment.SetEnvironmentVariable(CfSession.BaseUrlVariable, shell.Server.BaseUri.ToString());
                if (name == CfSession.KeyVariable || name == CfSession.EmailVariable)
                {
                    Environment.SetEnvironmentVariable(CfSession.KeyVariable, ApiHarness.Token);
                    Environment.SetEnvironmentVariable(CfSession.EmailVariable, "ops@example.com");
                }
                else
                {
                    Environment.SetEnvironmentVariable(CfSession.TokenVariable, ApiHarness.Token);
                }

                Environment.SetEnvironmentVariable(name, (string)call.Value.Value!);
                arguments["AccountId"] = ApiHarness.AccountId;
                if (call.Command == "Get-CfContext")
                {
                    arguments.Clear();
                }

                return shell.Run("& $fzCommand @fzArgs", ("fzCommand", call.Command), ("fzArgs", arguments), ("fzInput", null));
            }
            finally
            {
                foreach (KeyValuePair<string, string?> variable in saved)
                {
                    Environment.SetEnvironmentVariable(variable.Key, variable.Value);
                }
            }
        }

        /// <summary>Good values for the set's mandatory parameters (and a few that keep calls short and local), but the fuzzed one.</summary>
        private Hashtable Baseline(FuzzCase call)
        {
            var arguments = new Hashtable(StringComparer.OrdinalIgnoreCase);
            CmdletInfo command = commands[call.Command];
            CommandParameterSetInfo? set = command.ParameterSets.FirstOrDefault(s => s.Name == call.ParameterSet);
            if (set != null)
            {
                foreach (CommandParameterInfo parameter in set.Parameters.Where(p => p.IsMandatory && !IsCommon(p.Name)))
                {
                    arguments[parameter.Name] = parameter.ParameterType == typeof(SwitchParameter) ? (object)true : Good(call.Command, parameter.Name, call.ParameterSet);
                }
            }

            switch (call.Command)
            {
                case "Connect-CfAccount":
                    // Never the session's default connection: the fuzz keeps using its own.
                    arguments["PassThru"] = true;
                    if (call.ParameterSet != "Sandbox" && call.ParameterSet != "SandboxData")
                    {
                        arguments["BaseUri"] = fixture["BaseUri"];
                        arguments["TimeoutSec"] = 5;
                    }

                    arguments["AccountId"] = fixture["Account"];
                    break;
                case "Wait-CfInterconnect":
                    arguments["Timeout"] = 5;
                    arguments["PollInterval"] = 0.1;
                    break;
                case "Save-CfInterconnectLoa":
                    arguments["Path"] = tempFolder;
                    arguments["Force"] = true;
                    break;
                case "Set-CfCni" when AddressParameters.Contains(call.Parameter) || call.Parameter is "AccountId" or "Connection" or "(none)":
                    // A change to make, so that the call goes as far as it can.
                    arguments["Description"] = "fz-description";
                    break;
                case "Set-CfCniTunnel" when AddressParameters.Contains(call.Parameter) || call.Parameter is "AccountId" or "Connection" or "(none)":
                    arguments["HealthCheckRate"] = "high";
                    break;
            }

            if (call.Command.Contains("Sandbox", StringComparison.Ordinal))
            {
                arguments["Connection"] = fixture["Sandbox"];
            }

            if (!call.WhatIf && command.Parameters.ContainsKey("Confirm"))
            {
                arguments["Confirm"] = false;
            }
            else if (call.WhatIf)
            {
                arguments["WhatIf"] = true;
            }

            return arguments;
        }

        private object? Good(string command, string parameter, string set) => (command, parameter) switch
        {
            ("New-CfInterconnect", "Type") when set == "GcpPartner" => "gcp_partner",
            ("Set-CfSandboxInterconnect", "AccountId") => CniEmulator.SandboxAccountId,
            (_, "AccountId") => fixture["Account"],
            ("Connect-CfAccount", "ApiToken") => fixture["Token"],
            ("Connect-CfAccount", "ApiKey") => fixture["Token"],
            ("Connect-CfAccount", "Email") => "ops@example.com",
            ("Connect-CfAccount", "SandboxData") => "{}",
            ("Get-CfContext", "Name") => "fz-nobody",
            ("Set-CfSandboxInterconnect", "Name") => fixture["SandboxIcon"],
            ("Remove-CfInterconnect", _) when parameter is "Name" or "InputObject" => MissingInterconnect,
            ("Remove-CfCni", _) when parameter is "Id" or "InputObject" => MissingUuid,
            ("Get-CfCniSlot", _) when parameter is "Id" or "InputObject" => fixture["Slot"],
            ("Get-CfCni", _) when parameter is "Id" or "InputObject" => fixture["Cni"],
            ("Set-CfCni", _) when parameter is "Id" or "InputObject" => fixture["Cni"],
            ("Get-CfCniTunnel", _) or ("Set-CfCniTunnel", _) when parameter is "TunnelId" or "InputObject" => fixture["Tunnel"],
            (_, "Name") or (_, "Interconnect") or (_, "InputObject") => fixture["Icon"],
            (_, "ConduitName") => "fz-conduit",
            (_, "Mtu") => 1500,
            (_, "SlotId") => MissingUuid,
            (_, "Type") => "direct",
            (_, "Bandwidth") => "1G",
            (_, "PairingKey") => "7e51371e-72a3-40b5-b844-2e3efefaee59/us-central1/2",
            (_, "DefaultAsn") => 65000L,
            (_, "State") => "Healthy",
            (_, "Kind") => "ServerError",
            _ => throw new InvalidOperationException($"The fuzz has no good value for the mandatory -{parameter} of {command}: add one."),
        };

        /// <summary>The hostile values of the parameter's type.</summary>
        private IEnumerable<HostileValue> ValuesFor(CommandParameterInfo parameter)
        {
            Type type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type == typeof(System.Security.SecureString))
            {
                return HostileValue.Secrets;
            }

            if (type == typeof(PSCredential))
            {
                return HostileValue.Credentials;
            }

            if (type == typeof(Uri))
            {
                return HostileValue.Uris;
            }

            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(ulong))
            {
                // A number bound from a piped object's property comes as text when the object is a CSV row.
                return parameter.ValueFromPipelineByPropertyName ? HostileValue.Numbers.Concat(HostileValue.Text) : HostileValue.Numbers;
            }

            IEnumerable<HostileValue> values = HostileValue.Text;
            if (parameter.Name == "Email")
            {
                values = values.Concat(HostileValue.Emails);
            }

            if (parameter.ValueFromPipeline)
            {
                values = values.Concat(HostileValue.WrongTypes(fixture["Sandbox"]!));
            }

            return values;
        }

        private static IEnumerable<Delivery> Deliveries(CommandParameterInfo parameter, HostileValue value)
        {
            if (value.Is(Hostility.WrongType))
            {
                yield return Delivery.Pipeline;
                yield break;
            }

            yield return Delivery.Argument;
            if (parameter.ValueFromPipeline && parameter.ParameterType != typeof(System.Security.SecureString))
            {
                yield return Delivery.Pipeline;
            }

            if (parameter.ValueFromPipelineByPropertyName)
            {
                yield return Delivery.PipelineProperty;
            }
        }

        /// <summary>True when issue 21 requires the parameter to refuse the value before any request.</summary>
        private static bool MustRefuse(FuzzCase call)
        {
            HostileValue value = call.Value;
            string parameter = call.Parameter;
            if (call.Variable != null)
            {
                // A blank variable is one not set. A token or key may be any visible ASCII; the account, email and base
                // URI have a form of their own.
                return !value.Is(Hostility.Blank) &&
                       (call.Variable == CfSession.TokenVariable || call.Variable == CfSession.KeyVariable ? value.Is(Hostility.Control | Hostility.Long) : true);
            }

            if (value.Is(Hostility.Control | Hostility.Long | Hostility.OutOfRange | Hostility.WrongType))
            {
                return true;
            }

            if (value.Is(Hostility.Empty))
            {
                return !EmptyMeansNone.Contains(parameter);
            }

            if (value.Is(Hostility.Blank))
            {
                return !BlankMeansNone.Contains(parameter);
            }

            if (parameter is "ApiToken" or "ApiKey" or "Email" or "BaseUri" || ClosedParameters.Contains(parameter))
            {
                return !(parameter == "ExtraPrefix" && value.Is(Hostility.Empty | Hostility.Blank));
            }

            if (parameter == "Proxy")
            {
                return !value.Label.Equals("uri-userinfo", StringComparison.Ordinal);
            }

            if (AddressParameters.Contains(parameter) && IsAddressingCommand(call.Command) && value.Is(Hostility.DotSegment | Hostility.Slash))
            {
                return true;
            }

            return value.Is(Hostility.BadWildcard) && SupportsWildcards(call.Command, parameter);
        }

        /// <summary>Commands whose -Name or -Interconnect is an interconnect's name (not a connection's, nor a file's).</summary>
        private static bool IsAddressingCommand(string command) =>
            !(command is "Connect-CfAccount" or "Disconnect-CfAccount" or "Get-CfContext" or "Add-CfSandboxFault" or "Get-CfSandboxRequest" or "Get-CfCniTunnel");

        private static bool SupportsWildcards(string command, string parameter) =>
            (command, parameter) switch
            {
                ("Get-CfContext", "Name") => true,
                ("Get-CfCni", "Interconnect") => true,
                (_, "Path") => command is "Add-CfSandboxFault" or "Get-CfSandboxRequest",
                (_, "Name") or (_, "InputObject") => command is "Get-CfInterconnect" or "Remove-CfInterconnect" or "Get-CfInterconnectStatus" or "Wait-CfInterconnect" or "Save-CfInterconnectLoa",
                _ => false,
            };

        private void Check(FuzzCase call, PsResult result, IReadOnlyList<RecordedRequest> requests, bool faultQueued)
        {
            var errors = new List<ErrorRecord>(result.Errors);
            if (result.TerminatingRecord is ErrorRecord terminating && !errors.Contains(terminating))
            {
                errors.Add(terminating);
            }

            if (result.Terminating != null && result.TerminatingRecord is null)
            {
                Add(call, "RawError", $"{result.Terminating.GetType().FullName}: {Shown(result.Terminating.Message)}");
            }

            foreach (ErrorRecord error in errors)
            {
                string id = error.FullyQualifiedErrorId.Split(',')[0];
                bool binding = error.Exception is ParameterBindingException;
                bool module = id.StartsWith("CfApi.", StringComparison.Ordinal) || id.StartsWith("CfAccount.", StringComparison.Ordinal) ||
                              id.StartsWith("CfValidation.", StringComparison.Ordinal) || id.StartsWith("CfSandbox.", StringComparison.Ordinal) ||
                              id.StartsWith("CfWait.", StringComparison.Ordinal) || id.StartsWith("CfLoa.", StringComparison.Ordinal);
                if (!binding && !module)
                {
                    Add(call, "RawError", $"{error.FullyQualifiedErrorId} ({error.Exception.GetType().FullName}): {Shown(error.Exception.Message)}");
                }

                if (error.CategoryInfo.Category == ErrorCategory.NotSpecified)
                {
                    Add(call, "NotSpecified", $"{error.FullyQualifiedErrorId}: {Shown(error.Exception.Message)}");
                }

                if (binding && error.FullyQualifiedErrorId.StartsWith("AmbiguousParameterSet", StringComparison.Ordinal))
                {
                    Unresolved++;
                }
            }

            foreach (RecordedRequest request in requests)
            {
                if (!HasDeclaredShape(request.Method, request.Path))
                {
                    Add(call, "PathEscape", $"{request.Method} {Shown(request.Path)}");
                }
            }

            if (call.WhatIf && requests.Any(r => r.Method != "GET"))
            {
                Add(call, "SentUnderWhatIf", string.Join(", ", requests.Where(r => r.Method != "GET").Select(r => r.Method + " " + Shown(r.Path))));
            }

            if (MustRefuse(call))
            {
                if (errors.Count == 0)
                {
                    Add(call, "NotRefused", requests.Count == 0 ? "no error" + (call.WhatIf && result.HostText.Contains("What if:", StringComparison.Ordinal) ? ", and -WhatIf reported what it would do" : string.Empty) : "sent " + Describe(requests));
                }
                else if (requests.Count > 0)
                {
                    Add(call, "RequestForRefusedValue", $"sent {Describe(requests)} (and wrote {errors[0].FullyQualifiedErrorId.Split(',')[0]})");
                }

                if (faultQueued)
                {
                    Add(call, "RequestForRefusedValue", "a sandbox fault was queued");
                }
            }

            string[] texts = Texts(result, errors).ToArray();
            foreach (string forbidden in call.Value.ForbiddenEchoes().Distinct(StringComparer.Ordinal))
            {
                string? echoed = texts.FirstOrDefault(t => t.Contains(forbidden, StringComparison.Ordinal));
                if (echoed != null)
                {
                    Add(call, "Echo", $"U+{(int)forbidden[0]:X4} in \"{Shown(echoed)}\"");
                    break;
                }
            }

            if (call.Value.SecretMarker is string marker)
            {
                IEnumerable<string> output = result.Output.Where(o => o != null).SelectMany(o => new[] { o.ToString() }.Concat(o.Properties.Select(p => Convert.ToString(SafeValue(p)) ?? string.Empty)));
                string? shown = texts.Concat(output).FirstOrDefault(t => t.Contains(marker, StringComparison.Ordinal));
                if (shown != null)
                {
                    Add(call, "SecretShown", Shown(shown));
                }
            }
        }

        /// <summary>
        /// The published schema's contract (tests/Contract), checked on every exchange by the loopback server: a violation
        /// is a finding of the call that caused it. One mismatch is by design: New-CfInterconnect -Type sends a type the
        /// module does not know as given (so that a kind Cloudflare adds can be created before the module knows it; only the
        /// other kind's published type is refused), where the schema's create body takes its two published types, so the
        /// text values the module accepts for it break the create body's shape (and the sandbox refuses them, as the API's
        /// discriminator does).
        /// </summary>
        private void CheckContract(FuzzCase call)
        {
            foreach (Contract.ContractViolation violation in shell.Server.Contract.TakeViolations())
            {
                // The request's body, and the emulator's answer, which holds the type it was sent.
                bool typeOfCreate = call.Command == "New-CfInterconnect" && call.Parameter == "Type" && violation.Operation == "create_interconnect";
                if (!typeOfCreate)
                {
                    Add(call, "ContractViolation", $"{violation.Exchange.Method} {Shown(violation.Exchange.RawPath)} [{violation.Operation}] {violation.Part}: {Shown(violation.Problem)}");
                }
            }
        }

        /// <summary>Every message a user can see: errors (message, details, recommended action), warnings, verbose, debug, progress, and what the host printed (What if:).</summary>
        private static IEnumerable<string> Texts(PsResult result, IEnumerable<ErrorRecord> errors) =>
            errors.SelectMany(e => new[] { e.Exception.Message, e.ErrorDetails?.Message ?? string.Empty, e.ErrorDetails?.RecommendedAction ?? string.Empty })
                .Concat(result.Warnings).Concat(result.Verbose).Concat(result.Debug)
                .Concat(result.Progress.SelectMany(p => new[] { p.Activity ?? string.Empty, p.StatusDescription ?? string.Empty, p.CurrentOperation ?? string.Empty }))
                .Concat(new[] { result.HostText });

        private static object? SafeValue(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        private static bool HasDeclaredShape(string method, string rawPath)
        {
            const string basePath = "/client/v4/";
            if (!rawPath.StartsWith(basePath, StringComparison.Ordinal))
            {
                return false;
            }

            string[] segments = rawPath.Substring(basePath.Length).Split('/');
            return Operations.Any(operation =>
                operation.Method == method &&
                operation.Segments.Length == segments.Length &&
                operation.Segments.Zip(segments, (declared, sent) => declared.StartsWith("{", StringComparison.Ordinal) ? IsOneSegment(sent) : declared == sent).All(ok => ok));
        }

        /// <summary>A value segment: not empty, not a dot segment (raw or percent-encoded), no encoded slash.</summary>
        private static bool IsOneSegment(string raw)
        {
            string decoded = Uri.UnescapeDataString(raw);
            return decoded.Trim().Length > 0 && decoded != "." && decoded != ".." && decoded.IndexOfAny(new[] { '/', '\\' }) < 0;
        }

        private static string Describe(IReadOnlyList<RecordedRequest> requests) =>
            string.Join(", ", requests.Take(3).Select(r => r.Method + " " + Shown(r.Path) + (r.QueryString.Length > 0 ? "?" + Shown(r.QueryString) : string.Empty))) + (requests.Count > 3 ? $" and {requests.Count - 3} more" : string.Empty);

        /// <summary>Text for a report: escaped and shortened, so that the report itself is safe to print.</summary>
        internal static string Shown(string text)
        {
            var shown = new System.Text.StringBuilder();
            foreach (char c in text.Length > 160 ? text.Substring(0, 160) : text)
            {
                shown.Append(char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? $"\\u{(int)c:x4}" : c.ToString());
            }

            return text.Length > 160 ? shown + $"... ({text.Length} characters)" : shown.ToString();
        }

        private void Add(FuzzCase call, string kind, string detail) => findings.Add(new FuzzFinding(call, kind, detail));

        /// <summary>Puts back what a call may have changed: the default connection, the baseline objects, the logs.</summary>
        private void Restore()
        {
            if (!ReferenceEquals(CfSession.Process.DefaultFor(shell.Shell.Runspace), defaultConnection))
            {
                shell.Invoke(
                    "Connect-CfAccount -ApiToken $t -AccountId $a -BaseUri $b -MaximumRetryCount 0 -SkipCredentialCheck | Out-Null",
                    ("t", fixture["Token"]), ("a", fixture["Account"]), ("b", fixture["BaseUri"]));
                defaultConnection = CfSession.Process.DefaultFor(shell.Shell.Runspace);
            }

            bool iconKept = shell.Emulator.GetInterconnects(ApiHarness.AccountId).Any(i => i["name"]?.GetValue<string>() == (string?)fixture["Icon"]);
            bool cniKept = shell.Emulator.GetCnis(ApiHarness.AccountId).Any(c => c["id"]?.GetValue<string>() == (string?)fixture["Cni"]);
            if (!iconKept || !cniKept)
            {
                Recreate();
            }

            shell.Server.ClearRequests();
            shell.Emulator.Faults.Clear();
            sandbox?.ClearRequests();
            sandbox?.Faults.Clear();
        }

        private void Recreate()
        {
            string slot = shell.AddSlot(site: "FZ01");
            var icon = (Interconnect)shell.Invoke("New-CfInterconnect -SlotId $s -Type direct -Confirm:$false", ("s", slot)).Single();
            var cni = (Cni)shell.Invoke("New-CfCni -Interconnect $i -ConduitName fz-conduit -Mtu 1500 -Confirm:$false", ("i", icon.Name)).Single();
            fixture["Icon"] = icon.Name;
            fixture["Slot"] = slot;
            fixture["Cni"] = cni.Id;
            fixture["Tunnel"] = ((CniTunnel)shell.Invoke("Get-CfCniTunnel -Name $i", ("i", icon.Name)).Single()).TunnelId;
            shell.Server.ClearRequests();
        }

        private static bool IsCommon(string name) =>
            Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

        /// <summary>The findings as a report: counts by kind, and a few examples of each.</summary>
        public string Report(int examplesPerKind = 12)
        {
            var report = new System.Text.StringBuilder();
            report.AppendLine($"{Calls} calls in {Elapsed.TotalSeconds:0.0} s; {findings.Count} findings in {findings.Select(f => f.Call).Distinct().Count()} calls; {Unresolved} calls could not resolve a parameter set.");
            foreach (IGrouping<string, FuzzFinding> kind in findings.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                report.AppendLine($"{kind.Key}: {kind.Select(f => f.Call).Distinct().Count()} calls");
                foreach (FuzzFinding finding in kind.GroupBy(f => f.Call.Command + "|" + f.Call.Parameter + "|" + f.Detail.Split(':')[0]).Select(g => g.First()).Take(examplesPerKind))
                {
                    report.AppendLine("  " + finding);
                }
            }

            return report.ToString();
        }
    }
}
