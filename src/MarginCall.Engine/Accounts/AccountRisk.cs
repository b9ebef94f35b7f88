using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Accounts;

/// <summary>The engine's per-account liquidation bookkeeping, stored in an array parallel to the accounts.</summary>
public struct AccountRisk
{
    /// <summary>Current state.</summary>
    public LiquidationState State;

    /// <summary>When the account entered Liquidatable/InLiquidation, engine milliseconds (drives the time-escalating fee).</summary>
    public long LiquidationStartMs;

    /// <summary>Start of the account's current liquidation window, engine milliseconds.</summary>
    public long WindowStartMs;

    /// <summary>Notional liquidated for this account in the current window, quote quantums.</summary>
    public long WindowNotional;
}
