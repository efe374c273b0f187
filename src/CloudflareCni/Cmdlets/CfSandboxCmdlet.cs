using System;
using System.Management.Automation;
using CloudflareCni.Emulator;
using CloudflareCni.Connections;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that shape and read the sandbox. They find the emulator through the invocation's connection,
    /// so they work only on a sandbox connection (Connect-CfAccount -Sandbox): on any other, or none, they end with
    /// CfSandbox.NotSandbox before doing anything, and never send a request.
    /// </summary>
    public abstract class CfSandboxCmdlet : CfConnectedCmdlet
    {
        /// <summary>Checks for a sandbox before anything else, -WhatIf included.</summary>
        private protected override void Begin() => _ = Sandbox;

        /// <summary>The sandbox's emulator; a terminating CfSandbox.NotSandbox error when the connection is not a sandbox.</summary>
        internal CniEmulator Sandbox
        {
            get
            {
                CfConnection? connection = FindConnection();
                CniEmulator? sandbox = connection?.Sandbox;
                if (sandbox is null)
                {
                    string what = connection is null
                        ? "No connection is set"
                        : $"The connection is to {connection.Executor.Options.BaseUri} ({connection.Source}), not to a sandbox";
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

        /// <summary>The sandbox connection's default account (every sandbox connection has one).</summary>
        internal string SandboxAccount
        {
            get
            {
                _ = Sandbox;
                return FindConnection()!.AccountId ?? CniEmulator.SandboxAccountId;
            }
        }
    }
}
