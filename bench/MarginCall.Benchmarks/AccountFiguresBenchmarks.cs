using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Risk;
using MarginCall.Engine.Risk;

namespace MarginCall.Benchmarks;

/// <summary>Figures of one account with two cross positions and one isolated position (the per-evaluation cost).</summary>
[MemoryDiagnoser]
public class AccountFiguresBenchmarks
{
    private readonly PriceSet prices = BenchWorld.Prices();
    private Account account = null!;
    private readonly PriceBand[] bands = new PriceBand[8];
    private PerpPosition btc;

    [GlobalSetup]
    public void Setup()
    {
        account = BenchWorld.TypicalAccount(prices);
        account.TryGetPosition(new MarketId(0), out btc);
    }

    [Benchmark(Description = "cross pool: equity + requirements")]
    public long CrossFigures() => MarginCalculator.Cross(BenchWorld.Venue, prices, account).MaintenanceRequirement.Value;

    [Benchmark(Description = "risk view: every pool + bands (one evaluation)")]
    public long Evaluate() => RiskEvaluator.Evaluate(BenchWorld.Venue, prices, account, RiskThresholds.Default, MarginCall.Engine.Liquidation.LiquidationState.Healthy, bands).IsLiquidatable ? 1 : bands[0].DownPpm;

    [Benchmark(Description = "liquidation price of one position")]
    public long LiquidationPrice() => PriceSolver.LiquidationPrice(BenchWorld.Venue, prices, account, btc)?.Units ?? 0;
}
