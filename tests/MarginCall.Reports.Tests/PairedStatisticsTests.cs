using MarginCall.Simulation.Sweeps;

namespace MarginCall.Reports.Tests;

public class PairedStatisticsTests
{
    [Fact]
    public void The_mean_interval_is_the_student_t_interval_of_the_differences()
    {
        // d = 1..5: mean 3, s = √2.5; t(0.975, 4) = 2.776445 (table value), half-width 2.776445·√2.5/√5 = 1.963243.
        var (mean, sd, low, high) = PairedStatistics.MeanInterval([1, 2, 3, 4, 5], 0.95);

        Assert.Equal(3, mean, 12);
        Assert.Equal(Math.Sqrt(2.5), sd, 12);
        Assert.Equal(3 - 1.963243, low, 5);
        Assert.Equal(3 + 1.963243, high, 5);
    }

    [Fact]
    public void Paths_needed_follow_the_normal_approximation_at_80_percent_power()
    {
        // (1.959964 + 0.841621)² · (sd/d)² = 7.848879 · 4 = 31.4 → 32 paths for d = sd/2.
        Assert.Equal(32, PairedStatistics.PathsNeeded(0.5, 1, 0.95, 0.8));
        Assert.Equal(PairedStatistics.PathsNeeded(-0.5, 1, 0.95, 0.8), PairedStatistics.PathsNeeded(0.5, 1, 0.95, 0.8));
        Assert.Null(PairedStatistics.PathsNeeded(0, 1, 0.95, 0.8));
        Assert.True(PairedStatistics.PathsNeeded(0.1, 1, 0.95, 0.8) > 700);
    }

    [Fact]
    public void A_verdict_needs_an_interval_that_excludes_zero_and_reads_the_metric_direction()
    {
        Assert.Equal("better", PairedComparison.Verdict(Preference.Lower, -3, -1, 50));
        Assert.Equal("worse", PairedComparison.Verdict(Preference.Lower, 1, 3, 50));
        Assert.Equal("better", PairedComparison.Verdict(Preference.Higher, 1, 3, 50));
        Assert.Equal("not distinguishable at 50 paths", PairedComparison.Verdict(Preference.Lower, -1, 3, 50));
        Assert.Equal("not distinguishable at 7 paths", PairedComparison.Verdict(Preference.Higher, 0, 0, 7));
    }

    [Fact]
    public void The_paired_bootstrap_is_seeded_and_brackets_a_shift_shared_by_every_path()
    {
        var random = new Random(3);
        var baseline = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 1000).ToArray();
        var shifted = baseline.Select(v => v + 50).ToArray(); // every path worse by exactly 50
        Func<double[], double>[] figures = [s => TailStatistics.Quantile(s, 0.95), s => TailStatistics.ExpectedShortfall(s, 0.99)];

        var first = PairedStatistics.BootstrapDifference(baseline, shifted, figures, 0.95, 500, seed: 11);
        var again = PairedStatistics.BootstrapDifference(baseline, shifted, figures, 0.95, 500, seed: 11);

        Assert.Equal(first, again);
        // Pairing: the same indices in both sets, so a uniform shift gives a degenerate interval at the shift.
        Assert.All(first, i => Assert.Equal(50, i.Low, 9));
        Assert.All(first, i => Assert.Equal(50, i.High, 9));
    }

    [Fact]
    public void Unpaired_noise_widens_the_bootstrap_interval_around_the_true_difference()
    {
        var random = new Random(5);
        var baseline = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 1000).ToArray();
        var other = Enumerable.Range(0, 400).Select(_ => (random.NextDouble() * 1000) + 100).ToArray();
        Func<double[], double>[] figures = [s => TailStatistics.Quantile(s, 0.5)];

        var interval = PairedStatistics.BootstrapDifference(baseline, other, figures, 0.95, 1000, seed: 1)[0];

        Assert.True(interval.Low < 100 && interval.High > 100, $"[{interval.Low}, {interval.High}] should contain the true shift 100");
        Assert.True(interval.High - interval.Low > 20, "independent noise cannot give a narrow interval");
    }
}
