using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// dYdX v4's fillable price (protocol/x/clob/keeper/liquidations.go, GetFillablePrice), checked against the examples
/// in /work/notes/worked-examples.md §2d and §2f.
/// </summary>
public sealed class FillablePriceTests
{
    // Size in whole units (0 decimals), quote USDC (6), price with 4 decimals: u = 10^(6 − 0 − 4) = 100.
    private static readonly PerpetualMarket Abc = new(new MarketId(0), "ABC-USD", "ABC", 0, 4, 6, 1, 1, MarginSchedule.Flat(new Ppm(50_000), new Ppm(30_000)));

    // Price with 2 decimals: u = 10^4.
    private static readonly PerpetualMarket Hundred = new(new MarketId(0), "X-USD", "X", 0, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));

    [Fact]
    public void Rating_is_how_far_equity_has_fallen_from_maintenance_toward_zero()
    {
        // dYdX docs example 2d: TNC 0.50, TMMR 3% × 0.801 × 500 = 12.015 → ABR = 1 − 0.5 / 12.015 = 0.958385…
        var rating = FillablePrice.AdjustedBankruptcyRating(new Quantums(500_000), new Quantums(12_015_000), Ppm.One);

        Assert.Equal(new Ppm(958_385), rating);
    }

    [Theory]
    [InlineData(2_000_000, 1_000_000, 0)] // above maintenance: the bound starts at the mark
    [InlineData(-1, 1_000_000, 1_000_000)] // below zero: clamped at 1
    [InlineData(500_000, 1_000_000, 500_000)]
    public void Rating_is_clamped_between_zero_and_one(long equity, long maintenance, long expected)
    {
        Assert.Equal(new Ppm(expected), FillablePrice.AdjustedBankruptcyRating(new Quantums(equity), new Quantums(maintenance), Ppm.One));
    }

    [Fact]
    public void Long_is_sold_below_the_mark_by_rating_times_spread_ratio_times_maintenance_per_unit()
    {
        // 0.801 − 0.958385 × 1.5 × 12.015 / 500 = 0.76645… → 0.7665 on the tick, rounded toward the mark.
        var price = FillablePrice.Unclamped(Abc, 500, new Price(8_010), new Quantums(12_015_000), new Ppm(958_385), new Ppm(1_500_000));

        Assert.Equal(new Price(7_665), price);
    }

    [Fact]
    public void Long_bound_never_passes_the_bankruptcy_price()
    {
        // Example 2d: bankruptcy 1 − 100 / 500 = 0.80, above the fillable 0.7665: the bound is 0.80 (dYdX would let the
        // insurance fund pay from 0.77; here what does not fill at 0.80 goes to the waterfall).
        Assert.Equal(new Price(8_000), FillablePrice.Clamp(Abc, 500, new Price(7_665), new Price(8_000)));
        Assert.Equal(new Price(7_665), FillablePrice.Clamp(Abc, 500, new Price(7_665), new Price(7_000)));
    }

    [Fact]
    public void Short_is_bought_above_the_mark_as_the_protocol_code_has_it()
    {
        // §2f: P = 100, MMF 5%, ABR 0.5, SMMR 1.5 → 103.75 (the docs' single formula would give 96.25).
        var price = FillablePrice.Unclamped(Hundred, -1, new Price(10_000), new Quantums(5_000_000), new Ppm(500_000), new Ppm(1_500_000));

        Assert.Equal(new Price(10_375), price);
        Assert.Equal(new Price(10_200), FillablePrice.Clamp(Hundred, -1, price, new Price(10_200)));
    }

    [Fact]
    public void Short_insolvent_at_every_price_gets_no_bound()
    {
        Assert.Null(FillablePrice.Clamp(Hundred, -1, new Price(10_375), null));
    }
}
