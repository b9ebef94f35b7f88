using MarginCall.Core.Model;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine;

/// <summary>Trades and orders.</summary>
public sealed partial class MarginEngine
{
    private void OnTrade(Trade c, List<EngineEvent> events)
    {
        if (!TryTradingMarket(c, c.Market, events)
            || !TryAccount(c, c.Buyer, events, out var buyerSlot)
            || !TryAccount(c, c.Seller, events, out var sellerSlot)
            || !TryPositive(c, c.Size, events))
        {
            return;
        }

        var market = State.Venue.Market(c.Market);
        if (TradeProblem(c, market, buyerSlot, sellerSlot) is { } problem)
        {
            events.Add(Reject(c, problem.Reason, problem.Detail));
            return;
        }

        var buyer = State.Accounts[buyerSlot];
        var seller = State.Accounts[sellerSlot];
        var buyerSnapshot = Snapshot.Of(buyer, c.Market, State.Venue.Quote.Id);
        var sellerSnapshot = Snapshot.Of(seller, c.Market, State.Venue.Quote.Id);
        var fundingPool = State.FundingPool;
        try
        {
            var dust = TwoSidedFill.Apply(State, market, c.Size, c.Price, buyer, c.BuyerMode, seller, c.SellerMode);
            MoveIsolatedMargin(buyer, c.Market, c.BuyerIsolatedMargin.Value);
            MoveIsolatedMargin(seller, c.Market, c.SellerIsolatedMargin.Value);
            if (AddsRiskBeyondInitial(buyer, buyerSnapshot, c.Market) || AddsRiskBeyondInitial(seller, sellerSnapshot, c.Market))
            {
                Restore();
                events.Add(Reject(c, RejectionReason.InsufficientInitialMargin, "the trade would leave a side under its initial requirement"));
                return;
            }

            TwoSidedFill.DustToFund(State, State.Markets[c.Market.Value].Parameters.InsuranceFund, dust, FundChangeReason.TradeRounding, events);
        }
        catch (OverflowException)
        {
            Restore();
            throw;
        }

        events.Add(new TradeSettled(State.Sequence, c.Market, c.Buyer, c.Seller, c.Size, c.Price));
        Reassess(buyerSlot, events);
        Reassess(sellerSlot, events);

        void Restore()
        {
            buyerSnapshot.Restore(buyer);
            sellerSnapshot.Restore(seller);
            State.FundingPool = fundingPool;
        }
    }

    private (RejectionReason Reason, string Detail)? TradeProblem(Trade c, PerpetualMarket market, int buyerSlot, int sellerSlot)
    {
        if (buyerSlot == sellerSlot)
        {
            return (RejectionReason.InvalidTrade, "buyer and seller are the same account");
        }

        if (!c.Price.IsPositive)
        {
            return (RejectionReason.NonPositivePrice, $"price {c.Price} must be positive");
        }

        if (c.Size % market.StepSize != 0)
        {
            return (RejectionReason.NotAMultipleOfStep, $"size {c.Size} is not a multiple of the step {market.StepSize}");
        }

        if (c.Price.Units % market.TickSize != 0)
        {
            return (RejectionReason.NotAMultipleOfTick, $"price {c.Price} is not a multiple of the tick {market.TickSize}");
        }

        return SideProblem(c.Market, buyerSlot, c.BuyerMode, c.BuyerIsolatedMargin.Value)
            ?? SideProblem(c.Market, sellerSlot, c.SellerMode, c.SellerIsolatedMargin.Value);
    }

    /// <summary>Why one side of a trade cannot take it (buyer first, then seller), or null.</summary>
    private (RejectionReason Reason, string Detail)? SideProblem(MarketId market, int slot, MarginMode mode, long margin)
    {
        if (margin < 0 || (margin > 0 && mode != MarginMode.Isolated))
        {
            return (RejectionReason.InvalidTrade, "isolated margin must be non-negative and only for an isolated side");
        }

        var account = State.Accounts[slot];
        if (account.SpotBalance(State.Venue.Quote.Id) < margin) // with no margin: refuses a side whose quote balance is negative
        {
            return (RejectionReason.InsufficientBalance, $"account {account.Id} cannot fund isolated margin {margin}");
        }

        var state = State.Accounts.Risk(slot).State;
        if (state >= LiquidationState.Liquidatable)
        {
            return (RejectionReason.InvalidLiquidationState, $"account {account.Id} is {state}");
        }

        if (account.TryGetPosition(market, out var open) && open.Mode != mode)
        {
            return (RejectionReason.InvalidTrade, $"account {account.Id} holds a {open.Mode} position in this market");
        }

        return null;
    }

