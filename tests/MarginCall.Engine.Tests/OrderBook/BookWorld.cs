using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Tests.OrderBook;

/// <summary>The one builder for order-book tests: a book, the reusable output lists, a few named accounts.</summary>
internal sealed class BookWorld
{
    public static readonly AccountId Alice = new(1);
    public static readonly AccountId Bob = new(2);
    public static readonly AccountId Carol = new(3);
    public static readonly AccountId Taker = new(9);

    private long _nextId = 1;

    public LimitOrderBook Book { get; } = new(new MarketId(7));

    public List<Fill> Fills { get; } = new(64);

    public List<OrderId> SelfTradeCancelled { get; } = new(64);

    /// <summary>Arranges a resting bid that must not cross anything.</summary>
    public OrderId Bid(AccountId owner, long price, long size) => Rest(owner, Side.Buy, price, size);

    /// <summary>Arranges a resting ask that must not cross anything.</summary>
    public OrderId Ask(AccountId owner, long price, long size) => Rest(owner, Side.Sell, price, size);

    /// <summary>Places a limit order with the next id, clearing the output lists first.</summary>
    public PlaceResult Place(AccountId owner, Side side, long price, long size, out OrderId id)
    {
        id = new OrderId(_nextId++);
        Fills.Clear();
        SelfTradeCancelled.Clear();
        return Book.Place(id, owner, side, new Price(price), size, Fills, SelfTradeCancelled);
    }

    /// <summary>Runs an IOC, clearing the output lists first.</summary>
    public long Ioc(AccountId taker, Side side, long size, long limit)
    {
        Fills.Clear();
        SelfTradeCancelled.Clear();
        return Book.MatchImmediateOrCancel(taker, side, size, new Price(limit), Fills, SelfTradeCancelled);
    }

    public List<RestingOrder> Orders(Side side)
    {
        var orders = new List<RestingOrder>();
        Book.CopyOrders(side, orders);
        return orders;
    }

    public byte[] Bytes()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Book.Write(new MarginCall.Engine.Wire.WireWriter(output));
        return output.WrittenSpan.ToArray();
    }

    private OrderId Rest(AccountId owner, Side side, long price, long size)
    {
        var result = Place(owner, side, price, size, out var id);
        Assert.Equal(new PlaceResult(PlaceRejection.None, 0, size), result);
        return id;
    }
}
