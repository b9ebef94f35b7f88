using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Keeper.Strategy;
using static MarginCall.Keeper.Tests.KeeperWorld;

namespace MarginCall.Keeper.Tests;

/// <summary>Auction lots: taken at the engine's current price only when the hedge leaves the keeper's margin.</summary>
public sealed class AuctionTakeTests
{
    /// <summary>At 1,840 the book holds 1 ETH at 1,838 of the 2.5 ETH this window allows: 1.5 ETH go to auction at once.</summary>
    private static (KeeperWorld World, AuctionLotOpened Lot) WithLot(KeeperParameters? keeper = null)
    {
        var world = new KeeperWorld(LiquidationParameters.Default with { BookWindowsBeforeAuction = 1 }, keeper);
        world.Bid(Carol, 1_838m, 1m);
        world.Price(1_840m);
        return (world, Assert.Single(world.Of<AuctionLotOpened>()));
    }

    private static double PriceNow(KeeperWorld world, AuctionLotOpened lot)
    {
        var price = DutchAuction.PriceAt(world.Venue.Market(Eth), lot.Start, lot.End, world.Engine.View.Now, world.Parameters.AuctionCurve, world.Parameters);
        return price.Units / 100.0;
    }

    [Fact]
    public void A_lot_is_bid_when_the_hedge_leaves_the_minimum_profit()
    {
        var (world, lot) = WithLot();
        world.Advance(15_000);
        var needed = PriceNow(world, lot) / (1 - (world.Strategy.Parameters.MinimumAuctionProfit.Value / 1e6));
        var hedge = new FlatHedge(needed * 1.0001);

        var take = Assert.IsType<TakeAuctionLot>(Assert.Single(world.Round(hedge)));

        Assert.Equal((KeeperAccount, lot.Lot, lot.Size), (take.Taker, take.Lot, take.MaxSize));
        Assert.Equal((Eth, Side.Sell, lot.Size), hedge.Asked[0]);
        var taken = Assert.Single(world.Of<AuctionLotTaken>());
        Assert.Equal((lot.Size, take.Limit), (taken.Size, taken.Price));
        Assert.True(world.Strategy.TryTakeFill(out var fill));
        Assert.Equal(new KeeperFill(lot.Lot, Eth, true, lot.Size, take.Limit), fill);
        Assert.Equal(Side.Sell, fill.HedgeSide);
        Assert.Equal(lot.Size, world.Strategy.Inventory(Eth));
        Assert.Empty(world.Strategy.OpenLots);
    }

    [Fact]
    public void A_lot_is_not_bid_when_the_hedge_falls_short_of_the_minimum_profit()
    {
        var (world, lot) = WithLot();
        world.Advance(15_000);
        var needed = PriceNow(world, lot) / (1 - (world.Strategy.Parameters.MinimumAuctionProfit.Value / 1e6));

        var commands = world.Round(new FlatHedge(needed * 0.9999));

        Assert.Empty(commands);
        Assert.Empty(world.Of<AuctionLotTaken>());
        Assert.False(world.Strategy.TryTakeFill(out _));
    }

    [Fact]
    public void A_higher_minimum_profit_waits_for_a_lower_auction_price()
    {
        var (world, _) = WithLot(new KeeperParameters { MinimumAuctionProfit = new(20_000) });
        var hedge = new FlatHedge(1_840);
        var atOpen = world.Round(hedge);
        world.Advance(60_000 - 1);

        var later = world.Round(hedge, submit: false);

        Assert.Empty(atOpen);
        Assert.NotEmpty(later);
        Assert.All(later, c => Assert.True(Assert.IsType<TakeAuctionLot>(c).Limit.Units <= 1_840 * 0.98 * 100));
    }

    [Fact]
    public void A_lot_on_a_market_with_a_stale_oracle_is_left_alone()
    {
        var (world, _) = WithLot();
        world.Advance(world.Parameters.MaxOracleAgeMs + 1);
        Assert.True(world.Engine.View.Market(Eth).IsStale);

        Assert.Empty(world.Round(new FlatHedge(2_000)));
    }

    [Fact]
    public void Thin_hedge_depth_halves_the_take_until_it_fills()
    {
        var (world, lot) = WithLot();
        var hedge = new FlatHedge(2_000, depth: EthSize(1m));

        var take = Assert.IsType<TakeAuctionLot>(Assert.Single(world.Round(hedge)));

        Assert.Equal(lot.Size / 2, take.MaxSize);
        Assert.Equal([lot.Size, lot.Size / 2], hedge.Asked.Select(a => a.Size));
        Assert.Equal(lot.Size - take.MaxSize, Assert.Single(world.Strategy.OpenLots).Size);
    }

    [Fact]
    public void The_lots_the_strategy_keeps_from_events_are_the_engines_through_resets_and_takes()
    {
        var (world, _) = WithLot();
        // Seven windows no hedge pays for (the lot ages past its duration and resets), then takes of 0.187 ETH.
        for (var i = 0; i < 10; i++)
        {
            world.Advance(10_000);
            world.Price(1_840m);
            world.Round(new FlatHedge(i < 7 ? 1_000 : 2_000, depth: EthSize(0.2m)));
            Compare(world);
        }

        Assert.NotEmpty(world.Of<AuctionLotReset>());
        Assert.NotEmpty(world.Of<AuctionLotTaken>());
    }

    private static void Compare(KeeperWorld world)
    {
        var engineLots = new List<AuctionLot>();
        world.Engine.View.CopyAuctionLots(engineLots);
        var expected = engineLots.Select(l => new OpenLot(l.Id, l.Account, l.Market, l.LiquidatingLong, l.Size, l.Start, l.End, l.StartMs));
        Assert.Equal(expected, world.Strategy.OpenLots);
    }
}
