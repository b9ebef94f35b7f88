using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>
/// Liquidation and bankruptcy prices of a position, holding every other price fixed.
/// Write the position's pool as C + V(P) where V(P) = s × P × 10^E is the position's value at its market price P
/// and C everything else in equity (its quote balance, accrued funding, the rest of the pool), and the pool's
/// maintenance requirement as O + notional(P) × m_t − D_t within tier t.
/// <list type="bullet">
/// <item>Liquidation price: equity = requirement, i.e. within tier t P = (O − D_t − C) / (10^E × (s − m_t × |s|))
/// (Binance's tiered formula in general form); found as the first crossing on the tick grid, band by band, so that a
/// schedule with jumps at its band edges gets the crossing a moving price meets first.</item>
/// <item>Bankruptcy price: equity = 0 ⇒ P = −C / (10^E × s).</item>
/// </list>
/// Rounding: toward the side that triggers earlier — up for a long, down for a short — so a reported price is never
/// more lenient than the exact one. Null means the price does not exist: a long that no positive price can push under
/// (or to bankruptcy), or a short that is already under at every positive price.
/// </summary>
public static class PriceSolver
{
    /// <summary>
    /// The liquidation price on the market's tick: the first tick price, moving against the position from the current
    /// price, past which the pool is under its maintenance requirement (equity − requirement &lt; 0), rounded against the
    /// account — for a long the lowest tick price of the safe run below the current price (one tick lower is under), for
    /// a short the highest of the safe run above it. On a schedule whose requirement jumps at a band edge (tiers without
    /// deductions) the pool can be under in a band above a safe one, and the first crossing is the one a falling price
    /// meets first, not the lowest root. A pool already under at the current price gets the nearest safe tick price in
    /// the favourable direction (above the price for a long, below for a short), as a continuous schedule's crossing
    /// would be. Null: a long that no positive tick price pushes under, a short no price up to the ledger's range
    /// pushes under, or a pool under at every tick price on the way back.
    /// </summary>
    /// <remarks>
    /// Within one band the figure is monotone in the price (a long's value grows by its size per price unit, its
    /// requirement by the rate &lt; 1 times that), so each band's crossing is a bisection over tick prices with the exact
    /// rounded figures; bands are visited in the direction of the move, checking each band's near end so a jump at the
    /// edge is a crossing. About (bands + 1) × 64 evaluations.
    /// </remarks>
    public static Price? LiquidationPrice(Venue venue, PriceSet prices, Account account, in PerpPosition position)
    {
        if (position.Size == 0)
        {
            return null;
        }

        var market = venue.Market(position.Market);
        var (rest, otherRequirement) = PoolWithoutPosition(venue, prices, account, position);
        var size = position.Size;
        var tick = market.TickSize;
        var maxTicks = MaxTicks(market, size);
        if (maxTicks < 1)
        {
            return null;
        }

        bool Safe(long k) => Excess(market, size, k * tick, rest, otherRequirement) >= 0;
        var edges = BandEdges(market, size, maxTicks);
        var current = prices.Market(position.Market).Units;
        if (size > 0)
        {
            var start = Math.Clamp(current / tick, 1, maxTicks);
            if (Safe(start))
            {
                var under = FirstFlip(start, 1, Safe, edges);
                return under is { } u ? new Price((u + 1) * tick) : null;
            }

            return FirstFlip(start, maxTicks, Safe, edges) is { } safe ? new Price(safe * tick) : null;
        }
        else
        {
            var start = Math.Clamp((current + tick - 1) / tick, 1, maxTicks);
            if (Safe(start))
            {
                var under = FirstFlip(start, maxTicks, Safe, edges);
                return under is { } u ? new Price((u - 1) * tick) : null;
            }

            return FirstFlip(start, 1, Safe, edges) is { } safe ? new Price(safe * tick) : null;
        }
    }

    /// <summary>
    /// The bankruptcy price on the market's tick, rounded against the account (up to the tick for a long, down for a
    /// short): what a report shows. <see cref="BankruptcyPrice"/> itself stays on price units (the engine uses it).
    /// </summary>
    public static Price? BankruptcyPriceOnTick(Venue venue, PriceSet prices, Account account, in PerpPosition position)
    {
        if (BankruptcyPrice(venue, prices, account, position) is not { } price)
        {
            return null;
        }

        var tick = venue.Market(position.Market).TickSize;
        var ticks = position.Size > 0 ? (price.Units / tick) + (price.Units % tick == 0 ? 0 : 1) : price.Units / tick;
        return ticks >= 1 && ticks <= long.MaxValue / tick ? new Price(ticks * tick) : null;
    }

