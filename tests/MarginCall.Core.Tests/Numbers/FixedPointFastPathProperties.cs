using System.Numerics;
using CsCheck;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Numbers;

/// <summary>
/// The 64-bit fast paths of <see cref="FixedPoint"/> give exactly the exact-arithmetic result (BigInteger, rounded by the
/// named rule) or throw <see cref="OverflowException"/> exactly when that result does not fit in 64 bits — on both
/// sides of the 64-bit product boundary, for every sign and rounding.
/// </summary>
public sealed class FixedPointFastPathProperties
{
    // Operands biased to the edges: small values, values near 2^31 and 2^63 (products straddle 64 bits), and the extremes.
    private static readonly Gen<long> Operand = Gen.OneOf(
        Gen.Long[-1_000_000_000_000, 1_000_000_000_000],
        Gen.Long,
        Gen.Long[-3_037_000_500, 3_037_000_500],
        Pick(0L, 1L, -1L, long.MaxValue, long.MinValue, long.MinValue + 1, 3_037_000_499L, -3_037_000_500L));

    private static readonly Gen<Rounding> Roundings = Pick(Rounding.Floor, Rounding.Ceiling);

    [Fact]
    public void MultiplyDivide_is_exact_or_throws_overflow_exactly_when_the_result_does_not_fit() =>
        Gen.Select(Operand, Operand, Operand.Where(c => c != 0), Roundings).Sample((a, b, c, rounding) =>
            AssertSame(Reference((BigInteger)a * b, c, rounding), () => FixedPoint.MultiplyDivide(a, b, c, rounding)), iter: 20_000);

    [Fact]
    public void ScaleProduct_equals_narrowing_the_128_bit_Scale() =>
        Gen.Select(Operand, Operand, Gen.Int[-20, 20], Roundings).Sample((a, b, exponent, rounding) =>
        {
            var product = (BigInteger)a * b;
            var exact = exponent >= 0 ? product * BigInteger.Pow(10, exponent) : Reference(product, BigInteger.Pow(10, -exponent), rounding);
            AssertSame(exact, () => FixedPoint.ScaleProduct(a, b, exponent, rounding));
        }, iter: 20_000);

    [Theory]
    [InlineData(long.MinValue, 1, -1)] // MinValue / −1 does not fit
    [InlineData(long.MaxValue, 2, 2)] // the product needs 65 bits, the quotient fits
    [InlineData(long.MinValue, 1, 10_000)]
    [InlineData(-7, 3, long.MinValue)]
    public void MultiplyDivide_edge_cases_match_exact_arithmetic(long a, long b, long c)
    {
        foreach (var rounding in new[] { Rounding.Floor, Rounding.Ceiling })
        {
            AssertSame(Reference((BigInteger)a * b, c, rounding), () => FixedPoint.MultiplyDivide(a, b, c, rounding));
        }
    }

    [Fact]
    public void ScaleProduct_with_a_positive_exponent_throws_instead_of_wrapping()
    {
        Assert.Equal(9_000_000_000_000_000_000L, FixedPoint.ScaleProduct(3, 3, 18, Rounding.Floor));
        Assert.Throws<OverflowException>(() => FixedPoint.ScaleProduct(10, 1, 18, Rounding.Floor)); // 10^19
        Assert.Throws<OverflowException>(() => FixedPoint.ScaleProduct(-10, 1, 18, Rounding.Floor));
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static BigInteger Reference(BigInteger numerator, BigInteger denominator, Rounding rounding)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (remainder.IsZero)
        {
            return quotient;
        }

        var negative = (numerator.Sign < 0) != (denominator.Sign < 0);
        return rounding == Rounding.Floor ? (negative ? quotient - 1 : quotient) : (negative ? quotient : quotient + 1);
    }

    private static void AssertSame(BigInteger exact, Func<long> compute)
    {
        if (exact >= long.MinValue && exact <= long.MaxValue)
        {
            Assert.Equal((long)exact, compute());
        }
        else
        {
            Assert.Throws<OverflowException>(() => compute());
        }
    }
}
