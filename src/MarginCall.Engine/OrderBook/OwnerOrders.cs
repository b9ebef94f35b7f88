namespace MarginCall.Engine.OrderBook;

/// <summary>
/// One account's resting orders: the head and tail of its list through <see cref="OrderNode.OwnerNext"/> (placement
/// order, which makes cancel-all deterministic) and running per-side totals for open-order margin.
/// </summary>
internal struct OwnerOrders
{
    public int Head;
    public int Tail;
    public int Count;
    public long BuySize;
    public Int128 BuyPriceTimesSize;
    public long SellSize;
    public Int128 SellPriceTimesSize;

    // Sums cannot overflow: a side's total size is capped at long.MaxValue by Place, and each price is a long, so
    // Σ price × size < 2^126.
    public void Add(Side side, long priceUnits, long size)
    {
        if (side == Side.Buy)
        {
            BuySize = checked(BuySize + size);
            BuyPriceTimesSize += (Int128)priceUnits * size;
        }
        else
        {
            SellSize = checked(SellSize + size);
            SellPriceTimesSize += (Int128)priceUnits * size;
        }
    }

    public void Subtract(Side side, long priceUnits, long size)
    {
        if (side == Side.Buy)
        {
            BuySize = checked(BuySize - size);
            BuyPriceTimesSize -= (Int128)priceUnits * size;
        }
        else
        {
            SellSize = checked(SellSize - size);
            SellPriceTimesSize -= (Int128)priceUnits * size;
        }
    }

    public readonly OpenOrderTotals ToTotals() =>
        new(Count, BuySize, BuyPriceTimesSize, SellSize, SellPriceTimesSize);
}
