using System.Globalization;

namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// A sweep's parameter sets compared with its baseline, metric by metric, on the paths they share (see
/// <see cref="PairedStatistics"/> for the formulas).
/// </summary>
/// <param name="Baseline">Name of the baseline set.</param>
/// <param name="Paths">Paths per set (the pairs).</param>
/// <param name="Confidence">Two-sided confidence level of every interval.</param>
/// <param name="Power">Power the <see cref="MetricComparison.PathsNeeded"/> figure is computed for.</param>
/// <param name="BootstrapResamples">Resamples behind each tail interval.</param>
/// <param name="Rows">One row per (set other than the baseline, metric), sets in file order, metrics in <see cref="SweepMetric.All"/> order.</param>
public sealed record PairedComparison(string Baseline, int Paths, double Confidence, double Power, int BootstrapResamples, IReadOnlyList<MetricComparison> Rows)
{
    /// <summary>Verdict: the set is better than the baseline on this figure at the stated confidence.</summary>
    public const string Better = "better";

    /// <summary>Verdict: the set is worse than the baseline on this figure at the stated confidence.</summary>
    public const string Worse = "worse";

    /// <summary>Verdict text when the interval contains zero.</summary>
    public static string NotDistinguishable(int paths) => string.Create(CultureInfo.InvariantCulture, $"not distinguishable at {paths} paths");

    /// <summary>Compares every set of <paramref name="result"/> with set <paramref name="baseline"/>.</summary>
    /// <param name="result">The sweep.</param>
    /// <param name="baseline">Index of the baseline set.</param>
    /// <param name="confidence">Two-sided level (default 95%).</param>
    /// <param name="power">Power for the paths-needed figure (default 80%).</param>
    /// <param name="resamples">Bootstrap resamples (default 2,000).</param>
    /// <param name="seed">Seed of the bootstrap (default: the sweep's first seed).</param>
    public static PairedComparison Of(SweepResult result, int baseline, double confidence = 0.95, double power = 0.8, int resamples = 2000, ulong? seed = null)
    {
        if (baseline < 0 || baseline >= result.Sets.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "no such parameter set");
        }

        var paths = result.Paths;
        var rows = new List<MetricComparison>();
        Func<double[], double>[] figures =
        [
            s => TailStatistics.Quantile(s, 0.95),
            s => TailStatistics.Quantile(s, 0.99),
            s => TailStatistics.ExpectedShortfall(s, 0.95),
            s => TailStatistics.ExpectedShortfall(s, 0.99),
        ];
        string[] names = ["var95", "var99", "es95", "es99"];
        var basis = result.Sets[baseline];
        for (var s = 0; s < result.Sets.Count; s++)
        {
            if (s == baseline)
            {
                continue;
            }

            var set = result.Sets[s];
            for (var m = 0; m < SweepMetric.All.Count; m++)
            {
                var metric = SweepMetric.All[m];
                var a = basis.Runs.Select(metric.Value).ToArray();
                var b = set.Runs.Select(metric.Value).ToArray();
                var d = b.Zip(a, (x, y) => x - y).ToArray();
                var (mean, sd, low, high) = PairedStatistics.MeanInterval(d, confidence);
                var intervals = PairedStatistics.BootstrapDifference(a, b, figures, confidence, resamples, (seed ?? result.FirstSeed) + (ulong)((s * 1000) + m));
                var sortedA = a.Order().ToArray();
                var sortedB = b.Order().ToArray();
                var tails = new TailComparison[figures.Length];
                for (var f = 0; f < figures.Length; f++)
                {
                    var fa = figures[f](sortedA);
                    var fb = figures[f](sortedB);
                    tails[f] = new TailComparison(names[f], fa, fb, fb - fa, intervals[f].Low, intervals[f].High, Verdict(metric.Preference, intervals[f].Low, intervals[f].High, paths));
                }

                rows.Add(new MetricComparison(
                    set.Name,
                    metric.Key,
                    a.Average(),
                    b.Average(),
                    mean,
                    sd,
                    low,
                    high,
                    Verdict(metric.Preference, low, high, paths),
                    PairedStatistics.PathsNeeded(mean, sd, confidence, power),
                    tails));
            }
        }

        return new PairedComparison(result.Sets[baseline].Name, paths, confidence, power, resamples, rows);
    }

    /// <summary>
    /// "better"/"worse" when the interval [low, high] of set − baseline excludes zero (a degenerate interval at a
    /// non-zero value counts: every path moved the same way by the same amount), otherwise not distinguishable.
    /// </summary>
    public static string Verdict(Preference preference, double low, double high, int paths)
    {
        var above = low > 0;
        var below = high < 0;
        if (!above && !below)
        {
            return NotDistinguishable(paths);
        }

        return above == (preference == Preference.Higher) ? Better : Worse;
    }

    /// <summary>The row of <paramref name="set"/> and <paramref name="metric"/>.</summary>
    public MetricComparison Row(string set, string metric) =>
        Rows.FirstOrDefault(r => r.Set == set && r.Metric == metric) ?? throw new KeyNotFoundException($"no comparison of '{set}' on '{metric}'");
}

/// <summary>One metric of one set against the baseline.</summary>
/// <param name="Set">Compared set.</param>
/// <param name="Metric">Metric key (<see cref="SweepMetric.Key"/>).</param>
/// <param name="BaselineMean">Baseline mean over paths.</param>
/// <param name="SetMean">Set mean over paths.</param>
/// <param name="MeanDifference">Mean of set − baseline per path.</param>
/// <param name="StdDevDifference">Sample standard deviation of the per-path differences.</param>
/// <param name="Low">Lower end of the t interval of the mean difference.</param>
/// <param name="High">Upper end.</param>
/// <param name="Verdict">"better", "worse" or "not distinguishable at N paths".</param>
/// <param name="PathsNeeded">Paths per set to detect a difference of this size at the power asked; null when the difference is zero.</param>
/// <param name="Tails">VaR/ES 95/99 of each set, their difference and its bootstrap interval.</param>
public sealed record MetricComparison(
    string Set,
    string Metric,
    double BaselineMean,
    double SetMean,
    double MeanDifference,
    double StdDevDifference,
    double Low,
    double High,
    string Verdict,
    int? PathsNeeded,
    IReadOnlyList<TailComparison> Tails);

/// <summary>A tail figure of both sets, its difference and the paired bootstrap interval of the difference.</summary>
/// <param name="Figure"><c>var95</c>, <c>var99</c>, <c>es95</c> or <c>es99</c>.</param>
/// <param name="Baseline">Baseline's figure.</param>
/// <param name="Set">Set's figure.</param>
/// <param name="Difference">Set − baseline.</param>
/// <param name="Low">Lower end of the bootstrap interval of the difference.</param>
/// <param name="High">Upper end.</param>
/// <param name="Verdict">As for the mean.</param>
public sealed record TailComparison(string Figure, double Baseline, double Set, double Difference, double Low, double High, string Verdict);
