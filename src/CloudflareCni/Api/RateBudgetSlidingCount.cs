using System;
using System.Collections.Generic;

namespace CloudflareCni.Api
{
    /// <summary>
    /// The times requests were sent, to count them over a sliding window and tell when one more may go. It keeps only
    /// what a decision can need: the times within the longest window asked about, and no more of them than the largest
    /// limit it was told of. Not thread-safe: its owner locks.
    /// </summary>
    internal sealed class RateBudgetSlidingCount
    {
        private readonly List<TimeSpan> times = new List<TimeSpan>();
        private int first;
        private int keep;
        private TimeSpan longestWindow;

        /// <param name="keep">The largest limit counted against: older sends beyond it never decide anything.</param>
        /// <param name="window">The window counted over (a longer one asked about later is kept from then on).</param>
        public RateBudgetSlidingCount(int keep, TimeSpan window)
        {
            this.keep = Math.Max(1, keep);
            longestWindow = window;
        }

        /// <summary>Records a send at <paramref name="at"/> (readings of one monotonic clock, so in order).</summary>
        public void Add(TimeSpan at)
        {
            times.Add(at);
            if (times.Count - first > keep)
            {
                first = times.Count - keep;
            }

            Forget(at);
        }

        /// <summary>Keeps at least this many of the latest sends, for a larger limit (a quota raised by the headers).</summary>
        public void KeepAtLeast(int count) => keep = Math.Max(keep, count);

        /// <summary>Forgets every counted time.</summary>
        public void Clear()
        {
            times.Clear();
            first = 0;
        }

        /// <summary>How many sends lie within <paramref name="window"/> before <paramref name="now"/>.</summary>
        public int CountWithin(TimeSpan now, TimeSpan window)
        {
            int index = FirstWithin(now, window);
            return times.Count - index;
        }

        /// <summary>
        /// When one more send keeps the count within <paramref name="window"/> under <paramref name="allowed"/>: null
        /// when it does now, else when enough of the counted sends have left the window.
        /// </summary>
        public TimeSpan? FreeAt(TimeSpan now, TimeSpan window, int allowed)
        {
            // A limit of none would hold forever: one request always may go.
            allowed = Math.Max(1, allowed);
            int index = FirstWithin(now, window);
            int count = times.Count - index;
            if (count < allowed)
            {
                return null;
            }

            // Of the sends in the window, the (count - allowed + 1) oldest must leave it.
            return times[index + Math.Max(0, count - allowed)] + window;
        }

        private int FirstWithin(TimeSpan now, TimeSpan window)
        {
            if (window > longestWindow)
            {
                longestWindow = window;
            }

            Forget(now);
            int index = first;
            while (index < times.Count && times[index] + window <= now)
            {
                index++;
            }

            return index;
        }

        /// <summary>What has left the longest window by <paramref name="now"/> can never count again.</summary>
        private void Forget(TimeSpan now)
        {
            while (first < times.Count && times[first] + longestWindow <= now)
            {
                first++;
            }

            if (first > 1024 && first > times.Count / 2)
            {
                times.RemoveRange(0, first);
                first = 0;
            }
        }
    }
}
