using MarginCall.Bench;
using Xunit.Abstractions;

namespace MarginCall.Bench.Tests;

/// <summary>
/// The whole-scale bench at small N: it runs end to end in seconds and its identity check holds — the candidate index
/// and the full scan emit the same events, find the same liquidations and end in the same state. Timings are printed,
/// never asserted.
/// </summary>
public sealed class BenchRunnerSmokeTests(ITestOutputHelper output)
{
    private static readonly BenchOptions Small = new()
    {
        Accounts = 2_000,
        CompareCalmTicks = 200,
        CompareCrashTicks = 100,
        ScaleCalmTicks = 200,
        ThroughputCommands = 3_000,
        ScaleCrashTicks = 100,
        MemoryProbeAccounts = 1_000,
        AutoLiquidate = true,
    };

    [Fact]
    public void Index_and_full_scan_find_identical_liquidations_on_the_bench_path()
    {
        var report = BenchRunner.Run(Small);
        output.WriteLine(BenchReportText.ToTable(report));

        var c = report.Comparison;
        Assert.True(c.Identical, "index and full scan diverged");
        Assert.True(c.Index.Liquidations > 0, "the crash liquidated nobody: the path does not exercise the check");
        Assert.Equal(c.FullScan!.Liquidations, c.Index.Liquidations);
        Assert.True(c.Index.LiquidationSteps > 0, "the pipeline executed no step");
        Assert.True(c.EvaluationRatio > 1, "the index evaluated as many accounts as the full scan");

        Assert.True(c.Index.CrashStateChangesPerTick > 0, "no account changed state in the crash");
        Assert.Equal(c.FullScan.CrashStateChangesPerTick, c.Index.CrashStateChangesPerTick);
        Assert.Equal(0, report.Scale.Throughput.Rejections);
    }

    [Fact]
    public void Throughput_phase_runs_the_mixed_stream_and_one_stream_of_each_kind()
    {
        var report = BenchRunner.Run(Small with { Accounts = 1_000, AutoLiquidate = false, MemoryProbeAccounts = 0, ScaleCalmTicks = 20, ThroughputCommands = 3_000, ScaleCrashTicks = 0 });

        var t = report.Scale.Throughput;
        Assert.Equal(3_000, t.Commands);
        Assert.Equal(1_000, t.CommandsPerKind);
        Assert.Equal(0, t.Rejections);
        Assert.True(t.Seconds > 0 && t.CommandsPerSecond > 0, "the mixed stream was not timed");
        Assert.True(t.PriceUpdatesPerSecond > 0 && t.DepositsPerSecond > 0 && t.TradesPerSecond > 0, "a homogeneous stream was empty or not timed");

        // One time command per round of ten price updates: 1,000 in the mixed stream and 1,000 in the price stream.
        Assert.InRange(t.TimeCommands, 199, 201);
        Assert.True(t.TimeCommandsPerSecond > 0);
    }

    [Fact]
    public void The_price_stream_counts_the_state_changes_it_causes()
    {
        // A 30 bp walk, ten times the default, so a thousand accounts see margin calls within a thousand updates.
        var report = BenchRunner.Run(Small with { Accounts = 1_000, AutoLiquidate = false, MemoryProbeAccounts = 0, CalmVolatility = 0.003, ScaleCalmTicks = 20, ThroughputCommands = 3_000, ScaleCrashTicks = 0 });

        // Without the pipeline every state change of the price stream comes from one of its evaluations.
        var t = report.Scale.Throughput;
        Assert.True(t.PriceStateChangesPerUpdate > 0, "the walk moved no account across a threshold");
        Assert.InRange(t.PriceStateChangesPerUpdate, 0, t.PriceEvaluationsPerUpdate);
    }

    [Fact]
    public void A_run_without_the_full_scan_says_it_compared_nothing()
    {
        var report = BenchRunner.Run(Small with { Accounts = 200, MemoryProbeAccounts = 0, SkipFullScan = true, ScaleCalmTicks = 10, ThroughputCommands = 30, ScaleCrashTicks = 10 });

        Assert.False(report.Comparison.Identical);
        var table = BenchReportText.ToTable(report);
        Assert.Contains("not compared (full scan skipped", table, StringComparison.Ordinal);
        Assert.DoesNotContain("identical events: NO", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_only_run_also_agrees()
    {
        var report = BenchRunner.Run(Small with { Accounts = 1_000, AutoLiquidate = false, MemoryProbeAccounts = 0, ScaleCalmTicks = 20, ThroughputCommands = 300, ScaleCrashTicks = 20 });

        Assert.True(report.Comparison.Identical);
        Assert.Equal(0, report.Comparison.Index.LiquidationSteps);

        // Without the pipeline only evaluations move states, so the accounts that change state are a floor under them.
        Assert.InRange(report.Comparison.Index.CrashStateChangesPerTick, 1e-9, report.Comparison.Index.CrashEvaluationsPerTick);
    }

    [Fact]
    public void Same_seed_same_report_figures()
    {
        var options = Small with { Accounts = 500, MemoryProbeAccounts = 0, ScaleCalmTicks = 20, ThroughputCommands = 300, ScaleCrashTicks = 20 };
        var first = BenchRunner.Run(options).Comparison;
        var second = BenchRunner.Run(options).Comparison;

        Assert.Equal(first.Index.StateHash, second.Index.StateHash);
        Assert.Equal(first.Index.EventsHash, second.Index.EventsHash);
        Assert.Equal(first.Index.EvaluationsPerTick, second.Index.EvaluationsPerTick);
    }

    [Fact]
    public void Report_serializes_to_json()
    {
        var options = Small with { Accounts = 200, MemoryProbeAccounts = 100, ScaleCalmTicks = 10, ThroughputCommands = 30, ScaleCrashTicks = 10 };
        var json = BenchReportText.ToJson(BenchRunner.Run(options));

        Assert.Contains("\"identicalStateHash\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"managedBytesPerAccount\"", json, StringComparison.Ordinal);
    }
}
