using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The backstop (DESIGN §5.6): the insurance fund takes a position at the bankruptcy price, which leaves the pool with
/// zero equity (a rounding remainder of its collateral goes with it). The fund pays that price from its balance and
/// holds the position, so its equity (<see cref="InsuranceFundEquity"/>: balance + holdings at the mark) moves by the
/// difference from the mark. It does so of its own accord only within its means (<see cref="TryTakeOver"/>): valued at
/// a stressed exit, not at the mark — at the mark a takeover at the bankruptcy price always looks like a gain, so a floor
/// measured there never binds. Forced, last, it takes whatever is left. What a takeover takes the fund's equity below
/// zero goes to the <see cref="SocializedLossStage"/>.
/// </summary>
internal sealed class BackstopStage(SocializedLossStage socializedLoss)
{
    /// <summary>Whether a pool goes to the backstop at once: equity negative, or health under <see cref="LiquidationParameters.BackstopHealth"/>.</summary>
    public static bool Applies(in MarginFigures pool, LiquidationParameters parameters) =>
        pool.Equity.IsNegative
        || (pool.MaintenanceRequirement.Value > 0 && (Int128)pool.Equity.Value * Ppm.OneValue < (Int128)pool.MaintenanceRequirement.Value * parameters.BackstopHealth.Value);

    /// <summary>
    /// The fund takes the whole <paramref name="position"/> at <paramref name="price"/> if it can within its means
    /// (docs/engine.md §7.2): its equity now is positive; after the takeover, with every holding valued at its stressed
    /// exit (<see cref="InsuranceFundEquity.Stressed"/>: the mark minus the slippage of unwinding it at once into the
    /// current depth), the depth absorbs all its inventory, its equity stays at or above
    /// <see cref="LiquidationParameters.InsuranceFundFloor"/> and its inventory within
    /// <see cref="LiquidationParameters.BackstopCapacity"/> × that equity; and its payouts stay within
    /// <see cref="LiquidationParameters.InsurancePayoutCapPerWindow"/>. Otherwise it declines
    /// (<see cref="BackstopDeclined"/>, with the figures) and returns false, and the waterfall moves on to deleveraging.
    /// </summary>
    public bool TryTakeOver(EngineState state, int slot, in PerpPosition position, Price price, BackstopReason why, List<EngineEvent> events)
    {
        var market = position.Market;
        var marketState = state.Markets[market.Value];
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market);
        var fundDelta = position.Size; // the fund's holding changes as the account's position was: long for a long
        var equityDelta = FundEquityDelta(marketState.Market, fundDelta, price, mark);
        var fund = parameters.InsuranceFund;
        var fundEquity = InsuranceFundEquity.Of(state, fund);
        var cost = marketState.Market.Scale.Value(fundDelta, price, Rounding.Ceiling).Value; // what it pays, rounded against it
        var stressed = InsuranceFundEquity.Stressed(state, fund, market.Value, fundDelta, cost);
        var inventoryCap = new Quantums(Math.Max(0, stressed.Equity)).Times(parameters.BackstopCapacity, Rounding.Floor);
        var paid = state.Liquidations.PaidInWindow(market.Value, marketState.WindowStartMs);
        var covers = fundEquity > 0
            && stressed.Unexited == 0
            && stressed.Equity >= parameters.InsuranceFundFloor.Value
            && stressed.Inventory <= inventoryCap.Value
            && (equityDelta >= 0 || paid - equityDelta <= parameters.InsurancePayoutCapPerWindow.Value);
        if (covers)
        {
            TakeOver(state, slot, market, Math.Abs(position.Size), price, forced: false, why, events);
            return true;
        }

