using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

/// <summary>Policy: a taker meeting its own resting order cancels that resting order and keeps matching.</summary>
public sealed class SelfTradeTests
{
    [Fact]
    public void Taker_meeting_its_own_resting_order_cancels_it_and_fills_against_the_next()
    {
        var world = new BookWorld();
        var own = world.Ask(Alice, 100, 5);
        var other = world.Ask(Bob, 100, 5);

        var filled = world.Ioc(Alice, Side.Buy, 3, 100);

        Assert.Equal(3, filled);
        Assert.Equal([own], world.SelfTradeCancelled);
        Assert.Equal(new Fill(other, Bob, Alice, Side.Buy, new Price(100), 3, 2), Assert.Single(world.Fills));
        Assert.Equal(0, world.Book.RestingSize(own));
    }

    [Fact]
    public void Self_trade_cancellation_consumes_none_of_the_taker_size()
    {
        var world = new BookWorld();
        world.Ask(Alice, 100, 5);
        world.Ask(Alice, 101, 5);
        world.Ask(Bob, 102, 4);

        var result = world.Place(Alice, Side.Buy, 102, 6, out var id);

        Assert.Equal(new PlaceResult(PlaceRejection.None, 4, 2), result);
        Assert.Equal(2, world.SelfTradeCancelled.Count);
        Assert.Equal(2, world.Book.RestingSize(id));
        Assert.Null(world.Book.BestAsk);
    }

    [Fact]
    public void Own_orders_beyond_the_limit_are_untouched()
    {
        var world = new BookWorld();
        var own = world.Ask(Alice, 105, 5);

        world.Ioc(Alice, Side.Buy, 5, 104);

        Assert.Empty(world.SelfTradeCancelled);
        Assert.Equal(5, world.Book.RestingSize(own));
    }
}
