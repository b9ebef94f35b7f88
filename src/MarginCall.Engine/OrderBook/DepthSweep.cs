using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

/// <summary>
/// What a taker order would fill against the current depth, computed without touching the book
/// (<see cref="LimitOrderBook.Sweep(Side, long, Price)"/>); the liquidation fee uses it to estimate slippage against a
/// reference price.
/// </summary>
/// <param name="Size">Base quantums that would fill.</param>
/// <param name="PriceTimesSize">Σ maker price units × size filled at that price (exact, 128-bit).</param>
/// <param name="WorstPrice">The last (worst) price touched; null when nothing would fill.</param>
public readonly record struct DepthSweep(long Size, Int128 PriceTimesSize, Price? WorstPrice)
{
    /// <summary>
    /// The size-weighted average fill price, rounded by <paramref name="rounding"/> (a caller measuring slippage
    /// against itself picks the direction that overstates the cost); null when nothing would fill.
    /// </summary>
    public Price? AveragePrice(Rounding rounding) =>
        Size == 0 ? null : new Price(FixedPoint.Narrow(FixedPoint.Divide(PriceTimesSize, Size, rounding)));
}
