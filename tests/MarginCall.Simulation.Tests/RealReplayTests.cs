using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Tests;

/// <summary>
/// The bundled Binance replay (btc-2020-03-12-binance.json) shortened to the first leg of the crash, 09:30 to 11:00 UTC
/// on 12 March 2020 (7,380 to about 5,600), with 800 accounts: the same klines, calibration rule and default engine
/// parameters as the README's main job.
/// </summary>
public class RealReplayTests
{
    private const string Shortened = """
        {
          "durationSeconds": 5400,
          "population": { "count": 800 },
          "priceProcess": { "series": [ { "market": "BTC-USDT", "file": "data/BTCUSDT-1m-2020-03-12_13.csv", "from": "2020-03-12T09:30:00Z" } ] }
        }
        """;

    private static RunSummary Run(string engine = "") =>
        new SimulationRun(RunTests.Small("btc-2020-03-12-binance.json", engine.Length == 0 ? Shortened : Shortened.TrimEnd()[..^1] + ", " + engine + " }")).Run().Summary;

    [Fact]
    public void The_shortened_replay_liquidates_through_the_stages_it_reports_and_the_fund_stays_within_its_means()
    {
        var s = Run();

        Assert.True(s.LiquidatedNotional > 1_000_000, $"liquidated {s.LiquidatedNotional}");
        Assert.Equal(s.LiquidatedNotional, s.LiquidationsByStage.Values.Sum(x => x.Notional), 3);
        Assert.Equal(1, s.LiquidatedShareByStage.Values.Sum(), 9);
        Assert.Equal(0, s.TakeoversBelowFloor);
        Assert.True(s.InsuranceFund.Minimum >= 0, $"fund minimum {s.InsuranceFund.Minimum}");
        Assert.Equal(0, s.KeeperStepsBelowCost);
        Assert.Equal(3, s.Keepers.Count);
    }

    [Fact]
    public void Where_the_engine_waits_for_keepers_they_execute_the_steps_and_are_paid()
    {
        var s = Run("""  "engine": { "parameters": { "autoLiquidate": false } }""");

        Assert.True(s.KeeperSteps > 0);
        Assert.True(s.KeeperRewards > 0);
        Assert.All(s.Keepers, k => Assert.True(k.Steps > 0 && k.Rewards > 0, $"{k.Id}: {k.Steps} steps, {k.Rewards} rewards"));
        Assert.Equal(s.KeeperSteps, s.Keepers.Sum(k => k.Steps));
        Assert.InRange(s.KeeperStepsEmpty, 0, s.KeeperSteps - 1);
        Assert.Equal(0, s.TakeoversBelowFloor);
    }
}
