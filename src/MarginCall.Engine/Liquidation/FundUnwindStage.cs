using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The fund unwind (DESIGN §5.6: "the fund unwinds at a pace the book's refill can absorb"): the insurance funds sell
/// (buy back) the positions the backstop took into the books, once per window, at most a portion of the holding, a share
/// of the touch and (after the first) what the book refilled since, within a slippage limit.
/// A realized loss that leaves a fund's equity below zero goes to the <see cref="SocializedLossStage"/>.
/// </summary>
internal sealed class FundUnwindStage(TouchedAccounts touched, SocializedLossStage socializedLoss)
{
    private readonly List<Fill> fills = [];
    private readonly List<OrderId> selfTrades = [];

    /// <summary>
    /// The funds sell (buy back) the positions they hold into the books, on each time advance in (fund, market) order and
    /// at most once per window of the market: immediate-or-cancel within mark × (1 ∓
    /// <see cref="LiquidationParameters.FundUnwindMaxSlippage"/>) (the limit rounded toward the mark), at most
    /// <see cref="LiquidationParameters.FundUnwindPortionPerWindow"/> of the holding (0: none; rounded down to whole
    /// steps, at least one step; a leftover under <see cref="LiquidationParameters.MinimumNotional"/> goes too) and at most
    /// what the depth allows (<see cref="DepthAllowance"/>: a share of the touch, then only the refill), never while the
    /// market's oracle is stale. Makers'
    /// cash legs go through <see cref="PositionLedger.ApplyFill"/> and the fund receives (pays) exactly what they pay
    /// (receive), so quote is conserved exactly. A realized loss against the takeover prices that leaves the fund's
    /// equity below zero is socialized as a takeover's is (at most that loss, at most the equity below zero).
    /// </summary>
    public void UnwindHoldings(EngineState state, List<EngineEvent> events)
    {
        if (state.Liquidations.Holdings.Count == 0)
        {
            return;
        }

        var keys = new List<(int Fund, int Market)>(state.Liquidations.Holdings.Keys); // sorted: the ledger's key order
        foreach (var (fund, market) in keys)
        {
            Unwind(state, fund, market, events);
        }
    }

    /// <summary>
    /// How much the depth lets the fund sell (buy back) now, base quantums: ⌊<see cref="LiquidationParameters.FundUnwindDepthShare"/>
    /// × the size resting at the best price⌋ when that price is inside <paramref name="limit"/> (0 otherwise), so the order
    /// consumes only the touch and leaves most of it standing; and after its first unwind of the holding, no more than the
    /// side of the book it trades against grew since its last unwind left it (what the book refilled; nothing while
    /// others' fills keep it below that). The whole side is measured, not the depth inside the bound, so quotes that
    /// re-centre on a moving mark are not taken for a refill. So its pace is the book's refill, never its own walk through
    /// the levels.
    /// </summary>
    private static long DepthAllowance(EngineState state, int fund, int marketIndex, Side side, Price limit)
    {
        var marketState = state.Markets[marketIndex];
        var book = marketState.Book;
        if ((side == Side.Sell ? book.BestBid : book.BestAsk) is not { } best || book.SizeAvailable(side, limit) == 0)
        {
            return 0;
        }

        var touch = book.SizeAvailable(side, best);
        var share = FixedPoint.MultiplyDivide(touch, marketState.Parameters.FundUnwindDepthShare.Value, Ppm.OneValue, Rounding.Floor);
        return state.Liquidations.UnwindDepthAfter(fund, marketIndex) is { } after
            ? Math.Min(share, Math.Max(0, book.TotalSize(side.Opposite()) - after))
            : share;
    }

    /// <summary>The taker id a fund uses in the book: negative, so no account's resting order is a self-trade.</summary>
    private static AccountId FundTaker(int fund) => new(checked(-1L - fund));

    private void Unwind(EngineState state, int fund, int marketIndex, List<EngineEvent> events)
    {
        var marketState = state.Markets[marketIndex];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market.Id);
        var holding = state.Liquidations.Holding(fund, marketIndex);
        if (marketState.IsHalted || !mark.IsPositive || holding.Size == 0 || parameters.FundUnwindPortionPerWindow.Value == 0)
        {
            return;
        }

