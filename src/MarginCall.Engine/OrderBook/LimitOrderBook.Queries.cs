using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

// Read-only views: top of book, depth for slippage estimates, per-owner totals and order snapshots.
internal sealed partial class LimitOrderBook
{
    /// <summary>The highest resting buy price, or null when there are no bids.</summary>
    public Price? BestBid => _bids.LevelCount == 0 ? null : new Price(_bids.Best.PriceUnits);

    /// <summary>The lowest resting sell price, or null when there are no asks.</summary>
    public Price? BestAsk => _asks.LevelCount == 0 ? null : new Price(_asks.Best.PriceUnits);

    /// <summary>Number of distinct prices resting on <paramref name="side"/>.</summary>
    public int LevelCount(Side side) => SideOf(side).LevelCount;

    /// <summary>Total resting size on <paramref name="side"/>, base quantums.</summary>
    public long TotalSize(Side side) => SideOf(side).TotalSize;

    /// <summary>The unfilled size of a resting order in base quantums; 0 when it is not resting (filled, cancelled, unknown).</summary>
    public long RestingSize(OrderId id) => _nodeById.TryGetValue(id, out var index) ? _pool[index].Remaining : 0;

    /// <summary>Looks up a resting order.</summary>
    public bool TryGetOrder(OrderId id, out RestingOrder order)
    {
        if (!_nodeById.TryGetValue(id, out var index))
        {
            order = default;
            return false;
        }

        order = Snapshot(in _pool[index]);
        return true;
    }

    /// <summary>
    /// Base quantums a taker on <paramref name="takerSide"/> could fill at prices no worse than <paramref name="limit"/>
    /// (counting every resting order: a taker's own orders would be cancelled instead of filled).
    /// </summary>
    public long SizeAvailable(Side takerSide, Price limit)
    {
        var makers = SideOf(takerSide.Opposite());
        long size = 0;
        for (var rank = 0; rank < makers.LevelCount; rank++)
        {
            ref var level = ref makers.ByRank(rank);
            if (!makers.Accepts(level.PriceUnits, limit.Units))
            {
                break;
            }

            size = checked(size + level.TotalSize);
        }

        return size;
    }

    /// <summary>
    /// What <see cref="MatchImmediateOrCancel"/> of <paramref name="size"/> within <paramref name="limit"/> would fill
    /// right now, without changing the book. Exact for a taker with no resting orders on the other side (a taker's own
    /// orders would be cancelled by self-trade prevention rather than filled).
    /// </summary>
    /// <param name="takerSide">The hypothetical taker's side.</param>
    /// <param name="size">Most base quantums to fill; must not be negative.</param>
    /// <param name="limit">Worst acceptable price.</param>
    public DepthSweep Sweep(Side takerSide, long size, Price limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var makers = SideOf(takerSide.Opposite());
        var remaining = size;
        Int128 priceTimesSize = 0;
        Price? worst = null;
        for (var rank = 0; rank < makers.LevelCount && remaining > 0; rank++)
        {
            ref var level = ref makers.ByRank(rank);
            if (!makers.Accepts(level.PriceUnits, limit.Units))
            {
                break;
            }

            var take = Math.Min(remaining, level.TotalSize);
            remaining -= take;
            priceTimesSize += (Int128)level.PriceUnits * take;
            worst = new Price(level.PriceUnits);
        }

        return new DepthSweep(size - remaining, priceTimesSize, worst);
    }

    /// <summary><see cref="Sweep(Side, long, Price)"/> with no price bound: walks as deep as the book goes.</summary>
    public DepthSweep Sweep(Side takerSide, long size) =>
        Sweep(takerSide, size, new Price(takerSide == Side.Buy ? long.MaxValue : 0));

    /// <summary>The resting orders of <paramref name="owner"/> summed per side (all zero when it has none).</summary>
    public OpenOrderTotals OpenOrders(AccountId owner) =>
        _ordersByOwner.TryGetValue(owner, out var orders) ? orders.ToTotals() : default;

    /// <summary>Appends the resting orders of <paramref name="owner"/> to <paramref name="destination"/> in placement order.</summary>
    /// <returns>How many were appended.</returns>
    public int CopyOrders(AccountId owner, List<RestingOrder> destination)
    {
        if (!_ordersByOwner.TryGetValue(owner, out var orders))
        {
            return 0;
        }

        for (var index = orders.Head; index != OrderPool.None; index = _pool[index].OwnerNext)
        {
            destination.Add(Snapshot(in _pool[index]));
        }

        return orders.Count;
    }

    /// <summary>Appends every order resting on <paramref name="side"/> to <paramref name="destination"/> in priority order (best price, then oldest).</summary>
    /// <returns>How many were appended.</returns>
    public int CopyOrders(Side side, List<RestingOrder> destination)
    {
        var bookSide = SideOf(side);
        var copied = 0;
        for (var rank = 0; rank < bookSide.LevelCount; rank++)
        {
            for (var index = bookSide.ByRank(rank).Head; index != OrderPool.None; index = _pool[index].Next)
            {
                destination.Add(Snapshot(in _pool[index]));
                copied++;
            }
        }

        return copied;
    }

    /// <summary>Writes the best levels of <paramref name="side"/> into <paramref name="destination"/>, best first.</summary>
    /// <returns>How many levels were written: the smaller of the level count and the span's length.</returns>
    public int CopyLevels(Side side, Span<BookLevel> destination)
    {
        var bookSide = SideOf(side);
        var count = Math.Min(bookSide.LevelCount, destination.Length);
        for (var rank = 0; rank < count; rank++)
        {
            ref var level = ref bookSide.ByRank(rank);
            destination[rank] = new BookLevel(new Price(level.PriceUnits), level.TotalSize, level.OrderCount);
        }

        return count;
    }

    private static RestingOrder Snapshot(in OrderNode node) =>
        new(node.Id, node.Owner, node.Side, new Price(node.PriceUnits), node.Remaining);
}
