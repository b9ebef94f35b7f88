using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Tests.OrderBook;

/// <summary>
/// The matching path must not allocate (STYLE.md: hot paths allocate nothing). Counted with the runtime's per-thread
/// allocation counter, which is exact, not timed: once the book's pools and the caller's lists have their capacity,
/// an IOC that fills, partially fills, empties levels and cancels a self-trade adds zero bytes.
/// </summary>
public sealed class AllocationTests
{
    private const int Makers = 200;

    [Fact]
    public void Ioc_on_a_warm_book_allocates_nothing()
    {
        var book = new LimitOrderBook(new MarketId(1), initialOrderCapacity: 16);
        var fills = new List<Fill>(Makers * 2);
        var cancelled = new List<OrderId>(Makers * 2);
        var taker = new AccountId(1);

        for (var round = 0; round < 3; round++)
        {
            Populate(book, round, fills, cancelled);
            fills.Clear();
            cancelled.Clear();

            var before = GC.GetAllocatedBytesForCurrentThread();
            var filled = book.MatchImmediateOrCancel(taker, Side.Buy, 100 * 10, new Price(1_000_000), fills, cancelled);
            var sweep = book.Sweep(Side.Buy, 1_000);
            var available = book.SizeAvailable(Side.Buy, new Price(1_000_000));
            book.CancelAll(new AccountId(2), cancelled);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(100 * 10, filled);
            Assert.NotEmpty(cancelled);
            Assert.True(sweep.Size > 0 && available > 0);
            if (round > 0)
            {
                Assert.Equal(0, allocated);
            }

            for (var owner = 1; owner <= 4; owner++)
            {
                book.CancelAll(new AccountId(owner), cancelled);
            }

            Assert.Equal(0, book.OrderCount);
        }
    }

    /// <summary>Asks of 10 at 100 prices (2 orders each), owned by accounts 1..4; account 1 is the taker.</summary>
    private static void Populate(LimitOrderBook book, int round, List<Fill> fills, List<OrderId> cancelled)
    {
        for (var i = 0; i < Makers; i++)
        {
            var id = new OrderId((round * 10_000) + i);
            var owner = new AccountId(1 + (i % 4));
            var result = book.Place(id, owner, Side.Sell, new Price(10_000 + (i / 2)), 10, fills, cancelled);
            Assert.True(result.IsAccepted);
        }
    }
}
