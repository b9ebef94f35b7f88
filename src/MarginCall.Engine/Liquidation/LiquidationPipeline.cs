using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Risk;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The liquidation pipeline (DESIGN §5.3–5.7). One <see cref="Step"/> is one window's worth of liquidation for an
/// account: on the first step the account enters InLiquidation and its resting orders are cancelled in every market;
/// then its positions, largest maintenance requirement first, are each sized (<see cref="LiquidationSizing"/>), bounded
/// (<see cref="FillablePrice"/>), executed immediate-or-cancel against the market's book, and charged the fee
/// (<see cref="LiquidationFee"/>). Only positions whose pool is under its liquidatable threshold or its exit level are
/// touched. What the book does not absorb inside the bound stays for the next step (the engine re-runs steps for
/// accounts in liquidation on every time advance and price move).
/// </summary>
/// <remarks>
/// Every fill goes through <see cref="TwoSidedFill"/>, as trades do: both sides through the position ledger, the 0 or 1
/// quantum of rounding between the two cash legs to the market's insurance fund.
/// The engine's own liquidations have no keeper: their whole fee goes to the insurance fund. A market whose oracle is
/// stale or paused is never liquidated; a market without <see cref="LiquidationParameters.AutoLiquidate"/> is liquidated only
/// at a keeper's request.
/// </remarks>
internal sealed class LiquidationPipeline
{
    private readonly List<Fill> fills = [];
    private readonly List<OrderId> cancelled = [];
    private readonly TouchedAccounts makers = new();
    private readonly LossWaterfall waterfall;
    private int[] marketOrder = new int[4];
    private long[] requirementOrder = new long[4];

    /// <summary>Creates the pipeline and its loss waterfall.</summary>
    public LiquidationPipeline()
    {
        waterfall = new LossWaterfall(makers);
    }

    /// <summary>The loss waterfall the pipeline escalates to.</summary>
    public LossWaterfall Waterfall => waterfall;

    /// <summary>Slots of the accounts the last step traded with (makers, deleveraged and charged accounts), in first-touch order (the engine re-examines them).</summary>
    public TouchedAccounts TouchedMakers => makers;

