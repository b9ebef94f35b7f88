using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Tests.OrderBook;

/// <summary>
/// The obviously-correct model the real book is checked against: a flat list of orders with an arrival number,
/// scanned in full for the best maker on every step. Slow and simple on purpose.
/// </summary>
internal sealed class ReferenceOrderBook
{
    private readonly List<Entry> _orders = [];
    private long _arrival;

    public PlaceResult Place(OrderId id, AccountId owner, Side side, long price, long size, List<Fill> fills, List<OrderId> cancelled)
    {
        if (size <= 0) return PlaceResult.Rejected(PlaceRejection.NonPositiveSize);
        if (price <= 0) return PlaceResult.Rejected(PlaceRejection.NonPositivePrice);
        if (_orders.Exists(o => o.Id == id)) return PlaceResult.Rejected(PlaceRejection.DuplicateOrderId);

        var filled = Match(owner, side, size, price, fills, cancelled);
        if (size > filled)
        {
            _orders.Add(new Entry { Id = id, Owner = owner, Side = side, Price = price, Size = size - filled, Arrival = _arrival++ });
        }

        return new PlaceResult(PlaceRejection.None, filled, size - filled);
    }

    public long Ioc(AccountId taker, Side side, long size, long limit, List<Fill> fills, List<OrderId> cancelled) =>
        Match(taker, side, size, limit, fills, cancelled);

    public bool Cancel(OrderId id) => _orders.RemoveAll(o => o.Id == id) == 1;

    public List<OrderId> CancelAll(AccountId owner)
    {
        var mine = _orders.Where(o => o.Owner == owner).OrderBy(o => o.Arrival).Select(o => o.Id).ToList();
        _orders.RemoveAll(o => o.Owner == owner);
        return mine;
    }

    /// <summary>Orders on a side, best price first, then by arrival.</summary>
    public List<RestingOrder> Orders(Side side) =>
        _orders.Where(o => o.Side == side)
            .OrderBy(o => side == Side.Buy ? -o.Price : o.Price)
            .ThenBy(o => o.Arrival)
            .Select(o => new RestingOrder(o.Id, o.Owner, o.Side, new Price(o.Price), o.Size))
            .ToList();

    public OpenOrderTotals OpenOrders(AccountId owner)
    {
        var mine = _orders.Where(o => o.Owner == owner).ToList();
        return new OpenOrderTotals(
            mine.Count,
            mine.Where(o => o.Side == Side.Buy).Sum(o => o.Size),
            mine.Where(o => o.Side == Side.Buy).Aggregate(Int128.Zero, (s, o) => s + ((Int128)o.Price * o.Size)),
            mine.Where(o => o.Side == Side.Sell).Sum(o => o.Size),
            mine.Where(o => o.Side == Side.Sell).Aggregate(Int128.Zero, (s, o) => s + ((Int128)o.Price * o.Size)));
    }

    private long Match(AccountId taker, Side side, long size, long limit, List<Fill> fills, List<OrderId> cancelled)
    {
        var remaining = size;
        while (remaining > 0)
        {
            var maker = Orders(side.Opposite())
                .Where(o => side == Side.Buy ? o.Price.Units <= limit : o.Price.Units >= limit)
                .Select(o => _orders.Find(e => e.Id == o.Id))
                .FirstOrDefault();
            if (maker is null)
            {
                break;
            }

            if (maker.Owner == taker)
            {
                cancelled.Add(maker.Id);
                _orders.Remove(maker);
                continue;
            }

            var traded = Math.Min(remaining, maker.Size);
            remaining -= traded;
            maker.Size -= traded;
            fills.Add(new Fill(maker.Id, maker.Owner, taker, side, new Price(maker.Price), traded, maker.Size));
            if (maker.Size == 0)
            {
                _orders.Remove(maker);
            }
        }

        return size - remaining;
    }

    private sealed class Entry
    {
        public OrderId Id { get; init; }

        public AccountId Owner { get; init; }

        public Side Side { get; init; }

        public long Price { get; init; }

        public long Size { get; set; }

        public long Arrival { get; init; }
    }
}
