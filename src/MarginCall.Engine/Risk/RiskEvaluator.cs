using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Risk;

/// <summary>
/// Evaluates an account against the <see cref="RiskThresholds"/> and computes, for the candidate index, one
/// <see cref="PriceBand"/> per price the account depends on.
/// <para>
/// Bands (DESIGN §4). Every threshold of a pool is a gap g = equity − α × maintenance − β × notional with
/// α ≤ α_max = max(warning + hysteresis, 1 + exit buffer) and β ≤ expected fee rate; a predicate (bankrupt,
/// liquidatable, below warning, below the warning's clear level, meets exit) flips exactly when its gap changes sign.
/// For a relative move r of one position's price, the position's value moves by exactly sign(size) × notional × r and
/// its requirement by at most m_max × notional × |r| in the direction of the notional while the notional stays within
/// its tier (m_max: the schedule's highest maintenance rate), so every gap moves by at most S × |r|. For a short S = (notional + 1) × (1 + α_max × m_max + β):
/// its value and its requirement move against it together. For a long S = notional + 1: its requirement falls when
/// its price falls and rises only with its value, so no gap moves faster than the value. For a spot balance
/// S = (|value| + 1) × (1 + α_max × haircut).
/// </para>
/// <para>
/// Direction. On an adverse move (down for a long or a deposit, up for a short or a borrow) every gap of the pool
/// falls; on a favourable move every gap rises, provided α_max × m_max + β ≤ 1 for longs and α_max × haircut ≤ 1 for
/// deposits (shorts and borrows always qualify). So a pool with gaps g_i cannot change state while its prices' adverse
/// moves add up, weighted by S, to less than the smallest non-negative gap (the next threshold under it), and their
/// favourable moves to less than the smallest |negative gap| (the next threshold over it; none for a healthy pool, so
/// a healthy long is never re-examined on a rise). The budget is shared uniformly: every price of a pool gets
/// adverse = (below − slack) / S_pool and favourable = (above − slack) / S_pool, S_pool = Σ S. When the monotony
/// condition fails, both sides take the smaller of the two. Slack covers the rounding of the figures (four quantums per
/// term, plus one per band edge of a continuous schedule). An isolated pool constrains only its own market's price;
/// the cross pool every price of its cross positions and non-quote balances.
/// </para>
/// <para>
/// Tier edges. A schedule whose requirement jumps at a band edge (not <see cref="MarginSchedule.IsContinuous"/>) breaks
/// the slope bound there, so each position's band is also capped at the relative move that takes its notional to the
/// edge of its tier, on each side. All bounds round toward a narrower band.
/// </para>
/// </summary>
public static class RiskEvaluator
{
    private const long SlackPerTerm = 4;

    /// <summary>The account's standing at <paramref name="prices"/>.</summary>
    public static AccountRiskView Evaluate(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds) =>
        Standing(venue, prices, account, thresholds, out _);

    /// <summary>
    /// The account's standing at <paramref name="prices"/> and the band of each price it depends on, for an account now
    /// in <paramref name="current"/>: <c>bands[i]</c> for <c>Positions[i]</c>, then <c>bands[Positions.Length + j]</c>
    /// for <c>SpotBalances[j]</c> (<see cref="PriceBand.Unbounded"/> for the quote asset). The bands bound only the
    /// thresholds the state the account moves to watches (<see cref="StateTransitions.Watched"/>).
    /// </summary>
    public static AccountRiskView Evaluate(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds, LiquidationState current, Span<PriceBand> bands)
    {
        var positions = account.Positions;
        if (bands.Length < positions.Length + account.SpotBalances.Length)
        {
            throw new ArgumentException("one band per position and spot balance is needed", nameof(bands));
        }

        var view = Standing(venue, prices, account, thresholds, out var cross);
        var watched = StateTransitions.Watched(StateTransitions.Next(current, view));
        var crossBuffer = CrossBuffer(venue, prices, account, thresholds, watched, cross, bands);
        for (var i = 0; i < positions.Length; i++)
        {
            ref readonly var position = ref positions[i];
            if (position.Mode != MarginMode.Isolated)
            {
                bands[i] = PriceBand.Oriented(position.Size, crossBuffer.Adverse, crossBuffer.Favourable).Within(bands[i].DownPpm, bands[i].UpPpm);
                continue;
            }

            var pool = MarginCalculator.Isolated(venue, prices, position); // again: one position, cheaper than keeping every pool
            var market = venue.Market(position.Market);
            var share = RequirementShare(market, thresholds);
            var sensitivity = PositionSensitivity(position.Size, pool.Notional, share); // the pool's notional is the position's
            var buffer = PoolBuffer(pool, thresholds, watched, sensitivity, (3 * SlackPerTerm) + JumpSlack(market), share <= Ppm.OneValue || position.Size < 0);
            var edges = TierEdges(market, pool.Notional);
            bands[i] = PriceBand.Oriented(position.Size, buffer.Adverse, buffer.Favourable).Within(edges.DownPpm, edges.UpPpm);
        }

        var spots = account.SpotBalances;
        for (var j = 0; j < spots.Length; j++)
        {
            bands[positions.Length + j] = spots[j].Asset == venue.Quote.Id
                ? PriceBand.Unbounded
                : PriceBand.Oriented(spots[j].Balance, crossBuffer.Adverse, crossBuffer.Favourable);
        }

        return view;
    }

