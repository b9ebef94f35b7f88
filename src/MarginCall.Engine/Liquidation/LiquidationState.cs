namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Where an account stands, with hysteresis (DESIGN §5.2): Healthy → MarginCall (health under the warning level) →
/// Liquidatable (equity under maintenance + expected liquidation fee) → InLiquidation (until equity reaches
/// maintenance × (1 + exit buffer)) → Bankrupt (equity under zero).
/// </summary>
public enum LiquidationState : byte
{
    /// <summary>Health at or above the warning level.</summary>
    Healthy,

    /// <summary>Health under the warning level; the owner has been sent a notice.</summary>
    MarginCall,

    /// <summary>Equity under maintenance + expected liquidation fee: eligible for liquidation.</summary>
    Liquidatable,

    /// <summary>Being liquidated; stays here until equity is back to maintenance × (1 + exit buffer).</summary>
    InLiquidation,

    /// <summary>Equity under zero: the loss waterfall takes over.</summary>
    Bankrupt,
}
