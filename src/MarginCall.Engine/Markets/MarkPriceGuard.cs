using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Markets;

/// <summary>
/// Oracle guards and the mark price (DESIGN §5.1).
/// <list type="bullet">
/// <item>TWAP: an exponential time-weighted average, twap += (price − twap) × min(1, Δt / window), rounded toward the old value.</item>
/// <item>Jump clamp: a price beyond twap × (1 ± band) is applied at the band's edge (rounded inward), so a jump moves the
/// mark by at most the band per update instead of pausing the market.</item>
/// <item>Mark = median of the sources present: oracle, oracle + EMA(book mid − oracle), book mid. With only the oracle
/// (no two-sided book yet) the mark is the oracle; with two sources, their mean rounded toward the oracle.</item>
/// </list>
/// </summary>
public static class MarkPriceGuard
{
    /// <summary>The oracle price after the jump clamp, given the TWAP (0 = none yet, no clamp).</summary>
    public static Price Clamp(Price received, long twap, Ppm band)
    {
        if (twap <= 0)
        {
            return received;
        }

        var width = FixedPoint.MultiplyDivide(twap, band.Value, Ppm.OneValue, Rounding.Floor);
        var low = checked(twap - width);
        var high = checked(twap + width);
        return new Price(Math.Clamp(received.Units, Math.Max(low, 1), high));
    }

    /// <summary>The TWAP after observing <paramref name="price"/> for <paramref name="elapsedMs"/>.</summary>
    public static long NextTwap(long twap, Price price, long elapsedMs, long windowMs)
    {
        if (twap <= 0 || elapsedMs >= windowMs)
        {
            return price.Units;
        }

        var step = FixedPoint.Divide((Int128)(price.Units - twap) * elapsedMs, windowMs, price.Units >= twap ? Rounding.Floor : Rounding.Ceiling);
        return checked(twap + (long)step);
    }

    /// <summary>The EMA of the basis after observing book mid − oracle.</summary>
    public static long NextBasis(long basisEma, bool hasBasis, long observed, Ppm weight)
    {
        if (!hasBasis)
        {
            return observed;
        }

        return checked(basisEma + (long)FixedPoint.Divide((Int128)(observed - basisEma) * weight.Value, Ppm.OneValue, Rounding.Floor));
    }

    /// <summary>Median of the sources present (see the type's remarks).</summary>
    public static Price Mark(Price oracle, long? basisEma, Price? bookMid)
    {
        Span<long> sources = stackalloc long[3];
        var count = 0;
        sources[count++] = oracle.Units;
        if (basisEma is { } basis && checked(oracle.Units + basis) > 0)
        {
            sources[count++] = oracle.Units + basis;
        }

        if (bookMid is { } mid)
        {
            sources[count++] = mid.Units;
        }

        switch (count)
        {
            case 1:
                return oracle;
            case 2:
                var other = sources[1];
                var mean = FixedPoint.Divide((Int128)oracle.Units + other, 2, other >= oracle.Units ? Rounding.Floor : Rounding.Ceiling);
                return new Price((long)mean);
            default:
                var s = sources[..3];
                s.Sort();
                return new Price(s[1]);
        }
    }
}
