using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudflareCni.Cmdlets;
using Xunit;

namespace CloudflareCni.Tests.Module
{
    /// <summary>The hand-off that lets async work report through a cmdlet without writing from another thread.</summary>
    public sealed class DiagnosticPumpTests
    {
        [Fact]
        public void MessagesPostedFromOtherThreads_AreWrittenOnTheWaitingThread_InOrder_WhileTheTaskRuns()
        {
            int pipelineThread = Environment.CurrentManagedThreadId;
            var written = new List<(string Text, int Thread, bool TaskDone)>();
            int writtenCount = 0;
            var release = new TaskCompletionSource<bool>();
            Task<int>? work = null;
            using var pump = new DiagnosticPump(
                text => { written.Add(("V:" + text, Environment.CurrentManagedThreadId, work!.IsCompleted)); Interlocked.Increment(ref writtenCount); },
                text => { written.Add(("D:" + text, Environment.CurrentManagedThreadId, work!.IsCompleted)); Interlocked.Increment(ref writtenCount); });

            work = Task.Run(async () =>
            {
                pump.Verbose("first");
                pump.Debug("second");
                await release.Task;
                pump.Verbose("third");
                return 42;
            });
            Task.Run(async () =>
            {
                // Release the work only once the first messages have been written by the waiting thread.
                while (Volatile.Read(ref writtenCount) < 2)
                {
                    await Task.Delay(5);
                }

                release.SetResult(true);
            });

            int result = pump.Await(work);

            Assert.Equal(42, result);
            Assert.Equal(new[] { "V:first", "D:second", "V:third" }, written.ConvertAll(w => w.Text));
            Assert.All(written, w => Assert.Equal(pipelineThread, w.Thread));
            Assert.False(written[0].TaskDone);
            Assert.False(written[1].TaskDone);
        }

        [Fact]
        public void AFailedTask_RethrowsItsOwnException_AfterWritingWhatItPosted()
        {
            var written = new List<string>();
            using var pump = new DiagnosticPump(written.Add, written.Add);

            Func<int> fail = () =>
            {
                pump.Verbose("before the failure");
                throw new InvalidOperationException("boom");
            };
            Task<int> failing = Task.Run(fail);

            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => pump.Await(failing));
            Assert.Equal("boom", error.Message);
            Assert.Equal(new[] { "before the failure" }, written);
        }

        [Fact]
        public void ACancelledTask_EndsTheWaitPromptly()
        {
            using var pump = new DiagnosticPump(_ => { }, _ => { });
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            DateTime started = DateTime.UtcNow;

            Assert.ThrowsAny<OperationCanceledException>(() => pump.Await(Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; })));

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        }
    }
}
