using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Markets;

/// <summary>
/// The engine's mutable state of one market: its oracle and mark price guards, parameters, order book and the
/// liquidation window's market-wide usage.
/// </summary>
internal sealed class MarketState
{
    internal MarketState(PerpetualMarket market, LiquidationParameters parameters, LimitOrderBook? book = null)
    {
        Market = market;
        Parameters = parameters;
        Book = book ?? new LimitOrderBook(market.Id);
    }

    /// <summary>The market's static definition.</summary>
    public PerpetualMarket Market { get; }

    /// <summary>Parameters in force.</summary>
    public LiquidationParameters Parameters { get; internal set; }

    /// <summary>The engine's order book for this market.</summary>
    public LimitOrderBook Book { get; }

    /// <summary>Last applied (possibly clamped) oracle price; zero before the first.</summary>
    public Price Oracle { get; internal set; }

    /// <summary>Publish time of the last oracle price, engine milliseconds.</summary>
    public long OraclePublishTimeMs { get; internal set; }

    /// <summary>Exponential time-weighted average of the oracle, price units.</summary>
    public long Twap { get; internal set; }

    /// <summary>EMA of (book mid − oracle), price units; meaningful once <see cref="HasBasis"/>.</summary>
    public long BasisEma { get; internal set; }

    /// <summary>Whether the basis EMA has had an observation.</summary>
    public bool HasBasis { get; internal set; }

    /// <summary>Whether the oracle is older than the staleness limit (no liquidations on this market while true).</summary>
    public bool IsStale { get; internal set; } = true;

    /// <summary>Whether an operator paused the market (<see cref="MarketStatus"/>).</summary>
    public MarketStatus Status { get; internal set; } = MarketStatus.Active;

    /// <summary>Whether liquidations on this market are suspended: its oracle is stale or it is paused.</summary>
    public bool IsHalted => IsStale || Status == MarketStatus.Paused;

    /// <summary>Start of the current liquidation window, engine milliseconds.</summary>
    public long WindowStartMs { get; internal set; }

    /// <summary>Notional liquidated on this market in the current window, quote quantums.</summary>
    public Quantums WindowLiquidatedNotional { get; internal set; }
}
