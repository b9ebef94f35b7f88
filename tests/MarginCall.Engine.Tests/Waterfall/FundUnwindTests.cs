using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Tests.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>
/// The insurance fund unwinds what it took over. Alice: 2,200 USDC, long 10 ETH at 2,000 against Bob; the price gaps to
/// 1,760 and the fund (10,000) takes her 10 ETH at the bankruptcy price 1,780 (cost 17,800), within its means against
/// Deep's 10 ETH bid at 1,700 (StageTests), which rests beyond every bound below. Then Carol bids. Mark
/// 1,760, slippage bound 2% → the fund sells no lower than ⌈1,760 × 0.98⌉ = 1,724.80; once per 10 s window, at most
/// 25% of its holding (2.5 ETH), at most the touch (the size at the best bid) and, after its first unwind, at most what
/// the depth inside the bound grew since. One test checks the defaults (0.1%, 1%, a quarter of the touch).
/// </summary>
public sealed class FundUnwindTests
{
    private static readonly AccountId Alice = new(1);
    private static readonly AccountId Bob = new(2);
    private static readonly AccountId Carol = new(3);

    /// <summary>
    /// A 2% bound, 25% per window and the whole touch (wider than the defaults, 0.1%, 1% and a quarter of the touch, so
    /// the hand numbers stay round).
    /// </summary>
    private static readonly LiquidationParameters Unwind = LiquidationParameters.Default with
    {
        FundUnwindMaxSlippage = new Ppm(20_000),
        FundUnwindPortionPerWindow = new Ppm(250_000),
        FundUnwindDepthShare = Ppm.One,
    };

