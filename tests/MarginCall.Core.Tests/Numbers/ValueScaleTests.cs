using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Numbers;

public sealed class ValueScaleTests
{
    // BTC-USD with 8 size decimals, 2 price decimals, USDC with 6 decimals: exponent 6 − 8 − 2 = −4.
    private static readonly ValueScale Btc = ValueScale.For(quoteDecimals: 6, baseDecimals: 8, priceDecimals: 2);

    [Fact]
    public void Exponent_is_quote_minus_base_minus_price_decimals() => Assert.Equal(-4, Btc.Exponent);

    [Fact]
    public void One_whole_unit_at_a_price_is_worth_that_price_in_quote_quantums()
    {
        // 1 BTC (10^8 quantums) at 65,000.50 (6,500,050 units) = 65,000.500000 USDC.
        Assert.Equal(65_000_500_000L, Btc.Value(100_000_000, new Price(6_500_050), Rounding.Floor).Value);
    }

    [Fact]
    public void Value_of_a_fraction_of_a_quantum_rounds_by_the_named_rule_on_both_signs()
    {
        // 1 satoshi at 0.03 = 3 × 10^−4 quote quantums.
        Assert.Equal(0L, Btc.Value(1, new Price(3), Rounding.Floor).Value);
        Assert.Equal(1L, Btc.Value(1, new Price(3), Rounding.Ceiling).Value);
        Assert.Equal(-1L, Btc.Value(-1, new Price(3), Rounding.Floor).Value);
        Assert.Equal(0L, Btc.Value(-1, new Price(3), Rounding.Ceiling).Value);
    }

    [Fact]
    public void Notional_is_the_magnitude_rounded_up_for_longs_and_shorts()
    {
        Assert.Equal(1L, Btc.Notional(1, new Price(3)).Value);
        Assert.Equal(1L, Btc.Notional(-1, new Price(3)).Value);
    }

    [Fact]
    public void A_positive_exponent_multiplies_exactly()
    {
        var scale = ValueScale.For(quoteDecimals: 6, baseDecimals: 0, priceDecimals: 2); // exponent 4
        Assert.Equal(4, scale.Exponent);
        Assert.Equal(-30_000L, scale.Value(-3, new Price(1), Rounding.Floor).Value);
    }

    [Fact]
    public void Value_beyond_64_bits_throws_overflow_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => Btc.Value(long.MaxValue, new Price(long.MaxValue), Rounding.Floor));
        Assert.Throws<OverflowException>(() => Btc.Notional(long.MinValue, new Price(1)));
    }

    [Fact]
    public void PriceFor_inverts_Value_and_rounds_by_the_named_rule()
    {
        // 0.5 BTC worth 10,000.000001 USDC → price 20,000.000002 → floor 20,000.00, ceiling 20,000.01.
        Assert.Equal((Int128)2_000_000, Btc.PriceFor(10_000_000_001, 50_000_000, Rounding.Floor));
        Assert.Equal((Int128)2_000_001, Btc.PriceFor(10_000_000_001, 50_000_000, Rounding.Ceiling));
        Assert.Equal((Int128)2_000_000, Btc.PriceFor(10_000_000_000, 50_000_000, Rounding.Ceiling));
    }
}
