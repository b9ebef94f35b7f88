using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Queries;

/// <summary>
/// One market as the engine holds it, read-only: mark and oracle guards, funding index, parameters in force, the
/// liquidation window's usage and the order book's queries. A view over the live state (no copy): read it between
/// commands.
/// </summary>
public readonly struct MarketView
{
    private readonly EngineState state;
    private readonly MarketState market;

    internal MarketView(EngineState state, MarketId id)
    {
        this.state = state;
        market = state.Markets[id.Value];
    }

    /// <summary>The market's static definition.</summary>
    public PerpetualMarket Definition => market.Market;

    /// <summary>Parameters in force (an immutable record).</summary>
    public LiquidationParameters Parameters => market.Parameters;

    /// <summary>The mark price every figure uses.</summary>
    public Price Mark => state.Marks.Market(market.Market.Id);

    /// <summary>Cumulative funding per whole base unit, price units.</summary>
    public long FundingIndex => state.Marks.FundingIndex(market.Market.Id);

    /// <summary>Last applied (possibly clamped) oracle price; zero before the first.</summary>
    public Price Oracle => market.Oracle;

    /// <summary>Publish time of the last oracle price, engine milliseconds.</summary>
    public long OraclePublishTimeMs => market.OraclePublishTimeMs;

    /// <summary>Exponential time-weighted average of the oracle, price units.</summary>
    public long Twap => market.Twap;

    /// <summary>EMA of (book mid − oracle), price units; meaningful once <see cref="HasBasis"/>.</summary>
    public long BasisEma => market.BasisEma;

    /// <summary>Whether the basis EMA has had an observation.</summary>
    public bool HasBasis => market.HasBasis;

    /// <summary>Whether the oracle is stale (no liquidations on this market while true).</summary>
    public bool IsStale => market.IsStale;

    /// <summary>Whether the market trades or an operator paused it.</summary>
    public MarketStatus Status => market.Status;

    /// <summary>Whether liquidations on this market are suspended: its oracle is stale or it is paused.</summary>
    public bool IsHalted => market.IsHalted;

    /// <summary>Start of the current liquidation window, engine milliseconds.</summary>
    public long WindowStartMs => market.WindowStartMs;

    /// <summary>Notional liquidated on this market in the current window, quote quantums.</summary>
    public Quantums WindowLiquidatedNotional => market.WindowLiquidatedNotional;

    /// <summary>Highest bid in the engine's book, if any.</summary>
    public Price? BestBid => market.Book.BestBid;

    /// <summary>Lowest ask in the engine's book, if any.</summary>
    public Price? BestAsk => market.Book.BestAsk;

    /// <summary>Resting orders in the book.</summary>
    public int OrderCount => market.Book.OrderCount;

    /// <summary>Price levels on one side.</summary>
    public int LevelCount(Side side) => market.Book.LevelCount(side);

    /// <summary>Σ resting size on one side, base quantums.</summary>
    public long TotalSize(Side side) => market.Book.TotalSize(side);

    /// <summary>What is left of a resting order, base quantums (0 when it is gone).</summary>
    public long RestingSize(OrderId id) => market.Book.RestingSize(id);

    /// <summary>A resting order, if it is in the book.</summary>
    public bool TryGetOrder(OrderId id, out RestingOrder order) => market.Book.TryGetOrder(id, out order);

    /// <summary>Copies the best levels of one side (best first) into <paramref name="destination"/>; returns how many.</summary>
    public int CopyLevels(Side side, Span<BookLevel> destination) => market.Book.CopyLevels(side, destination);

    /// <summary>The best <paramref name="maxLevels"/> levels of one side, best first (allocates).</summary>
    public BookLevel[] Depth(Side side, int maxLevels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLevels);
        var levels = new BookLevel[Math.Min(maxLevels, market.Book.LevelCount(side))];
        market.Book.CopyLevels(side, levels);
        return levels;
    }

    /// <summary>Size a taker on <paramref name="takerSide"/> could fill at <paramref name="limit"/> or better, base quantums.</summary>
    public long SizeAvailable(Side takerSide, Price limit) => market.Book.SizeAvailable(takerSide, limit);

    /// <summary>What sweeping <paramref name="size"/> from <paramref name="takerSide"/> within <paramref name="limit"/> would fill (the book is not changed).</summary>
    public DepthSweep Sweep(Side takerSide, long size, Price limit) => market.Book.Sweep(takerSide, size, limit);

    /// <summary>An owner's open-order totals in this book.</summary>
    public OpenOrderTotals OpenOrders(AccountId owner) => market.Book.OpenOrders(owner);
}
