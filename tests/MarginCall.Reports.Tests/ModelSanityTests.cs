using MarginCall.Simulation.Sweeps;

namespace MarginCall.Reports.Tests;

/// <summary>
/// Sanity checks of the model through small sweeps: each runs a baseline and a changed set on the same seeds and
/// requires the paired comparison's verdict at 95% confidence (the t interval of the mean difference excludes zero
/// in the expected direction). Scenarios are the bundled flash crash shrunk to 300 accounts; the sizes keep each test
/// within ~15 s in Release.
/// </summary>
public class ModelSanityTests
{
    private const string Small = """{ "population": { "count": 300 }, "durationSeconds": 450 }""";

    private static void AssertVerdict(SweepResult sweep, string metric, string verdict)
    {
        var row = sweep.Comparison!.Row("changed", metric);
        Assert.True(sweep.Comparison.Confidence == 0.95, "the stated confidence is 95%");
        Assert.True(
            row.Verdict == verdict,
            $"{metric}: expected '{verdict}' at 95%, got '{row.Verdict}' (baseline mean {row.BaselineMean}, changed {row.SetMean}, Δ {row.MeanDifference} in [{row.Low}, {row.High}])");
    }

    [Fact]
    public void A_deeper_book_gives_a_lower_expected_loss()
    {
        // Without deleveraging, so what the fund cannot take within its means (docs/engine.md §7.2) is forced on it and
        // charged to open interest: the chain this test measures.
        const string withoutAdl = """{ "population": { "count": 300 }, "durationSeconds": 450, "engine": { "parameters": { "autoDeleverage": false } } }""";
        var sweep = TestScenarios.Sweep("flash-crash.json", 10, withoutAdl, """{ "liquidity": { "notionalPerLevel": 1600000 } }""");

        // The venue's loss: what the insurance fund lost at its worst and what open positions were charged.
        AssertVerdict(sweep, "fund_drawdown", PairedComparison.Better);
        AssertVerdict(sweep, "socialized_loss", PairedComparison.Better);
    }

    [Fact]
    public void A_higher_maintenance_rate_gives_fewer_bankruptcies()
    {
        // A 10 s fall of 8%: fast enough that accounts at 1% maintenance gap through to negative equity before the
        // windowed liquidation closes them, slow enough that a 1.6% maintenance rate starts them in time.
        const string crash = """
            { "population": { "count": 300 }, "durationSeconds": 400,
              "priceProcess": { "series": [ { "market": "BTC-USD", "points": [[0, 60000], [120, 60000], [130, 55000], [270, 54000], [400, 57000]] } ] } }
            """;
        const string higher = """
            { "markets": [ { "symbol": "BTC-USD", "sizeDecimals": 8, "priceDecimals": 2, "tickSize": 1, "stepSize": 1000,
              "tiers": [ { "notionalCap": 250000, "initialRate": 0.02, "maintenanceRate": 0.016 },
                         { "notionalCap": 1000000, "initialRate": 0.04, "maintenanceRate": 0.032 },
                         { "initialRate": 0.1, "maintenanceRate": 0.08 } ] } ] }
            """;

        var sweep = TestScenarios.Sweep("flash-crash.json", 10, crash, higher);

        Assert.True(sweep.Comparison!.Row("changed", "accounts_bankrupt").BaselineMean > 5, "the baseline must have bankruptcies to reduce");
        AssertVerdict(sweep, "accounts_bankrupt", PairedComparison.Better);
    }

    [Fact]
    public void A_tighter_liquidation_window_limit_gives_less_impact()
    {
        // Baseline closes a whole position per window; the changed set a quarter of it.
        var sweep = TestScenarios.Sweep(
            "flash-crash.json",
            10,
            Small,
            changed: """{ "engine": { "parameters": { "maxPositionPortionPerWindow": 0.25 } } }""",
            baseline: """{ "engine": { "parameters": { "maxPositionPortionPerWindow": 1.0 } } }""");

        AssertVerdict(sweep, "max_impact", PairedComparison.Better);
    }

    [Fact]
    public void A_smaller_insurance_fund_gives_more_socialized_loss()
    {
        // Without deleveraging (as above): a fund that cannot take a position within its means has it forced on it.
        const string thin = """{ "population": { "count": 300 }, "durationSeconds": 450, "liquidity": { "notionalPerLevel": 100000 }, "engine": { "parameters": { "autoDeleverage": false } } }""";

        var sweep = TestScenarios.Sweep("flash-crash.json", 10, thin, changed: """{ "insuranceFund": 20000 }""", baseline: """{ "insuranceFund": 2000000 }""");

        AssertVerdict(sweep, "socialized_loss", PairedComparison.Worse);
    }
}
