using MarginCall.Core.Model;
using MarginCall.Core.Risk;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Queries;

/// <summary>
/// One account as the engine holds it, read-only: balances and positions as read-only spans over the engine's own
/// storage (no copy), its liquidation bookkeeping, and its figures at the engine's marks. A view, not a snapshot: read it
/// between commands; after the next command it shows the new state.
/// </summary>
public readonly struct AccountView
{
    private readonly EngineState state;
    private readonly Account account;

    internal AccountView(EngineState state, int ordinal)
    {
        this.state = state;
        account = state.Accounts[ordinal];
        Ordinal = ordinal;
    }

    /// <summary>Creation order: 0 for the first account created, dense (the order every full iteration uses).</summary>
    public int Ordinal { get; }

    /// <summary>Identifier.</summary>
    public AccountId Id => account.Id;

    /// <summary>Who receives the account's margin call notices.</summary>
    public string Owner => account.Owner;

    /// <summary>Non-zero spot balances, by asset id.</summary>
    public ReadOnlySpan<SpotBalance> SpotBalances => account.SpotBalances;

    /// <summary>Open positions, by market id.</summary>
    public ReadOnlySpan<PerpPosition> Positions => account.Positions;

    /// <summary>The balance of <paramref name="asset"/>, quantums (0 when none).</summary>
    public long SpotBalance(AssetId asset) => account.SpotBalance(asset);

    /// <summary>The position in <paramref name="market"/>, if one is open.</summary>
    public bool TryGetPosition(MarketId market, out PerpPosition position) => account.TryGetPosition(market, out position);

    /// <summary>The account's state in the liquidation state machine.</summary>
    public LiquidationState State => state.Accounts.Risk(Ordinal).State;

    /// <summary>When the account entered Liquidatable/InLiquidation, engine milliseconds.</summary>
    public long LiquidationStartMs => state.Accounts.Risk(Ordinal).LiquidationStartMs;

    /// <summary>Start of the account's current liquidation window, engine milliseconds.</summary>
    public long WindowStartMs => state.Accounts.Risk(Ordinal).WindowStartMs;

    /// <summary>Notional liquidated for the account in the current window, quote quantums.</summary>
    public long WindowNotional => state.Accounts.Risk(Ordinal).WindowNotional;

    /// <summary>
    /// Every figure <c>margincall inspect</c> reports, at the engine's marks and funding indices: per pool equity,
    /// requirements, free collateral, health, leverage; per position liquidation and bankruptcy prices (allocates).
    /// </summary>
    public AccountFigures Figures() => AccountFigures.Of(state.Venue, state.Marks, account);

    /// <summary>Figures of the cross pool at the engine's marks.</summary>
    public MarginFigures Cross() => MarginCalculator.Cross(state.Venue, state.Marks, account);

    /// <summary>Figures of the pool <paramref name="position"/> belongs to, at the engine's marks.</summary>
    public MarginFigures PoolOf(in PerpPosition position) => MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);

    /// <summary>The account's standing against the state thresholds at the engine's marks (worst pool decides).</summary>
    public AccountRiskView Risk() => RiskEvaluator.Evaluate(state.Venue, state.Marks, account, state.Thresholds);

    /// <summary>The account's standing at other market inputs (a counterfactual; <paramref name="prices"/> is only read).</summary>
    public AccountRiskView RiskAt(PriceSet prices) => RiskEvaluator.Evaluate(state.Venue, prices, account, state.Thresholds);
}
