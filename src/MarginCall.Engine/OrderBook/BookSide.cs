namespace MarginCall.Engine.OrderBook;

/// <summary>
/// The price levels of one side, in an array sorted from worst to best price so that the best level is the last
/// element: matching consumes the best level, and removing it is O(1) with no shifting. Placing at a new price or
/// emptying an inner level shifts the array (O(levels)), which is cheap for the tens to hundreds of levels a book has
/// and keeps iteration cache-friendly and free of hash order.
/// </summary>
internal sealed class BookSide(Side side)
{
    private PriceLevel[] _levels = new PriceLevel[16];

    public Side Side { get; } = side;

    public int LevelCount { get; private set; }

    /// <summary>Σ resting size over all levels, base quantums; at most <see cref="long.MaxValue"/> (Place enforces it).</summary>
    public long TotalSize { get; private set; }

    public ref PriceLevel Best => ref _levels[LevelCount - 1];

    /// <summary>The level <paramref name="rank"/> steps from the best (0 = best).</summary>
    public ref PriceLevel ByRank(int rank) => ref _levels[LevelCount - 1 - rank];

    public ref PriceLevel At(int index) => ref _levels[index];

    /// <summary>Whether a taker on the other side with limit <paramref name="takerLimitUnits"/> may trade at <paramref name="makerPriceUnits"/>.</summary>
    public bool Accepts(long makerPriceUnits, long takerLimitUnits) =>
        Side == Side.Sell ? makerPriceUnits <= takerLimitUnits : makerPriceUnits >= takerLimitUnits;

    public void AddSize(long size) => TotalSize = checked(TotalSize + size);

    public void SubtractSize(long size) => TotalSize = checked(TotalSize - size);

    /// <summary>Index of the level at <paramref name="priceUnits"/>, or the bitwise complement of where it would go.</summary>
    public int IndexOf(long priceUnits)
    {
        var key = Key(priceUnits);
        int low = 0, high = LevelCount - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var middleKey = Key(_levels[middle].PriceUnits);
            if (middleKey == key)
            {
                return middle;
            }

            if (middleKey < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>The level at <paramref name="priceUnits"/>, inserted empty when missing (may grow the array).</summary>
    public ref PriceLevel GetOrAdd(long priceUnits)
    {
        var index = IndexOf(priceUnits);
        if (index >= 0)
        {
            return ref _levels[index];
        }

        index = ~index;
        if (LevelCount == _levels.Length)
        {
            Array.Resize(ref _levels, checked(_levels.Length * 2));
        }

        Array.Copy(_levels, index, _levels, index + 1, LevelCount - index);
        LevelCount++;
        _levels[index] = new PriceLevel
        {
            PriceUnits = priceUnits,
            Head = OrderPool.None,
            Tail = OrderPool.None,
        };
        return ref _levels[index];
    }

    public void RemoveAt(int index)
    {
        LevelCount--;
        Array.Copy(_levels, index + 1, _levels, index, LevelCount - index);
        _levels[LevelCount] = default;
    }

    public void RemoveBest() => RemoveAt(LevelCount - 1);

    // Ascending key = ascending priority: bids rank by higher price, asks by lower; prices are positive, so negation
    // cannot overflow.
    private long Key(long priceUnits) => Side == Side.Buy ? priceUnits : -priceUnits;
}
