using MarginCall.Simulation.Randomness;
using MathNet.Numerics.Distributions;

namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// The statistics of a paired comparison on common random numbers: path k of every set runs on the same seed, so the
/// per-path difference d_k = x_set,k − x_baseline,k removes the variation the sets share (the price path) and leaves
/// the effect of the parameters. Formulas:
/// <list type="bullet">
/// <item>mean difference d̄ with the Student t interval d̄ ± t(1−α/2, n−1)·s_d/√n (s_d the sample standard deviation
/// of the differences, n the paths);</item>
/// <item>paths needed to tell a difference of d̄ from zero at level α with power 1−β:
/// n = ⌈((z(1−α/2) + z(1−β))·s_d/d̄)²⌉ (the normal approximation of the paired t test);</item>
/// <item>tail figures (VaR/ES, nearest rank as in <see cref="TailStatistics"/>): a percentile interval from a paired
/// bootstrap — resample path indices with replacement, the same indices for both sets, and take the difference of the
/// tail figure each time. Seeded, so the same sweep gives the same interval.</item>
/// </list>
/// </summary>
public static class PairedStatistics
{
    /// <summary>Mean, standard deviation and t interval of the paired differences.</summary>
    /// <param name="differences">d_k, one per path (at least one).</param>
    /// <param name="confidence">Two-sided confidence level, e.g. 0.95.</param>
    public static (double Mean, double StdDev, double Low, double High) MeanInterval(IReadOnlyList<double> differences, double confidence)
    {
        var n = differences.Count;
        if (n == 0)
        {
            throw new ArgumentException("at least one difference is required", nameof(differences));
        }

        var mean = differences.Average();
        if (n == 1)
        {
            return (mean, 0, double.NegativeInfinity, double.PositiveInfinity);
        }

        var sum = 0.0;
        foreach (var d in differences)
        {
            sum += (d - mean) * (d - mean);
        }

        var sd = Math.Sqrt(sum / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - confidence) / 2)) * sd / Math.Sqrt(n);
        return (mean, sd, mean - half, mean + half);
    }

    /// <summary>
    /// Paths per set a paired test at <paramref name="confidence"/> needs to detect a true mean difference of
    /// <paramref name="meanDifference"/> with probability <paramref name="power"/>; null when the difference is zero
    /// (no number of paths tells it from zero), 0 paths would mean "any".
    /// </summary>
    public static int? PathsNeeded(double meanDifference, double stdDev, double confidence, double power)
    {
        if (meanDifference == 0 || !double.IsFinite(meanDifference))
        {
            return null;
        }

        var z = Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2)) + Normal.InvCDF(0, 1, power);
        var n = Math.Ceiling(Math.Pow(z * stdDev / meanDifference, 2));
        return (int)Math.Clamp(Math.Max(n, 2), 2, int.MaxValue);
    }

    /// <summary>
    /// Percentile bootstrap interval of <c>figure(set) − figure(baseline)</c>, resampling paths in pairs.
    /// </summary>
    /// <param name="baseline">The baseline set's values, by path.</param>
    /// <param name="set">The compared set's values, by path (same length).</param>
    /// <param name="figures">Tail figures of an ascending sample (e.g. VaR 95%, ES 99%).</param>
    /// <param name="confidence">Two-sided level.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seed of the resampling stream.</param>
    /// <returns>Per figure, the interval (low, high).</returns>
    public static (double Low, double High)[] BootstrapDifference(
        IReadOnlyList<double> baseline, IReadOnlyList<double> set, IReadOnlyList<Func<double[], double>> figures, double confidence, int resamples, ulong seed)
    {
        var n = baseline.Count;
        if (n == 0 || set.Count != n)
        {
            throw new ArgumentException("both sets need the same, non-zero number of paths");
        }

        var random = new Xoshiro256StarStar(seed, 7);
        var draws = new double[figures.Count][];
        for (var f = 0; f < figures.Count; f++)
        {
            draws[f] = new double[resamples];
        }

        var a = new double[n];
        var b = new double[n];
        for (var r = 0; r < resamples; r++)
        {
            for (var k = 0; k < n; k++)
            {
                var index = random.NextInt(n);
                a[k] = baseline[index];
                b[k] = set[index];
            }

            Array.Sort(a);
            Array.Sort(b);
            for (var f = 0; f < figures.Count; f++)
            {
                draws[f][r] = figures[f](b) - figures[f](a);
            }
        }

        var result = new (double, double)[figures.Count];
        var tail = (1 - confidence) / 2;
        for (var f = 0; f < figures.Count; f++)
        {
            Array.Sort(draws[f]);
            result[f] = (TailStatistics.Quantile(draws[f], tail), TailStatistics.Quantile(draws[f], 1 - tail));
        }

        return result;
    }
}
