using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The price bound of a liquidation (DESIGN §5.5): dYdX v4's fillable price, clamped at the bankruptcy price.
/// <para>
/// Source: <c>dydxprotocol/v4-chain</c>, <c>protocol/x/clob/keeper/liquidations.go</c>, <c>GetFillablePrice</c>:
/// ABR = clamp(BA × (1 − TNC / TMMR), 0, 1) and fillable = (PNNV − ABR × SMMR × PMMR) / PS, where TNC and TMMR are
/// the pool's equity and maintenance requirement, PNNV = PS × P the position's signed value at price P, PMMR its
/// maintenance requirement and PS its signed size. Dividing by the signed size gives
/// P − ABR × SMMR × PMMR / |PS| for a long (sold below P) and P + ABR × SMMR × PMMR / |PS| for a short (bought above
/// P). The documentation's single "Short or Long" formula has the short side's sign wrong; we follow the code
/// (see /work/notes/worked-examples.md §2f).
/// </para>
/// <para>
/// P is the mark price, the price every figure of the engine is computed at. Unlike dYdX, which lets the insurance
/// fund pay when a fill lands past bankruptcy, the bound never passes the bankruptcy price: a long is sold at or above
/// it, a short bought at or below it; what the book cannot absorb inside the bound goes to the loss waterfall.
/// </para>
/// <para>
/// Rounding (in the account's favour, so the bound is never more lenient than the exact one): ABR rounds down, the
/// spread rounds down, and the bound rounds to the tick toward the mark (up for a long, down for a short). The
/// bankruptcy price already rounds toward the mark (<see cref="Core.Risk.PriceSolver"/>), and rounds to the tick the
/// same way.
/// </para>
/// </summary>
public static class FillablePrice
{
    /// <summary>ABR = clamp(BA × (maintenance − equity) / maintenance, 0, 1), ppm rounded down; 0 without a requirement.</summary>
    public static Ppm AdjustedBankruptcyRating(Quantums equity, Quantums maintenance, Ppm bankruptcyAdjustment)
    {
        if (maintenance.Value <= 0)
        {
            return Ppm.Zero;
        }

        var raw = FixedPoint.Divide(
            (Int128)bankruptcyAdjustment.Value * ((Int128)maintenance.Value - equity.Value),
            maintenance.Value,
            Rounding.Floor);
        return new Ppm((long)Int128.Clamp(raw, 0, Ppm.OneValue));
    }

    /// <summary>
    /// dYdX's fillable price before the bankruptcy clamp, on the tick grid:
    /// mark ∓ ABR × SMMR × PMMR / |size| (− for a long, + for a short).
    /// </summary>
    public static Price Unclamped(PerpetualMarket market, long size, Price mark, Quantums positionMaintenance, Ppm rating, Ppm spreadRatio)
    {
        var numerator = (Int128)rating.Value * spreadRatio.Value * positionMaintenance.Value;
        var denominator = (Int128)Math.Abs(size) * Ppm.OneValue * Ppm.OneValue;
        var spread = market.Scale.PriceFor(numerator, denominator, Rounding.Floor);
        var exact = size > 0 ? (Int128)mark.Units - spread : (Int128)mark.Units + spread;
        return size > 0
            ? new Price(FixedPoint.Narrow(Int128.Max(ToTick(exact, market.TickSize, Rounding.Ceiling), market.TickSize)))
            : new Price(FixedPoint.Narrow(Int128.Min(ToTick(exact, market.TickSize, Rounding.Floor), long.MaxValue - (long.MaxValue % market.TickSize))));
    }

    /// <summary>
    /// The bound: the fillable price, never past the bankruptcy price (on the tick grid, rounded toward the mark).
    /// A long whose bankruptcy price does not exist (no positive price makes the pool insolvent) keeps the fillable
    /// price; a short without one is insolvent at every price, so its bound is null (nothing may fill).
    /// </summary>
    public static Price? Clamp(PerpetualMarket market, long size, Price fillable, Price? bankruptcy)
    {
        if (size > 0)
        {
            if (bankruptcy is not { } b)
            {
                return fillable;
            }

            var floor = FixedPoint.Narrow(ToTick(b.Units, market.TickSize, Rounding.Ceiling));
            return new Price(Math.Max(fillable.Units, floor));
        }

        if (bankruptcy is not { } bs)
        {
            return null;
        }

        var ceiling = FixedPoint.Narrow(ToTick(bs.Units, market.TickSize, Rounding.Floor));
        return ceiling <= 0 ? null : new Price(Math.Min(fillable.Units, ceiling));
    }

    private static Int128 ToTick(Int128 price, long tick, Rounding rounding) =>
        FixedPoint.Divide(price, tick, rounding) * tick;
}
