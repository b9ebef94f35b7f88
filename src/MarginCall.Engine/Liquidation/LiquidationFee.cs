using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The dynamic liquidation fee floor (DESIGN §5.7): fee = min(cap, max(floor, dynamic)), all in quote quantums on the
/// notional a step filled.
/// <list type="bullet">
/// <item>dynamic = ceil(notional × rate), rate = BaseFeeRate + FeeRatePerHealthDeficit × max(0, 1 − health)
/// + FeeRatePerMinute × minutes in liquidation (health before the step; the rate's ppm rounds up). It grows as health
/// falls and with time, like Drift's time-escalating fee and Aave's health-scaled bonus.</item>
/// <item>floor = max(cost + MinimumReward, ceil(cost × (1 + MinimumProfit))), cost = execution cost feed + expected
/// slippage + volatility allowance: the Synthetix v3 idea of a keeper reward that always covers its costs. Expected
/// slippage = the adverse part of Σ book price × size − mark × size, × u, rounded up, over what the current depth would fill (a
/// <see cref="LimitOrderBook.Sweep(Side, long, Price)"/> before execution); volatility = ceil(VolatilityPerWindow ×
/// notional at the mark).</item>
/// <item>cap = min(floor(MaxFeeRate × notional), max(0, pool equity after the fills)): the equity above bankruptcy, so a
/// fee never creates bad debt (never pushes the pool below zero).</item>
/// </list>
/// Rounding: dynamic and floor round up (fees are owed by the account), the cap rounds down, and the min with the cap
/// comes last, so the fee rounds up but never beyond the cap. The keeper's share rounds down (a payout), but a keeper is
/// paid up to the floor: max(its share, min(fee, floor)) from the fee, and the rest of the floor (when the cap cut the
/// fee below it) from the insurance fund — but only out of what the fund can pay (its cash and equity above its floor,
/// <see cref="InsuranceFundEquity.Payable"/>), so a top-up never makes a fund negative behind the bad-debt path's back;
/// the keeper then gets less than the floor, and the breakdown shows it (<see cref="FeeBreakdown.KeeperShare"/> under
/// <see cref="FeeBreakdown.Floor"/>). The fund takes what is left of the fee, so the split loses nothing. Without a
/// keeper (the engine's own liquidation) the insurance fund takes the whole fee.
/// </summary>
public static class LiquidationFee
{
    private const long MillisecondsPerMinute = 60_000;

    /// <summary>Computes the fee and its split for a fund that can pay a keeper's whole floor (what a keeper assumes before the step).</summary>
    public static FeeBreakdown Compute(LiquidationParameters parameters, in FeeInputs inputs, bool hasKeeper) =>
        Compute(parameters, inputs, hasKeeper, new Quantums(long.MaxValue));

    /// <summary>
    /// Computes the fee and its split; the insurance fund tops a keeper up by at most <paramref name="fundCanPay"/>
    /// (quote quantums, not negative: <see cref="InsuranceFundEquity.Payable"/>).
    /// </summary>
    public static FeeBreakdown Compute(LiquidationParameters parameters, in FeeInputs inputs, bool hasKeeper, Quantums fundCanPay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fundCanPay.Value);
        var cost = inputs.ExecutionCost + inputs.ExpectedSlippage + inputs.Volatility;
        if (inputs.Notional.Value <= 0)
        {
            return new FeeBreakdown(Ppm.Zero, Quantums.Zero, cost, inputs.ExpectedSlippage, inputs.Volatility, Quantums.Zero, Quantums.Zero, FeeRule.None, Quantums.Zero, Quantums.Zero, Quantums.Zero, Quantums.Zero);
        }

        var rate = DynamicRate(parameters, inputs.Health, inputs.ElapsedMs);
        var dynamic = new Quantums(FixedPoint.Narrow(FixedPoint.Divide((Int128)inputs.Notional.Value * rate.Value, Ppm.OneValue, Rounding.Ceiling)));
        var withReward = cost + parameters.MinimumReward;
        var withProfit = cost.Times(new Ppm(checked(Ppm.OneValue + parameters.MinimumProfit.Value)), Rounding.Ceiling);
        var floor = Quantums.Max(withReward, withProfit);
        var rateCap = inputs.Notional.Times(parameters.MaxFeeRate, Rounding.Floor);
        var cap = Quantums.Max(Quantums.Min(rateCap, inputs.EquityAfterFills), Quantums.Zero);

