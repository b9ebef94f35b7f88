using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Tests.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>
/// A thin-book crash in which every stage fires, in order. Alice is long 10 ETH at 2,000 with 2,200 USDC (shorts: Bob
/// 7, Carol 3); Bob is also long 1 BTC at 30,000; the only bid is Mia's 1 ETH at 1,838; the insurance fund holds 50.
/// <list type="number">
/// <item>ETH 1,840: the book takes 1 ETH of Alice's 2.5 ETH window; 1.5 ETH go to a Dutch auction.</item>
/// <item>15 s later Dave, a keeper, takes 0.5 ETH of the lot.</item>
/// <item>ETH 1,700, then BTC 24,000: Bob (short ETH, long BTC) becomes liquidatable too; nothing bids for his BTC or
/// offers ETH, so his positions go to auction and he stays in liquidation.</item>
/// <item>A second later the liquidations continue. Alice is bankrupt: the insurance fund cannot pay her deficit (the
/// backstop declines); Carol, the only short not itself in liquidation, is deleveraged; the fund takes the rest anyway
/// and its equity below zero is charged pro rata to the market's open interest (Bob, Mia and Dave).</item>
/// </list>
/// </summary>
public sealed class EndToEndTests
{
    private static (LiquidationWorld World, AccountId Alice, AccountId Carol, AccountId Mia, AccountId Dave, AccountId Zed) Crash()
    {
        var world = new LiquidationWorld(LiquidationParameters.Default with { BookWindowsBeforeAuction = 1 }, withBtc: true);
        world.Price(2_000m);
        world.Price(30_000m, Btc);
        var alice = world.Open(1, 2_200m);
        var bob = world.Open(2, 5_000m);
        var carol = world.Open(3, 1_000_000m);
        var mia = world.Open(4, 100_000m);
        var dave = world.Open(5, 100_000m);
        var zed = world.Open(6, 1_000m);
        world.Trade(alice, bob, 7m, 2_000m);
        world.Trade(alice, carol, 3m, 2_000m);
        world.Trade(bob, carol, 1m, 30_000m, market: Btc);
        world.FundInsurance(50m);
        world.Bid(mia, 1_838m, 1m);

        world.Price(1_840m);
        world.Advance(15_000);
        var lot = world.Of<AuctionLotOpened>().Single();
        var price = DutchAuction.PriceAt(world.Venue.Market(Eth), lot.Start, lot.End, 15_000, world.Parameters.AuctionCurve, world.Parameters);
        world.Submit(new TakeAuctionLot(dave, lot.Lot, EthSize(0.5m), price));
        world.Price(1_700m);
        world.Price(24_000m, Btc);
        world.Advance(1_000); // liquidations in progress continue when time moves
        return (world, alice, carol, mia, dave, zed);
    }

    [Fact]
    public void Every_stage_fires_in_order()
    {
        var (world, _, _, _, _, _) = Crash();
        var events = world.Events;

        var book = events.FindIndex(e => e is LiquidationStep { Filled: > 0 });
        var auction = events.FindIndex(e => e is AuctionLotOpened);
        var take = events.FindIndex(e => e is AuctionLotTaken);
        var declined = events.FindIndex(e => e is BackstopDeclined);
        var deleveraging = events.FindIndex(e => e is Deleveraged);
        var takeover = events.FindIndex(e => e is BackstopTakeover { Forced: true });
        var socialized = events.FindIndex(e => e is SocializedLoss);

        Assert.True(book >= 0 && book < auction && auction < take && take < declined && declined < deleveraging && deleveraging < takeover && takeover < socialized,
            $"book {book}, auction {auction}, take {take}, declined {declined}, deleveraging {deleveraging}, takeover {takeover}, socialized {socialized}");
    }

    [Fact]
    public void The_crash_ends_flat_for_the_bankrupt_with_no_bad_debt_and_value_conserved()
    {
        var (world, alice, carol, mia, dave, zed) = Crash();

        Assert.Equal(0, world.Size(alice));
        Assert.Equal(0, world.Size(carol)); // deleveraged in full
        Assert.Equal(0, world.Engine.State.BadDebt);
        Assert.True(world.FundEquity >= 0);
        var charged = world.Of<SocializedLoss>().Single().Charges.Select(c => c.Account).ToList();
        Assert.Equal([new AccountId(2), mia, dave], charged);
        Assert.Equal(Usd(1_000m), world[zed].SpotBalance(Usdc));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Bad_debt_appears_only_where_equity_was_negative()
    {
        var (world, _, _, _, _, _) = Crash();

        foreach (var debt in world.Of<BadDebtChanged>().Where(e => e.Delta.Value > 0))
        {
            Assert.Contains(world.Of<BackstopTakeover>(), t => t.Sequence == debt.Sequence && t.EquityBefore.Value < 0 && t.Forced);
        }
    }
}
