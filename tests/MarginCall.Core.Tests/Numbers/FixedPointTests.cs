using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Numbers;

public sealed class FixedPointTests
{
    [Theory]
    [InlineData(7, 2, Rounding.Floor, 3)]
    [InlineData(7, 2, Rounding.Ceiling, 4)]
    [InlineData(-7, 2, Rounding.Floor, -4)]
    [InlineData(-7, 2, Rounding.Ceiling, -3)]
    [InlineData(7, -2, Rounding.Floor, -4)]
    [InlineData(7, -2, Rounding.Ceiling, -3)]
    [InlineData(-7, -2, Rounding.Floor, 3)]
    [InlineData(-7, -2, Rounding.Ceiling, 4)]
    [InlineData(6, 3, Rounding.Floor, 2)]
    [InlineData(-6, 3, Rounding.Ceiling, -2)]
    public void Divide_rounds_toward_the_named_infinity_for_every_sign(long numerator, long denominator, Rounding rounding, long expected) =>
        Assert.Equal((Int128)expected, FixedPoint.Divide(numerator, denominator, rounding));

    [Fact]
    public void Divide_by_zero_throws() =>
        Assert.Throws<DivideByZeroException>(() => FixedPoint.Divide(1, 0, Rounding.Floor));

    [Fact]
    public void MultiplyDivide_keeps_the_full_128_bit_product_before_dividing()
    {
        // (2^62 × 6) / 3 = 2^63 overflows 64 bits; (2^62 × 6) / 4 = 1.5 × 2^62 fits although the product does not.
        Assert.Equal(6917529027641081856L, FixedPoint.MultiplyDivide(1L << 62, 6, 4, Rounding.Floor));
        Assert.Throws<OverflowException>(() => FixedPoint.MultiplyDivide(1L << 62, 6, 3, Rounding.Floor));
    }

    [Fact]
    public void Narrow_throws_instead_of_wrapping()
    {
        Assert.Equal(long.MaxValue, FixedPoint.Narrow(long.MaxValue));
        Assert.Equal(long.MinValue, FixedPoint.Narrow(long.MinValue));
        Assert.Throws<OverflowException>(() => FixedPoint.Narrow((Int128)long.MaxValue + 1));
        Assert.Throws<OverflowException>(() => FixedPoint.Narrow((Int128)long.MinValue - 1));
    }

    [Fact]
    public void Scale_by_a_negative_exponent_rounds_and_by_a_positive_one_is_exact()
    {
        Assert.Equal((Int128)(-13), FixedPoint.Scale(-1234, -2, Rounding.Floor));
        Assert.Equal((Int128)(-12), FixedPoint.Scale(-1234, -2, Rounding.Ceiling));
        Assert.Equal((Int128)123400, FixedPoint.Scale(1234, 2, Rounding.Floor));
    }

    [Fact]
    public void Scale_beyond_128_bits_throws_overflow() =>
        Assert.Throws<OverflowException>(() => FixedPoint.Scale(Int128.MaxValue / 2, 1, Rounding.Floor));

    [Fact]
    public void Pow10_covers_exactly_the_powers_that_fit_in_128_bits()
    {
        Assert.Equal(Int128.One, FixedPoint.Pow10(0));
        Assert.Equal(Int128.Parse("100000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture), FixedPoint.Pow10(38));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.Pow10(39));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.Pow10(-1));
    }
}