        var wanted = Quantums.Max(floor, dynamic);
        var applied = cap < wanted ? FeeRule.Cap : floor > dynamic ? FeeRule.Floor : FeeRule.Dynamic;
        var fee = Quantums.Min(cap, wanted);
        // A keeper is paid at least the floor: first from the fee (its share, or as much of the fee as the floor needs), and
        // what a capped fee cannot pay is topped up by the insurance fund, so every keeper-executed step covers its cost
        // plus the minimum reward (DESIGN §5.7) without the account paying beyond its cap — as far as the fund can pay.
        var fromFee = hasKeeper ? Quantums.Max(fee.Times(parameters.KeeperShare, Rounding.Floor), Quantums.Min(fee, floor)) : Quantums.Zero;
        var topUp = hasKeeper ? Quantums.Min(Quantums.Max(floor - fromFee, Quantums.Zero), fundCanPay) : Quantums.Zero;
        return new FeeBreakdown(rate, dynamic, cost, inputs.ExpectedSlippage, inputs.Volatility, floor, cap, applied, fee, fromFee + topUp, fee - fromFee, topUp);
    }

    /// <summary>BaseFeeRate + PerHealthDeficit × max(0, 1 − health) + PerMinute × elapsed minutes, ppm rounded up.</summary>
    public static Ppm DynamicRate(LiquidationParameters parameters, Ppm? health, long elapsedMs)
    {
        var deficit = health is { } h ? Math.Max(0, Ppm.OneValue - h.Value) : 0;
        var byHealth = FixedPoint.Divide((Int128)parameters.FeeRatePerHealthDeficit.Value * deficit, Ppm.OneValue, Rounding.Ceiling);
        var byTime = FixedPoint.Divide((Int128)parameters.FeeRatePerMinute.Value * Math.Max(0, elapsedMs), MillisecondsPerMinute, Rounding.Ceiling);
        return new Ppm(FixedPoint.Narrow(parameters.BaseFeeRate.Value + byHealth + byTime));
    }

    /// <summary>
    /// ceil(max(0, mark × size − Σ price × size) × u) for a sell, ceil(max(0, Σ price × size − mark × size) × u) for a
    /// buy, over what the depth would fill: the slippage a taker of that size pays against the mark. Only the adverse
    /// part is a cost: levels better than the mark (bids above it, asks under it, left behind by a falling or rising
    /// price) are a gain to the taker, and counting them as cost (the absolute difference, as this was until the
    /// keeper-only crash of docs/engine.md §5 showed fund-paid keeper floors of 10% of notional for fills 3.5% above
    /// the mark) would pay keepers and discount the fund's exit for a price improvement.
    /// </summary>
    public static Quantums ExpectedSlippage(PerpetualMarket market, in DepthSweep sweep, Price mark, Side side)
    {
        var atMark = (Int128)mark.Units * sweep.Size;
        var adverse = side == Side.Sell ? atMark - sweep.PriceTimesSize : sweep.PriceTimesSize - atMark;
        return new Quantums(FixedPoint.Narrow(FixedPoint.Scale(Int128.Max(adverse, 0), market.Scale.Exponent, Rounding.Ceiling)));
    }

    /// <summary>ceil(VolatilityPerWindow × |size| × mark × u): the adverse move a keeper carries for one window.</summary>
    public static Quantums Volatility(PerpetualMarket market, long size, Price mark, Ppm volatilityPerWindow) =>
        market.Scale.Notional(size, mark).Times(volatilityPerWindow, Rounding.Ceiling);
}

/// <summary>What the fee of one step is computed from.</summary>
/// <param name="Notional">Σ |fill size × fill price| of the step, quote quantums (each fill's notional rounded up).</param>
/// <param name="Health">The pool's health before the step.</param>
/// <param name="ElapsedMs">Time since the account became liquidatable, engine milliseconds.</param>
/// <param name="ExecutionCost">The execution-cost feed.</param>
/// <param name="ExpectedSlippage">Slippage the depth implied for the filled size.</param>
/// <param name="Volatility">The volatility allowance for the filled size.</param>
/// <param name="EquityAfterFills">The pool's equity after the fills, before the fee (the equity above bankruptcy).</param>
public readonly record struct FeeInputs(
    Quantums Notional,
    Ppm? Health,
    long ElapsedMs,
    Quantums ExecutionCost,
    Quantums ExpectedSlippage,
    Quantums Volatility,
    Quantums EquityAfterFills);

/// <summary>Every term of a step's fee.</summary>
/// <param name="DynamicRate">The dynamic rate, ppm of notional.</param>
/// <param name="Dynamic">ceil(notional × dynamic rate).</param>
/// <param name="Cost">Execution cost + expected slippage + volatility allowance.</param>
/// <param name="ExpectedSlippage">The slippage part of the cost.</param>
/// <param name="Volatility">The volatility part of the cost.</param>
/// <param name="Floor">max(cost + minimum reward, cost × (1 + minimum profit)).</param>
/// <param name="Cap">min(max rate × notional, equity above bankruptcy).</param>
/// <param name="Applied">Which term decided the fee.</param>
/// <param name="Fee">min(cap, max(floor, dynamic)), charged to the pool.</param>
/// <param name="KeeperShare">Paid to the keeper in all: at least <paramref name="Floor"/> when a keeper executed the step and the insurance fund could pay its top-up; less (by what the fund could not pay) when it could not; zero without a keeper.</param>
/// <param name="InsuranceShare">What the market's insurance fund gets of the fee (the rest of it).</param>
/// <param name="KeeperTopUp">The part of <paramref name="KeeperShare"/> the insurance fund pays because the capped fee could not: floor − what the fee paid, at most what the fund can pay (<see cref="InsuranceFundEquity.Payable"/>).</param>
public readonly record struct FeeBreakdown(
    Ppm DynamicRate,
    Quantums Dynamic,
    Quantums Cost,
    Quantums ExpectedSlippage,
    Quantums Volatility,
    Quantums Floor,
    Quantums Cap,
    FeeRule Applied,
    Quantums Fee,
    Quantums KeeperShare,
    Quantums InsuranceShare,
    Quantums KeeperTopUp);
