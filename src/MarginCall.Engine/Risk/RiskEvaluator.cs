using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;

namespace MarginCall.Engine.Risk;

/// <summary>
/// Evaluates an account against the <see cref="RiskThresholds"/> and computes its buffer for the candidate index.
/// <para>
/// Buffer (DESIGN §4). Every threshold is g = equity − α × maintenance − β × notional with α ≤ α_max =
/// max(warning, 1 + exit buffer) and β ≤ expected fee rate. For a relative move r_k of price k, a position's value moves
/// by exactly notional × r_k and its requirement by at most m_max × notional × |r_k| while its notional stays within
/// its tier (m_max: the highest maintenance rate of the schedule), so |Δg| ≤ Σ_k S_k × |r_k| ≤ S × max_k |r_k| with
/// S = Σ notional × (1 + α_max × m_max + β) over positions and |value| × (1 + α_max × haircut) over spot balances.
/// The pool therefore cannot cross a threshold while every price stays within r = (d − slack) / S of where it was
/// evaluated, d being the distance to the nearest threshold and slack the rounding of the figures (a few quantums per
/// term). The buffer is also capped at the relative distance to each position's nearest tier edge, so schedules with
/// jumps stay sound. All bounds round toward a smaller buffer.
/// </para>
/// </summary>
public static class RiskEvaluator
{
    /// <summary>The account's standing and buffer at <paramref name="prices"/>.</summary>
    public static AccountRiskView Evaluate(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds)
    {
        var cross = MarginCalculator.Cross(venue, prices, account);
        var worst = cross;
        var state = Judge(cross, thresholds);
        var buffer = CrossBuffer(venue, prices, account, thresholds, cross);
        foreach (ref readonly var position in account.Positions)
        {
            if (position.Mode != MarginMode.Isolated)
            {
                continue;
            }

            var pool = MarginCalculator.Isolated(venue, prices, position);
            var judged = Judge(pool, thresholds);
            state = (state.Bankrupt || judged.Bankrupt, state.Liquidatable || judged.Liquidatable, state.BelowWarning || judged.BelowWarning, state.Exit && judged.Exit);
            if (IsWorse(pool, worst))
            {
                worst = pool;
            }

            var market = venue.Market(position.Market);
            var notional = PositionMath.Notional(market, position.Size, prices.Market(position.Market));
            var sensitivity = PositionSensitivity(market, notional, thresholds);
            buffer = Math.Min(buffer, Buffer(Distance(pool, thresholds), sensitivity, terms: 3));
            buffer = Math.Min(buffer, TierEdgeBuffer(market, notional));
        }

        return new AccountRiskView(worst, state.Bankrupt, state.Liquidatable, state.BelowWarning, state.Exit, buffer);
    }

    /// <summary>Liquidation threshold of a pool: maintenance + ceil(notional × expected fee rate).</summary>
    public static Quantums LiquidationThreshold(in MarginFigures pool, RiskThresholds thresholds) =>
        pool.MaintenanceRequirement + pool.Notional.Times(thresholds.ExpectedFeeRate, Rounding.Ceiling);

    private static (bool Bankrupt, bool Liquidatable, bool BelowWarning, bool Exit) Judge(in MarginFigures pool, RiskThresholds thresholds)
    {
        var equity = (Int128)pool.Equity.Value;
        var requirement = (Int128)pool.MaintenanceRequirement.Value;
        return (
            pool.Equity.IsNegative,
            pool.Equity < LiquidationThreshold(pool, thresholds),
            equity * Ppm.OneValue < requirement * thresholds.WarningHealth.Value,
            equity * Ppm.OneValue >= requirement * (Ppm.OneValue + thresholds.ExitBuffer.Value));
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

        return (Int128)candidate.Equity.Value * current.MaintenanceRequirement.Value
            < (Int128)current.Equity.Value * candidate.MaintenanceRequirement.Value;
    }

    /// <summary>Distance d in quantums from the pool's figures to its nearest threshold (0 when on one).</summary>
    private static Int128 Distance(in MarginFigures pool, RiskThresholds thresholds)
    {
        var equity = (Int128)pool.Equity.Value;
        var requirement = (Int128)pool.MaintenanceRequirement.Value;
        var distance = Int128.Abs(equity);
        distance = Int128.Min(distance, Int128.Abs(equity - LiquidationThreshold(pool, thresholds).Value));
        distance = Int128.Min(distance, Int128.Abs((equity * Ppm.OneValue) - (requirement * thresholds.WarningHealth.Value)) / Ppm.OneValue);
        distance = Int128.Min(distance, Int128.Abs((equity * Ppm.OneValue) - (requirement * (Ppm.OneValue + thresholds.ExitBuffer.Value))) / Ppm.OneValue);
        return distance;
    }

