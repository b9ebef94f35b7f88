using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class PriorityTests
{
    [Fact]
    public void Better_price_fills_first_whatever_the_arrival_order()
    {
        var world = new BookWorld();
        var worse = world.Ask(Alice, 101, 5);
        var better = world.Ask(Bob, 100, 5);

        world.Ioc(Taker, Side.Buy, 5, 200);

        var fill = Assert.Single(world.Fills);
        Assert.Equal(new Fill(better, Bob, Taker, Side.Buy, new Price(100), 5, 0), fill);
        Assert.Equal(5, world.Book.RestingSize(worse));
    }

    [Fact]
    public void Higher_bid_fills_first_for_a_seller()
    {
        var world = new BookWorld();
        world.Bid(Alice, 99, 5);
        var better = world.Bid(Bob, 100, 5);

        world.Ioc(Taker, Side.Sell, 5, 1);

        Assert.Equal(better, Assert.Single(world.Fills).MakerOrder);
    }

    [Fact]
    public void Orders_at_one_price_fill_oldest_first()
    {
        var world = new BookWorld();
        var first = world.Ask(Alice, 100, 3);
        var second = world.Ask(Bob, 100, 3);
        var third = world.Ask(Carol, 100, 3);

        world.Ioc(Taker, Side.Buy, 7, 100);

        Assert.Equal([first, second, third], world.Fills.Select(f => f.MakerOrder));
        Assert.Equal([3L, 3L, 1L], world.Fills.Select(f => f.Size));
    }

    [Fact]
    public void Partial_fill_leaves_the_remainder_first_in_line()
    {
        var world = new BookWorld();
        var first = world.Ask(Alice, 100, 10);
        var second = world.Ask(Bob, 100, 10);

        world.Ioc(Taker, Side.Buy, 4, 100);
        Assert.Equal(new Fill(first, Alice, Taker, Side.Buy, new Price(100), 4, 6), Assert.Single(world.Fills));

        world.Ioc(Taker, Side.Buy, 8, 100);
        Assert.Equal([(first, 6L), (second, 2L)], world.Fills.Select(f => (f.MakerOrder, f.Size)));
        Assert.Equal(0, world.Book.RestingSize(first));
        Assert.Equal(8, world.Book.RestingSize(second));
    }

    [Fact]
    public void Taker_trades_at_each_maker_price_not_its_own_limit()
    {
        var world = new BookWorld();
        world.Ask(Alice, 100, 1);
        world.Ask(Bob, 102, 1);

        world.Ioc(Taker, Side.Buy, 2, 110);

        Assert.Equal([100L, 102L], world.Fills.Select(f => f.Price.Units));
    }

    [Fact]
    public void Crossing_limit_order_takes_what_it_can_then_rests_the_remainder_at_its_limit()
    {
        var world = new BookWorld();
        world.Ask(Alice, 100, 3);
        world.Ask(Bob, 105, 3);

        var result = world.Place(Carol, Side.Buy, 102, 10, out var id);

        Assert.Equal(new PlaceResult(PlaceRejection.None, 3, 7), result);
        Assert.Equal(new RestingOrder(id, Carol, Side.Buy, new Price(102), 7), Assert.Single(world.Orders(Side.Buy)));
        Assert.Equal(new Price(102), world.Book.BestBid);
        Assert.Equal(new Price(105), world.Book.BestAsk);
    }

    [Fact]
    public void New_order_at_an_existing_price_queues_behind_it()
    {
        var world = new BookWorld();
        var first = world.Bid(Alice, 100, 1);
        world.Bid(Bob, 101, 1);
        var last = world.Bid(Carol, 100, 1);

        Assert.Equal([101L, 100L, 100L], world.Orders(Side.Buy).Select(o => o.Price.Units));
        Assert.Equal([first, last], world.Orders(Side.Buy).Skip(1).Select(o => o.Id));
    }

    [Fact]
    public void Empty_book_has_no_best_prices()
    {
        var world = new BookWorld();

        Assert.Null(world.Book.BestBid);
        Assert.Null(world.Book.BestAsk);
        Assert.Equal(0, world.Book.OrderCount);
    }
}
