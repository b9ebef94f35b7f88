using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Keeper.Strategy;

/// <summary>
/// What <see cref="KeeperStrategy"/> reads from the engine besides its events: the market definitions and parameters
/// in force, the execution-cost feed, and one account's standing. In the simulator it is served by
/// <see cref="Reads.EngineViewReads"/> over the engine's read API; a remote keeper client serves it from the
/// service's read API. The strategy reads nothing else.
/// </summary>
public interface IKeeperReads
{
    /// <summary>Number of markets (ids 0 … count − 1).</summary>
    int MarketCount { get; }

    /// <summary>A market's static definition (tick, step, decimals).</summary>
    PerpetualMarket Market(MarketId market);

    /// <summary>The liquidation parameters in force on a market.</summary>
    LiquidationParameters Parameters(MarketId market);

    /// <summary>Whether the market's oracle is stale (no liquidation runs on it).</summary>
    bool IsStale(MarketId market);

    /// <summary>The execution-cost feed: what one keeper transaction costs, quote quantums.</summary>
    Quantums ExecutionCost { get; }

    /// <summary>The account's standing now, or null when there is no such account.</summary>
    AccountStanding? Standing(AccountId account);
}