    /// <summary>Liquidation threshold of a pool: maintenance + ceil(notional × expected fee rate).</summary>
    public static Quantums LiquidationThreshold(in MarginFigures pool, RiskThresholds thresholds) =>
        pool.MaintenanceRequirement + pool.Notional.Times(thresholds.ExpectedFeeRate, Rounding.Ceiling);

    /// <summary>Every pool judged; the worst pool decides each predicate.</summary>
    private static AccountRiskView Standing(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds, out MarginFigures cross)
    {
        cross = MarginCalculator.Cross(venue, prices, account);
        var worst = cross;
        var state = Judge(cross, thresholds);
        foreach (ref readonly var position in account.Positions)
        {
            if (position.Mode != MarginMode.Isolated)
            {
                continue;
            }

            var pool = MarginCalculator.Isolated(venue, prices, position);
            var judged = Judge(pool, thresholds);
            state = (state.Bankrupt || judged.Bankrupt, state.Liquidatable || judged.Liquidatable, state.BelowWarning || judged.BelowWarning, state.BelowClear || judged.BelowClear, state.Exit && judged.Exit);
            if (IsWorse(pool, worst))
            {
                worst = pool;
            }
        }

        return new AccountRiskView(worst, state.Bankrupt, state.Liquidatable, state.BelowWarning, state.BelowClear, state.Exit);
    }

    private static (bool Bankrupt, bool Liquidatable, bool BelowWarning, bool BelowClear, bool Exit) Judge(in MarginFigures pool, RiskThresholds thresholds)
    {
        // Math.BigMul: the exact 128-bit product of two 64-bit values in one hardware multiply (cannot overflow).
        var equity = Math.BigMul(pool.Equity.Value, Ppm.OneValue);
        var requirement = pool.MaintenanceRequirement.Value;
        return (
            pool.Equity.IsNegative,
            pool.Equity < LiquidationThreshold(pool, thresholds),
            equity < Math.BigMul(requirement, thresholds.WarningHealth.Value),
            equity < Math.BigMul(requirement, thresholds.WarningClearHealth.Value),
            equity >= Math.BigMul(requirement, Ppm.OneValue + thresholds.ExitBuffer.Value));
    }

    private static bool IsWorse(in MarginFigures candidate, in MarginFigures current)
    {
        // Compare equity/requirement cross-multiplied (no rounding); a pool without requirement is never worse.
        if (candidate.MaintenanceRequirement.Value == 0)
        {
            return false;
        }

        if (current.MaintenanceRequirement.Value == 0)
        {
            return true;
        }

        return Math.BigMul(candidate.Equity.Value, current.MaintenanceRequirement.Value)
            < Math.BigMul(current.Equity.Value, candidate.MaintenanceRequirement.Value);
    }