    /// <summary>Highest tick count whose price keeps the position's value within the ledger's range.</summary>
    private static long MaxTicks(PerpetualMarket market, long size)
    {
        var maxPrice = market.Scale.PriceFor(long.MaxValue / 2, Math.Abs(size), Rounding.Floor);
        var units = maxPrice > long.MaxValue ? long.MaxValue : (long)maxPrice;
        return units / market.TickSize;
    }

    /// <summary>For each band edge (every cap but the last), the highest tick count whose notional stays within it.</summary>
    private static long[] BandEdges(PerpetualMarket market, long size, long maxTicks)
    {
        var tiers = market.Margin.Tiers;
        var edges = new List<long>(tiers.Length);
        for (var t = 0; t < tiers.Length - 1; t++)
        {
            var cap = tiers[t].NotionalCap;
            long lo = 0, hi = maxTicks + 1; // notional(lo) <= cap (0 at price 0), notional(hi) > cap (sentinel)
            while (hi - lo > 1)
            {
                var mid = lo + ((hi - lo) / 2);
                if (PositionMath.Notional(market, size, new Price(mid * market.TickSize)) <= cap)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            if (lo >= 1 && lo < maxTicks)
            {
                edges.Add(lo);
            }
        }

        edges.Sort();
        return [.. edges];
    }

    /// <summary>
    /// The first tick count from <paramref name="start"/> toward <paramref name="end"/> where <paramref name="safe"/>
    /// differs from its value at <paramref name="start"/>, or null. <paramref name="safe"/> is monotone between band
    /// edges (a band is [1, e₀], [e₀+1, e₁], …).
    /// </summary>
    private static long? FirstFlip(long start, long end, Func<long, bool> safe, long[] edges)
    {
        var initial = safe(start);
        var step = end >= start ? 1 : -1;
        var near = start;
        while (true)
        {
            // The far end of the band that holds `near`, in the direction of travel, clipped to `end`.
            var far = step > 0 ? BandTop(near, edges) : BandBottom(near, edges);
            far = step > 0 ? Math.Min(far, end) : Math.Max(far, end);
            if (near != start && safe(near) != initial)
            {
                return near; // a jump at the band edge
            }

            if (safe(far) != initial)
            {
                // Bisect: `lo` keeps the initial value, `hi` does not.
                long lo = near, hi = far;
                while (Math.Abs(hi - lo) > 1)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (safe(mid) == initial)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                return hi;
            }

            if (far == end)
            {
                return null;
            }

            near = far + step;
        }
    }

    private static long BandTop(long k, long[] edges)
    {
        foreach (var edge in edges)
        {
            if (k <= edge)
            {
                return edge;
            }
        }

        return long.MaxValue;
    }

    private static long BandBottom(long k, long[] edges)
    {
        for (var i = edges.Length - 1; i >= 0; i--)
        {
            if (k > edges[i])
            {
                return edges[i] + 1;
            }
        }

        return 1;
    }

    /// <summary>The market price at which the position's pool equity reaches zero.</summary>
    public static Price? BankruptcyPrice(Venue venue, PriceSet prices, Account account, in PerpPosition position)
    {
        if (position.Size == 0)
        {
            return null;
        }

        var market = venue.Market(position.Market);
        var (rest, _) = PoolWithoutPosition(venue, prices, account, position);
        var rounding = position.Size > 0 ? Rounding.Ceiling : Rounding.Floor;
        var candidate = market.Scale.PriceFor(-(Int128)rest, position.Size, rounding);
        return candidate > Int128.Zero && candidate <= long.MaxValue ? new Price((long)candidate) : null;
    }

    /// <summary>C (pool equity without the position's value term) and O (pool requirement without the position's).</summary>
    private static (long Remainder, long OtherRequirement) PoolWithoutPosition(Venue venue, PriceSet prices, Account account, in PerpPosition position)
    {
        var market = venue.Market(position.Market);
        var price = prices.Market(position.Market);
        var pool = MarginCalculator.PoolOf(venue, prices, account, position);
        var own = PositionMath.Figures(market, position, price, prices.FundingIndex(position.Market));
        var rest = pool.Equity - PositionMath.Value(market, position.Size, price);
        return (rest.Value, (pool.MaintenanceRequirement - own.MaintenanceRequirement).Value);
    }

    private static Int128 Excess(PerpetualMarket market, long size, long price, long rest, long otherRequirement)
    {
        var p = new Price(price);
        var value = market.Scale.ValueOf(size, p, Rounding.Floor);
        var requirement = market.Margin.MaintenanceRequirement(PositionMath.Notional(market, size, p));
        return (Int128)rest + value - otherRequirement - requirement.Value;
    }
}
