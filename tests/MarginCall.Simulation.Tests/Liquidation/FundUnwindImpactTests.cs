using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using MarginCall.Simulation.Liquidity;
using MarginCall.Simulation.Running;
using ModelSide = MarginCall.Simulation.Liquidity.BookSide;

namespace MarginCall.Simulation.Tests.Liquidation;

/// <summary>
/// The insurance fund's unwind does not start a cascade (issue 12, item 5; docs/engine.md §7.6): on a flat fundamental
/// price, the fund's own selling into the simulator's book cannot push the oracle past a stated bound. The world is the
/// run loop's (<see cref="SimulationRun"/>) for one market without a population: a <see cref="MarketMaker"/> quotes a
/// <see cref="BookDepth"/> ladder (40 levels 5 bps apart, 150,000 USD per level growing 5%, refilling 2% of the gap per
/// second, as the BTC scenarios) into the engine's book, and <see cref="MarketImpact"/> (permanence 0.6, half-life 30
/// minutes) turns the depletion of its touch into the oracle's offset from the fundamental.
/// <para>Setup: Alice, long 100 ETH at 2,000 on 22,000 USD, gaps to 1,760 and the fund (200,000 USD) takes her position
/// over at her bankruptcy price 1,780. Then the fundamental stays at 1,760 for an hour while the fund unwinds.</para>
/// <para>The bound: the impact model moves the price only when fills leave the touch with less than half the full best
/// level. The fund sells at most <see cref="LiquidationParameters.FundUnwindDepthShare"/> (a quarter) of the touch, once
/// per window, and after that only what the book refilled, so alone it leaves at least three quarters of the touch
/// standing: the oracle must stay within less than one level of the book times the permanence, 0.6 × 5 bps = 3 bps.</para>
/// </summary>
public sealed class FundUnwindImpactTests
{
    private const double Fundamental = 1_760;
    private const double SpacingBps = 5;
    private const double Permanence = 0.6;
    private const int Seconds = 3_600;

    private static readonly MarketId Eth = new(0);
    private static readonly AssetId Usdc = new(0);
    private static readonly AccountId Maker = new(0);
    private static readonly AccountId Alice = new(1);

    [Fact]
    public void On_a_flat_price_the_funds_own_selling_keeps_the_oracle_within_a_level_of_the_fundamental()
    {
        var run = Unwind(LiquidationParameters.Default);

        Assert.True(run.Sold >= 10_000, $"the fund sold {run.Sold} quantums: too little to test anything"); // ≥ 10 ETH in the hour
        Assert.True(run.MaxOffset < Permanence * SpacingBps / 10_000, $"oracle moved {run.MaxOffset:P4} from the fundamental");
    }

    [Fact]
    public void Selling_the_whole_touch_every_window_moves_the_oracle_past_that_bound()
    {
        // The same world with the pacing taken off (the whole touch, the whole holding, a 2% bound): the fund empties the
        // touch and the price follows — the bound above is one the model can break.
        var run = Unwind(LiquidationParameters.Default with
        {
            FundUnwindDepthShare = Ppm.One,
            FundUnwindPortionPerWindow = Ppm.One,
            FundUnwindMaxSlippage = new Ppm(20_000),
        });

        Assert.True(run.MaxOffset > Permanence * SpacingBps / 10_000, $"oracle moved only {run.MaxOffset:P4}");
    }

    /// <summary>Sets the world up, lets the fund unwind for <see cref="Seconds"/> one-second steps; what it sold and the largest |log offset|.</summary>
    private static (long Sold, double MaxOffset) Unwind(LiquidationParameters parameters)
    {
        var usdc = new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var market = new PerpetualMarket(Eth, "ETH-USD", "ETH", 3, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));
        var engine = new MarginEngine(new Venue([usdc], Usdc, [market]), new EngineOptions
        {
            Thresholds = new RiskThresholds(new Ppm(1_500_000), new Ppm(5_000), new Ppm(50_000)),
            DefaultParameters = parameters with { JumpBand = new Ppm(500_000) }, // the setup's gap is not what is tested
        });
        var events = new List<EngineEvent>();
        Submit(engine, new OraclePrice(Eth, new Price(200_000), new EngineTime(0)), events);
        Submit(engine, new CreateAccount(Maker, "market-maker"), events);
        Submit(engine, new Deposit(Maker, Usdc, new Quantums(10_000_000_000_000)), events);
        Submit(engine, new CreateAccount(Alice, "alice"), events);
        Submit(engine, new Deposit(Alice, Usdc, new Quantums(22_000_000_000)), events);
        Submit(engine, new Trade(Eth, Alice, Maker, 100_000, new Price(200_000)), events);
        Submit(engine, new FundInsurance(new FundId(0), new Quantums(200_000_000_000)), events);

        var depth = new BookDepth(DepthProfile.Ladder(40, SpacingBps, 150_000, 0.05, Fundamental, market.SizeDecimals, market.StepSize), refillRate: 0.02, market.StepSize);
        var maker = new MarketMaker(market, Maker, depth);
        var quoting = new ObservedEngine(engine);
        var impact = new MarketImpact(Permanence, halfLifeSeconds: 1_800);
        maker.Quote(quoting, Fundamental, events);
        events.Clear();
        engine.Submit(new OraclePrice(Eth, new Price(176_000), new EngineTime(0)), events);
        Assert.Equal(Alice, Assert.Single(events.OfType<BackstopTakeover>()).Account);
        var held = Assert.Single(engine.View.FundHoldings()).Size;

        var appliedBid = 0.0;
        var maxOffset = 0.0;
        for (var second = 1; second <= Seconds; second++)
        {
            impact.Decay(1);
            var oracle = Fundamental * impact.Factor;
            events.Clear();
            engine.Submit(new AdvanceTime(new EngineTime(second * 1_000L)), events);
            appliedBid = FollowFills(maker, impact, events, appliedBid);
            maker.MaybeQuote(quoting, oracle, events);
            engine.Submit(new OraclePrice(Eth, new Price((long)Math.Round(oracle * 100)), new EngineTime(second * 1_000L)), events);
            appliedBid = FollowFills(maker, impact, events, appliedBid);
            maker.Depth.Refill();
            maxOffset = Math.Max(maxOffset, Math.Abs(impact.LogOffset));
        }

        var left = engine.View.FundHoldings() is [var holding] ? holding.Size : 0;
        return (held - left, maxOffset);
    }

    /// <summary>
    /// As the run loop does after each submission: the market maker reads the fills from the events, takes them out of
    /// its depth, and the deeper bid depletion moves the impact offset (a shallower one only moves the reference).
    /// </summary>
    private static double FollowFills(MarketMaker maker, MarketImpact impact, List<EngineEvent> events, double appliedBid)
    {
        foreach (var e in events)
        {
            Assert.False(e is LiquidationStep or CommandRejected, $"only the fund trades here, and nothing is refused: {e}");
            maker.Observe(e);
        }

        events.Clear();
        var fills = StepFills.Empty;
        maker.CollectFills(ref fills);
        var bid = maker.Depletion(ModelSide.Bid);
        if (bid < appliedBid)
        {
            impact.Shift(bid - appliedBid);
        }

        return bid;
    }

    private static void Submit(MarginEngine engine, Command command, List<EngineEvent> events)
    {
        events.Clear();
        engine.Submit(command, events);
        Assert.DoesNotContain(events, e => e is CommandRejected);
    }
}
