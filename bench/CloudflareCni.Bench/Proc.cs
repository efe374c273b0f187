using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CloudflareCni.Bench
{
    /// <summary>Runs a child process to its end, capturing its output, and times it from start to exit.</summary>
    internal static class Proc
    {
        /// <summary>Cpu: user + system time of the child and its own children (from getrusage; NaN where unavailable).</summary>
        public sealed record Outcome(int ExitCode, string Stdout, string Stderr, TimeSpan Wall, bool TimedOut, double CpuMs = double.NaN);

        public static Outcome Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IDictionary<string, string?>? environment = null)
        {
            var info = new ProcessStartInfo(file)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            if (environment != null)
            {
                foreach (KeyValuePair<string, string?> pair in environment)
                {
                    if (pair.Value is null)
                    {
                        info.Environment.Remove(pair.Key);
                    }
                    else
                    {
                        info.Environment[pair.Key] = pair.Value;
                    }
                }
            }

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (stdout)
                    {
                        stdout.AppendLine(e.Data);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (stderr)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            };

            double cpuBefore = ChildrenCpuMs();
            var watch = Stopwatch.StartNew();
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            else
            {
                // Flushes the asynchronous readers.
                process.WaitForExit();
            }

            TimeSpan wall = watch.Elapsed;
            double cpu = ChildrenCpuMs() - cpuBefore;
            lock (stdout)
            {
                lock (stderr)
                {
                    return new Outcome(exited ? process.ExitCode : -1, stdout.ToString(), stderr.ToString(), wall, !exited, cpu);
                }
            }
        }

        /// <summary>
        /// CPU time of every child this process has waited for, so far (getrusage RUSAGE_CHILDREN). Runs are sequential,
        /// so the difference around one run is that run's CPU time, which a busy machine disturbs less than wall time.
        /// </summary>
        private static double ChildrenCpuMs()
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                return double.NaN;
            }

            var usage = new RUsage();
            if (GetRUsage(-1, ref usage) != 0)
            {
                return double.NaN;
            }

            return (usage.UserSec + usage.SystemSec) * 1000.0 + (usage.UserMicros + usage.SystemMicros) / 1000.0;
        }

        [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
        private static extern int GetRUsage(int who, ref RUsage usage);

        /// <summary>struct rusage on 64-bit Unix: two timevals, then 14 longs.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct RUsage
        {
            public long UserSec;
            public long UserMicros;
            public long SystemSec;
            public long SystemMicros;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
            public long[] Rest;
        }

        public static Outcome RunChecked(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
        {
            Outcome outcome = Run(file, args, workingDirectory, timeout);
            if (outcome.ExitCode != 0)
            {
                throw new BenchException($"'{file} {string.Join(' ', args)}' failed ({outcome.ExitCode}):\n{outcome.Stdout}{outcome.Stderr}");
            }

            return outcome;
        }
    }

    internal sealed class BenchException : Exception
    {
        public BenchException(string message)
            : base(message)
        {
        }
    }
}