        // One unwind per window of the market: the next one may take only what the book refilled since.
        var whole = Math.Abs(holding.Size);
        if (state.Liquidations.UnwoundInWindow(fund, marketIndex, marketState.WindowStartMs) > 0)
        {
            return;
        }

        var portion = FixedPoint.MultiplyDivide(whole, parameters.FundUnwindPortionPerWindow.Value, Ppm.OneValue, Rounding.Floor);
        portion -= portion % market.StepSize;
        var size = Math.Min(whole, Math.Max(portion, market.StepSize));
        if (size < whole && market.Scale.Notional(whole - size, mark) < parameters.MinimumNotional)
        {
            size = whole; // dust rule: no leftover under the minimum notional
        }

        var selling = holding.Size > 0;
        var slippage = parameters.FundUnwindMaxSlippage.Value;
        var limit = selling
            ? new Price(Math.Max(1, FixedPoint.MultiplyDivide(mark.Units, Ppm.OneValue - slippage, Ppm.OneValue, Rounding.Ceiling)))
            : new Price(FixedPoint.MultiplyDivide(mark.Units, Ppm.OneValue + slippage, Ppm.OneValue, Rounding.Floor));
        var side = selling ? Side.Sell : Side.Buy;
        size = Math.Min(size, DepthAllowance(state, fund, marketIndex, side, limit));
        size -= size % market.StepSize;
        if (size == 0)
        {
            return;
        }

        fills.Clear();
        selfTrades.Clear();
        var filled = marketState.Book.MatchImmediateOrCancel(FundTaker(fund), side, size, limit, fills, selfTrades);
        if (filled == 0)
        {
            return;
        }

        long proceeds = 0;
        Int128 priceTimesSize = 0;
        var applied = new LiquidationFill[fills.Count];
        for (var i = 0; i < fills.Count; i++)
        {
            var fill = fills[i];
            var makerSlot = state.Accounts.SlotOf(fill.Maker);
            var maker = state.Accounts[makerSlot];
            var makerMode = maker.TryGetPosition(market.Id, out var open) ? open.Mode : MarginMode.Cross;
            var makerDelta = selling ? fill.Size : -fill.Size;
            var makerCash = PositionLedger.ApplyFill(state, maker, market, makerDelta, fill.Price, makerMode);
            proceeds = checked(proceeds - makerCash); // the fund's leg is exactly the maker's, so no rounding dust
            priceTimesSize += (Int128)fill.Price.Units * fill.Size;
            applied[i] = new LiquidationFill(fill.MakerOrder, fill.Maker, fill.Price, fill.Size);
            touched.Add(makerSlot);
        }

        // The unwound part's share of the takeover cost, rounded up (so the realized PnL rounds down); all of it when the
        // holding is gone.
        var left = selling ? checked(holding.Size - filled) : checked(holding.Size + filled);
        var costBasis = left == 0 ? holding.Cost : FixedPoint.MultiplyDivide(holding.Cost, filled, whole, Rounding.Ceiling);
        state.Liquidations.SetHolding(fund, marketIndex, new FundHolding(left, checked(holding.Cost - costBasis)));
        state.Liquidations.AddUnwound(fund, marketIndex, marketState.WindowStartMs, filled);
        state.Liquidations.SetUnwindDepth(fund, marketIndex, marketState.WindowStartMs, left == 0 ? null : marketState.Book.TotalSize(side.Opposite()));
        var balance = state.AddToInsuranceFund(fund, proceeds);
        var realized = checked(proceeds - costBasis);
        var average = new Price(FixedPoint.Narrow(FixedPoint.Divide(priceTimesSize, filled, selling ? Rounding.Floor : Rounding.Ceiling)));
        var equityAfter = InsuranceFundEquity.Of(state, fund);
        events.Add(new FundUnwound(
            state.Sequence, new FundId(fund), market.Id, selling ? -filled : filled, average, mark, limit, new Quantums(proceeds), new Quantums(costBasis), new Quantums(realized), left, new Quantums(equityAfter), applied));
        events.Add(new InsuranceFundChanged(state.Sequence, new FundId(fund), new Quantums(proceeds), new Quantums(balance), FundChangeReason.FundUnwind));

        var newShortfall = Math.Min(Math.Max(0, -equityAfter), Math.Max(0, -realized)); // only what this unwind realized below zero
        if (newShortfall > 0)
        {
            socializedLoss.Charge(state, -1, market.Id, fund, newShortfall, events);
        }
    }
}
