using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Simulation.Randomness;

namespace MarginCall.Bench;

/// <summary>One oracle update of a bench price path.</summary>
/// <param name="Market">The market it moves (markets take turns).</param>
/// <param name="Price">The oracle price sent, in the market's price units.</param>
/// <param name="TimeMs">Engine time of the round the tick belongs to (its publish time).</param>
/// <param name="StartsRound">Whether an <see cref="AdvanceTime"/> to <paramref name="TimeMs"/> precedes it.</param>
/// <param name="IsCrash">Whether the tick belongs to a crash segment.</param>
public readonly record struct PriceTick(int Market, long Price, long TimeMs, bool StartsRound, bool IsCrash)
{
    /// <summary>The oracle command of the tick.</summary>
    public OraclePrice ToCommand() => new(new MarketId(Market), new Price(Price), new EngineTime(TimeMs));
}

/// <summary>
/// Generates price paths: markets move in turn (one oracle update per tick, a round = one update of every market),
/// each by a log return. Calm ticks: an Ornstein–Uhlenbeck step, N(0, σ²) noise pulled back toward the market's level
/// by 1% of the gap per tick (a calm market wanders about σ/√0.02 around its level instead of drifting away over
/// long runs), a round every second. Crash ticks: a drift taking every market's level (and price) down by the crash
/// depth over the segment plus the same noise, a round every 15 seconds (the engine's TWAP then follows and its jump
/// clamp lets most of the fall through). Deterministic for its generator's seed and stream.
/// </summary>
public sealed class PricePath
{
    private const long CalmRoundMs = 1_000;
    private const long CrashRoundMs = 15_000;

    private const double Reversion = 0.01;

    private readonly double[] logPrices;
    private readonly double[] levels;
    private readonly Xoshiro256StarStar random;
    private long timeMs;
    private int tickInRound;

    /// <summary>A path starting at the venue's opening prices at <paramref name="startMs"/>, drawing from <paramref name="random"/>.</summary>
    public PricePath(Xoshiro256StarStar random, long startMs)
    {
        this.random = random;
        timeMs = startMs;
        logPrices = new double[BenchVenue.MarketCount];
        levels = new double[BenchVenue.MarketCount];
        for (var m = 0; m < logPrices.Length; m++)
        {
            logPrices[m] = levels[m] = Math.Log(BenchVenue.OpeningPrice(m).Units);
        }
    }

    /// <summary>Appends <paramref name="count"/> calm ticks.</summary>
    public void Calm(int count, double volatility, List<PriceTick> ticks)
    {
        for (var i = 0; i < count; i++)
        {
            ticks.Add(Next(volatility, drift: 0, CalmRoundMs, isCrash: false));
        }
    }

    /// <summary>Appends a crash of <paramref name="count"/> ticks in which every market falls by about <paramref name="depth"/>.</summary>
    public void Crash(int count, double depth, double volatility, List<PriceTick> ticks)
    {
        var ticksPerMarket = Math.Max(1.0, count / (double)BenchVenue.MarketCount);
        var drift = Math.Log(1 - depth) / ticksPerMarket;
        for (var i = 0; i < count; i++)
        {
            ticks.Add(Next(volatility, drift, CrashRoundMs, isCrash: true));
        }
    }

    private PriceTick Next(double volatility, double drift, long roundMs, bool isCrash)
    {
        var startsRound = tickInRound == 0;
        if (startsRound)
        {
            timeMs += roundMs;
        }

        var market = tickInRound;
        tickInRound = (tickInRound + 1) % BenchVenue.MarketCount;
        levels[market] += drift;
        var pull = isCrash ? 0 : Reversion * (levels[market] - logPrices[market]);
        logPrices[market] += drift + pull + (volatility * random.NextGaussian());
        var price = Math.Max(1L, (long)Math.Round(Math.Exp(logPrices[market])));
        return new PriceTick(market, price, timeMs, startsRound, isCrash);
    }
}
