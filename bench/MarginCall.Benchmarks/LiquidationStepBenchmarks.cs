using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Benchmarks;

/// <summary>
/// The per-step arithmetic of a liquidation: window limits and dust rules on a target size (a BTC position of
/// 0.15 BTC at 65,000), and the dynamic fee with its floor and cap.
/// </summary>
[MemoryDiagnoser]
public class LiquidationStepBenchmarks
{
    private readonly PerpetualMarket btc = BenchWorld.Venue.Markets[0];
    private readonly LiquidationParameters parameters = LiquidationParameters.Default;
    private readonly Price mark = new(6_500_000);
    private readonly SizingLimits limits = new(3_750_000, 1_000_000_000, 1_000_000_000, new Quantums(10_000_000));
    private readonly FeeInputs fee = new(new Quantums(2_437_500_000), new Ppm(930_000), 4_000, new Quantums(250_000), new Quantums(1_200_000), new Quantums(4_875_000), new Quantums(150_000_000));

    [Benchmark(Description = "sizing: window limits + dust on a target")]
    public long Size() => LiquidationSizing.Decide(btc, 15_000_000, mark, 4_000_000, reachable: true, critical: false, limits).Size;

    [Benchmark(Description = "fee: dynamic, floor, cap, split")]
    public long Fee() => LiquidationFee.Compute(parameters, fee, hasKeeper: true).Fee.Value;
}
