using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// How much of a position one step closes (DESIGN §5.4).
/// <para>
/// Closed form. Let the pool have equity E, maintenance requirement M and notional N; the position size s at mark p
/// with tier maintenance rate m; an average fill price b no worse than which the close fills (the price bound, or the
/// average the book's depth gives); the fee cap rate φ; and u = 10^Exponent (quote quantums per base quantum per price
/// unit). Closing q base quantums at average fill price f changes equity by −q × (p − f) × u for a long and
/// −q × (f − p) × u for a short (written −q × |p − b| × u below for the usual adverse case; the code keeps the sign),
/// minus the fee, at most φ × q × f × u. Equity after the close is lowest when f = b, so b is used for both terms,
/// and lowers the requirement by m × q × p × u and the notional by q × p × u. A target line "E ≥ α × M + β × N" then
/// holds after the close when
/// <code>
///   q × u × (α·m·p + β·p − |p − b| − φ·b)  ≥  α·M + β·N − E
/// </code>
/// (with α, β, m, φ as fractions), i.e. q = ceil(R / (K × u)) with, in ppm, K = α·m·p + 10⁶·β·p − 10¹²·|p − b| −
/// 10⁶·φ·b and R = 10⁶·(α·M + β·N) − 10¹²·E. Three lines must hold: target health (α = TargetHealth, β = 0),
/// the exit level (α = 1 + ExitBuffer, β = 0) and the liquidatable threshold (α = 1, β = expected fee rate), so the
/// account ends both at the target and out of liquidation. K ≤ 0 means closing at the bound costs more equity than it
/// frees requirement: no partial size helps and the whole position closes.
/// </para>
/// <para>
/// Tiers: the requirement falls by the rate of every band the notional passes through; rates never fall from tier to
/// tier, so using the rate of the band the reduced notional lands in is conservative (it sizes more). The solution is
/// iterated down the bands until it lands in the band whose rate it used.
/// </para>
/// <para>
/// Rounding: q rounds up, then up to the market step. The result is verified with the exact rounded figures of the
/// position after the close at the bound, with the fee at its cap and <see cref="RoundingSlack"/> quantums to spare
/// for the per-fill rounding of a fill split across makers (a seller receives floor(q × f × u) per fill); if the check
/// fails the size grows by steps (doubling) until it holds or the position closes. So the pool ends at or above every
/// target line whenever its fills land inside the bound.
/// </para>
/// </summary>
public static class LiquidationSizing
{
    /// <summary>Quantums kept in hand for per-fill rounding when verifying a size.</summary>
    public const long RoundingSlack = 16;

    /// <summary>
    /// The least multiple of the step that restores every target of <paramref name="targets"/> for the pool when the
    /// close fills at an average price no worse than <paramref name="fillPrice"/> (the price bound, or the average the
    /// book's depth gives); the whole position (Reachable false) when no partial size does.
    /// </summary>
    public static (long Size, bool Reachable) TargetSize(
        PerpetualMarket market, in PerpPosition position, in MarginFigures pool, Price mark, long fundingIndex, Price fillPrice, Ppm feeCapRate, in SizingTargets targets)
    {
        var whole = Math.Abs(position.Size);
        if (Meets(market, position, pool, mark, fundingIndex, fillPrice, feeCapRate, targets, 0))
        {
            return (0, true);
        }

        long size = 0;
        for (var i = 0; i < SizingTargets.LineCount; i++)
        {
            var (alpha, beta) = targets.Line(i);
            var line = LineSize(market, position, pool, mark, fillPrice, feeCapRate, alpha, beta);
            if (line is null)
            {
                return (whole, false);
            }

            size = Math.Max(size, line.Value);
        }

        size = Math.Min(RoundUpToStep(size, market.StepSize), whole);
        var extra = market.StepSize;
        while (size < whole && !Meets(market, position, pool, mark, fundingIndex, fillPrice, feeCapRate, targets, size))
        {
            size = Math.Min(checked(size + extra), whole);
            extra = checked(extra * 2);
        }

        return (size, size < whole || Meets(market, position, pool, mark, fundingIndex, fillPrice, feeCapRate, targets, whole));
    }

    /// <summary>
    /// Applies the window limits and dust rules to a target size. <paramref name="critical"/> bypasses the window limits;
    /// a position, or a leftover, under the minimum notional closes fully.
    /// </summary>
    public static SizingDecision Decide(PerpetualMarket market, long positionSize, Price mark, long target, bool reachable, bool critical, in SizingLimits limits)
    {
        var whole = Math.Abs(positionSize);
        if (PositionMath.Notional(market, whole, mark) < limits.MinimumNotional)
        {
            return new SizingDecision(target, whole, SizingRule.Dust);
        }

        var size = target;
        var rule = reachable ? SizingRule.TargetHealth : SizingRule.FullClose;
        if (critical)
        {
            rule = SizingRule.CriticalBypass;
        }
        else
        {
            Cap(ref size, ref rule, limits.PortionAllowed, SizingRule.PositionPortionCap);
            Cap(ref size, ref rule, limits.AccountAllowed, SizingRule.AccountWindowCap);
            Cap(ref size, ref rule, limits.MarketAllowed, SizingRule.MarketCapacityCap);
        }

        if (size > 0 && size < whole && PositionMath.Notional(market, whole - size, mark) < limits.MinimumNotional)
        {
            return new SizingDecision(target, whole, SizingRule.Dust);
        }

        return new SizingDecision(target, size, rule);
    }

    /// <summary>The size that <paramref name="notional"/> quote quantums buy at <paramref name="price"/>, rounded down to the step.</summary>
    public static long SizeForNotional(PerpetualMarket market, Quantums notional, Price price)
    {
        if (notional.Value <= 0)
        {
            return 0;
        }

        var size = market.Scale.PriceFor(notional.Value, price.Units, Rounding.Floor);
        var capped = size > long.MaxValue ? long.MaxValue : (long)size;
        return capped - (capped % market.StepSize);
    }

