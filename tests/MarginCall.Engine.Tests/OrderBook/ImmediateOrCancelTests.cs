using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class ImmediateOrCancelTests
{
    [Fact]
    public void Ioc_never_rests_its_unfilled_remainder()
    {
        var world = new BookWorld();
        world.Ask(Alice, 100, 3);

        var filled = world.Ioc(Taker, Side.Buy, 10, 100);

        Assert.Equal(3, filled);
        Assert.Equal(0, world.Book.OrderCount);
        Assert.Null(world.Book.BestBid);
        Assert.Null(world.Book.BestAsk);
    }

    [Fact]
    public void Ioc_never_fills_past_its_limit()
    {
        var world = new BookWorld();
        world.Ask(Alice, 100, 2);
        world.Ask(Bob, 101, 2);
        var beyond = world.Ask(Carol, 102, 2);

        var filled = world.Ioc(Taker, Side.Buy, 10, 101);

        Assert.Equal(4, filled);
        Assert.All(world.Fills, f => Assert.True(f.Price.Units <= 101));
        Assert.Equal(2, world.Book.RestingSize(beyond));
    }

    [Fact]
    public void Sell_ioc_never_fills_below_its_limit()
    {
        var world = new BookWorld();
        world.Bid(Alice, 100, 2);
        var below = world.Bid(Bob, 98, 2);

        var filled = world.Ioc(Taker, Side.Sell, 10, 99);

        Assert.Equal(2, filled);
        Assert.Equal(2, world.Book.RestingSize(below));
    }

    [Fact]
    public void Ioc_against_an_empty_side_fills_nothing_and_changes_nothing()
    {
        var world = new BookWorld();
        world.Bid(Alice, 100, 2);
        var before = world.Bytes();

        var filled = world.Ioc(Taker, Side.Buy, 5, 1_000);

        Assert.Equal(0, filled);
        Assert.Empty(world.Fills);
        Assert.Equal(before, world.Bytes());
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(5, 0)]
    public void Ioc_with_non_positive_size_or_limit_is_a_caller_bug(long size, long limit)
    {
        var world = new BookWorld();

        Assert.Throws<ArgumentOutOfRangeException>(() => world.Ioc(Taker, Side.Buy, size, limit));
    }
}