        events.Add(new BackstopDeclined(
            state.Sequence, state.Accounts[slot].Id, market, new FundId(fund), new Quantums(-equityDelta), new Quantums(fundEquity), parameters.InsuranceFundFloor,
            new Quantums(paid), parameters.InsurancePayoutCapPerWindow, new Quantums(stressed.Equity), new Quantums(stressed.Inventory), inventoryCap, stressed.Unexited));
        return false;
    }

    /// <summary>The fund takes <paramref name="size"/> of the position at <paramref name="price"/>; <paramref name="forced"/> when nothing else could.</summary>
    public void TakeOver(EngineState state, int slot, MarketId marketId, long size, Price price, bool forced, BackstopReason why, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        account.TryGetPosition(marketId, out var position);
        var marketState = state.Markets[marketId.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var fund = parameters.InsuranceFund;
        var mark = state.Marks.Market(marketId);
        var equityBefore = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position).Equity;
        var accountDelta = position.Size > 0 ? -size : size;

        var quote = state.Venue.Quote.Id;
        var spotBefore = account.SpotBalance(quote);
        var accountCash = PositionLedger.ApplyFill(state, account, market, accountDelta, price, position.Mode);
        var holding = state.Liquidations.Holding(fund, marketId.Value);
        state.Liquidations.SetHolding(fund, marketId.Value, new FundHolding(checked(holding.Size - accountDelta), checked(holding.Cost + accountCash)));
        var residual = Residual(state, account, position, spotBefore);
        if (residual > 0)
        {
            account.SetSpotBalance(quote, checked(account.SpotBalance(quote) - residual));
        }

        var cash = checked(residual - accountCash); // the fund pays what the account receives and keeps the remainder
        var equityDelta = checked(cash + market.Scale.Value(checked(-accountDelta), mark, Rounding.Floor).Value);
        var balance = state.AddToInsuranceFund(fund, cash);
        if (equityDelta < 0)
        {
            state.Liquidations.AddPaid(marketId.Value, marketState.WindowStartMs, -equityDelta);
        }

        var equityAfter = InsuranceFundEquity.Of(state, fund);
        events.Add(new BackstopTakeover(state.Sequence, account.Id, marketId, new FundId(fund), -accountDelta, price, mark, equityBefore, new Quantums(equityDelta), new Quantums(equityAfter), forced, why));
        if (cash != 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, new FundId(fund), new Quantums(cash), new Quantums(balance), FundChangeReason.BackstopTakeover));
        }

        var newShortfall = Math.Min(Math.Max(0, -equityAfter), Math.Max(0, -equityDelta)); // only what this takeover took below zero
        if (newShortfall > 0)
        {
            socializedLoss.Charge(state, slot, marketId, fund, newShortfall, events);
        }
    }

    /// <summary>
    /// The fund's equity change at the mark when its holding changes by <paramref name="fundDelta"/> at
    /// <paramref name="price"/>: −(what it pays) + (the position's value at <paramref name="mark"/>). Both legs round
    /// down, as fills do; the payout cap is measured by it.
    /// </summary>
    private static long FundEquityDelta(PerpetualMarket market, long fundDelta, Price price, Price mark)
    {
        var paid = market.Scale.Value(fundDelta, price, Rounding.Floor).Value;
        var valueAtMark = market.Scale.Value(fundDelta, mark, Rounding.Floor).Value;
        return checked(valueAtMark - paid);
    }

    /// <summary>
    /// The collateral the fund takes with the position: the bankruptcy price rounds toward the mark, so a pool left
    /// without positions may keep a rounding remainder of equity; it goes to the fund (never more than the quote
    /// balance), so the fund never pays for a pool that was not below zero.
    /// </summary>
    private static long Residual(EngineState state, Account account, in PerpPosition taken, long spotBefore)
    {
        if (account.TryGetPosition(taken.Market, out _))
        {
            return 0;
        }

        var spot = account.SpotBalance(state.Venue.Quote.Id);
        long equity;
        if (taken.Mode == MarginMode.Isolated)
        {
            equity = checked(spot - spotBefore);
        }
        else
        {
            foreach (ref readonly var other in account.Positions)
            {
                if (other.Mode == MarginMode.Cross)
                {
                    return 0; // the pool still backs positions: the remainder stays with them
                }
            }

            equity = MarginCalculator.Cross(state.Venue, state.Marks, account).Equity.Value;
        }

        return Math.Max(0, Math.Min(equity, spot));
    }
}
