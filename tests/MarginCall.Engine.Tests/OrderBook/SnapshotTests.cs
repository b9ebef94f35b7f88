using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class SnapshotTests
{
    [Fact]
    public void Books_reaching_the_same_orders_by_different_paths_write_the_same_bytes()
    {
        var direct = new BookWorld();
        direct.Ask(Alice, 101, 2);
        direct.Bid(Bob, 99, 1);

        var roundabout = new BookWorld();
        roundabout.Ask(Alice, 101, 5); // same id 1, later partially filled down to 2
        roundabout.Bid(Bob, 99, 1); // id 2
        var extra = roundabout.Ask(Carol, 102, 9);
        roundabout.Ioc(Taker, Side.Buy, 3, 101);
        roundabout.Book.Cancel(extra);

        Assert.Equal(direct.Bytes(), roundabout.Bytes());
    }

    [Fact]
    public void Time_priority_is_part_of_the_state()
    {
        var earlierAlice = new BookWorld();
        earlierAlice.Ask(Alice, 101, 1);
        earlierAlice.Ask(Bob, 101, 1);

        var earlierBob = new BookWorld();
        earlierBob.Ask(Bob, 101, 1);
        earlierBob.Ask(Alice, 101, 1);

        Assert.NotEqual(earlierAlice.Bytes(), earlierBob.Bytes());
    }
}
