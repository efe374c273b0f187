using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Internal;

namespace CloudflareCni.Tests.Support
{
    /// <summary>
    /// Records what the command logic writes, as a PowerShell host would receive it. It also checks the rule a real
    /// host enforces: every write happens on the thread that runs the command.
    /// </summary>
    internal sealed class TestHost : ICmdletHost
    {
        private readonly int pipelineThread = Environment.CurrentManagedThreadId;
        private readonly List<string> verbose = new List<string>();
        private readonly List<string> debug = new List<string>();
        private readonly DiagnosticPump pump;

        /// <summary>Diagnostics travel through the same pump as in the cmdlets, so a write from the wrong thread shows.</summary>
        public TestHost()
        {
            pump = new DiagnosticPump(
                message => { CheckThread("WriteVerbose"); verbose.Add(message); },
                message => { CheckThread("WriteDebug"); debug.Add(message); });
        }

        public CancellationTokenSource StopSource { get; } = new CancellationTokenSource();

        public CancellationToken Stopping => StopSource.Token;

        public List<object> Objects { get; } = new List<object>();

        public List<CfError> Errors { get; } = new List<CfError>();

        public List<string> Warnings { get; } = new List<string>();

        public List<CfProgress> Progress { get; } = new List<CfProgress>();

        public List<(long Count, double Accuracy)> TotalCounts { get; } = new List<(long, double)>();

        public List<(string Target, string Action)> ShouldProcessCalls { get; } = new List<(string, string)>();

        public List<string> ShouldContinueCalls { get; } = new List<string>();

        /// <summary>The answer to ShouldProcess, as a user at the prompt (or -WhatIf) would give it.</summary>
        public bool ShouldProcessAnswer { get; set; } = true;

        public bool ShouldContinueAnswer { get; set; } = true;

        public string CurrentDirectory { get; set; } = Directory.GetCurrentDirectory();

        /// <summary>Called at each WriteObject, to observe state at that moment (such as requests sent so far).</summary>
        public Action<object>? OnWriteObject { get; set; }

        public IReadOnlyList<string> VerboseMessages
        {
            get
            {
                pump.Flush();
                return verbose.ToArray();
            }
        }

        public IReadOnlyList<string> DebugMessages
        {
            get
            {
                pump.Flush();
                return debug.ToArray();
            }
        }

        public List<string> WrongThreadWrites { get; } = new List<string>();

        public IEnumerable<T> ObjectsOf<T>() => Objects.OfType<T>();

        /// <summary>Every text the host received, on every stream, for leak checks.</summary>
        public IEnumerable<string> AllText() =>
            Objects.Select(o => o.ToString() ?? string.Empty)
                .Concat(Errors.SelectMany(e => new[] { e.Message, e.ErrorId, e.RecommendedAction ?? string.Empty, e.Exception.ToString(), Convert.ToString(e.TargetObject) ?? string.Empty }))
                .Concat(Warnings)
                .Concat(VerboseMessages)
                .Concat(DebugMessages)
                .Concat(Progress.Select(p => p.Activity + " " + p.Status));

        public void WriteObject(object item)
        {
            CheckThread(nameof(WriteObject));
            Objects.Add(item);
            OnWriteObject?.Invoke(item);
        }

        public void WriteError(CfError error)
        {
            CheckThread(nameof(WriteError));
            Errors.Add(error);
        }

        public void WriteWarning(string message)
        {
            CheckThread(nameof(WriteWarning));
            Warnings.Add(message);
        }

        public void WriteProgress(CfProgress progress)
        {
            CheckThread(nameof(WriteProgress));
            Progress.Add(progress);
        }

        public void WriteTotalCount(long count, double accuracy)
        {
            CheckThread(nameof(WriteTotalCount));
            TotalCounts.Add((count, accuracy));
        }

        public bool ShouldProcess(string target, string action)
        {
            CheckThread(nameof(ShouldProcess));
            ShouldProcessCalls.Add((target, action));
            return ShouldProcessAnswer;
        }

        public bool ShouldContinue(string query, string caption)
        {
            CheckThread(nameof(ShouldContinue));
            ShouldContinueCalls.Add(query);
            return ShouldContinueAnswer;
        }

        public T Await<T>(Task<T> task)
        {
            CheckThread(nameof(Await));
            return pump.Await(task);
        }

        public string ResolveFileSystemPath(string path) => Path.GetFullPath(Path.Combine(CurrentDirectory, path));

        // Diagnostics may arrive from any thread, as in the real cmdlet, which queues them.
        public void Verbose(string message) => pump.Post(verbose: true, message);

        public void Debug(string message) => pump.Post(verbose: false, message);

        private void CheckThread(string what)
        {
            if (Environment.CurrentManagedThreadId != pipelineThread)
            {
                lock (WrongThreadWrites)
                {
                    WrongThreadWrites.Add(what);
                }
            }
        }
    }
}
