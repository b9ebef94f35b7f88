using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Tests.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>
/// Each waterfall stage through the engine. Alice: 2,200 USDC, long 10 ETH at 2,000 (bankruptcy price 1,780); the book
/// holds only Deep's bid of 10 ETH at 1,700, below every liquidation bound (the depth the backstop's stressed exit is
/// measured against); the price gaps to 1,760, so her equity is −200. Taking her 10 ETH, the fund pays 17,800 for a
/// holding worth 17,600 at the mark and 17,000 at the stressed exit (slippage 10 × 60 = 600): at the stressed exit its
/// equity becomes fund − 800, and its inventory of 17,600 needs 2× capacity of that, so a fund of at least 9,600.
/// </summary>
public sealed class StageTests
{
    private static readonly AccountId Alice = new(1);
    private static readonly AccountId Bob = new(2);
    private static readonly AccountId Carol = new(3);
    private static readonly AccountId Dan = new(4);
    private static readonly AccountId Zed = new(9);

    /// <summary>The auction tests' worlds: what the book leaves goes to auction in the first window (as before the book got several windows).</summary>
    private static readonly LiquidationParameters AuctionAtOnce = LiquidationParameters.Default with { BookWindowsBeforeAuction = 1 };

    private static LiquidationWorld Gap(LiquidationParameters parameters, decimal fund, Action<LiquidationWorld>? counterparties = null)
    {
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(9, 1_000m); // Zed: no position in the market
        if (counterparties is null)
        {
            world.Open(2, 100_000m);
            world.Trade(Alice, Bob, 10m, 2_000m);
        }
        else
        {
            counterparties(world);
        }

        if (fund > 0)
        {
            world.FundInsurance(fund);
        }

        world.BackstopDepth(Side.Buy, 1_700m, 10m);
        world.Events.Clear();
        world.Price(1_760m);
        return world;
    }

