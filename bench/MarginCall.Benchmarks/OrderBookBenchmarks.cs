using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Benchmarks;

/// <summary>
/// An IOC (the liquidation venue's first stage) sweeping five makers over three levels of a book 100 levels deep per
/// side; the makers are put back after each sweep so every invocation matches the same book.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private readonly LimitOrderBook book = new(new MarketId(0), 4_096);
    private readonly List<Fill> fills = new(64);
    private readonly List<OrderId> cancelled = new(64);
    private readonly List<Fill> restFills = new(64);
    private long nextId = 1;

    [GlobalSetup]
    public void Setup()
    {
        for (var level = 0; level < 100; level++)
        {
            for (var k = 0; k < 5; k++)
            {
                Rest(Side.Sell, 10_000 + level, 10);
                Rest(Side.Buy, 9_999 - level, 10);
            }
        }
    }

    [Benchmark(Description = "IOC buy 25 lots within the bound (5 fills)")]
    public long ImmediateOrCancel()
    {
        fills.Clear();
        cancelled.Clear();
        var filled = book.MatchImmediateOrCancel(new AccountId(999), Side.Buy, 25, new Price(10_002), fills, cancelled);
        foreach (var fill in fills)
        {
            Rest(Side.Sell, fill.Price.Units, fill.Size); // refill what was taken, at the same price
        }

        return filled;
    }

    private void Rest(Side side, long price, long size)
    {
        restFills.Clear();
        book.Place(new OrderId(nextId++), new AccountId(nextId % 7), side, new Price(price), size, restFills, cancelled);
    }
}
