using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Risk;
using MarginCall.Simulation.Liquidity;
using MarginCall.Simulation.Running;
using ModelSide = MarginCall.Simulation.Liquidity.BookSide;

namespace MarginCall.Simulation.Tests;

/// <summary>The market maker learns its fills from the engine's events, and what it learns is what left the engine's book.</summary>
public class MarketMakerTests
{
    private static readonly MarketId Eth = new(0);
    private static readonly AssetId Usdc = new(0);
    private static readonly AccountId Maker = new(0);
    private static readonly AccountId Alice = new(1);

    /// <summary>ETH-USD (size 3 decimals, price 2); Alice 10 ETH long at 2,000 on 2,200 USD; quotes of 1, 2 and 3 ETH at 0.1%, 0.2%, 0.3% from a 1,850 mid.</summary>
    private static (MarginEngine Engine, MarketMaker Maker, List<EngineEvent> Events) Quoted()
    {
        var usdc = new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var market = new PerpetualMarket(Eth, "ETH-USD", "ETH", 3, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));
        var engine = new MarginEngine(new Venue([usdc], Usdc, [market]), new EngineOptions
        {
            Thresholds = new RiskThresholds(new Ppm(1_500_000), new Ppm(5_000), new Ppm(50_000)),
        });
        var events = new List<EngineEvent>();
        engine.Submit(new OraclePrice(Eth, new Price(200_000), new EngineTime(0)), events);
        engine.Submit(new CreateAccount(Maker, "market-maker"), events);
        engine.Submit(new Deposit(Maker, Usdc, new Quantums(1_000_000_000_000)), events);
        engine.Submit(new CreateAccount(Alice, "alice"), events);
        engine.Submit(new Deposit(Alice, Usdc, new Quantums(2_200_000_000)), events);
        engine.Submit(new Trade(Eth, Alice, Maker, 10_000, new Price(200_000)), events);
        var depth = new BookDepth(new DepthProfile([new DepthLevel(0.001, 1_000), new DepthLevel(0.002, 2_000), new DepthLevel(0.003, 3_000)]), refillRate: 0);
        var maker = new MarketMaker(market, Maker, depth);
        maker.Quote(new ObservedEngine(engine), 1_850, events); // around where the crash goes: the book mid is one of the mark's sources
        events.Clear();
        return (engine, maker, events);
    }

    [Fact]
    public void Fills_observed_in_liquidation_events_leave_the_model_where_they_left_the_engines_book()
    {
        var (engine, maker, events) = Quoted();
        var bidsBefore = engine.View.Market(Eth).TotalSize(Side.Buy);

        engine.Submit(new OraclePrice(Eth, new Price(184_000), new EngineTime(0)), events);
        foreach (var e in events)
        {
            maker.Observe(e);
        }

        var fills = StepFills.Empty;
        maker.CollectFills(ref fills);

        var fromEvents = events.OfType<LiquidationStep>().SelectMany(s => s.Fills).Where(f => f.Maker == Maker).Sum(f => f.Size);
        Assert.True(fromEvents > 0);
        Assert.Equal(bidsBefore - fromEvents, engine.View.Market(Eth).TotalSize(Side.Buy));
        Assert.Equal(engine.View.Market(Eth).TotalSize(Side.Buy), maker.Depth.TotalRemaining(ModelSide.Bid));
        Assert.True(fills.Count > 0 && fills.Notional > 0 && fills.LowestBid < 1_850);
        Assert.True(maker.Depletion(ModelSide.Bid) < 0);
    }

    [Fact]
    public void Without_the_events_the_market_maker_knows_of_no_fill()
    {
        var (engine, maker, events) = Quoted();
        var bidsBefore = maker.Depth.TotalRemaining(ModelSide.Bid);

        engine.Submit(new OraclePrice(Eth, new Price(184_000), new EngineTime(0)), events);
        var fills = StepFills.Empty;
        maker.CollectFills(ref fills);

        Assert.NotEmpty(events.OfType<LiquidationStep>());
        Assert.Equal(0, fills.Count);
        Assert.Equal(bidsBefore, maker.Depth.TotalRemaining(ModelSide.Bid));
    }
}