    [Fact]
    public void Backstop_takes_a_bankrupt_position_at_the_bankruptcy_price_and_the_fund_pays_the_deficit()
    {
        var world = Gap(LiquidationParameters.Default, fund: 10_000m);

        var takeover = Assert.Single(world.Of<BackstopTakeover>());
        Assert.Equal((EthSize(10m), At(1_780m), At(1_760m)), (takeover.Size, takeover.Price, takeover.Mark));
        Assert.Equal(Usd(-200m), takeover.EquityBefore.Value);
        Assert.Equal(Usd(-200m), takeover.FundEquityDelta.Value); // 10 × (1,780 − 1,760)
        Assert.False(takeover.Forced);
        Assert.Equal(Usd(10_000m - 17_800m), world.InsuranceFund); // it paid 17,800 for the position
        Assert.Equal(Usd(9_800m), world.FundEquity); // which is worth 17,600
        Assert.Equal(0, world.Size(Alice));
        Assert.Equal(0, world[Alice].SpotBalance(Usdc)); // the collateral went with the position
        Assert.Equal(new FundHolding(EthSize(10m), Usd(17_800m)), world.Engine.State.Liquidations.Holdings[(0, 0)]);
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Backstop_under_the_backstop_level_earns_the_fund_the_remaining_collateral()
    {
        // At 1,790: equity 100, maintenance 895, health 0.11 < 0.3. The fund pays 17,800 for 17,900 of value.
        var world = new LiquidationWorld();
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.FundInsurance(10_000m);
        world.BackstopDepth(Side.Buy, 1_700m, 10m);

        world.Price(1_790m);

        var takeover = Assert.Single(world.Of<BackstopTakeover>());
        Assert.Equal(Usd(100m), takeover.FundEquityDelta.Value);
        Assert.Equal(Usd(10_100m), world.FundEquity);
    }

    [Fact]
    public void A_takeover_that_gains_at_the_mark_but_leaves_the_stressed_exit_under_the_floor_goes_to_deleveraging()
    {
        // At 1,790 the takeover gains 100 at the mark (10,000 → 10,100, above a floor of 10,000: the old check passed),
        // but selling the 10 ETH into the 1,700 bid would cost 10 × 90 = 900: stressed equity 9,200 < 10,000.
        var world = new LiquidationWorld(LiquidationParameters.Default with { InsuranceFundFloor = new Quantums(Usd(10_000m)) });
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.FundInsurance(10_000m);
        world.BackstopDepth(Side.Buy, 1_700m, 10m);

        world.Price(1_790m);

        Assert.Empty(world.Of<BackstopTakeover>());
        var declined = Assert.Single(world.Of<BackstopDeclined>());
        Assert.Equal((Usd(-100m), Usd(10_000m), Usd(9_200m), 0L), (declined.Loss.Value, declined.FundEquity.Value, declined.StressedFundEquity.Value, declined.UnexitedSize));
        Assert.Equal((Usd(17_900m), Usd(18_400m)), (declined.Inventory.Value, declined.InventoryCap.Value)); // within capacity: the floor declined it
        var adl = Assert.Single(world.Of<Deleveraged>());
        Assert.Equal((Bob, Alice, -EthSize(10m), At(1_780m)), (adl.Account, adl.Bankrupt, adl.Size, adl.Price));
        Assert.Equal(Usd(10_000m), world.FundEquity);
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_takeover_that_would_breach_the_capacity_goes_to_deleveraging()
    {
        // Fund 5,000: stressed equity after 4,200 (above the floor 0), but 2 × 4,200 = 8,400 < 17,600 of inventory.
        var world = Gap(LiquidationParameters.Default, fund: 5_000m);

        Assert.Empty(world.Of<BackstopTakeover>());
        var declined = Assert.Single(world.Of<BackstopDeclined>());
        Assert.Equal((Usd(4_200m), Usd(17_600m), Usd(8_400m)), (declined.StressedFundEquity.Value, declined.Inventory.Value, declined.InventoryCap.Value));
        var adl = Assert.Single(world.Of<Deleveraged>());
        Assert.Equal((Bob, Alice, -EthSize(10m)), (adl.Account, adl.Bankrupt, adl.Size));
        Assert.Equal(Usd(5_000m), world.FundEquity);
        Assert.Empty(world.Engine.State.Liquidations.Holdings);

        // 4× would still be short (16,800 < 17,600); with 5× (21,000) the same fund takes it over.
        var roomier = Gap(LiquidationParameters.Default with { BackstopCapacity = new Ppm(5_000_000) }, fund: 5_000m);
        Assert.Single(roomier.Of<BackstopTakeover>());
        Assert.Empty(roomier.Of<Deleveraged>());
    }

    [Fact]
    public void A_takeover_the_depth_cannot_absorb_goes_to_deleveraging()
    {
        // Only 4 ETH of the 10 would find a bid: the rest has no stressed exit, however rich the fund.
        var world = new LiquidationWorld();
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.FundInsurance(1_000_000m);
        world.BackstopDepth(Side.Buy, 1_700m, 4m);

        world.Price(1_760m);

        Assert.Empty(world.Of<BackstopTakeover>());
        Assert.Equal(EthSize(6m), Assert.Single(world.Of<BackstopDeclined>()).UnexitedSize);
        Assert.Single(world.Of<Deleveraged>());
    }

    [Fact]
    public void A_fund_with_negative_equity_never_takes_over()
    {
        // The fund takes Alice's 10 ETH at 1,780 (balance 10,000 − 17,800 = −7,800); the bid it was measured against is
        // withdrawn and a deeper one rests at 650. At 700 its holding is worth 7,000: equity −800. Dan (long 1 at 2,000
        // with 1,100, bankrupt at 900) is at −200 there; the fund declines and Carol, short 1, is deleveraged.
        var world = new LiquidationWorld();
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        var carol = world.Open(3, 100_000m);
        var dan = world.Open(4, 1_100m);
        var mia = world.Open(5, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.Trade(dan, carol, 1m, 2_000m);
        world.FundInsurance(10_000m);
        var bid = Assert.Single(world.Bid(mia, 1_700m, 10m).OfType<OrderRested>());
        world.Price(1_760m);
        Assert.Equal(Alice, Assert.Single(world.Of<BackstopTakeover>()).Account);
        world.Submit(new CancelOrder(Eth, bid.Order));
        world.Bid(mia, 650m, 11m);
        world.Events.Clear();

        world.Price(700m);

        Assert.Equal(Usd(-800m), world.FundEquity);
        Assert.Empty(world.Of<BackstopTakeover>());
        var declined = Assert.Single(world.Of<BackstopDeclined>());
        Assert.Equal((dan, Usd(-800m)), (declined.Account, declined.FundEquity.Value));
        Assert.NotEmpty(world.Of<Deleveraged>());
        Assert.All(world.Of<Deleveraged>(), adl => Assert.Equal(dan, adl.Bankrupt));
        Assert.Equal(0, world.Size(dan));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Payout_cap_sends_the_loss_to_deleveraging_at_the_bankruptcy_price()
    {
        var world = Gap(LiquidationParameters.Default with { InsurancePayoutCapPerWindow = new Quantums(Usd(100m)) }, fund: 10_000m);

        Assert.Empty(world.Of<BackstopTakeover>());
        var adl = Assert.Single(world.Of<Deleveraged>());
        Assert.Equal((Bob, Alice, -EthSize(10m), At(1_780m)), (adl.Account, adl.Bankrupt, adl.Size, adl.Price));
        Assert.Equal(Usd(200m), adl.LossVersusMark.Value);
        Assert.Equal(0, world.Size(Bob));
        Assert.Equal(Usd(10_000m), world.InsuranceFund);
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Insurance_floor_sends_the_loss_to_deleveraging()
    {
        // Stressed equity after 9,200 < 9,500 (at the mark it would be 9,800).
        var world = Gap(LiquidationParameters.Default with { InsuranceFundFloor = new Quantums(Usd(9_500m)) }, fund: 10_000m);

        Assert.Equal(Usd(9_200m), Assert.Single(world.Of<BackstopDeclined>()).StressedFundEquity.Value);
        Assert.Single(world.Of<Deleveraged>());
    }

    [Fact]
    public void Deleveraging_follows_the_queue_and_emits_one_event_per_account()
    {
        // Shorts at 2,000: Bob 6 (100,000 USDC), Carol 3 (1,000), Dan 2 (500); Erin long 1 from Bob. At 1,760 every
        // short has PnL% 12%; leverage: Dan 3,520 / 980 = 3.5918, Carol 5,280 / 1,720 = 3.0698, Bob 10,560 / 101,440 = 0.1041.
        var world = Gap(LiquidationParameters.Default, fund: 0m, w =>
        {
            w.Open(2, 100_000m);
            w.Open(3, 1_000m);
            w.Open(4, 500m);
            var erin = w.Open(5, 1_000m);
            w.Trade(Alice, Bob, 5m, 2_000m);
            w.Trade(Alice, Carol, 3m, 2_000m);
            w.Trade(Alice, Dan, 2m, 2_000m);
            w.Trade(erin, Bob, 1m, 2_000m);
        });

        var queue = world.Of<Deleveraged>();
        Assert.Equal([Dan, Carol, Bob], queue.Select(e => e.Account));
        Assert.Equal([1, 2, 3], queue.Select(e => e.Rank));
        Assert.Equal([431_020L, 368_372L, 12_492L], queue.Select(e => e.Score));
        Assert.Equal([-EthSize(2m), -EthSize(3m), -EthSize(5m)], queue.Select(e => e.Size));
        Assert.Equal(-EthSize(1m), world.Size(Bob)); // Bob keeps the short against Erin
        Assert.Equal(Usd(1_000m), world[Zed].SpotBalance(Usdc)); // no position, no share of the loss
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Without_deleveraging_the_shortfall_is_socialized_over_open_interest()
    {
        // Fund empty: it takes the position anyway, falls to −200, and the 200 is charged to the holders pro rata:
        // Bob short 6 → 120, Carol short 4 → 80.
        var world = Gap(LiquidationParameters.Default with { AutoDeleverage = false }, fund: 0m, w =>
        {
            w.Open(2, 100_000m);
            w.Open(3, 100_000m);
            w.Trade(Alice, Bob, 6m, 2_000m);
            w.Trade(Alice, Carol, 4m, 2_000m);
        });

        var takeover = Assert.Single(world.Of<BackstopTakeover>());
        Assert.True(takeover.Forced);
        var loss = Assert.Single(world.Of<SocializedLoss>());
        Assert.Equal((Usd(200m), Usd(200m), EthSize(10m)), (loss.Shortfall.Value, loss.Collected.Value, loss.OpenInterest));
        Assert.Equal([new SocializedCharge(Bob, -EthSize(6m), new Quantums(Usd(120m))), new SocializedCharge(Carol, -EthSize(4m), new Quantums(Usd(80m)))], loss.Charges);
        Assert.Equal([200_000_000L, -200_000_000L], world.Of<BadDebtChanged>().Select(e => e.Delta.Value));
        Assert.Equal(0, world.Engine.State.BadDebt);
        Assert.Equal(0, world.FundEquity);
        Assert.Equal(Usd(1_000m), world[Zed].SpotBalance(Usdc));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Book_shortfall_opens_an_auction_lot_and_a_keeper_takes_it()
    {
        // At 1,840 (health 0.652) the book holds 1 ETH at 1,838 of the 2.5 ETH this window allows: 1.5 ETH go to auction.
        var world = new LiquidationWorld(AuctionAtOnce);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        var mia = world.Open(3, 100_000m);
        var dave = world.Open(4, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.Bid(mia, 1_838m, 1m);
        world.Price(1_840m);

        var lot = Assert.Single(world.Of<AuctionLotOpened>());
        Assert.Equal((EthSize(1.5m), At(1_876.80m)), (lot.Size, lot.Start));
        world.Advance(15_000); // three stair steps: gap × 0.512
        var price = DutchAuction.PriceAt(world.Venue.Market(Eth), lot.Start, lot.End, 15_000, AuctionCurve.StairstepExponential, world.Parameters);

        var events = world.Submit(new TakeAuctionLot(dave, lot.Lot, EthSize(1.5m), price));

        var taken = Assert.Single(events.OfType<AuctionLotTaken>());
        Assert.Equal((EthSize(1.5m), price, 0L), (taken.Size, taken.Price, taken.Remaining));
        Assert.Contains(events, e => e is AuctionLotClosed { Why: AuctionCloseReason.TakenInFull });
        Assert.Equal(EthSize(1.5m), world.Size(dave));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_take_beyond_the_keeper_limit_is_refused_and_changes_nothing()
    {
        var world = new LiquidationWorld(AuctionAtOnce);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        var dave = world.Open(4, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.Price(1_840m);
        var lot = Assert.Single(world.Of<AuctionLotOpened>());
        var before = world.Engine.StateHash();

        var events = world.Submit(new TakeAuctionLot(dave, lot.Lot, EthSize(1m), At(1_800m)));

        Assert.Equal(RejectionReason.AuctionPriceBeyondLimit, Assert.IsType<CommandRejected>(Assert.Single(events)).Reason);
        Assert.Equal(0, world.Size(dave));
        Assert.Equal(before, world.Engine.StateHash());
    }

    [Fact]
    public void A_lot_resets_when_too_old_and_fails_to_the_backstop()
    {
        var parameters = AuctionAtOnce with { AuctionMaxResets = 1, AuctionDurationMs = 20_000 };
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.FundInsurance(10_000m);
        world.BackstopDepth(Side.Buy, 1_700m, 10m);
        world.Price(1_840m);
        Assert.Single(world.Of<AuctionLotOpened>());

        world.Advance(20_000);
        world.Advance(20_000);

        var reset = Assert.Single(world.Of<AuctionLotReset>());
        Assert.Equal(AuctionResetReason.TooOld, reset.Why);
        Assert.Contains(world.Events, e => e is AuctionLotClosed { Why: AuctionCloseReason.AuctionFailed });
        Assert.Equal(BackstopReason.AuctionFailed, Assert.Single(world.Of<BackstopTakeover>()).Why);
        Assert.Equal(0, world.Size(Alice));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void Keeper_opening_a_lot_earns_tip_and_chip()
    {
        var world = new LiquidationWorld(AuctionAtOnce with { AutoLiquidate = false });
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.FundInsurance(1_000m);
        world.Price(1_840m);

        world.Submit(new KeeperLiquidate("k", Alice));

        // 2.5 ETH at 1,876.80 = 4,692 notional: tip 1 + chip 0.1% = 4.692 → 5.692.
        var lot = Assert.Single(world.Of<AuctionLotOpened>());
        Assert.Equal(Usd(5.692m), lot.Incentive.Value);
        Assert.Equal(Usd(5.692m), world.Engine.State.KeeperRewards["k"]);
    }

    [Fact]
    public void A_lot_closes_when_the_account_recovers()
    {
        var world = new LiquidationWorld(AuctionAtOnce);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.Price(1_840m);
        var lot = Assert.Single(world.Of<AuctionLotOpened>());

        world.Price(2_000m);

        Assert.Contains(world.Events, e => e is AuctionLotClosed { Why: AuctionCloseReason.AccountRecovered } closed && closed.Lot == lot.Lot);
        Assert.Empty(world.Engine.State.Liquidations.Lots);
        Assert.Equal(EthSize(10m), world.Size(Alice));
    }
}
