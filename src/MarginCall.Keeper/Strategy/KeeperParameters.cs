using MarginCall.Core.Numbers;

namespace MarginCall.Keeper.Strategy;

/// <summary>A keeper's own economics: the margins it needs before it acts.</summary>
public sealed record KeeperParameters
{
    /// <summary>
    /// Least margin of the hedge over the auction price, as a share of the hedge's average price: a lot is bought only
    /// at or under hedge × (1 − this), sold only at or over hedge × (1 + this). Default 0.2%.
    /// </summary>
    public Ppm MinimumAuctionProfit { get; init; } = new(2_000);

    /// <summary>Least expected reward above the execution cost before the keeper requests a liquidation, quote quantums.</summary>
    public Quantums MinimumLiquidationProfit { get; init; } = Quantums.Zero;

    /// <summary>
    /// Most the keeper holds in one market, |signed position| in base quantums, counting what it took and has not laid off
    /// yet: a take is cut to stay within it (a hedge that fails leaves the inventory bounded). Default: no limit.
    /// </summary>
    public long MaximumInventory { get; init; } = long.MaxValue;

    /// <summary>Defaults.</summary>
    public static KeeperParameters Default { get; } = new();
}