    private static long CrossBuffer(Venue venue, PriceSet prices, Account account, RiskThresholds thresholds, in MarginFigures cross)
    {
        Int128 sensitivity = 0;
        var terms = 2;
        var edgeBuffer = long.MaxValue;
        foreach (ref readonly var position in account.Positions)
        {
            if (position.Mode == MarginMode.Cross)
            {
                var market = venue.Market(position.Market);
                var price = prices.Market(position.Market);
                var notional = PositionMath.Notional(market, position.Size, price); // once for both bounds
                sensitivity += PositionSensitivity(market, notional, thresholds);
                edgeBuffer = Math.Min(edgeBuffer, TierEdgeBuffer(market, notional));
                terms += 3;
            }
        }

        foreach (var spot in account.SpotBalances)
        {
            if (spot.Asset == venue.Quote.Id)
            {
                terms++;
                continue; // the quote asset's price never moves
            }

            var asset = venue.Asset(spot.Asset);
            var magnitude = (Int128)venue.AssetScale(spot.Asset).Notional(spot.Balance, prices.Asset(spot.Asset)).Value + 1;
            var haircut = spot.Balance > 0 ? Ppm.OneValue - asset.MaintenanceDepositWeight.Value : asset.MaintenanceBorrowWeight.Value - Ppm.OneValue;
            haircut = Math.Max(haircut, spot.Balance > 0 ? Ppm.OneValue - asset.InitialDepositWeight.Value : asset.InitialBorrowWeight.Value - Ppm.OneValue);
            sensitivity += Scaled(magnitude, Ppm.OneValue + (Int128)thresholds.MaxRequirementMultiplierPpm * haircut / Ppm.OneValue + 1);
            terms += 3;
        }

        return Math.Min(Buffer(Distance(cross, thresholds), sensitivity, terms), edgeBuffer);
    }

    /// <summary>S for one position: (notional + 1) × (1 + α_max × m_max + β), rounded up.</summary>
    private static Int128 PositionSensitivity(PerpetualMarket market, Quantums positionNotional, RiskThresholds thresholds)
    {
        var tiers = market.Margin.Tiers;
        var maxRate = tiers[^1].MaintenanceRate.Value; // rates never fall from tier to tier
        var notional = (Int128)positionNotional.Value + 1;
        var multiplier = Ppm.OneValue
            + FixedPoint.Divide((Int128)thresholds.MaxRequirementMultiplierPpm * maxRate, Ppm.OneValue, Rounding.Ceiling)
            + thresholds.ExpectedFeeRate.Value;
        return Scaled(notional, multiplier);
    }

    private static Int128 Scaled(Int128 amount, Int128 multiplierPpm) =>
        FixedPoint.Divide(amount * multiplierPpm, Ppm.OneValue, Rounding.Ceiling);

    /// <summary>floor((d − slack) / S) in ppm; 0 when the pool is within rounding of a threshold.</summary>
    private static long Buffer(Int128 distance, Int128 sensitivity, int terms)
    {
        // First: a pool no price moves (S = 0, e.g. the empty cross pool of an account whose positions are all
        // isolated) cannot cross a threshold on a price move, however close to one it sits; a zero buffer would put
        // it on every move's candidate list.
        if (sensitivity <= 0)
        {
            return long.MaxValue;
        }

        var usable = distance - (4 * terms);
        if (usable <= 0)
        {
            return 0;
        }

        var ppm = FixedPoint.Divide(usable * Ppm.OneValue, sensitivity, Rounding.Floor);
        return ppm > long.MaxValue ? long.MaxValue : (long)ppm;
    }

    /// <summary>Relative move (ppm, rounded down) that takes the position's notional to the edge of its tier.</summary>
    private static long TierEdgeBuffer(PerpetualMarket market, Quantums notional)
    {
        var schedule = market.Margin;
        if (schedule.Tiers.Length == 1)
        {
            return long.MaxValue;
        }

        if (notional.Value == 0)
        {
            return long.MaxValue;
        }

        var tier = schedule.TierIndexFor(notional);
        var up = (Int128)schedule.Tiers[tier].NotionalCap.Value - notional.Value;
        var down = tier == 0 ? Int128.MaxValue : (Int128)notional.Value - schedule.Tiers[tier - 1].NotionalCap.Value;
        var nearest = Int128.Min(up, down) - 2; // notional rounds up: keep two quantums of margin
        if (nearest <= 0)
        {
            return 0;
        }

        var ppm = FixedPoint.Divide(nearest * Ppm.OneValue, notional.Value, Rounding.Floor);
        return ppm > long.MaxValue ? long.MaxValue : (long)ppm;
    }
}
