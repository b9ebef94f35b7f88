using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Numbers;

public sealed class QuantumsTests
{
    [Fact]
    public void Arithmetic_is_checked()
    {
        Assert.Throws<OverflowException>(() => new Quantums(long.MaxValue) + new Quantums(1));
        Assert.Throws<OverflowException>(() => new Quantums(long.MinValue) - new Quantums(1));
        Assert.Throws<OverflowException>(() => -new Quantums(long.MinValue));
    }

    [Theory]
    [InlineData(1_000_001, 5_000, Rounding.Floor, 5_000)] // 1.000001 × 0.5% = 0.005000005
    [InlineData(1_000_001, 5_000, Rounding.Ceiling, 5_001)]
    [InlineData(-1_000_001, 5_000, Rounding.Floor, -5_001)]
    [InlineData(-1_000_001, 5_000, Rounding.Ceiling, -5_000)]
    [InlineData(2_000_000, 10_000, Rounding.Ceiling, 20_000)]
    public void Times_a_rate_rounds_by_the_named_rule(long amount, long ppm, Rounding rounding, long expected) =>
        Assert.Equal(expected, new Quantums(amount).Times(new Ppm(ppm), rounding).Value);

    [Fact]
    public void Times_a_rate_above_one_can_overflow_and_throws() =>
        Assert.Throws<OverflowException>(() => new Quantums(long.MaxValue).Times(new Ppm(2 * Ppm.OneValue), Rounding.Floor));

    [Fact]
    public void Min_max_and_ordering_follow_the_signed_value()
    {
        var a = new Quantums(-5);
        var b = new Quantums(3);
        Assert.Equal(a, Quantums.Min(a, b));
        Assert.Equal(b, Quantums.Max(a, b));
        Assert.True(a < b && a.IsNegative && !b.IsNegative);
    }

    [Fact]
    public void Ppm_ratio_rounds_by_the_named_rule()
    {
        Assert.Equal(333_333, Ppm.Ratio(1, 3, Rounding.Floor).Value);
        Assert.Equal(333_334, Ppm.Ratio(1, 3, Rounding.Ceiling).Value);
        Assert.Equal("0.005000", new Ppm(5_000).ToString());
    }
}
