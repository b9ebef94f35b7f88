namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// Distribution figures of one metric over a sweep's paths. Quantiles are empirical nearest-rank: the p-quantile is the
/// ⌈p·n⌉-th smallest value (so p99 of 100 paths is the 99th smallest). Expected shortfall at p is the mean of the
/// ⌈(1−p)·n⌉ largest values — the average loss in the worst (1−p) share of paths, which is what a risk team sizes an
/// insurance fund against (ES is coherent where VaR is not).
/// </summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile (VaR 95%).</param>
/// <param name="P99">99th percentile (VaR 99%).</param>
/// <param name="Max">Largest value.</param>
/// <param name="ExpectedShortfall95">Mean of the worst 5% of paths.</param>
/// <param name="ExpectedShortfall99">Mean of the worst 1% of paths.</param>
public sealed record TailStatistics(double Mean, double P50, double P95, double P99, double Max, double ExpectedShortfall95, double ExpectedShortfall99)
{
    /// <summary>Computes the figures of <paramref name="values"/> (any order; at least one value).</summary>
    public static TailStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("at least one value is required", nameof(values));
        }

        var sorted = values.Order().ToArray();
        return new TailStatistics(
            sorted.Average(),
            Quantile(sorted, 0.50),
            Quantile(sorted, 0.95),
            Quantile(sorted, 0.99),
            sorted[^1],
            ExpectedShortfall(sorted, 0.95),
            ExpectedShortfall(sorted, 0.99));
    }

    /// <summary>Nearest-rank quantile of ascending <paramref name="sorted"/>.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Mean of the ⌈(1−p)·n⌉ largest values of ascending <paramref name="sorted"/>.</summary>
    public static double ExpectedShortfall(double[] sorted, double p)
    {
        var tail = Math.Max(1, (int)Math.Ceiling(((1 - p) * sorted.Length) - 1e-9));
        var sum = 0.0;
        for (var i = sorted.Length - tail; i < sorted.Length; i++)
        {
            sum += sorted[i];
        }

        return sum / tail;
    }
}
