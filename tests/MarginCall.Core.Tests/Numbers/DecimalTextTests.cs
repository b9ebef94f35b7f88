using CsCheck;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Numbers;

public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("1234.5", 2, 123450)]
    [InlineData("-12.345", 3, -12345)]
    [InlineData("7", 0, 7)]
    [InlineData("0.5", 6, 500000)]
    [InlineData("+3", 1, 30)]
    [InlineData("1.2300", 2, 123)]
    [InlineData("-0.000001", 6, -1)]
    [InlineData("9223372036854775807", 0, long.MaxValue)]
    [InlineData("-9223372036854775807", 0, -long.MaxValue)]
    public void Parses_exactly(string text, int decimals, long expected)
    {
        Assert.True(DecimalText.TryParse(text, decimals, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0.0015", 3)] // more significant fraction digits than the scale holds
    [InlineData("1.000001", 5)]
    [InlineData("", 2)]
    [InlineData(null, 2)]
    [InlineData("-", 2)]
    [InlineData(".5", 2)]
    [InlineData("1e3", 2)]
    [InlineData("1,000", 2)]
    [InlineData(" 1", 2)]
    [InlineData("1.2.3", 2)]
    [InlineData("--1", 2)]
    [InlineData("NaN", 2)]
    [InlineData("9223372036854775808", 0)] // long.MaxValue + 1
    [InlineData("92233720368547758.08", 2)]
    [InlineData("1", 19)] // scale beyond 10^18
    public void Refuses_text_that_is_malformed_or_not_representable(string? text, int decimals) =>
        Assert.False(DecimalText.TryParse(text, decimals, out _));

    [Theory]
    [InlineData(123450, 2, "1234.50")]
    [InlineData(-1, 6, "-0.000001")]
    [InlineData(0, 3, "0.000")]
    [InlineData(42, 0, "42")]
    [InlineData(long.MinValue, 0, "-9223372036854775808")]
    public void Formats_plain_decimal_text(long value, int decimals, string expected) =>
        Assert.Equal(expected, DecimalText.Format(value, decimals));

    [Fact]
    public void Formats_128_bit_values_beyond_64_bits() =>
        Assert.Equal("-92233720368547758.080", DecimalText.Format((Int128)long.MinValue * 10, 3));

    [Fact]
    public void Format_then_parse_round_trips() =>
        Gen.Long.Sample(v =>
        {
            for (var decimals = 0; decimals <= 18; decimals += 6)
            {
                if (v == long.MinValue)
                {
                    continue; // its magnitude has no positive 64-bit counterpart to parse into
                }

                Assert.True(DecimalText.TryParse(DecimalText.Format(v, decimals), decimals, out var back));
                Assert.Equal(v, back);
            }
        });
}
