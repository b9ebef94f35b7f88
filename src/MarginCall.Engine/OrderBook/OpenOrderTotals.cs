namespace MarginCall.Engine.OrderBook;

/// <summary>
/// An account's resting orders in one book, summed per side, so the engine can charge open-order margin without
/// walking the orders. PriceTimesSize sums are in price units × base quantums (exact, 128-bit: each term is below
/// 2^126 and the side's total size fits a long, so the sum cannot overflow).
/// </summary>
/// <param name="OrderCount">Resting orders of the account.</param>
/// <param name="BuySize">Total unfilled buy size, base quantums.</param>
/// <param name="BuyPriceTimesSize">Σ price units × unfilled size over the buy orders.</param>
/// <param name="SellSize">Total unfilled sell size, base quantums.</param>
/// <param name="SellPriceTimesSize">Σ price units × unfilled size over the sell orders.</param>
public readonly record struct OpenOrderTotals(
    int OrderCount,
    long BuySize,
    Int128 BuyPriceTimesSize,
    long SellSize,
    Int128 SellPriceTimesSize)
{
    /// <summary>Total unfilled size on <paramref name="side"/>, base quantums.</summary>
    public long Size(Side side) => side == Side.Buy ? BuySize : SellSize;

    /// <summary>Σ price units × unfilled size on <paramref name="side"/>.</summary>
    public Int128 PriceTimesSize(Side side) => side == Side.Buy ? BuyPriceTimesSize : SellPriceTimesSize;
}
