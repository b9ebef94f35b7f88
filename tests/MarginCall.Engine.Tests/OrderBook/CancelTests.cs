using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class CancelTests
{
    [Fact]
    public void Cancel_removes_the_order_and_its_emptied_level()
    {
        var world = new BookWorld();
        world.Bid(Alice, 101, 1);
        var inner = world.Bid(Bob, 100, 1);
        world.Bid(Carol, 99, 1);

        Assert.True(world.Book.Cancel(inner));

        Assert.Equal(0, world.Book.RestingSize(inner));
        Assert.False(world.Book.TryGetOrder(inner, out _));
        Assert.Equal([101L, 99L], world.Orders(Side.Buy).Select(o => o.Price.Units));
        Assert.Equal(2, world.Book.LevelCount(Side.Buy));
    }

    [Fact]
    public void Cancelling_the_head_of_a_level_promotes_the_next_oldest()
    {
        var world = new BookWorld();
        var first = world.Ask(Alice, 100, 1);
        var second = world.Ask(Bob, 100, 1);

        world.Book.Cancel(first);
        world.Ioc(Taker, Side.Buy, 1, 100);

        Assert.Equal(second, Assert.Single(world.Fills).MakerOrder);
    }

    [Fact]
    public void Cancel_of_an_unknown_filled_or_cancelled_order_returns_false()
    {
        var world = new BookWorld();
        var filled = world.Ask(Alice, 100, 1);
        var cancelled = world.Ask(Bob, 101, 1);
        world.Ioc(Taker, Side.Buy, 1, 100);
        world.Book.Cancel(cancelled);

        Assert.False(world.Book.Cancel(filled));
        Assert.False(world.Book.Cancel(cancelled));
        Assert.False(world.Book.Cancel(new OrderId(12_345)));
    }

    [Fact]
    public void CancelAll_cancels_only_that_owner_in_placement_order()
    {
        var world = new BookWorld();
        var aliceAsk = world.Ask(Alice, 105, 1);
        var bobBid = world.Bid(Bob, 99, 1);
        var aliceBid = world.Bid(Alice, 100, 1);
        var aliceSecondAsk = world.Ask(Alice, 103, 1);
        var cancelled = new List<OrderId>();

        var count = world.Book.CancelAll(Alice, cancelled);

        Assert.Equal(3, count);
        Assert.Equal([aliceAsk, aliceBid, aliceSecondAsk], cancelled);
        Assert.Equal(1, world.Book.OrderCount);
        Assert.Equal(1, world.Book.RestingSize(bobBid));
        Assert.Equal(default, world.Book.OpenOrders(Alice));
        Assert.Equal(0, world.Book.CancelAll(Alice, cancelled));
    }

    [Fact]
    public void Id_of_a_cancelled_order_can_be_placed_again()
    {
        var world = new BookWorld();
        var id = world.Ask(Alice, 100, 1);
        world.Book.Cancel(id);

        var result = world.Book.Place(id, Bob, Side.Sell, new Price(100), 2, world.Fills, world.SelfTradeCancelled);

        Assert.True(result.IsAccepted);
        Assert.Equal(new AccountId(2), world.Book.TryGetOrder(id, out var order) ? order.Owner : default);
    }
}