    /// <summary>Whether the engine should liquidate by itself now: some position sits in a market that allows it, is not paused and has a fresh oracle.</summary>
    public bool ShouldAutoLiquidate(EngineState state, int slot)
    {
        foreach (ref readonly var position in state.Accounts[slot].Positions)
        {
            var market = state.Markets[position.Market.Value];
            if (market.Parameters.AutoLiquidate && !market.IsHalted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a keeper could liquidate anything now: some position sits in a market that is not paused and has a fresh oracle.</summary>
    public bool HasLiveMarket(EngineState state, int slot)
    {
        foreach (ref readonly var position in state.Accounts[slot].Positions)
        {
            if (!state.Markets[position.Market.Value].IsHalted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some position of the account sits in a paused market.</summary>
    public bool HasPausedMarket(EngineState state, int slot)
    {
        foreach (ref readonly var position in state.Accounts[slot].Positions)
        {
            if (state.Markets[position.Market.Value].Status == Markets.MarketStatus.Paused)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The insurance funds unwind their holdings into the books (<see cref="FundUnwindStage.UnwindHoldings"/>); the
    /// makers and charged holders are left in <see cref="TouchedMakers"/> for the engine to re-examine.
    /// </summary>
    public void UnwindFunds(EngineState state, List<EngineEvent> events)
    {
        makers.Clear();
        waterfall.UnwindFundHoldings(state, events);
    }

    /// <summary>Runs one liquidation step for the account in <paramref name="slot"/>; <paramref name="keeper"/> null = the engine itself.</summary>
    public void Step(EngineState state, int slot, string? keeper, List<EngineEvent> events)
    {
        makers.Clear();
        var account = state.Accounts[slot];
        Enter(state, slot, events);
        RollAccountWindow(state, slot);
        var count = OrderByRequirement(state, account);
        for (var i = 0; i < count; i++)
        {
            var market = new MarketId(marketOrder[i]);
            if (account.TryGetPosition(market, out var position))
            {
                LiquidatePosition(state, slot, position, keeper, events);
            }
        }
    }

    /// <summary>First step: Liquidatable → InLiquidation, and every resting order of the account is cancelled.</summary>
    private void Enter(EngineState state, int slot, List<EngineEvent> events)
    {
        ref var risk = ref state.Accounts.Risk(slot);
        if (risk.State == LiquidationState.InLiquidation)
        {
            return;
        }

        var account = state.Accounts[slot];
        foreach (var market in state.Markets)
        {
            cancelled.Clear();
            if (market.Book.CancelAll(account.Id, cancelled) > 0)
            {
                events.Add(new OrdersCancelled(state.Sequence, market.Market.Id, account.Id, Ids(cancelled), CancelReason.AccountEnteredLiquidation));
            }
        }

        if (risk.State == LiquidationState.Liquidatable)
        {
            var view = RiskEvaluator.Evaluate(state.Venue, state.Marks, account, state.Thresholds);
            risk.State = LiquidationState.InLiquidation;
            events.Add(new LiquidationStateChanged(state.Sequence, account.Id, LiquidationState.Liquidatable, LiquidationState.InLiquidation, view.Health));
        }
    }

    /// <summary>Starts a new account window when the current one (the shortest window of the account's markets) is over.</summary>
    private static void RollAccountWindow(EngineState state, int slot)
    {
        var windowMs = long.MaxValue;
        foreach (ref readonly var position in state.Accounts[slot].Positions)
        {
            windowMs = Math.Min(windowMs, state.Markets[position.Market.Value].Parameters.WindowMs);
        }

        ref var risk = ref state.Accounts.Risk(slot);
        if (state.Now - risk.WindowStartMs >= windowMs || risk.WindowStartMs > state.Now)
        {
            risk.WindowStartMs = state.Now;
            risk.WindowNotional = 0;
        }
    }

    /// <summary>Fills <see cref="marketOrder"/> with the account's markets, largest maintenance requirement first (ties: market id).</summary>
    private int OrderByRequirement(EngineState state, Account account)
    {
        var positions = account.Positions;
        if (marketOrder.Length < positions.Length)
        {
            marketOrder = new int[positions.Length];
            requirementOrder = new long[positions.Length];
        }

        for (var i = 0; i < positions.Length; i++)
        {
            var market = state.Venue.Market(positions[i].Market);
            var requirement = PositionMath.Figures(market, positions[i], state.Marks.Market(market.Id), state.Marks.FundingIndex(market.Id)).MaintenanceRequirement.Value;
            var j = i;
            while (j > 0 && requirementOrder[j - 1] < requirement)
            {
                marketOrder[j] = marketOrder[j - 1];
                requirementOrder[j] = requirementOrder[j - 1];
                j--;
            }

            marketOrder[j] = positions[i].Market.Value;
            requirementOrder[j] = requirement;
        }

        return positions.Length;
    }

    private void LiquidatePosition(EngineState state, int slot, PerpPosition position, string? keeper, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        var marketState = state.Markets[position.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market.Id);
        var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);
        if (!Needs(pool, state.Thresholds) && state.Liquidations.LotOf(slot, market.Id.Value) is null)
        {
            return;
        }

        if (!marketState.IsHalted && (keeper is not null || parameters.AutoLiquidate) && state.Liquidations.LotOf(slot, market.Id.Value) is { } lot)
        {
            waterfall.ManageLot(state, lot, events);
            return;
        }

        var own = PositionMath.Figures(market, position, mark, state.Marks.FundingIndex(market.Id));
        var bankruptcy = PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position);
        var rating = FillablePrice.AdjustedBankruptcyRating(pool.Equity, pool.MaintenanceRequirement, parameters.BankruptcyAdjustment);
        var fillable = FillablePrice.Unclamped(market, position.Size, mark, own.MaintenanceRequirement, rating, parameters.SpreadToMaintenanceRatio);
        var bound = FillablePrice.Clamp(market, position.Size, fillable, bankruptcy);
        var decision = Size(state, slot, position, pool, bound, keeper);

        fills.Clear();
        cancelled.Clear();
        var side = position.Size > 0 ? Side.Sell : Side.Buy;
        DepthSweep sweep = default;
        if (decision.Size > 0 && bound is { } limit)
        {
            sweep = marketState.Book.Sweep(side, decision.Size, limit);
            marketState.Book.MatchImmediateOrCancel(account.Id, side, decision.Size, limit, fills, cancelled);
        }

        if (cancelled.Count > 0)
        {
            events.Add(new OrdersCancelled(state.Sequence, market.Id, account.Id, Ids(cancelled), CancelReason.SelfTradePrevention));
        }

        var quote = state.Venue.Quote.Id;
        var spotBefore = account.SpotBalance(quote);
        var execution = ApplyFills(state, account, market, position.Mode, side);
        var equityAfterFills = PoolEquity(state, account, position, spotBefore);
        ref var risk = ref state.Accounts.Risk(slot);
        var inputs = new FeeInputs(
            execution.Notional,
            pool.Health,
            state.Now - risk.LiquidationStartMs,
            state.ExecutionCost,
            LiquidationFee.ExpectedSlippage(market, sweep, mark, side),
            LiquidationFee.Volatility(market, execution.Filled, mark, parameters.VolatilityPerWindow),
            equityAfterFills);
        var fundCanPay = keeper is null ? Quantums.Zero : InsuranceFundEquity.Payable(state, parameters.InsuranceFund, parameters.InsuranceFundFloor);
        var fee = LiquidationFee.Compute(parameters, inputs, keeper is not null, fundCanPay);
        ChargeFee(state, account, market.Id, fee.Fee);

        risk.WindowNotional = checked(risk.WindowNotional + execution.Notional.Value);
        marketState.WindowLiquidatedNotional += execution.Notional;
        if (execution.Filled > 0)
        {
            state.Liquidations.AddClosed(slot, market.Id.Value, risk.WindowStartMs, execution.Filled);
        }

        var (equityAfter, healthAfter) = PoolAfter(state, account, position, spotBefore);
        events.Add(new LiquidationStep(
            state.Sequence, account.Id, market.Id, keeper, mark, marketState.Oracle, pool.Health, healthAfter, pool.Equity, equityAfter,
            position.Size, decision, rating, fillable, bound, bankruptcy, execution.Fills, execution.Filled, execution.Notional, fee));
        Pay(state, parameters.InsuranceFund, keeper, execution.Dust, fee, events);
        if (decision.Rule != SizingRule.MarketHalted)
        {
            waterfall.AfterBook(state, slot, market.Id, decision.Size, decision.Size - execution.Filled, keeper, events);
        }
    }

    /// <summary>The sizing stage: closed-form target, then window limits, critical bypass and dust.</summary>
    private static SizingDecision Size(EngineState state, int slot, in PerpPosition position, in MarginFigures pool, Price? bound, string? keeper)
    {
        var marketState = state.Markets[position.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var whole = Math.Abs(position.Size);
        if (marketState.IsHalted || (keeper is null && !parameters.AutoLiquidate))
        {
            return new SizingDecision(0, 0, SizingRule.MarketHalted);
        }

        var mark = state.Marks.Market(market.Id);
        var (target, reachable) = Target(state, position, pool, bound);
        var critical = pool.Health is { } health && health < parameters.CriticalHealth;

        ref var risk = ref state.Accounts.Risk(slot);
        var closed = state.Liquidations.ClosedInWindow(slot, market.Id.Value, risk.WindowStartMs);
        var portion = FixedPoint.MultiplyDivide(checked(whole + closed), parameters.MaxPositionPortionPerWindow.Value, Ppm.OneValue, Rounding.Floor);
        portion -= portion % market.StepSize;
        var portionAllowed = closed == 0 ? Math.Max(portion, market.StepSize) : Math.Max(portion - closed, 0);

        // Notional limits convert to size at the highest price a fill can have: the best bid for a long being sold
        // (makers fill at their price), the bound for a short being bought.
        var highest = position.Size > 0
            ? new Price(Math.Max(mark.Units, marketState.Book.BestBid?.Units ?? mark.Units))
            : new Price(Math.Max(mark.Units, bound?.Units ?? mark.Units));
        var accountLeft = new Quantums(parameters.MaxAccountNotionalPerWindow.Value - risk.WindowNotional);
        var marketLeft = parameters.MarketCapacityPerWindow - marketState.WindowLiquidatedNotional;
        var limits = new SizingLimits(
            portionAllowed,
            LiquidationSizing.SizeForNotional(market, accountLeft, highest),
            LiquidationSizing.SizeForNotional(market, marketLeft, highest),
            parameters.MinimumNotional);
        return LiquidationSizing.Decide(market, position.Size, mark, target, reachable, critical, limits);
    }

    /// <summary>
    /// The closed-form target, first with every unit at the bound (an upper bound on the size), then at the average price
    /// the book would give that size (<see cref="DepthSweep.AveragePrice"/>, rounded against the account). A smaller
    /// size fills only the better levels of the same sweep, so its own average is at least as good and the second size
    /// still restores the targets when executed.
    /// </summary>
    private static (long Size, bool Reachable) Target(EngineState state, in PerpPosition position, in MarginFigures pool, Price? bound)
    {
        var whole = Math.Abs(position.Size);
        if (bound is not { } limit)
        {
            return (whole, false);
        }

        var marketState = state.Markets[position.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market.Id);
        var fundingIndex = state.Marks.FundingIndex(market.Id);
        var targets = new SizingTargets(parameters.TargetHealth, new Ppm(Ppm.OneValue + state.Thresholds.ExitBuffer.Value), state.Thresholds.ExpectedFeeRate);
        var (upper, reachable) = LiquidationSizing.TargetSize(market, position, pool, mark, fundingIndex, limit, parameters.MaxFeeRate, targets);
        if (upper == 0)
        {
            return (0, true);
        }

        var side = position.Size > 0 ? Side.Sell : Side.Buy;
        var sweep = marketState.Book.Sweep(side, upper, limit);
        if (sweep.AveragePrice(side == Side.Sell ? Rounding.Floor : Rounding.Ceiling) is not { } expected)
        {
            return (upper, reachable);
        }

        var (size, expectedReachable) = LiquidationSizing.TargetSize(market, position, pool, mark, fundingIndex, expected, parameters.MaxFeeRate, targets);
        return (Math.Min(size, upper), expectedReachable || reachable);
    }

    /// <summary>Applies each fill to the account and its maker through the ledger; collects the makers touched.</summary>
    private Execution ApplyFills(EngineState state, Account account, PerpetualMarket market, MarginMode mode, Side side)
    {
        if (fills.Count == 0)
        {
            return new Execution(0, Quantums.Zero, 0, []);
        }

        var applied = new LiquidationFill[fills.Count];
        long filled = 0, dust = 0;
        var notional = Quantums.Zero;
        for (var i = 0; i < fills.Count; i++)
        {
            var fill = fills[i];
            var makerSlot = state.Accounts.SlotOf(fill.Maker);
            var maker = state.Accounts[makerSlot];
            var makerMode = maker.TryGetPosition(market.Id, out var open) ? open.Mode : MarginMode.Cross;
            var delta = side == Side.Sell ? -fill.Size : fill.Size;
            dust = checked(dust + TwoSidedFill.Apply(state, market, delta, fill.Price, account, mode, maker, makerMode));
            filled = checked(filled + fill.Size);
            notional += market.Scale.Notional(fill.Size, fill.Price);
            applied[i] = new LiquidationFill(fill.MakerOrder, fill.Maker, fill.Price, fill.Size);
            makers.Add(makerSlot);
        }

        return new Execution(filled, notional, dust, applied);
    }

    /// <summary>
    /// The pool's equity after the fills: the pool's figures while the position is open; once an isolated position has
    /// closed, what it returned to the cross balance; once a cross position has closed, the cross pool.
    /// </summary>
    private static Quantums PoolEquity(EngineState state, Account account, in PerpPosition before, long spotBefore) =>
        PoolAfter(state, account, before, spotBefore).Equity;

    private static (Quantums Equity, Ppm? Health) PoolAfter(EngineState state, Account account, in PerpPosition before, long spotBefore)
    {
        if (account.TryGetPosition(before.Market, out var position))
        {
            var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);
            return (pool.Equity, pool.Health);
        }

        if (before.Mode == MarginMode.Isolated)
        {
            return (new Quantums(checked(account.SpotBalance(state.Venue.Quote.Id) - spotBefore)), null);
        }

        var cross = MarginCalculator.Cross(state.Venue, state.Marks, account);
        return (cross.Equity, cross.Health);
    }

    /// <summary>Debits the fee from the position's quote balance, or from the quote balance once the position has closed.</summary>
    private static void ChargeFee(EngineState state, Account account, MarketId market, Quantums fee)
    {
        if (fee.Value == 0)
        {
            return;
        }

        if (account.TryGetPosition(market, out var position))
        {
            account.SetPosition(position with { QuoteBalance = checked(position.QuoteBalance - fee.Value) });
            return;
        }

        var quote = state.Venue.Quote.Id;
        account.SetSpotBalance(quote, checked(account.SpotBalance(quote) - fee.Value));
    }

    private static void Pay(EngineState state, int fund, string? keeper, long dust, in FeeBreakdown fee, List<EngineEvent> events)
    {
        TwoSidedFill.DustToFund(state, fund, dust, FundChangeReason.LiquidationFillRounding, events);
        if (keeper is not null && fee.KeeperShare.Value > 0)
        {
            state.RewardKeeper(keeper, fee.KeeperShare.Value);
        }

        var toFund = fee.InsuranceShare - fee.KeeperTopUp; // the fund tops up a keeper's floor the capped fee could not pay
        if (toFund.Value != 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, new FundId(fund), toFund, new Quantums(state.AddToInsuranceFund(fund, toFund.Value)), FundChangeReason.LiquidationFee));
        }
    }

    /// <summary>Whether a pool is under its liquidatable threshold or its exit level (the hysteresis band of InLiquidation).</summary>
    internal static bool Needs(in MarginFigures pool, RiskThresholds thresholds) =>
        pool.MaintenanceRequirement.Value > 0
        && (pool.Equity < RiskEvaluator.LiquidationThreshold(pool, thresholds)
            || (Int128)pool.Equity.Value * Ppm.OneValue < (Int128)pool.MaintenanceRequirement.Value * (Ppm.OneValue + thresholds.ExitBuffer.Value));

    private static OrderId[] Ids(List<OrderId> ids) => [.. ids];

    private readonly record struct Execution(long Filled, Quantums Notional, long Dust, LiquidationFill[] Fills);
}
