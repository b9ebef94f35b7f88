using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class DepthTests
{
    [Fact]
    public void SizeAvailable_counts_the_depth_within_the_limit()
    {
        var world = AskLadder();

        Assert.Equal(0, world.Book.SizeAvailable(Side.Buy, new Price(99)));
        Assert.Equal(2, world.Book.SizeAvailable(Side.Buy, new Price(100)));
        Assert.Equal(5, world.Book.SizeAvailable(Side.Buy, new Price(101)));
        Assert.Equal(9, world.Book.SizeAvailable(Side.Buy, new Price(1_000)));
    }

    [Fact]
    public void Sweep_reports_size_and_price_times_size_without_changing_the_book()
    {
        var world = AskLadder();
        var before = world.Bytes();

        var sweep = world.Book.Sweep(Side.Buy, 4);

        // 2 @ 100 + 2 @ 101.
        Assert.Equal(new DepthSweep(4, (2 * 100) + (2 * 101), new Price(101)), sweep);
        Assert.Equal(new Price(100), sweep.AveragePrice(Rounding.Floor)); // 402 / 4 = 100.5
        Assert.Equal(new Price(101), sweep.AveragePrice(Rounding.Ceiling));
        Assert.Equal(before, world.Bytes());
    }

    [Fact]
    public void Average_price_rounds_as_asked()
    {
        var sweep = new DepthSweep(3, 100 + 100 + 101, new Price(101));

        Assert.Equal(new Price(100), sweep.AveragePrice(Rounding.Floor));
        Assert.Equal(new Price(101), sweep.AveragePrice(Rounding.Ceiling));
        Assert.Null(default(DepthSweep).AveragePrice(Rounding.Floor));
    }

    [Theory]
    [InlineData(Side.Buy, 1, 100)]
    [InlineData(Side.Buy, 4, 101)]
    [InlineData(Side.Buy, 7, 1_000)]
    [InlineData(Side.Buy, 50, 102)]
    [InlineData(Side.Sell, 3, 98)]
    [InlineData(Side.Sell, 50, 1)]
    public void Sweep_equals_what_a_following_ioc_fills(Side takerSide, long size, long limit)
    {
        var world = AskLadder();
        world.Bid(Alice, 99, 2);
        world.Bid(Bob, 98, 2);
        world.Bid(Carol, 97, 2);

        var sweep = world.Book.Sweep(takerSide, size, new Price(limit));
        var filled = world.Ioc(Taker, takerSide, size, limit);

        Assert.Equal(filled, sweep.Size);
        Assert.Equal(world.Fills.Aggregate(Int128.Zero, (sum, f) => sum + ((Int128)f.Price.Units * f.Size)), sweep.PriceTimesSize);
        Assert.Equal(world.Fills.Count == 0 ? null : world.Fills[^1].Price, sweep.WorstPrice);
    }

    [Fact]
    public void CopyLevels_lists_aggregated_levels_best_first()
    {
        var world = AskLadder();
        var levels = new BookLevel[2];

        var written = world.Book.CopyLevels(Side.Sell, levels);

        Assert.Equal(2, written);
        Assert.Equal([new BookLevel(new Price(100), 2, 1), new BookLevel(new Price(101), 3, 2)], levels);
        Assert.Equal(9, world.Book.TotalSize(Side.Sell));
        Assert.Equal(3, world.Book.LevelCount(Side.Sell));
    }

    /// <summary>Asks: 2 @ 100, 1 + 2 @ 101, 4 @ 103.</summary>
    private static BookWorld AskLadder()
    {
        var world = new BookWorld();
        world.Ask(Alice, 103, 4);
        world.Ask(Bob, 101, 1);
        world.Ask(Alice, 100, 2);
        world.Ask(Carol, 101, 2);
        return world;
    }
}
