using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Liquidation;

/// <summary>How a Dutch auction lot's price moves from its start toward the bankruptcy price (Maker Liquidations 2.0 abacus).</summary>
public enum AuctionCurve : byte
{
    /// <summary>Straight line to the bankruptcy price over <see cref="LiquidationParameters.AuctionDurationMs"/> (Maker LinearDecrease).</summary>
    Linear,

    /// <summary>The gap keeps <see cref="LiquidationParameters.AuctionCut"/> of itself every <see cref="LiquidationParameters.AuctionStepMs"/> (Maker StairstepExponentialDecrease).</summary>
    StairstepExponential,

    /// <summary>The gap keeps <see cref="LiquidationParameters.AuctionCut"/> of itself every second (Maker ExponentialDecrease, which compounds per second).</summary>
    Exponential,
}

/// <summary>
/// Dutch auction pricing (DESIGN §5.6). A lot sells (to a keeper) the part of a position the book could not absorb:
/// a liquidated long is bought by the keeper, so its price starts above the oracle, at oracle × (1 + start premium),
/// and falls toward the bankruptcy price; a liquidated short is sold to it, starting at oracle × (1 − premium) and
/// rising. Price(t) = end + (start − end) × f(t), f decaying from 1 to 0 by the curve; the price never passes the
/// bankruptcy price.
/// Rounding: f rounds up and the price rounds to the tick toward the start, so the keeper never gets a better price
/// than the exact curve (the liquidated account keeps the rounding).
/// </summary>
public static class DutchAuction
{
    private static readonly Int128 Wad = FixedPoint.Pow10(18);

    /// <summary>The start price: oracle × (1 ± premium) against the keeper, on the tick grid.</summary>
    public static Price StartPrice(PerpetualMarket market, bool liquidatingLong, Price oracle, Ppm premium)
    {
        var factor = liquidatingLong ? Ppm.OneValue + premium.Value : Ppm.OneValue - premium.Value;
        var exact = (Int128)oracle.Units * factor;
        var rounding = liquidatingLong ? Rounding.Ceiling : Rounding.Floor;
        var units = FixedPoint.Divide(FixedPoint.Divide(exact, Ppm.OneValue, rounding), market.TickSize, rounding) * market.TickSize;
        return new Price(FixedPoint.Narrow(Int128.Max(units, market.TickSize)));
    }

    /// <summary>The decay factor f(t) in units of 10⁻¹⁸, rounded up.</summary>
    public static Int128 Decay(AuctionCurve curve, long elapsedMs, LiquidationParameters parameters)
    {
        var t = Math.Max(0, elapsedMs);
        return curve switch
        {
            AuctionCurve.Linear => t >= parameters.AuctionDurationMs ? 0 : FixedPoint.Divide(Wad * (parameters.AuctionDurationMs - t), parameters.AuctionDurationMs, Rounding.Ceiling),
            AuctionCurve.StairstepExponential => Power(parameters.AuctionCut, t / parameters.AuctionStepMs),
            AuctionCurve.Exponential => Power(parameters.AuctionCut, t / 1_000),
            _ => throw new ArgumentOutOfRangeException(nameof(curve)),
        };
    }

    /// <summary>The lot's price after <paramref name="elapsedMs"/>: end + (start − end) × f, toward the start on the tick grid.</summary>
    public static Price PriceAt(PerpetualMarket market, Price start, Price end, long elapsedMs, AuctionCurve curve, LiquidationParameters parameters)
    {
        var gap = (Int128)start.Units - end.Units;
        var f = Decay(curve, elapsedMs, parameters);
        var moved = FixedPoint.Divide(gap * f, Wad, gap >= 0 ? Rounding.Ceiling : Rounding.Floor);
        var exact = end.Units + moved;
        var rounding = gap >= 0 ? Rounding.Ceiling : Rounding.Floor;
        var units = FixedPoint.Divide(exact, market.TickSize, rounding) * market.TickSize;
        // Never past the bankruptcy price: the tick rounding above moves toward the start only.
        return new Price(FixedPoint.Narrow(gap >= 0 ? Int128.Max(units, end.Units) : Int128.Min(units, end.Units)));
    }

    /// <summary>Whether the lot must reset: too old, or its price further than the reset drop from the oracle in the keeper's favour.</summary>
    public static bool NeedsReset(bool liquidatingLong, Price price, Price oracle, long elapsedMs, LiquidationParameters parameters)
    {
        if (elapsedMs >= parameters.AuctionDurationMs)
        {
            return true;
        }

        var limit = (Int128)oracle.Units * (liquidatingLong ? Ppm.OneValue - parameters.AuctionResetDrop.Value : Ppm.OneValue + parameters.AuctionResetDrop.Value);
        var scaled = (Int128)price.Units * Ppm.OneValue;
        return liquidatingLong ? scaled < limit : scaled > limit;
    }

    /// <summary>cut^n in units of 10⁻¹⁸ by squaring, each product rounded up.</summary>
    private static Int128 Power(Ppm cut, long n)
    {
        var result = Wad;
        var x = (Int128)cut.Value * FixedPoint.Pow10(12);
        while (n > 0 && result > 0)
        {
            if ((n & 1) == 1)
            {
                result = FixedPoint.Divide(result * x, Wad, Rounding.Ceiling);
            }

            x = FixedPoint.Divide(x * x, Wad, Rounding.Ceiling);
            n >>= 1;
        }

        return result;
    }
}
