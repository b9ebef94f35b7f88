using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>
/// Liquidation and bankruptcy prices of a position, holding every other price fixed.
/// Write the position's pool as C + V(P) where V(P) = s × P × 10^E is the position's value at its market price P
/// and C everything else in equity (its quote balance, accrued funding, the rest of the pool), and the pool's
/// maintenance requirement as O + notional(P) × m_t − D_t within tier t.
/// <list type="bullet">
/// <item>Liquidation price: equity = requirement ⇒ P = (O − D_t − C) / (10^E × (s − m_t × |s|)), solved per tier and
/// kept where the resulting notional lies in that tier's band (Binance's tiered formula in general form).</item>
/// <item>Bankruptcy price: equity = 0 ⇒ P = −C / (10^E × s).</item>
/// </list>
/// Rounding: toward the side that triggers earlier — up for a long, down for a short — so a reported price is never
/// more lenient than the exact one. Null means the price does not exist: a long that no positive price can push under
/// (or to bankruptcy), or a short that is already under at every positive price.
/// </summary>
public static class PriceSolver
{
    /// <summary>The market price at which the position's pool reaches its maintenance requirement.</summary>
    public static Price? LiquidationPrice(Venue venue, PriceSet prices, Account account, in PerpPosition position)
    {
        if (position.Size == 0)
        {
            return null;
        }

        var market = venue.Market(position.Market);
        var (rest, otherRequirement) = PoolWithoutPosition(venue, prices, account, position);
        var size = (Int128)position.Size;
        var rounding = position.Size > 0 ? Rounding.Ceiling : Rounding.Floor;
        var tiers = market.Margin.Tiers;
        for (var t = 0; t < tiers.Length; t++)
        {
            var tier = tiers[t];
            var numerator = ((Int128)otherRequirement - tier.MaintenanceDeduction.Value - rest) * Ppm.OneValue;
            var denominator = (size * Ppm.OneValue) - (tier.MaintenanceRate.Value * Int128.Abs(size));
            var candidate = market.Scale.PriceFor(numerator, denominator, rounding);
            if (candidate <= Int128.Zero || candidate > long.MaxValue)
            {
                continue;
            }

            var notional = market.Scale.ValueOf(Math.Abs(position.Size), new Price((long)candidate), Rounding.Ceiling);
            var lowerCap = t == 0 ? Int128.MinValue : tiers[t - 1].NotionalCap.Value;
            if (notional > lowerCap && notional <= tier.NotionalCap.Value)
            {
                return new Price((long)candidate);
            }
        }

        return BisectLiquidationPrice(market, position, rest, otherRequirement);
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

    /// <summary>
    /// Fallback for schedules whose deductions leave a jump at a band edge, where no tier's closed form lands inside its
    /// band: the crossing of equity − requirement found by bisection over price units with the exact rounded figures.
    /// </summary>
    private static Price? BisectLiquidationPrice(PerpetualMarket market, in PerpPosition position, long rest, long otherRequirement)
    {
        var size = position.Size;
        var maxPrice = market.Scale.PriceFor(long.MaxValue / 2, Math.Abs(size), Rounding.Floor);
        long lo = 1, hi = maxPrice > long.MaxValue ? long.MaxValue : (long)maxPrice;
        if (hi < lo)
        {
            return null;
        }

        bool Under(long p) => Excess(market, size, p, rest, otherRequirement) < 0;

        // For a long, "under" holds below the liquidation price; for a short, above it.
        var longSide = size > 0;
        if (longSide ? !Under(lo) : !Under(hi))
        {
            return null;
        }

        if (longSide ? Under(hi) : Under(lo))
        {
            return null;
        }

        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Under(mid) == longSide)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return new Price(longSide ? hi : lo);
    }

    private static Int128 Excess(PerpetualMarket market, long size, long price, long rest, long otherRequirement)
    {
        var p = new Price(price);
        var value = market.Scale.ValueOf(size, p, Rounding.Floor);
        var requirement = market.Margin.MaintenanceRequirement(PositionMath.Notional(market, size, p));
        return (Int128)rest + value - otherRequirement - requirement.Value;
    }
}
