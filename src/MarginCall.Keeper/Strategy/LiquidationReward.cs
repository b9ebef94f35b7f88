using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Keeper.Strategy;

/// <summary>
/// What a keeper expects to be paid for requesting a liquidation step: its share of the engine's own fee formula
/// (<see cref="LiquidationFee.Compute(LiquidationParameters, in FeeInputs, bool)"/>), evaluated on what the keeper can know before the step. The step's notional
/// is taken as the whole position's (an upper bound: the engine may close less), slippage and volatility as zero (they
/// only raise the floor), the time in liquidation as the account reports it, and the equity after the fills as the
/// equity now (fills near the mark move it by their slippage only). The cap term min(max rate × notional, equity)
/// keeps the estimate at zero for an account already under water: it pays no fee.
/// </summary>
public static class LiquidationReward
{
    /// <summary>The keeper's expected share for a step on <paramref name="position"/> of <paramref name="standing"/>, quote quantums.</summary>
    public static Quantums Expected(LiquidationParameters parameters, AccountStanding standing, in PositionStanding position, Quantums executionCost, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(standing);
        var elapsed = Math.Max(0, nowMs - standing.LiquidationStartMs);
        var inputs = new FeeInputs(position.Notional, standing.Health, elapsed, executionCost, Quantums.Zero, Quantums.Zero, standing.Equity);
        return LiquidationFee.Compute(parameters, inputs, hasKeeper: true).KeeperShare;
    }
}
