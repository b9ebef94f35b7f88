using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Queries;
using MarginCall.Keeper.Strategy;

namespace MarginCall.Keeper.Reads;

/// <summary>
/// <see cref="IKeeperReads"/> over an in-process engine's read API (<see cref="EngineView"/>): what the simulator
/// hands the strategy. Like the view, read it between commands on the engine's thread.
/// </summary>
public sealed class EngineViewReads : IKeeperReads
{
    private readonly EngineView view;

    /// <summary>Reads through <paramref name="view"/>.</summary>
    public EngineViewReads(EngineView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        this.view = view;
    }

    /// <inheritdoc />
    public int MarketCount => view.Venue.Markets.Count;

    /// <inheritdoc />
    public PerpetualMarket Market(MarketId market) => view.Venue.Market(market);

    /// <inheritdoc />
    public LiquidationParameters Parameters(MarketId market) => view.Market(market).Parameters;

    /// <inheritdoc />
    public bool IsStale(MarketId market) => view.Market(market).IsStale;

    /// <inheritdoc />
    public Quantums ExecutionCost => view.ExecutionCost;

    /// <inheritdoc />
    public AccountStanding? Standing(AccountId account)
    {
        if (!view.TryGetAccount(account, out var found))
        {
            return null;
        }

        var risk = found.Risk();
        var positions = new PositionStanding[found.Positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            var position = found.Positions[i];
            positions[i] = new PositionStanding(position.Market, position.Size, view.Venue.Market(position.Market).Scale.Notional(position.Size, view.Mark(position.Market)));
        }

        return new AccountStanding(account, found.State, risk.IsLiquidatable, risk.Health, risk.Worst.Equity, found.LiquidationStartMs, positions);
    }
}
