using MarginCall.Core.Model;
using MarginCall.Core.Risk;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The loss waterfall (DESIGN §5.6): the venues after the book, in order, one type each —
/// <list type="number">
/// <item><see cref="AuctionStage"/>: a Dutch auction to keepers of what the book could not absorb inside its bound for
/// <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> consecutive windows.</item>
/// <item><see cref="BackstopStage"/>: when the pool's health is under <see cref="LiquidationParameters.BackstopHealth"/>
/// (or its equity is negative), or the auction failed, the insurance fund takes the position at the bankruptcy price
/// within its means.</item>
/// <item><see cref="DeleveragingStage"/>, when the fund cannot: opposite positions in the same market, ranked by
/// <see cref="AdlRanking"/>, at the bankruptcy price.</item>
/// <item><see cref="SocializedLossStage"/>, last: what is left goes to the fund anyway, and the fund's equity below
/// zero is charged pro rata to the market's open interest, or is bad debt.</item>
/// </list>
/// The funds sell their holdings back into the book over time (<see cref="FundUnwindStage"/>). Cash legs go through
/// the position ledger and the fund pays a takeover's price from its balance, so quote is conserved exactly
/// (Σ balances + funds + keeper rewards + funding pool = deposits). This type decides which stage runs; the stages
/// hold the rules.
/// </summary>
internal sealed class LossWaterfall
{
    private readonly BackstopStage backstop;
    private readonly DeleveragingStage deleveraging;
    private readonly FundUnwindStage unwind;

    /// <summary>Creates the stages; every account they change besides the liquidated one is added to <paramref name="touched"/>.</summary>
    public LossWaterfall(TouchedAccounts touched)
    {
        var socializedLoss = new SocializedLossStage(touched);
        backstop = new BackstopStage(socializedLoss);
        deleveraging = new DeleveragingStage(touched);
        unwind = new FundUnwindStage(touched, socializedLoss);
    }

    /// <summary>
    /// After a book step of <paramref name="sized"/> base quantums of which <paramref name="unfilled"/> did not fill:
    /// backstop a pool under the backstop level; otherwise count a window with an unfilled remainder and auction it once
    /// <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> consecutive windows had one (a step filled in full
    /// resets the count).
    /// </summary>
    public void AfterBook(EngineState state, int slot, MarketId market, long sized, long unfilled, string? keeper, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        if (!account.TryGetPosition(market, out var position))
        {
            state.Liquidations.ClearBookMisses(slot, market.Value);
            return;
        }

        var parameters = state.Markets[market.Value].Parameters;
        var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);
        if (BackstopStage.Applies(pool, parameters))
        {
            state.Liquidations.ClearBookMisses(slot, market.Value);
            Backstop(state, slot, market, BackstopReason.HealthUnderBackstopLevel, events);
        }
        else if (unfilled > 0)
        {
            var (windows, raised) = state.Liquidations.AddBookMiss(slot, market.Value, state.Accounts.Risk(slot).WindowStartMs);
            if (windows >= parameters.BookWindowsBeforeAuction)
            {
                if (AuctionStage.OpenLot(state, slot, position, Math.Min(unfilled, Math.Abs(position.Size)), keeper, events) is { } why)
                {
                    Backstop(state, slot, market, why, events);
                }
            }
            else if (raised)
            {
                events.Add(new AuctionDeferred(state.Sequence, account.Id, market, unfilled, windows, parameters.BookWindowsBeforeAuction));
            }
        }
        else if (sized > 0)
        {
            state.Liquidations.ClearBookMisses(slot, market.Value); // the book took the whole step
        }
    }

    /// <summary>A step for a position with an open lot (<see cref="AuctionStage.ManageLot"/>), to the backstop when the lot ends there.</summary>
    public void ManageLot(EngineState state, AuctionLot lot, List<EngineEvent> events)
    {
        if (AuctionStage.ManageLot(state, lot, events) is { } why)
        {
            Backstop(state, lot.Slot, lot.Market, why, events);
        }
    }

    /// <summary>The funds' unwind into the books, once per time advance (<see cref="FundUnwindStage.UnwindHoldings"/>).</summary>
    public void UnwindFundHoldings(EngineState state, List<EngineEvent> events) => unwind.UnwindHoldings(state, events);

    /// <summary>
    /// Backstop, then deleveraging, then a forced takeover (and its socialized loss), for the whole position in
    /// <paramref name="market"/>, at the bankruptcy price (the mark when there is none).
    /// </summary>
    private void Backstop(EngineState state, int slot, MarketId market, BackstopReason why, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        if (!account.TryGetPosition(market, out var position))
        {
            return;
        }

        var price = PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position) ?? state.Marks.Market(market);
        if (backstop.TryTakeOver(state, slot, position, price, why, events))
        {
            return;
        }

        var left = state.Markets[market.Value].Parameters.AutoDeleverage
            ? deleveraging.Deleverage(state, slot, market, price, events)
            : Math.Abs(position.Size);
        if (left > 0)
        {
            backstop.TakeOver(state, slot, market, left, price, forced: true, why, events);
        }
    }
}
