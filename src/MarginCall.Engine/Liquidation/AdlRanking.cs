using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The auto-deleveraging queue score (DESIGN §5.6), as the big centralized exchanges publish it (Binance, Bybit):
/// PnL% × effective leverage for a position in profit, PnL% / effective leverage for one at a loss, where
/// PnL% = unrealized PnL / cost basis and effective leverage = pool notional / pool equity. The highest score is
/// deleveraged first; ties go to the lower account id. Cost basis is |quote balance| (dYdX's quote-balance convention:
/// the entry cost of a long, the proceeds of a short; realized PnL stays in it), at least one quantum.
/// Rounding: every ratio rounds down, in ppm; the score saturates at the range of a long.
/// </summary>
public static class AdlRanking
{
    /// <summary>The score in ppm; null when the pool has no positive equity (such an account is being liquidated, not deleveraged).</summary>
    public static long? Score(Quantums unrealizedPnl, Quantums costBasis, Quantums poolNotional, Quantums poolEquity)
    {
        if (poolEquity.Value <= 0)
        {
            return null;
        }

        var cost = Math.Max(1, Math.Abs(costBasis.Value));
        var pnl = FixedPoint.Divide((Int128)unrealizedPnl.Value * Ppm.OneValue, cost, Rounding.Floor);
        var leverage = Int128.Max(1, FixedPoint.Divide((Int128)poolNotional.Value * Ppm.OneValue, poolEquity.Value, Rounding.Floor));
        var score = pnl >= 0
            ? FixedPoint.Divide(pnl * leverage, Ppm.OneValue, Rounding.Floor)
            : FixedPoint.Divide(pnl * Ppm.OneValue, leverage, Rounding.Floor);
        return (long)Int128.Clamp(score, long.MinValue, long.MaxValue);
    }
}
