namespace MarginCall.Core.Numbers;

/// <summary>
/// 128-bit intermediate arithmetic for the ledger: products of two 64-bit figures never wrap, divisions round by an
/// explicit <see cref="Rounding"/>, and narrowing back to 64 bits throws <see cref="OverflowException"/> instead of wrapping.
/// </summary>
public static class FixedPoint
{
    private static readonly Int128[] PowersOfTen = BuildPowersOfTen();

    /// <summary>10^0 .. 10^18: the powers of ten that fit in a long (the 64-bit fast paths).</summary>
    private static readonly long[] PowersOfTen64 = BuildPowersOfTen64();

    /// <summary>10^<paramref name="exponent"/> for 0 ≤ exponent ≤ 38.</summary>
    public static Int128 Pow10(int exponent)
    {
        if (exponent < 0 || exponent >= PowersOfTen.Length) // not the (uint) trick: casts are checked in Core
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "10^exponent must fit in 128 bits (0..38).");
        }

        return PowersOfTen[exponent];
    }

    /// <summary>numerator / denominator rounded by <paramref name="rounding"/>; the denominator may be negative.</summary>
    public static Int128 Divide(Int128 numerator, Int128 denominator, Rounding rounding)
    {
        if (denominator == Int128.Zero)
        {
            throw new DivideByZeroException();
        }

        // Most ledger figures fit in 64 bits: a hardware 64-bit division is several times cheaper than the 128-bit
        // software one (measured: RiskEvaluator.Evaluate, the index's per-account cost). long.MinValue is excluded so
        // MinValue / −1 cannot overflow; the rounding is the same code below, on 64-bit values.
        if (numerator > long.MinValue && numerator <= long.MaxValue && denominator > long.MinValue && denominator <= long.MaxValue)
        {
            return Divide64((long)numerator, (long)denominator, rounding);
        }

        var quotient = numerator / denominator; // truncates toward zero
        var remainder = numerator - (quotient * denominator);
        if (remainder == Int128.Zero)
        {
            return quotient;
        }

        var exactIsNegative = (numerator < Int128.Zero) != (denominator < Int128.Zero);
        return rounding switch
        {
            Rounding.Floor => exactIsNegative ? checked(quotient - 1) : quotient,
            Rounding.Ceiling => exactIsNegative ? quotient : checked(quotient + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(rounding)),
        };
    }

    private static long Divide64(long numerator, long denominator, Rounding rounding)
    {
        var (quotient, remainder) = Math.DivRem(numerator, denominator); // truncates toward zero
        if (remainder == 0)
        {
            return quotient;
        }

        var exactIsNegative = (numerator < 0) != (denominator < 0);
        return rounding switch
        {
            Rounding.Floor => exactIsNegative ? quotient - 1 : quotient,
            Rounding.Ceiling => exactIsNegative ? quotient : quotient + 1,
            _ => throw new ArgumentOutOfRangeException(nameof(rounding)),
        };
    }

    /// <summary>a × b / c with a 128-bit product, rounded by <paramref name="rounding"/>, narrowed to 64 bits (checked).</summary>
    public static long MultiplyDivide(long a, long b, long c, Rounding rounding)
    {
        // Most products of ledger figures fit in 64 bits (an amount × a ppm rate): then a hardware 64-bit division
        // gives the same quotient and rounding as the 128-bit path. Math.BigMul is exact (never wraps), and the
        // product fits when its high half is the sign extension of its low half. MinValue and a −1 divisor take the
        // general path, where MinValue / −1 narrows with an OverflowException.
        var high = Math.BigMul(a, b, out long low);
        if (high == (low >> 63) && low != long.MinValue && c != 0 && c != -1)
        {
            return Divide64(low, c, rounding);
        }

        return Narrow(Divide(Product(a, b), c, rounding));
    }

    /// <summary>The exact product a × b (it always fits in 128 bits, so it needs no overflow check).</summary>
    public static Int128 Product(long a, long b) => Math.BigMul(a, b);

    /// <summary>value × 10^exponent; a negative exponent divides with <paramref name="rounding"/>.</summary>
    public static Int128 Scale(Int128 value, int exponent, Rounding rounding) =>
        exponent == 0 ? value // the common case (a quote asset priced in whole units): no multiply by one
        : exponent > 0 ? checked(value * Pow10(exponent))
        : Divide(value, Pow10(-exponent), rounding);

    /// <summary>
    /// a × b × 10^exponent (a negative exponent divides with <paramref name="rounding"/>), narrowed to 64 bits:
    /// <see cref="Narrow"/>(<see cref="Scale"/>(a × b, exponent, rounding)), with the same result and the same
    /// <see cref="OverflowException"/>, computed in 64 bits when the product fits (a position's or balance's value).
    /// </summary>
    public static long ScaleProduct(long a, long b, int exponent, Rounding rounding)
    {
        var high = Math.BigMul(a, b, out long low);
        if (high == (low >> 63) && low != long.MinValue && exponent > -PowersOfTen64.Length && exponent < PowersOfTen64.Length)
        {
            if (exponent == 0)
            {
                return low;
            }

            if (exponent < 0)
            {
                return Divide64(low, PowersOfTen64[-exponent], rounding);
            }

            // Exact: the scaled product fits in 64 bits or the value does not fit at all (Narrow would throw too).
            var scaledHigh = Math.BigMul(low, PowersOfTen64[exponent], out long scaled);
            return scaledHigh == (scaled >> 63) ? scaled : throw new OverflowException("a × b × 10^exponent does not fit in 64 bits");
        }

        return Narrow(Scale(Product(a, b), exponent, rounding));
    }

    /// <summary>Narrows to 64 bits; throws <see cref="OverflowException"/> when the value does not fit.</summary>
    public static long Narrow(Int128 value) => checked((long)value);

    private static long[] BuildPowersOfTen64()
    {
        var powers = new long[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static Int128[] BuildPowersOfTen()
    {
        var powers = new Int128[39];
        powers[0] = Int128.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