    /// <summary>
    /// The cross pool's adverse and favourable buffers; writes each cross position's tier-edge caps into
    /// <paramref name="bands"/> (oriented by the caller once the buffers are known).
    /// </summary>
    private static (long Adverse, long Favourable) CrossBuffer(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds, WatchedThresholds watched, in MarginFigures cross, Span<PriceBand> bands)
    {
        var slack = 2 * SlackPerTerm;
        var monotone = true;
        Int128 sensitivity = 0;
        var positions = account.Positions;
        for (var i = 0; i < positions.Length; i++)
        {
            ref readonly var position = ref positions[i];
            if (position.Mode != MarginMode.Cross)
            {
                continue;
            }

            var market = venue.Market(position.Market);
            var share = RequirementShare(market, thresholds);
            var notional = PositionMath.Notional(market, position.Size, prices.Market(position.Market));
            sensitivity += PositionSensitivity(position.Size, notional, share);
            monotone &= share <= Ppm.OneValue || position.Size < 0;
            bands[i] = TierEdges(market, notional);
            slack += (3 * SlackPerTerm) + JumpSlack(market);
        }

        foreach (var spot in account.SpotBalances)
        {
            if (spot.Asset == venue.Quote.Id)
            {
                slack += SlackPerTerm;
                continue; // the quote asset's price never moves
            }

            var asset = venue.Asset(spot.Asset);
            var magnitude = venue.AssetScale(spot.Asset).Notional(spot.Balance, prices.Asset(spot.Asset)).Value;
            var haircut = spot.Balance > 0 ? Ppm.OneValue - asset.MaintenanceDepositWeight.Value : asset.MaintenanceBorrowWeight.Value - Ppm.OneValue;
            haircut = Math.Max(haircut, spot.Balance > 0 ? Ppm.OneValue - asset.InitialDepositWeight.Value : asset.InitialBorrowWeight.Value - Ppm.OneValue);
            var requirementShare = (long)(Math.BigMul(thresholds.MaxRequirementMultiplierPpm, haircut) / Ppm.OneValue) + 1; // ppm, rounded up
            sensitivity += Scaled(magnitude, Ppm.OneValue + requirementShare);
            monotone &= spot.Balance < 0 || requirementShare <= Ppm.OneValue;
            slack += 3 * SlackPerTerm;
        }

        return PoolBuffer(cross, thresholds, watched, sensitivity, slack, monotone);
    }

    /// <summary>
    /// S of one position, quantums per unit of relative move (rounded up): (notional + 1) for a long, whose requirement
    /// falls when its price does and rises only as its value does, so no gap moves faster than its value;
    /// (notional + 1) × (1 + share) for a short, whose requirement grows as its value falls.
    /// </summary>
    private static Int128 PositionSensitivity(long size, Quantums notional, long share) =>
        size > 0 ? (Int128)notional.Value + 1 : Scaled(notional.Value, Ppm.OneValue + share);

    /// <summary>
    /// A position's requirement share α_max × m_max + β, ppm rounded up (m_max: the schedule's top maintenance rate;
    /// rates never fall from tier to tier). S = (notional + 1) × (1 + share); a long's favourable move can only raise its
    /// gaps when the share is at most 1.
    /// </summary>
    private static long RequirementShare(PerpetualMarket market, RiskThresholds thresholds)
    {
        var maxRate = market.Margin.Tiers[^1].MaintenanceRate.Value;
        var product = Math.BigMul(thresholds.MaxRequirementMultiplierPpm, maxRate);
        return (long)FixedPoint.Divide(product, Ppm.OneValue, Rounding.Ceiling) + thresholds.ExpectedFeeRate.Value;
    }

    /// <summary>ceil((amount + 1) × multiplier / 10⁶): one quantum added for the rounding of <paramref name="amount"/>.</summary>
    private static Int128 Scaled(Int128 amount, long multiplierPpm)
    {
        var product = amount <= long.MaxValue ? Math.BigMul((long)amount, multiplierPpm) : amount * multiplierPpm;
        return FixedPoint.Divide(product + multiplierPpm, Ppm.OneValue, Rounding.Ceiling);
    }

