using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Tests;

/// <summary>End-to-end properties of the engine driven by the simulator (small populations, so they stay fast).</summary>
public class CascadeTests
{
    // A 10% dip over two minutes into a crowded long book at 8-20x, with the backstop reserved for pools under 10% health
    // (so the book and the keeper's hedges carry the liquidations): whether it cascades depends on the depth alone.
    private const string Dip = """
        {
          "durationSeconds": 300,
          "engine": { "parameters": { "targetHealth": 1.1, "maxPositionPortionPerWindow": 0.25, "windowMs": 10000, "backstopHealth": 0.1 } },
          "timelineEverySteps": 10,
          "population": {
            "count": 400,
            "notional": { "kind": "lognormal", "median": 50000, "sigma": 0.3 },
            "leverage": { "kind": "uniform", "min": 8, "max": 20 },
            "longRatio": 1.0,
            "isolatedRatio": 0
          },
          "priceProcess": {
            "kind": "replay",
            "series": [ { "market": "BTC-USD", "points": [[0, 60000], [30, 60000], [150, 54000], [300, 54000]] } ],
            "noise": null
          },
          "liquidity": { "levels": 30, "levelSpacingBps": 5, "growthPerLevel": 0, "refillPerStep": 0.01, "impactPermanence": 1.0, "impactHalfLifeSeconds": null, "NOTIONAL": 0 }
        }
        """;

    private static string WithDepth(double notionalPerLevel) =>
        Dip.Replace("\"NOTIONAL\": 0", $"\"notionalPerLevel\": {notionalPerLevel}", StringComparison.Ordinal);

    [Fact]
    public void A_thin_book_turns_liquidations_into_a_cascade_and_a_deep_one_does_not()
    {
        var thin = new SimulationRun(RunTests.Small("flash-crash.json", WithDepth(20_000))).Run().Summary;
        var deep = new SimulationRun(RunTests.Small("flash-crash.json", WithDepth(200_000_000))).Run().Summary;

        Assert.True(thin.MaxCascadeDepth >= 2, $"thin book: max cascade depth {thin.MaxCascadeDepth}, impact-triggered {thin.ImpactTriggeredAccounts}");
        Assert.True(thin.ImpactTriggeredAccounts > 0);
        Assert.Equal(0, deep.MaxCascadeDepth);
        Assert.True(deep.LiquidatedNotional > 0, "the deep book still liquidates what the dip itself reaches");
    }
}