    /// <summary>Moves quote collateral from the spot balance into the (isolated) position just traded.</summary>
    private void MoveIsolatedMargin(Account account, MarketId market, long margin)
    {
        if (margin == 0 || !account.TryGetPosition(market, out var position))
        {
            return;
        }

        var quote = State.Venue.Quote.Id;
        account.SetSpotBalance(quote, checked(account.SpotBalance(quote) - margin));
        account.SetPosition(position with { IsolatedMargin = checked(position.IsolatedMargin + margin) });
    }

    /// <summary>Whether the trade grew the position (or flipped it) and left its pool under the initial requirement.</summary>
    private bool AddsRiskBeyondInitial(Account account, in Snapshot before, MarketId market)
    {
        var hadSize = before.HadPosition ? before.Position.Size : 0;
        var size = account.TryGetPosition(market, out var position) ? position.Size : 0;
        var reduces = Math.Abs(size) <= Math.Abs(hadSize) && (size == 0 || Math.Sign(size) == Math.Sign(hadSize));
        if (reduces)
        {
            return false;
        }

        return MarginCalculator.PoolOf(State.Venue, State.Marks, account, position).FreeCollateral.IsNegative;
    }

    private void OnPlaceOrder(PlaceOrder c, List<EngineEvent> events)
    {
        if (!TryTradingMarket(c, c.Market, events) || !TryAccount(c, c.Account, events, out var slot) || !TryPositive(c, c.Size, events))
        {
            return;
        }

        var market = State.Markets[c.Market.Value];
        if (!c.Limit.IsPositive || c.Limit.Units % market.Market.TickSize != 0 || c.Size % market.Market.StepSize != 0)
        {
            events.Add(Reject(c, c.Limit.IsPositive ? RejectionReason.NotAMultipleOfTick : RejectionReason.NonPositivePrice, "limit must be a positive multiple of the tick and size a multiple of the step"));
            return;
        }

        if (State.Accounts.Risk(slot).State >= LiquidationState.Liquidatable)
        {
            events.Add(Reject(c, RejectionReason.InvalidLiquidationState, $"account is {State.Accounts.Risk(slot).State}"));
            return;
        }

        // Resting liquidity only (post-only): crossing trades reach the engine as Trade commands from the venue's matcher.
        var crosses = c.Side == OrderBook.Side.Buy
            ? market.Book.BestAsk is { } ask && c.Limit >= ask
            : market.Book.BestBid is { } bid && c.Limit <= bid;
        if (crosses)
        {
            events.Add(Reject(c, RejectionReason.OrderRefused, "a resting order must not cross the book"));
            return;
        }

        var result = market.Book.Place(c.Order, c.Account, c.Side, c.Limit, c.Size, fills, selfTradeCancelled);
        if (!result.IsAccepted)
        {
            events.Add(Reject(c, RejectionReason.OrderRefused, result.Rejection.ToString()));
            return;
        }

        events.Add(new OrderRested(State.Sequence, c.Market, c.Order, c.Account, c.Size));
    }

    private void OnCancelOrder(CancelOrder c, List<EngineEvent> events)
    {
        if (!TryMarket(c, c.Market, events))
        {
            return;
        }

        var book = State.Markets[c.Market.Value].Book;
        if (!book.TryGetOrder(c.Order, out var order) || !book.Cancel(c.Order))
        {
            events.Add(Reject(c, RejectionReason.OrderRefused, $"no resting order {c.Order.Value}"));
            return;
        }

        events.Add(new OrdersCancelled(State.Sequence, c.Market, order.Owner, [c.Order], CancelReason.CancelledByOwner));
    }

    /// <summary>What a trade may change in one account, to put back if the trade is refused.</summary>
    /// <param name="Market">The traded market.</param>
    /// <param name="HadPosition">Whether the account held a position in it (<paramref name="Position"/> is then that position).</param>
    /// <param name="Position">The position before the trade (default when none).</param>
    /// <param name="QuoteSpot">The quote spot balance before the trade.</param>
    /// <param name="Quote">The quote asset.</param>
    private readonly record struct Snapshot(MarketId Market, bool HadPosition, PerpPosition Position, long QuoteSpot, AssetId Quote)
    {
        public static Snapshot Of(Account account, MarketId market, AssetId quote)
        {
            var had = account.TryGetPosition(market, out var position);
            return new(market, had, position, account.SpotBalance(quote), quote);
        }

        public void Restore(Account account)
        {
            account.SetSpotBalance(Quote, QuoteSpot);
            if (HadPosition)
            {
                account.SetPosition(Position);
            }
            else
            {
                account.RemovePosition(Market);
            }
        }
    }
}
