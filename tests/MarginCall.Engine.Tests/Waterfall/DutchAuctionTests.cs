using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Tests.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>
/// Dutch auction pricing in isolation. A liquidated long at oracle 1,840 with bankruptcy price 1,780: start
/// 1,840 × 1.02 = 1,876.80, gap 96.80.
/// </summary>
public sealed class DutchAuctionTests
{
    private static readonly PerpetualMarket Market = new LiquidationWorld().Venue.Market(Eth);
    private static readonly LiquidationParameters Parameters = LiquidationParameters.Default with
    {
        AuctionDurationMs = 60_000, AuctionStepMs = 5_000, AuctionCut = new Ppm(800_000), AuctionResetDrop = new Ppm(100_000),
    };

    [Fact]
    public void Start_is_against_the_keeper()
    {
        Assert.Equal(At(1_876.80m), DutchAuction.StartPrice(Market, liquidatingLong: true, At(1_840m), new Ppm(20_000)));
        Assert.Equal(At(1_960m), DutchAuction.StartPrice(Market, liquidatingLong: false, At(2_000m), new Ppm(20_000)));
    }

    [Fact]
    public void Linear_reaches_three_quarters_of_the_gap_after_a_quarter_of_the_duration()
    {
        // 1,780 + 96.80 × 0.75 = 1,852.60.
        Assert.Equal(At(1_852.60m), DutchAuction.PriceAt(Market, At(1_876.80m), At(1_780m), 15_000, AuctionCurve.Linear, Parameters));
        Assert.Equal(At(1_780m), DutchAuction.PriceAt(Market, At(1_876.80m), At(1_780m), 90_000, AuctionCurve.Linear, Parameters));
    }

    [Fact]
    public void Stair_step_keeps_the_cut_per_whole_step()
    {
        // 12 s = 2 whole steps: 1,780 + 96.80 × 0.64 = 1,841.952 → 1,841.96 (toward the start).
        Assert.Equal(At(1_841.96m), DutchAuction.PriceAt(Market, At(1_876.80m), At(1_780m), 12_000, AuctionCurve.StairstepExponential, Parameters));
    }

    [Fact]
    public void Exponential_keeps_the_cut_per_second()
    {
        // 3.5 s = 3 whole seconds: 1,780 + 96.80 × 0.512 = 1,829.5616 → 1,829.57.
        Assert.Equal(At(1_829.57m), DutchAuction.PriceAt(Market, At(1_876.80m), At(1_780m), 3_500, AuctionCurve.Exponential, Parameters));
    }

    [Fact]
    public void A_short_lot_rises_toward_its_bankruptcy_price()
    {
        // 1,960 → 2,100 halfway: 2,030.
        Assert.Equal(At(2_030m), DutchAuction.PriceAt(Market, At(1_960m), At(2_100m), 30_000, AuctionCurve.Linear, Parameters));
    }

    [Fact]
    public void Price_never_passes_the_bankruptcy_price()
    {
        var gen = Gen.Select(Gen.Long[0, 10_000_000], Gen.Int[0, 2], Gen.Long[100_000, 300_000], Gen.Long[1, 100_000], Gen.Bool);
        gen.Sample((elapsed, curve, startUnits, gap, isLong) =>
        {
            var start = new Price(startUnits);
            var end = new Price(isLong ? startUnits - gap : startUnits + gap);
            var price = DutchAuction.PriceAt(Market, start, end, elapsed, (AuctionCurve)curve, Parameters);
            return isLong ? price >= end && price <= start : price <= end && price >= start;
        });
    }

    [Theory]
    [InlineData(60_000, 1_850, true)] // too old
    [InlineData(10_000, 1_650, true)] // 1,650 < 1,840 × 0.9 = 1,656
    [InlineData(10_000, 1_700, false)]
    public void Resets_when_too_old_or_too_far_below_the_oracle(long elapsed, int price, bool expected)
    {
        Assert.Equal(expected, DutchAuction.NeedsReset(liquidatingLong: true, At(price), At(1_840m), elapsed, Parameters));
    }

    [Fact]
    public void A_take_that_would_leave_dust_is_cut_to_leave_the_minimum()
    {
        // Lot 1 ETH at 1,876.80, minimum 10 USD = 0.005328… ETH → keep 0.006 ETH.
        var lot = new AuctionLot(1, 0, new AccountId(1), Eth, true, EthSize(1m), At(1_876.80m), At(1_780m), 0, 0, Quantums.Zero);

        Assert.Equal(EthSize(0.994m), AuctionStage.TakeSize(Market, lot, EthSize(0.998m), new Quantums(Usd(10m))));
        Assert.Equal(EthSize(1m), AuctionStage.TakeSize(Market, lot, EthSize(2m), new Quantums(Usd(10m))));
        Assert.Equal(EthSize(0.5m), AuctionStage.TakeSize(Market, lot, EthSize(0.5m), new Quantums(Usd(10m))));
    }

    [Fact]
    public void A_lot_under_the_minimum_can_only_be_taken_whole()
    {
        var lot = new AuctionLot(1, 0, new AccountId(1), Eth, true, EthSize(0.004m), At(1_876.80m), At(1_780m), 0, 0, Quantums.Zero);

        Assert.Equal(0, AuctionStage.TakeSize(Market, lot, EthSize(0.002m), new Quantums(Usd(10m))));
        Assert.Equal(EthSize(0.004m), AuctionStage.TakeSize(Market, lot, EthSize(0.004m), new Quantums(Usd(10m))));
    }

    [Fact]
    public void Partial_takes_never_leave_dust()
    {
        var gen = Gen.Select(Gen.Long[1, 20_000], Gen.Long[1, 20_000], Gen.Long[1, 100_000_000]);
        gen.Sample((lotSize, maxTake, minimum) =>
        {
            var lot = new AuctionLot(1, 0, new AccountId(1), Eth, true, lotSize, At(1_876.80m), At(1_780m), 0, 0, Quantums.Zero);
            var take = AuctionStage.TakeSize(Market, lot, maxTake, new Quantums(minimum));
            var left = lotSize - take;
            return take >= 0 && take <= Math.Min(lotSize, maxTake)
                && (take == 0 || left == 0 || Market.Scale.Notional(left, lot.Start).Value >= minimum);
        });
    }
}
