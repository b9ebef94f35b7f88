using MarginCall.Core.Model;
using MarginCall.Engine.OrderBook;
using MarginCall.KeeperClient.Service;
using MarginCall.Keeper.Strategy;

namespace MarginCall.KeeperClient.Reads;

/// <summary>
/// <see cref="IHedgeQuotes"/> from the venue's own book as the read API shows it (<c>GET /v1/markets/{id}/book</c>): a
/// sell hedge walks the bids, a buy hedge the asks, best first. Each market's book is read at most once between two
/// <see cref="Invalidate"/> calls.
/// </summary>
public sealed class BookHedgeQuotes : IHedgeQuotes
{
    private readonly KeeperApi api;
    private readonly IKeeperReads reads;
    private readonly int levels;
    private readonly Dictionary<int, BookSnapshot> books = [];

    /// <summary>Quotes from <paramref name="api"/>'s books, <paramref name="levels"/> deep, in the units of <paramref name="reads"/>' markets.</summary>
    public BookHedgeQuotes(KeeperApi api, IKeeperReads reads, int levels)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        this.api = api;
        this.reads = reads;
        this.levels = levels;
    }

    /// <summary>Book reads sent to the service so far.</summary>
    public long BookReads { get; private set; }

    /// <inheritdoc />
    public HedgeQuote Peek(MarketId market, Side takerSide, long size)
    {
        var makers = takerSide == Side.Sell ? Book(market).Bids : Book(market).Asks;
        long filled = 0;
        Int128 priceTimesSize = 0;
        foreach (var level in makers)
        {
            if (filled == size) break;
            var take = Math.Min(size - filled, level.Size);
            filled += take;
            priceTimesSize += (Int128)level.Price.Units * take;
        }

        // Whole quote units per whole base unit, the unit the strategy compares the auction price in.
        var average = filled == 0 ? 0 : (double)priceTimesSize / filled / Math.Pow(10, reads.Market(market).PriceDecimals);
        return new HedgeQuote(filled, average);
    }

    /// <summary>The market's book as last read.</summary>
    public BookSnapshot Book(MarketId market)
    {
        if (books.TryGetValue(market.Value, out var book)) return book;
        BookReads++;
        book = api.BookAsync(market, levels, CancellationToken.None).GetAwaiter().GetResult();
        books[market.Value] = book;
        return book;
    }

    /// <summary>Forgets the books read: the next quote reads them afresh.</summary>
    public void Invalidate() => books.Clear();
}