    /// <summary>
    /// Adverse and favourable buffers of a pool (ppm, rounded down): (gap to the next watched threshold under it −
    /// slack) / S and (gap to the next watched threshold over it − slack) / S, unbounded when there is no such
    /// threshold; both 0 when the pool is within rounding of one.
    /// </summary>
    private static (long Adverse, long Favourable) PoolBuffer(in MarginFigures pool, RiskThresholds thresholds, WatchedThresholds watched, Int128 sensitivity, long slack, bool monotone)
    {
        // A pool no price moves (S = 0, e.g. the empty cross pool of an account whose positions are all isolated)
        // cannot cross a threshold on a price move, however close to one it sits.
        if (sensitivity <= 0)
        {
            return (long.MaxValue, long.MaxValue);
        }

        var equity = pool.Equity.Value;
        var scaledEquity = Math.BigMul(equity, Ppm.OneValue);
        var requirement = pool.MaintenanceRequirement.Value;
        Int128 below = Int128.MaxValue, above = Int128.MaxValue;
        Classify(equity, ref below, ref above); // bankruptcy is watched in every state
        if ((watched & WatchedThresholds.Liquidation) != 0)
        {
            Classify((Int128)equity - LiquidationThreshold(pool, thresholds).Value, ref below, ref above);
        }

        if ((watched & WatchedThresholds.Warning) != 0)
        {
            Classify(Unscale(scaledEquity - Math.BigMul(requirement, thresholds.WarningHealth.Value)), ref below, ref above);
        }

        if ((watched & WatchedThresholds.WarningClear) != 0)
        {
            Classify(Unscale(scaledEquity - Math.BigMul(requirement, thresholds.WarningClearHealth.Value)), ref below, ref above);
        }

        if ((watched & WatchedThresholds.Exit) != 0)
        {
            Classify(Unscale(scaledEquity - Math.BigMul(requirement, Ppm.OneValue + thresholds.ExitBuffer.Value)), ref below, ref above);
        }

        if (Int128.Min(below, above) <= slack)
        {
            return (0, 0);
        }

        var adverse = Ratio(below, slack, sensitivity);
        var favourable = Ratio(above, slack, sensitivity);
        return monotone ? (adverse, favourable) : (Math.Min(adverse, favourable), Math.Min(adverse, favourable));
    }

    /// <summary>A ppm-scaled gap in quantums, truncated toward zero (a smaller magnitude: a narrower band); 64-bit when it fits.</summary>
    private static Int128 Unscale(Int128 scaled) =>
        scaled > long.MinValue && scaled <= long.MaxValue ? (long)scaled / Ppm.OneValue : scaled / Ppm.OneValue;

    /// <summary>A gap ≥ 0 is a threshold the pool sits over (an adverse move nears it); a negative one, a threshold it sits under.</summary>
    private static void Classify(Int128 gap, ref Int128 below, ref Int128 above)
    {
        if (gap >= 0)
        {
            below = Int128.Min(below, gap);
        }
        else
        {
            above = Int128.Min(above, -gap);
        }
    }

    private static long Ratio(Int128 gap, long slack, Int128 sensitivity)
    {
        if (gap == Int128.MaxValue)
        {
            return long.MaxValue;
        }

        var usable = gap - slack;
        var scaled = usable <= long.MaxValue ? Math.BigMul((long)usable, Ppm.OneValue) : usable * Ppm.OneValue;
        var ppm = FixedPoint.Divide(scaled, sensitivity, Rounding.Floor);
        return ppm > long.MaxValue ? long.MaxValue : (long)ppm;
    }

    /// <summary>One quantum per band edge a move may cross in a continuous schedule (its requirement steps by under one quantum there).</summary>
    private static long JumpSlack(PerpetualMarket market) =>
        market.Margin.IsContinuous ? market.Margin.Tiers.Length - 1 : 0;

    /// <summary>Relative moves (ppm, rounded down) that take the position's notional to the edges of its tier, for schedules that jump there.</summary>
    private static PriceBand TierEdges(PerpetualMarket market, Quantums notional)
    {
        var schedule = market.Margin;
        if (schedule.IsContinuous || notional.Value == 0)
        {
            return PriceBand.Unbounded;
        }

        var tiers = schedule.Tiers;
        var tier = schedule.TierIndexFor(notional);
        var up = tier == tiers.Length - 1 ? long.MaxValue : EdgePpm((Int128)tiers[tier].NotionalCap.Value - notional.Value, notional);
        var down = tier == 0 ? long.MaxValue : EdgePpm((Int128)notional.Value - tiers[tier - 1].NotionalCap.Value, notional);
        return new PriceBand(down, up);
    }

    private static long EdgePpm(Int128 distance, Quantums notional)
    {
        var nearest = distance - 2; // notional rounds up: keep two quantums of margin
        if (nearest <= 0)
        {
            return 0;
        }

        var ppm = FixedPoint.Divide(nearest <= long.MaxValue ? Math.BigMul((long)nearest, Ppm.OneValue) : nearest * Ppm.OneValue, notional.Value, Rounding.Floor);
        return ppm > long.MaxValue ? long.MaxValue : (long)ppm;
    }
}
