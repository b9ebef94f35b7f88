using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Risk;

/// <summary>The thresholds whose crossing can move an account out of its state (see <see cref="StateTransitions.Watched"/>).</summary>
[Flags]
public enum WatchedThresholds
{
    /// <summary>Equity below zero.</summary>
    Bankruptcy = 1,

    /// <summary>Equity below maintenance + expected fee.</summary>
    Liquidation = 2,

    /// <summary>Health below the warning level.</summary>
    Warning = 4,

    /// <summary>Equity at or above maintenance × (1 + exit buffer).</summary>
    Exit = 8,
}

/// <summary>
/// The account state machine with hysteresis (DESIGN §5.2): Healthy → MarginCall → Liquidatable → InLiquidation →
/// Bankrupt. One definition, used by the engine to move states and by <see cref="RiskEvaluator"/> to know which
/// thresholds can move an account out of the state it is in.
/// </summary>
public static class StateTransitions
{
    /// <summary>
    /// The state an account in <paramref name="current"/> moves to given <paramref name="view"/>: once liquidation has
    /// started the account stays InLiquidation until every pool meets maintenance × (1 + exit buffer).
    /// </summary>
    public static LiquidationState Next(LiquidationState current, in AccountRiskView view)
    {
        if (view.IsBankrupt)
        {
            return LiquidationState.Bankrupt;
        }

        if (IsHeld(current) && !view.MeetsExit)
        {
            return LiquidationState.InLiquidation;
        }

        if (view.IsLiquidatable)
        {
            return LiquidationState.Liquidatable;
        }

        return view.IsBelowWarning ? LiquidationState.MarginCall : LiquidationState.Healthy;
    }

    /// <summary>
    /// The thresholds <see cref="Next"/> reads for an account in <paramref name="state"/> once it is there. A held account
    /// (InLiquidation, Bankrupt) that is not bankrupt fails the exit test, so only bankruptcy and exit can move it;
    /// any other state is left only through bankruptcy, liquidation or warning (the exit test is not read). A price move
    /// that crosses no watched threshold cannot change the state, so the candidate index need not look.
    /// </summary>
    public static WatchedThresholds Watched(LiquidationState state) =>
        IsHeld(state)
            ? WatchedThresholds.Bankruptcy | WatchedThresholds.Exit
            : WatchedThresholds.Bankruptcy | WatchedThresholds.Liquidation | WatchedThresholds.Warning;

    private static bool IsHeld(LiquidationState state) => state is LiquidationState.InLiquidation or LiquidationState.Bankrupt;
}