    /// <summary>|size| rounded up to a multiple of the step.</summary>
    public static long RoundUpToStep(long size, long step) =>
        size % step == 0 ? size : checked(size + step - (size % step));

    private static void Cap(ref long size, ref SizingRule rule, long allowed, SizingRule capRule)
    {
        if (allowed < size)
        {
            size = Math.Max(allowed, 0);
            rule = capRule;
        }
    }

    /// <summary>q for one target line, iterated down the tiers; null when K ≤ 0 (unreachable).</summary>
    private static long? LineSize(PerpetualMarket market, in PerpPosition position, in MarginFigures pool, Price mark, Price bound, Ppm feeCapRate, long alpha, long beta)
    {
        const long Million = Ppm.OneValue;
        var whole = Math.Abs(position.Size);
        var p = (Int128)mark.Units;
        var slip = position.Size > 0 ? p - bound.Units : bound.Units - p; // loss per unit; negative is a gain
        var feePrice = (Int128)bound.Units;
        var residual = (Million * ((alpha * (Int128)pool.MaintenanceRequirement.Value) + (beta * (Int128)pool.Notional.Value)))
            - (Million * Million * ((Int128)pool.Equity.Value - RoundingSlack));
        if (residual <= 0)
        {
            return 0;
        }

        var schedule = market.Margin;
        var tier = schedule.TierIndexFor(PositionMath.Notional(market, whole, mark));
        for (var guard = 0; guard <= schedule.Tiers.Length; guard++)
        {
            var rate = schedule.Tiers[tier].MaintenanceRate.Value;
            var k = (alpha * (Int128)rate * p) + (Million * beta * p) - (Million * Million * slip) - (Million * feeCapRate.Value * feePrice);
            if (k <= 0)
            {
                return null;
            }

            var q = market.Scale.PriceFor(residual, k, Rounding.Ceiling);
            if (q >= whole)
            {
                return whole;
            }

            var landed = schedule.TierIndexFor(PositionMath.Notional(market, whole - (long)q, mark));
            if (landed >= tier)
            {
                return (long)q;
            }

            tier = landed;
        }

        return whole;
    }

    /// <summary>Whether the pool meets every target after closing <paramref name="size"/> at the bound with the fee at its cap (exact figures).</summary>
    private static bool Meets(PerpetualMarket market, in PerpPosition position, in MarginFigures pool, Price mark, long fundingIndex, Price bound, Ppm feeCapRate, in SizingTargets targets, long size)
    {
        var delta = position.Size > 0 ? -size : size;
        var own = PositionMath.Figures(market, position, mark, fundingIndex);
        var accrued = PositionMath.AccruedFunding(market, position, fundingIndex).Value;
        var cash = market.Scale.Value(checked(-delta), bound, Rounding.Floor).Value;
        var after = position with
        {
            Size = checked(position.Size + delta),
            QuoteBalance = checked(position.QuoteBalance + accrued + cash),
            LastFundingIndex = fundingIndex,
        };
        var ownAfter = PositionMath.Figures(market, after, mark, fundingIndex);
        var fee = PositionMath.Notional(market, size, bound).Times(feeCapRate, Rounding.Ceiling);
        var equity = (Int128)pool.Equity.Value - own.Equity.Value + ownAfter.Equity.Value - fee.Value - RoundingSlack;
        var requirement = (Int128)pool.MaintenanceRequirement.Value - own.MaintenanceRequirement.Value + ownAfter.MaintenanceRequirement.Value;
        var notional = (Int128)pool.Notional.Value - own.Notional.Value + ownAfter.Notional.Value;
        for (var i = 0; i < SizingTargets.LineCount; i++)
        {
            var (alpha, beta) = targets.Line(i);
            var line = (alpha * requirement) + (FixedPoint.Divide(beta * notional, Ppm.OneValue, Rounding.Ceiling) * Ppm.OneValue);
            if (equity * Ppm.OneValue < line)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The levels a step sizes for: each is a line equity ≥ α × maintenance + β × notional (α, β in ppm).</summary>
/// <param name="TargetHealth">α of the target-health line (β = 0).</param>
/// <param name="ExitHealth">α of the exit line, 1 + exit buffer (β = 0).</param>
/// <param name="ExpectedFeeRate">β of the liquidatable-threshold line (α = 1).</param>
public readonly record struct SizingTargets(Ppm TargetHealth, Ppm ExitHealth, Ppm ExpectedFeeRate)
{
    /// <summary>Number of lines.</summary>
    public const int LineCount = 3;

    /// <summary>Line <paramref name="index"/> (0 target health, 1 exit, 2 liquidatable threshold) as (α, β) in ppm.</summary>
    public (long Alpha, long Beta) Line(int index) => index switch
    {
        0 => (TargetHealth.Value, 0),
        1 => (ExitHealth.Value, 0),
        _ => (Ppm.OneValue, ExpectedFeeRate.Value),
    };
}

/// <summary>The window limits for one position in one step, as sizes (base quantums, multiples of the step).</summary>
/// <param name="PortionAllowed">What the position portion cap still allows this window.</param>
/// <param name="AccountAllowed">What the account's window notional still allows, at the highest possible fill price.</param>
/// <param name="MarketAllowed">What the market's window capacity still allows, at the highest possible fill price.</param>
/// <param name="MinimumNotional">The dust threshold, quote quantums.</param>
public readonly record struct SizingLimits(long PortionAllowed, long AccountAllowed, long MarketAllowed, Quantums MinimumNotional);
