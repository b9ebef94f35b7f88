using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class OpenOrderTests
{
    [Fact]
    public void Open_order_totals_follow_places_fills_and_cancels()
    {
        var world = new BookWorld();
        world.Bid(Alice, 100, 3);
        var ask = world.Ask(Alice, 110, 4);
        world.Ask(Alice, 120, 1);
        world.Bid(Bob, 90, 7);

        Assert.Equal(new OpenOrderTotals(3, 3, 300, 5, (4 * 110) + 120), world.Book.OpenOrders(Alice));

        world.Ioc(Taker, Side.Buy, 1, 110); // 1 of Alice's 4 @ 110
        Assert.Equal(new OpenOrderTotals(3, 3, 300, 4, (3 * 110) + 120), world.Book.OpenOrders(Alice));

        world.Book.Cancel(ask);
        var totals = world.Book.OpenOrders(Alice);
        Assert.Equal(new OpenOrderTotals(2, 3, 300, 1, 120), totals);
        Assert.Equal(1, totals.Size(Side.Sell));
        Assert.Equal(300, totals.PriceTimesSize(Side.Buy));
    }

    [Fact]
    public void CopyOrders_lists_an_owner_s_orders_in_placement_order()
    {
        var world = new BookWorld();
        var first = world.Ask(Alice, 110, 4);
        world.Bid(Bob, 90, 7);
        var second = world.Bid(Alice, 100, 3);
        var orders = new List<RestingOrder>();

        var count = world.Book.CopyOrders(Alice, orders);

        Assert.Equal(2, count);
        Assert.Equal(
            [new RestingOrder(first, Alice, Side.Sell, new Price(110), 4), new RestingOrder(second, Alice, Side.Buy, new Price(100), 3)],
            orders);
        Assert.Equal(0, world.Book.CopyOrders(Carol, orders));
    }
}
