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

    /// <summary>Health below the warning level (read by a Healthy account: the margin call line).</summary>
    Warning = 4,

    /// <summary>Equity at or above maintenance × (1 + exit buffer).</summary>
    Exit = 8,

    /// <summary>Health below warning + hysteresis (read by an account under a margin call or worse: the line that lifts it).</summary>
    WarningClear = 16,
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
    /// started the account stays InLiquidation until every pool meets maintenance × (1 + exit buffer), and once called
    /// it stays under a margin call until every pool's health reaches warning + hysteresis.
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

        // Hysteresis: a Healthy account is called under the warning line; any worse state recovers to Healthy only at
        // the warning's clear level, so an account hovering at the line gets one notice, not one per tick.
        var called = current == LiquidationState.Healthy ? view.IsBelowWarning : view.IsBelowWarningClear;
        return called ? LiquidationState.MarginCall : LiquidationState.Healthy;
    }

    /// <summary>
    /// The thresholds <see cref="Next"/> reads for an account in <paramref name="state"/> once it is there. A held account
    /// (InLiquidation, Bankrupt) that is not bankrupt fails the exit test, so only bankruptcy and exit can move it;
    /// a Healthy account is left only through bankruptcy, liquidation or the warning line; MarginCall and Liquidatable
    /// only through bankruptcy, liquidation or the warning's clear level (the exit test is not read). A price move
    /// that crosses no watched threshold cannot change the state, so the candidate index need not look.
    /// </summary>
    public static WatchedThresholds Watched(LiquidationState state) =>
        IsHeld(state) ? WatchedThresholds.Bankruptcy | WatchedThresholds.Exit
        : state == LiquidationState.Healthy ? WatchedThresholds.Bankruptcy | WatchedThresholds.Liquidation | WatchedThresholds.Warning
        : WatchedThresholds.Bankruptcy | WatchedThresholds.Liquidation | WatchedThresholds.WarningClear;

    private static bool IsHeld(LiquidationState state) => state is LiquidationState.InLiquidation or LiquidationState.Bankrupt;
}
