using System.Runtime.InteropServices;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

// The mutating core: matching, resting and unlinking. Nothing here allocates except Rest (pool and level growth).
internal sealed partial class LimitOrderBook
{
    private long Match(
        AccountId taker, Side takerSide, long size, long limitUnits, List<Fill> fills, List<OrderId> selfTradeCancelled)
    {
        var makers = SideOf(takerSide.Opposite());
        var remaining = size;
        while (remaining > 0 && makers.LevelCount > 0)
        {
            ref var level = ref makers.Best;
            if (!makers.Accepts(level.PriceUnits, limitUnits))
            {
                break;
            }

            remaining = MatchLevel(makers, ref level, taker, takerSide, remaining, fills, selfTradeCancelled);
            if (level.OrderCount == 0)
            {
                makers.RemoveBest();
            }
        }

        return size - remaining;
    }

    /// <returns>The taker's size still unfilled after this level.</returns>
    private long MatchLevel(
        BookSide makers,
        ref PriceLevel level,
        AccountId taker,
        Side takerSide,
        long remaining,
        List<Fill> fills,
        List<OrderId> selfTradeCancelled)
    {
        while (remaining > 0 && level.Head != OrderPool.None)
        {
            var index = level.Head;
            ref var maker = ref _pool[index];
            if (maker.Owner == taker)
            {
                selfTradeCancelled.Add(maker.Id);
                Remove(makers, ref level, index);
                continue;
            }

            var traded = Math.Min(remaining, maker.Remaining);
            remaining -= traded;
            var makerRemaining = maker.Remaining - traded;
            fills.Add(new Fill(maker.Id, maker.Owner, taker, takerSide, new Price(level.PriceUnits), traded, makerRemaining));
            if (makerRemaining == 0)
            {
                Remove(makers, ref level, index);
            }
            else
            {
                // A partial fill keeps the maker at the head of its level: it keeps its time priority.
                maker.Remaining = makerRemaining;
                level.TotalSize -= traded;
                makers.SubtractSize(traded);
                CollectionsMarshal.GetValueRefOrNullRef(_ordersByOwner, maker.Owner)
                    .Subtract(maker.Side, maker.PriceUnits, traded);
            }
        }

        return remaining;
    }

    private void Rest(OrderId id, AccountId owner, Side side, long priceUnits, long size) =>
        AppendToOwner(AppendToLevel(id, owner, side, priceUnits, size));

    /// <summary>
    /// Allocates a node for a new resting order and appends it to its price level's FIFO (time priority), the side's
    /// totals and the id index; the owner's list is linked by <see cref="AppendToOwner"/>. Returns the node's index.
    /// </summary>
    private int AppendToLevel(OrderId id, AccountId owner, Side side, long priceUnits, long size)
    {
        var index = _pool.Allocate(); // first: growth would invalidate refs into the pool
        var bookSide = SideOf(side);
        ref var level = ref bookSide.GetOrAdd(priceUnits);
        _pool[index] = new OrderNode
        {
            Id = id,
            Owner = owner,
            PriceUnits = priceUnits,
            Remaining = size,
            Side = side,
            Previous = level.Tail,
            Next = OrderPool.None,
            OwnerPrevious = OrderPool.None,
            OwnerNext = OrderPool.None,
        };
        if (level.Tail == OrderPool.None) level.Head = index; else _pool[level.Tail].Next = index;
        level.Tail = index;
        level.OrderCount++;
        level.TotalSize = checked(level.TotalSize + size);
        bookSide.AddSize(size);
        _nodeById.Add(id, index);
        return index;
    }

    /// <summary>Appends the node at <paramref name="index"/> to its owner's list (placement order) and per-side totals.</summary>
    private void AppendToOwner(int index)
    {
        ref var node = ref _pool[index];
        ref var orders = ref CollectionsMarshal.GetValueRefOrAddDefault(_ordersByOwner, node.Owner, out var ownerKnown);
        if (!ownerKnown)
        {
            orders.Head = OrderPool.None;
            orders.Tail = OrderPool.None;
        }

        node.OwnerPrevious = orders.Tail;
        node.OwnerNext = OrderPool.None;
        if (orders.Tail == OrderPool.None) orders.Head = index; else _pool[orders.Tail].OwnerNext = index;
        orders.Tail = index;
        orders.Count++;
        orders.Add(node.Side, node.PriceUnits, node.Remaining);
    }

    /// <summary>
    /// Takes a resting order out of its level FIFO, its owner's list and the id index, and frees its slot. The caller
    /// removes the level if it is left empty (it knows where the level is).
    /// </summary>
    private void Remove(BookSide side, ref PriceLevel level, int index)
    {
        ref var node = ref _pool[index];
        if (node.Previous == OrderPool.None) level.Head = node.Next; else _pool[node.Previous].Next = node.Next;
        if (node.Next == OrderPool.None) level.Tail = node.Previous; else _pool[node.Next].Previous = node.Previous;
        level.OrderCount--;
        level.TotalSize -= node.Remaining;
        side.SubtractSize(node.Remaining);

        ref var orders = ref CollectionsMarshal.GetValueRefOrNullRef(_ordersByOwner, node.Owner);
        orders.Subtract(node.Side, node.PriceUnits, node.Remaining);
        if (node.OwnerPrevious == OrderPool.None) orders.Head = node.OwnerNext; else _pool[node.OwnerPrevious].OwnerNext = node.OwnerNext;
        if (node.OwnerNext == OrderPool.None) orders.Tail = node.OwnerPrevious; else _pool[node.OwnerNext].OwnerPrevious = node.OwnerPrevious;
        orders.Count--;
        if (orders.Count == 0)
        {
            // Forget accounts with nothing resting, so the map tracks live orders, not every account that ever quoted.
            _ordersByOwner.Remove(node.Owner);
        }

        _nodeById.Remove(node.Id);
        _pool.Free(index);
    }
}
