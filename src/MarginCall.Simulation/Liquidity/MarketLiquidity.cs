using MarginCall.Core.Model;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// The book each market of a scenario starts with: the ladder its <see cref="LiquiditySpec"/> writes out, or, with
/// <see cref="LiquiditySpec.FromVolume"/>, the <see cref="VolumeCalibration"/> of its replayed klines.
/// </summary>
public static class MarketLiquidity
{
    /// <summary>The calibration of each market (null where the market's liquidity is written out).</summary>
    /// <exception cref="ScenarioException">A kline file cannot be read, or it has no volume to calibrate from.</exception>
    public static VolumeCalibration?[] Calibrations(LoadedScenario loaded)
    {
        var s = loaded.Scenario;
        var result = new VolumeCalibration?[s.Markets.Count];
        if (s.PriceProcess.Kind != "klines")
        {
            return result;
        }

        var klines = PriceProcessFactory.Klines(loaded, wholeFiles: true);
        for (var m = 0; m < result.Length; m++)
        {
            var spec = Spec(s, m);
            if (spec.FromVolume is not { } v)
            {
                continue;
            }

            try
            {
                result[m] = VolumeCalibration.Of(klines[m], s.StepSeconds, spec.Levels, spec.LevelSpacingBps, v.ImpactCoefficient, v.OpenInterestToDailyVolume);
            }
            catch (ArgumentException e)
            {
                throw new ScenarioException(loaded.Resolve(s.PriceProcess.Series![m].File!), "quote_volume", null, null, e.Message);
            }
        }

        return result;
    }

    /// <summary>The liquidity spec that applies to market <paramref name="market"/>.</summary>
    public static LiquiditySpec Spec(Scenario scenario, int market) => scenario.Markets[market].Liquidity ?? scenario.Liquidity;

    /// <summary>The full-depth shape and refill rate of a market at <paramref name="initialPrice"/>.</summary>
    public static (DepthProfile Profile, double RefillPerStep) Book(LiquiditySpec spec, VolumeCalibration? calibration, double initialPrice, PerpetualMarket market) =>
        calibration is { } c
            ? (DepthProfile.Spaced(spec.LevelSpacingBps, c.LevelNotional, initialPrice, market.SizeDecimals, market.StepSize), c.RefillPerStep)
            : (DepthProfile.Ladder(spec.Levels, spec.LevelSpacingBps, spec.NotionalPerLevel, spec.GrowthPerLevel, initialPrice, market.SizeDecimals, market.StepSize), spec.RefillPerStep);
}
