using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CloudflareCni.Bench
{
    /// <summary>The repetitions of one figure: median to quote, min and max to show the spread.</summary>
    internal sealed class Series
    {
        public Series(string unit)
        {
            Unit = unit;
        }

        public string Unit { get; }

        public List<double> Values { get; } = new List<double>();

        public double Median
        {
            get
            {
                if (Values.Count == 0)
                {
                    return double.NaN;
                }

                var sorted = Values.OrderBy(v => v).ToArray();
                int mid = sorted.Length / 2;
                return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            }
        }

        public double Min => Values.Count == 0 ? double.NaN : Values.Min();

        public double Max => Values.Count == 0 ? double.NaN : Values.Max();

        public void Add(double value) => Values.Add(value);

        /// <summary>f of the two series, repetition by repetition (they were taken in interleaved rounds).</summary>
        public static Series Paired(Series a, Series b, Func<double, double, double> f, string unit)
        {
            var result = new Series(unit);
            for (int i = 0; i < Math.Min(a.Values.Count, b.Values.Count); i++)
            {
                result.Add(f(a.Values[i], b.Values[i]));
            }

            return result;
        }

        /// <summary>"2.71 s (2.60–2.93)"; one repetition shows no range.</summary>
        public string Describe()
        {
            if (Values.Count <= 1)
            {
                return Format(Median, Unit);
            }

            bool seconds = Unit == "ms" && Math.Abs(Median) >= 1000;
            string Bare(double v) => seconds ? (v / 1000).ToString("F2", CultureInfo.InvariantCulture)
                : Unit == "ms" ? v.ToString("F0", CultureInfo.InvariantCulture)
                : Format(v, Unit).Split(' ')[0].TrimEnd('x');
            return $"{Format(Median, Unit)} ({Bare(Min)}–{Bare(Max)})";
        }

        public static string Format(double value, string unit)
        {
            if (double.IsNaN(value))
            {
                return "n/a";
            }

            return unit switch
            {
                "ms" when Math.Abs(value) >= 1000 => (value / 1000).ToString("F2", CultureInfo.InvariantCulture) + " s",
                "ms" => value.ToString("F0", CultureInfo.InvariantCulture) + " ms",
                "MB" => value.ToString("F1", CultureInfo.InvariantCulture) + " MB",
                "x" => value.ToString("F2", CultureInfo.InvariantCulture) + "x",
                _ => value.ToString("G4", CultureInfo.InvariantCulture) + " " + unit,
            };
        }
    }
}
