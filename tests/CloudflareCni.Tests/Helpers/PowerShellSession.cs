using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A real PowerShell 7.6 runspace (Microsoft.PowerShell.SDK) with the built module folder imported, as a user's
    /// session has it: binding, validation, prompts, formatting and the error records come from PowerShell itself.
    /// </summary>
    internal sealed class PowerShellSession : IDisposable
    {
        private readonly Runspace runspace;
        private PowerShell? running;

        public PowerShellSession()
        {
            Host = new ScriptedHost();
            runspace = RunspaceFactory.CreateRunspace(Host, InitialSessionState.CreateDefault2());
            runspace.Open();
            PsResult imported = Run("Import-Module -Name $manifest -ErrorAction Stop", ("manifest", RepoPaths.ModuleManifest));
            if (imported.Terminating != null || imported.Errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Importing {RepoPaths.ModuleManifest} failed (run `dotnet build` first): {imported.Terminating?.Message} {string.Join("; ", imported.Errors)}");
            }
        }

        /// <summary>The session's runspace, for checks of what the module keeps per runspace.</summary>
        public Runspace Runspace => runspace;

        /// <summary>The host: it answers prompts from a queue, and records what PowerShell wrote to it (What if: lines).</summary>
        public ScriptedHost Host { get; }

        /// <summary>Runs a script with the given variables set, and collects every stream.</summary>
        public PsResult Run(string script, params (string Name, object? Value)[] variables)
        {
            foreach ((string name, object? value) in variables)
            {
                runspace.SessionStateProxy.SetVariable(name, value);
            }

            Host.Prompts.ClearText();
            using (PowerShell shell = PowerShell.Create())
            {
                shell.Runspace = runspace;
                running = shell;
                shell.AddScript(script);
                var result = new PsResult();
                try
                {
                    result.Output.AddRange(shell.Invoke());
                }
                catch (RuntimeException ex)
                {
                    result.Terminating = ex;
                }

                result.Errors.AddRange(shell.Streams.Error);
                result.Verbose.AddRange(shell.Streams.Verbose.Select(v => v.Message));
                result.Debug.AddRange(shell.Streams.Debug.Select(d => d.Message));
                result.Warnings.AddRange(shell.Streams.Warning.Select(w => w.Message));
                result.Progress.AddRange(shell.Streams.Progress);
                result.HostText = Host.Prompts.Text;
                result.Stopped = shell.InvocationStateInfo.State == PSInvocationState.Stopped;
                running = null;
                return result;
            }
        }

        /// <summary>Runs a script that must succeed without errors, and returns its output's base objects.</summary>
        public IReadOnlyList<object> Invoke(string script, params (string Name, object? Value)[] variables)
        {
            PsResult result = Run(script, variables);
            Assert.True(result.Terminating is null && result.Errors.Count == 0, $"`{script}` failed: {result.Terminating?.Message} {string.Join(" | ", result.Errors)}");
            return result.Objects;
        }

        /// <summary>Connects the session to a server of a test's own (no credential check, no retries): for answers the emulator never gives.</summary>
        public void ConnectTo(Uri baseUri) =>
            Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $t -AsPlainText -Force) -AccountId $a -BaseUri $u -SkipCredentialCheck -MaximumRetryCount 0 | Out-Null",
                ("t", ApiHarness.Token), ("a", ApiHarness.AccountId), ("u", baseUri));

        /// <summary>What Ctrl+C does: stops the script that is running, from another thread.</summary>
        public void Stop()
        {
            PowerShell? target = running;
            while (target != null && target.InvocationStateInfo.State != PSInvocationState.Running)
            {
                System.Threading.Thread.Sleep(5);
            }

            if (target != null)
            {
                // BeginStop can return null when the stop completed on the pipeline thread before it returned: then
                // there is nothing left to wait for.
                IAsyncResult? stopping = target.BeginStop(null, null);
                if (stopping != null)
                {
                    target.EndStop(stopping);
                }
            }
        }

        public void Dispose() => runspace.Dispose();
    }

    /// <summary>What one invocation produced, stream by stream.</summary>
    internal sealed class PsResult
    {
        public List<PSObject> Output { get; } = new List<PSObject>();

        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();

        public List<string> Verbose { get; } = new List<string>();

        public List<string> Debug { get; } = new List<string>();

        public List<string> Warnings { get; } = new List<string>();

        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();

        /// <summary>The exception that ended the script (a terminating error), or null.</summary>
        public Exception? Terminating { get; set; }

        /// <summary>The terminating error's record, or null.</summary>
        public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

        /// <summary>True when the script was stopped (Ctrl+C) rather than ending by itself.</summary>
        public bool Stopped { get; set; }

        /// <summary>Text the host displayed, such as "What if:" lines.</summary>
        public string HostText { get; set; } = string.Empty;

        public IReadOnlyList<object> Objects => Output.Where(o => o != null).Select(o => o.BaseObject).ToList();

        /// <summary>Every stream as text, for checks that something (a secret) appears nowhere.</summary>
        public string AllText() =>
            string.Join(
                "\n",
                Output.Select(o => o?.ToString() ?? string.Empty)
                    .Concat(Errors.SelectMany(e => new[] { e.ToString(), e.Exception.ToString(), e.ErrorDetails?.Message ?? string.Empty, e.TargetObject?.ToString() ?? string.Empty }))
                    .Concat(Verbose).Concat(Debug).Concat(Warnings)
                    .Concat(new[] { Terminating?.ToString() ?? string.Empty, HostText }));
    }
}
