using System;
using System.Management.Automation;
using CloudflareCni.Emulator;
using CloudflareCni.Completion;
using CloudflareCni.Connections;
using CloudflareCni.Validation;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that shape and read the sandbox. They find the emulator through the invocation's connection,
    /// so they work only on a sandbox connection (Connect-CfAccount -Sandbox): on any other, or none, they end with
    /// CfSandbox.NotSandbox before doing anything, and never send a request.
    /// </summary>
    public abstract class CfSandboxCmdlet : CfCmdlet
    {
        private InvocationConnection? connection;

        /// <summary>The sandbox connection for this call, instead of the default: a name, or an object from Connect-CfAccount -Sandbox.</summary>
        [Parameter]
        [ValidateNotNull]
        [ConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public CfContext? Connection { get; set; }

        /// <summary>Checks for a sandbox before anything else, -WhatIf included.</summary>
        private protected override void Begin() => _ = Sandbox;

        /// <summary>The sandbox's emulator; a terminating CfSandbox.NotSandbox error when the connection is not a sandbox.</summary>
        internal CniEmulator Sandbox
        {
            get
            {
                CfConnection? found = Connected.Find();
                CniEmulator? sandbox = found?.Sandbox;
                if (sandbox is null)
                {
                    string what = found is null
                        ? "No connection is set"
                        : $"The connection is to {found.Executor.Options.BaseUri} ({found.Source}), not to a sandbox";
                    Terminate(CfErrors.Record(
                        new InvalidOperationException(
                            $"{what}. {MyInvocation.MyCommand.Name} shapes or reads the offline sandbox only, never a real account. Run Connect-CfAccount -Sandbox first."),
                        CfErrors.NotSandbox,
                        ErrorCategory.InvalidOperation,
                        null,
                        "Run Connect-CfAccount -Sandbox."));
                }

                return sandbox!;
            }
        }

        /// <summary>The sandbox connection itself (after <see cref="Sandbox"/> has checked that it is one).</summary>
        internal CfConnection SandboxConnection
        {
            get
            {
                _ = Sandbox;
                return Connected.Find()!;
            }
        }

        /// <summary>The sandbox connection's default account (every sandbox connection has one).</summary>
        internal string SandboxAccount
        {
            get
            {
                _ = Sandbox;
                return Connected.Find()!.AccountId ?? CniEmulator.SandboxAccountId;
            }
        }

        private InvocationConnection Connected => connection ??= new InvocationConnection(this, () => Connection);

        /// <summary>
        /// Before ShouldProcess, -WhatIf included: the CLOUDFLARE_* variables are checked when the invocation would fall
        /// back to them, as a real run would.
        /// </summary>
        private protected override void CheckBeforeChange() => Connected.CheckEnvironment();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                connection?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