    private static LiquidationWorld TakenOver(LiquidationParameters parameters, decimal fund)
    {
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Open(3, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        if (fund > 0)
        {
            world.FundInsurance(fund);
        }

        world.BackstopDepth(Side.Buy, 1_700m, 10m);
        world.Price(1_760m);
        Assert.Single(world.Of<BackstopTakeover>());
        world.Events.Clear();
        return world;
    }

    [Fact]
    public void The_fund_sells_into_the_touch_only_never_walking_the_book()
    {
        // 2.5 ETH are allowed by the portion and 1,730 is inside the bound, but the order takes only the touch: 1 at 1,750.
        var world = TakenOver(Unwind, fund: 10_000m);
        world.Bid(Carol, 1_750m, 1m);
        world.Bid(Carol, 1_730m, 1m);
        world.Bid(Carol, 1_720m, 5m); // beyond the bound 1,724.80

        world.Advance(1_000);

        var unwound = Assert.Single(world.Of<FundUnwound>());
        Assert.Equal((-EthSize(1m), At(1_750m), At(1_760m), At(1_724.80m)), (unwound.Size, unwound.AveragePrice, unwound.Mark, unwound.Limit));
        Assert.Equal(Usd(1_750m), unwound.Proceeds.Value);
        Assert.Equal(Usd(1_780m), unwound.CostBasis.Value);  // 17,800 × 1 / 10
        Assert.Equal(Usd(-30m), unwound.RealizedPnl.Value);
        Assert.Equal(EthSize(9m), unwound.HoldingLeft);
        Assert.Equal(new FundHolding(EthSize(9m), Usd(16_020m)), world.Engine.State.Liquidations.Holdings[(0, 0)]);
        Assert.Equal(Usd(10_000m - 17_800m + 1_750m), world.InsuranceFund);
        Assert.Equal(Usd(9_790m), world.FundEquity); // 9,800 − (1,760 − 1,750)
        Assert.Equal(Usd(9_790m), unwound.FundEquity.Value);
        Assert.Equal(EthSize(1m), world.Size(Carol));
        Assert.Empty(world.Of<SocializedLoss>()); // the fund's equity stayed above zero
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_touch_beyond_the_slippage_bound_is_not_sold_into()
    {
        var world = TakenOver(Unwind, fund: 10_000m);
        world.Bid(Carol, 1_720m, 5m); // beyond the bound 1,724.80

        world.Advance(1_000);

        Assert.Empty(world.Of<FundUnwound>());
        Assert.Equal(0, world.Size(Carol));
    }

    [Fact]
    public void The_fund_unwinds_once_per_window_and_then_only_what_the_book_refilled()
    {
        var world = TakenOver(Unwind, fund: 10_000m);
        world.Bid(Carol, 1_740m, 10m);

        world.Advance(1_000);  // first window: 25% of 10 = 2.5 ETH, leaving 7.5 inside the bound
        world.Advance(1_000);  // same window: one unwind per window
        world.Advance(10_000); // next window: 25% of 7.5 = 1.875 allowed, but the depth has not grown since: nothing
        Assert.Equal([-EthSize(2.5m)], world.Of<FundUnwound>().Select(u => u.Size));

        world.Bid(Carol, 1_740m, 1m); // the book refills 1 ETH
        world.Advance(1_000);

        Assert.Equal([-EthSize(2.5m), -EthSize(1m)], world.Of<FundUnwound>().Select(u => u.Size));
        Assert.Equal(EthSize(6.5m), world.Engine.State.Liquidations.Holdings[(0, 0)].Size);
        Assert.Equal(EthSize(3.5m), world.Size(Carol));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_stale_oracle_stops_the_unwind()
    {
        var world = TakenOver(Unwind, fund: 10_000m);
        world.Bid(Carol, 1_750m, 10m);

        world.Advance(61_000); // the oracle is 61 s old: over MaxOracleAgeMs (60 s)

        Assert.Contains(world.Events, e => e is OracleStalenessChanged { Stale: true });
        Assert.Empty(world.Of<FundUnwound>());
        Assert.Equal(EthSize(10m), world.Engine.State.Liquidations.Holdings[(0, 0)].Size);
        Assert.Equal(0, world.Size(Carol));

        world.Price(1_760m);
        world.Advance(1_000);

        Assert.Equal(-EthSize(2.5m), Assert.Single(world.Of<FundUnwound>()).Size);
    }

    [Fact]
    public void A_zero_portion_keeps_the_holding()
    {
        var world = TakenOver(Unwind with { FundUnwindPortionPerWindow = Ppm.Zero }, fund: 10_000m);
        world.Bid(Carol, 1_750m, 10m);

        world.Advance(1_000);

        Assert.Empty(world.Of<FundUnwound>());
        Assert.Equal(EthSize(10m), world.Engine.State.Liquidations.Holdings[(0, 0)].Size);
    }

    [Fact]
    public void A_realized_loss_that_takes_the_fund_below_zero_is_socialized_over_open_interest()
    {
        // Empty fund, no deleveraging: the forced takeover's 200 was charged to Bob, leaving the fund's equity at 0.
        // Selling 2 ETH at 1,750 realizes 3,500 − 3,560 = −60 and takes the equity to −20 (2 × 10 below the mark): the
        // 20 is charged over the open interest, Bob short 10 and Carol long 2 (12 ETH): 16.666667 and 3.333334, rounded up.
        var world = TakenOver(Unwind with { AutoDeleverage = false }, fund: 0m);
        Assert.Equal(0, world.FundEquity);
        world.Bid(Carol, 1_750m, 2m);

        world.Advance(1_000);

        var unwound = Assert.Single(world.Of<FundUnwound>());
        Assert.Equal((Usd(-60m), Usd(-20m)), (unwound.RealizedPnl.Value, unwound.FundEquity.Value));
        var loss = Assert.Single(world.Of<SocializedLoss>());
        Assert.Equal((Usd(20m), 20_000_001L, EthSize(12m)), (loss.Shortfall.Value, loss.Collected.Value, loss.OpenInterest));
        Assert.Equal([new SocializedCharge(Bob, -EthSize(10m), new Quantums(16_666_667)), new SocializedCharge(Carol, EthSize(2m), new Quantums(3_333_334))], loss.Charges);
        Assert.Equal([20_000_000L, -20_000_000L], world.Of<BadDebtChanged>().Select(e => e.Delta.Value));
        Assert.Equal(0, world.Engine.State.BadDebt);
        Assert.Equal(1, world.FundEquity); // the rounding excess stays in the fund
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_short_holding_is_bought_back_no_higher_than_the_bound()
    {
        // Alice short 10 ETH at 2,000 with 2,200: bankrupt at 2,220; the price gaps to 2,240 and the fund takes the short
        // (it receives 22,200). Bound ⌊2,240 × 1.02⌋ = 2,284.80; Carol offers 1 ETH at 2,250 and 1 at 2,290 (beyond).
        var world = new LiquidationWorld(Unwind);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Open(3, 100_000m);
        world.Trade(Bob, Alice, 10m, 2_000m);
        world.FundInsurance(15_000m); // stressed equity after 14,200: 2× covers the 22,400 short
        world.BackstopDepth(Side.Sell, 2_300m, 10m); // beyond the bound 2,284.80
        world.Price(2_240m);
        var takeover = Assert.Single(world.Of<BackstopTakeover>());
        Assert.Equal((-EthSize(10m), At(2_220m)), (takeover.Size, takeover.Price));
        world.Ask(Carol, 2_250m, 1m);
        world.Ask(Carol, 2_290m, 1m);

        world.Advance(1_000);

        var unwound = Assert.Single(world.Of<FundUnwound>());
        Assert.Equal((EthSize(1m), At(2_250m), At(2_284.80m)), (unwound.Size, unwound.AveragePrice, unwound.Limit));
        Assert.Equal((Usd(-2_250m), Usd(-2_220m), Usd(-30m)), (unwound.Proceeds.Value, unwound.CostBasis.Value, unwound.RealizedPnl.Value));
        Assert.Equal(-EthSize(9m), world.Engine.State.Liquidations.Holdings[(0, 0)].Size);
        Assert.Equal(-EthSize(1m), world.Size(Carol));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void With_the_defaults_the_fund_sells_at_most_a_quarter_of_the_touch_and_one_percent_per_window()
    {
        // Bound ⌈1,760 × 0.999⌉ = 1,758.24: Carol's 1,758.50 bid is inside, her 1,758 bid is not. A quarter of the 0.2 ETH
        // touch = 0.05 ETH < 1% of 10 ETH.
        var world = TakenOver(LiquidationParameters.Default, fund: 10_000m);
        world.Bid(Carol, 1_758.50m, 0.2m);
        world.Bid(Carol, 1_758m, 5m);

        world.Advance(1_000);

        var unwound = Assert.Single(world.Of<FundUnwound>());
        Assert.Equal((-EthSize(0.05m), At(1_758.24m), At(1_758.50m)), (unwound.Size, unwound.Limit, unwound.AveragePrice));
        Assert.Equal(Usd(87.925m), unwound.Proceeds.Value);
        Assert.Equal(Usd(89m), unwound.CostBasis.Value); // 17,800 × 0.05 / 10

        world.Bid(Carol, 1_758.50m, 2m); // touch 2.15 (a quarter: 0.5375), refilled 2 since: 1% of 9.95 = 0.0995 → 0.099
        world.Advance(10_000);

        Assert.Equal([-EthSize(0.05m), -EthSize(0.099m)], world.Of<FundUnwound>().Select(u => u.Size));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Theory]
    [InlineData(0, 3_000_000, "FundUnwindDepthShare")]
    [InlineData(1_000_001, 3_000_000, "FundUnwindDepthShare")]
    [InlineData(250_000, -1, "BackstopCapacity")]
    public void Validation_names_the_depth_share_and_the_backstop_capacity(long share, long capacity, string field)
    {
        var parameters = LiquidationParameters.Default with { FundUnwindDepthShare = new Ppm(share), BackstopCapacity = new Ppm(capacity) };

        Assert.StartsWith(field, parameters.Validate());
    }
}
