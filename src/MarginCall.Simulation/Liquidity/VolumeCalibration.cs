using MarginCall.Simulation.Prices;

namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// Liquidity from the replayed data, by one rule that applies unchanged to any kline file. Over the whole file (the
/// period it covers, whatever part of it a run replays, so a shortened replay trades against the same book) it measures
/// the traded quote volume per day V (Σ quote volume × 86,400 / file seconds) and the daily volatility σ
/// (√(Σ r² × 86,400 / file seconds) over the log returns r between consecutive closes), then sets:
/// <list type="number">
/// <item>book depth by the square-root law of market impact, ΔP/P = Y σ √(Q / V) (Tóth, Lempérière, Deremble, de
/// Lataillade, Kockelkoren, Bouchaud 2011, "Anomalous price impact and the critical nature of liquidity in financial
/// markets", Phys. Rev. X 1, 021006; found on Bitcoin by Donier and Bonart 2015, "A million metaorder analysis of market
/// impact on the Bitcoin", Market Microstructure and Liquidity 1(2)): the quote value resting within a distance δ of the
/// mid is what moves the price by δ, D(δ) = V (δ / (Y σ))², so level k (1-based, at k × spacing) holds
/// V (spacing / (Y σ))² (2k − 1);</item>
/// <item>refill at the venue's average traded rate: makers restore missing depth with time constant τ = D(last level) /
/// (V / 86,400), the time the venue takes to trade one side's whole depth, so the per-step rate is 1 − e^(−step / τ) and
/// an emptied side refills at V / 86,400 per second;</item>
/// <item>the population's open interest OI = (open interest / daily volume) × V, the ratio being a published figure
/// for the venue and period (the scenario cites it): the generated notionals are scaled so that Σ |notional| = OI.</item>
/// </list>
/// </summary>
/// <param name="DailyVolume">V: quote value traded per day over the window, whole quote units.</param>
/// <param name="DailyVolatility">σ: daily volatility of the closes over the window.</param>
/// <param name="LevelNotional">Quote value resting at each level of one side, nearest the mid first.</param>
/// <param name="RefillPerStep">Share of the missing depth restored per step.</param>
/// <param name="TurnoverSeconds">τ: seconds the venue takes to trade one side's whole depth.</param>
/// <param name="OpenInterest">The population's Σ |notional|, whole quote units.</param>
public sealed record VolumeCalibration(
    double DailyVolume,
    double DailyVolatility,
    IReadOnlyList<double> LevelNotional,
    double RefillPerStep,
    double TurnoverSeconds,
    double OpenInterest)
{
    private const double SecondsPerDay = 86_400;

    /// <summary>Quote value resting on one side when full, whole quote units.</summary>
    public double SideDepth => LevelNotional.Sum();

    /// <summary>Applies the rule to the klines of <paramref name="series"/> (the whole file).</summary>
    /// <exception cref="ArgumentException">The window holds no traded volume or no price movement (the rule needs both).</exception>
    public static VolumeCalibration Of(
        KlineSeries series,
        double stepSeconds,
        int levels,
        double levelSpacingBps,
        double impactCoefficient,
        double openInterestToDailyVolume)
    {
        var klines = series.Klines;
        var volume = 0.0;
        var squares = 0.0;
        var end = series.EndSeconds;
        for (var i = 0; i < klines.Length; i++)
        {
            volume += klines[i].QuoteVolume;
            if (i > 0)
            {
                var r = Math.Log(klines[i].Close / klines[i - 1].Close);
                squares += r * r;
            }
        }

        if (!(volume > 0))
        {
            throw new ArgumentException("the replayed klines carry no traded volume: liquidity cannot be calibrated from them");
        }

        if (!(squares > 0))
        {
            throw new ArgumentException("the replayed closes never move: no volatility to calibrate the depth with");
        }

        var dailyVolume = volume * SecondsPerDay / end;
        var sigma = Math.Sqrt(squares * SecondsPerDay / end);
        var unit = dailyVolume * Math.Pow(levelSpacingBps / 10_000.0 / (impactCoefficient * sigma), 2);
        var level = new double[levels];
        for (var k = 1; k <= levels; k++)
        {
            level[k - 1] = unit * ((2 * k) - 1);
        }

        var depth = unit * levels * levels; // D(last level) = Σ (2k − 1) × unit
        var turnover = depth / (dailyVolume / SecondsPerDay);
        return new VolumeCalibration(dailyVolume, sigma, level, 1 - Math.Exp(-stepSeconds / turnover), turnover, openInterestToDailyVolume * dailyVolume);
    }
}
