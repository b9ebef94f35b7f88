using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine;

/// <summary>Loss-waterfall commands: keepers taking auction lots, the venue funding an insurance fund.</summary>
public sealed partial class MarginEngine
{
    private void OnWaterfallCommand(WaterfallCommand command, List<EngineEvent> events)
    {
        switch (command)
        {
            case TakeAuctionLot c: OnTakeAuctionLot(c, events); break;
            case FundInsurance c: OnFundInsurance(c, events); break;
            default: throw new ArgumentException($"unknown command type {command.GetType().Name}", nameof(command));
        }
    }

    private void OnFundInsurance(FundInsurance c, List<EngineEvent> events)
    {
        if (!TryPositive(c, c.Amount, events))
        {
            return;
        }

        if (c.Fund.Value < 0)
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, "fund id must not be negative"));
            return;
        }

        events.Add(new InsuranceFundChanged(State.Sequence, c.Fund, c.Amount, new Quantums(State.AddToInsuranceFund(c.Fund.Value, c.Amount.Value)), FundChangeReason.Deposit));
    }

    private void OnTakeAuctionLot(TakeAuctionLot c, List<EngineEvent> events)
    {
        if (!TryAccount(c, c.Taker, events, out var takerSlot) || !TryPositive(c, c.MaxSize, events))
        {
            return;
        }

        if (!State.Liquidations.Lots.TryGetValue(c.Lot.Value, out var lot))
        {
            events.Add(Reject(c, RejectionReason.UnknownAuctionLot, $"no open lot {c.Lot}"));
            return;
        }

        var marketState = State.Markets[lot.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var price = DutchAuction.PriceAt(market, lot.Start, lot.End, State.Now - lot.StartMs, parameters.AuctionCurve, parameters);
        if (TakeProblem(c, lot, takerSlot, price) is { } problem)
        {
            events.Add(Reject(c, problem.Reason, problem.Detail));
            return;
        }

        var size = AuctionStage.TakeSize(market, lot, c.MaxSize - (c.MaxSize % market.StepSize), parameters.MinimumNotional);
        if (size == 0)
        {
            events.Add(Reject(c, RejectionReason.AuctionDust, $"a take of {c.MaxSize} would leave lot {lot.Id} under the minimum notional"));
            return;
        }

        var account = State.Accounts[lot.Slot];
        var taker = State.Accounts[takerSlot];
        account.TryGetPosition(lot.Market, out var position);
        var accountSnapshot = Snapshot.Of(account, lot.Market, State.Venue.Quote.Id);
        var takerSnapshot = Snapshot.Of(taker, lot.Market, State.Venue.Quote.Id);
        var fundingPool = State.FundingPool;
        var accountDelta = lot.LiquidatingLong ? -size : size;
        var dust = TwoSidedFill.Apply(State, market, accountDelta, price, account, position.Mode, taker, c.Mode);
        if (AddsRiskBeyondInitial(taker, takerSnapshot, lot.Market))
        {
            accountSnapshot.Restore(account);
            takerSnapshot.Restore(taker);
            State.FundingPool = fundingPool;
            events.Add(Reject(c, RejectionReason.InsufficientInitialMargin, "the take would leave the taker under its initial requirement"));
            return;
        }

        TwoSidedFill.DustToFund(State, parameters.InsuranceFund, dust, FundChangeReason.AuctionRounding, events);

        var left = lot.Size - size;
        events.Add(new AuctionLotTaken(State.Sequence, new LotId(lot.Id), lot.Account, lot.Market, c.Taker, size, price, left));
        if (left == 0)
        {
            State.Liquidations.Close(lot.Id);
            events.Add(new AuctionLotClosed(State.Sequence, new LotId(lot.Id), lot.Account, lot.Market, 0, AuctionCloseReason.TakenInFull));
        }
        else
        {
            State.Liquidations.Update(lot with { Size = left, Notional = market.Scale.Notional(left, lot.Start) });
        }

        Reassess(lot.Slot, events);
        Reassess(takerSlot, events);
    }

    private (RejectionReason Reason, string Detail)? TakeProblem(TakeAuctionLot c, AuctionLot lot, int takerSlot, Core.Numbers.Price price)
    {
        var marketState = State.Markets[lot.Market.Value];
        if (takerSlot == lot.Slot)
        {
            return (RejectionReason.InvalidTrade, "an account cannot take its own lot");
        }

        if (State.Accounts.Risk(takerSlot).State >= LiquidationState.Liquidatable)
        {
            return (RejectionReason.InvalidLiquidationState, $"taker is {State.Accounts.Risk(takerSlot).State}");
        }

        if (State.Accounts.Risk(lot.Slot).State < LiquidationState.Liquidatable)
        {
            return (RejectionReason.InvalidLiquidationState, "the lot's account is no longer in liquidation");
        }

        if (marketState.Status == Markets.MarketStatus.Paused)
        {
            return (RejectionReason.MarketPaused, "the market is paused");
        }

        if (marketState.IsStale)
        {
            return (RejectionReason.StalePrice, "the market's oracle is stale");
        }

        if (State.Accounts[takerSlot].TryGetPosition(lot.Market, out var open) && open.Mode != c.Mode)
        {
            return (RejectionReason.InvalidTrade, $"the taker holds a {open.Mode} position in this market");
        }

        if (lot.LiquidatingLong ? price > c.Limit : price < c.Limit)
        {
            return (RejectionReason.AuctionPriceBeyondLimit, $"price {price} is beyond the limit {c.Limit}");
        }

        return null;
    }
}
