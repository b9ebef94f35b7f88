using MarginCall.Core.Model;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.OrderBook;

// The book's part of the canonical state encoding (state hash and snapshots, see State/StateEncoding.cs).
internal sealed partial class LimitOrderBook
{
    /// <summary>
    /// Writes the book: the market id; bids then asks, each as its level count and every level best first (price units,
    /// order count, then its orders oldest first: order id, owner id, unfilled size); then the owners with resting orders
    /// in ascending id, each with its order ids in placement order (the order cancel-all follows). Level and side totals
    /// and the per-owner sums are derived and left out: <see cref="Read"/> recomputes them. Two books holding the same
    /// orders in the same priority and placement order write the same bytes.
    /// </summary>
    public void Write(in WireWriter w)
    {
        w.WriteMarketId(Market);
        WriteSide(w, _bids);
        WriteSide(w, _asks);

        var owners = new AccountId[_ordersByOwner.Count];
        _ordersByOwner.Keys.CopyTo(owners, 0);
        Array.Sort(owners, static (a, b) => a.Value.CompareTo(b.Value)); // the dictionary's order is not canonical
        w.WriteLength(owners.Length);
        foreach (var owner in owners)
        {
            var orders = _ordersByOwner[owner];
            w.WriteAccountId(owner);
            w.WriteLength(orders.Count);
            for (var index = orders.Head; index != OrderPool.None; index = _pool[index].OwnerNext)
            {
                w.WriteInt64(_pool[index].Id.Value);
            }
        }
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote into a new book for <paramref name="market"/>: orders join their levels in
    /// the written priority, then their owners' lists in the written placement order, so matching and cancel-all behave as
    /// in the book that was written. Throws a <see cref="WireFormatException"/> naming the field when the bytes do not
    /// describe a book (levels out of priority order, a duplicate or unknown order id, an order missing from its owner's list).
    /// </summary>
    public static LimitOrderBook Read(ref WireReader r, MarketId market, string path)
    {
        var at = r.Position;
        var written = r.ReadMarketId(path + ".market");
        if (written != market)
        {
            throw new WireFormatException(path + ".market", at, $"book of market {written.Value} where market {market.Value} belongs");
        }

        var book = new LimitOrderBook(market);
        book.ReadSide(ref r, Side.Buy, path + ".bids");
        book.ReadSide(ref r, Side.Sell, path + ".asks");

        var linked = 0;
        var owners = r.ReadLength(path + ".owners", book.OrderCount);
        long previousOwner = long.MinValue;
        for (var i = 0; i < owners; i++)
        {
            var field = $"{path}.owners[{i}]";
            at = r.Position;
            var owner = r.ReadAccountId(field + ".id");
            if (i > 0 && owner.Value <= previousOwner)
            {
                throw new WireFormatException(field + ".id", at, "owners must be in ascending id order");
            }

            previousOwner = owner.Value;
            var count = r.ReadLength(field + ".orders", book.OrderCount - linked);
            if (count == 0)
            {
                throw new WireFormatException(field + ".orders", at, "an owner is listed only with resting orders");
            }

            for (var k = 0; k < count; k++)
            {
                at = r.Position;
                var id = new OrderId(r.ReadInt64($"{field}.orders[{k}]"));
                if (!book._nodeById.TryGetValue(id, out var index) || book._pool[index].Owner != owner || book.IsOwnerLinked(index))
                {
                    throw new WireFormatException($"{field}.orders[{k}]", at, $"order {id} is not an unlisted resting order of account {owner}");
                }

                book.AppendToOwner(index);
                linked++;
            }
        }

        if (linked != book.OrderCount)
        {
            throw new WireFormatException(path + ".owners", r.Position, $"{book.OrderCount - linked} resting orders are in no owner's list");
        }

        return book;
    }

    private void WriteSide(in WireWriter w, BookSide side)
    {
        w.WriteLength(side.LevelCount);
        for (var rank = 0; rank < side.LevelCount; rank++)
        {
            ref var level = ref side.ByRank(rank);
            w.WriteInt64(level.PriceUnits);
            w.WriteLength(level.OrderCount);
            for (var index = level.Head; index != OrderPool.None; index = _pool[index].Next)
            {
                ref var node = ref _pool[index];
                w.WriteInt64(node.Id.Value);
                w.WriteAccountId(node.Owner);
                w.WriteInt64(node.Remaining);
            }
        }
    }

    private void ReadSide(ref WireReader r, Side side, string path)
    {
        var levels = r.ReadLength(path, r.Remaining);
        long previous = 0;
        for (var rank = 0; rank < levels; rank++)
        {
            var field = $"{path}[{rank}]";
            var at = r.Position;
            var price = r.ReadInt64(field + ".price");
            // Best first: bids descend, asks ascend, strictly (one level per price); prices are positive.
            if (price <= 0 || (rank > 0 && (side == Side.Buy ? price >= previous : price <= previous)))
            {
                throw new WireFormatException(field + ".price", at, $"price {price} is not positive and strictly behind the level before it");
            }

            previous = price;
            var orders = r.ReadLength(field + ".orders", r.Remaining);
            if (orders == 0)
            {
                throw new WireFormatException(field + ".orders", at, "a level holds at least one order");
            }

            for (var k = 0; k < orders; k++)
            {
                var order = $"{field}.orders[{k}]";
                at = r.Position;
                var id = new OrderId(r.ReadInt64(order + ".id"));
                var owner = r.ReadAccountId(order + ".owner");
                var size = r.ReadInt64(order + ".size");
                if (size <= 0 || _nodeById.ContainsKey(id) || size > long.MaxValue - SideOf(side).TotalSize)
                {
                    throw new WireFormatException(order, at, $"order {id}: size {size} not positive, the id repeated, or the side's total past 64 bits");
                }

                AppendToLevel(id, owner, side, price, size);
            }
        }
    }

    private bool IsOwnerLinked(int index)
    {
        ref var node = ref _pool[index];
        return node.OwnerPrevious != OrderPool.None
            || (_ordersByOwner.TryGetValue(node.Owner, out var orders) && orders.Head == index);
    }
}
