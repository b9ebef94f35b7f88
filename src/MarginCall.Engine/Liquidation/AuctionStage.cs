using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The auction stage (DESIGN §5.6, Maker Liquidations 2.0): what the book could not absorb inside its bound for
/// <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> consecutive windows goes to keepers as a Dutch auction
/// lot (<see cref="DutchAuction"/>), within the per-market and global caps on notional under auction; a keeper whose
/// request opens a lot is paid a flat tip plus a proportional chip from the insurance fund. A lot is closed when its
/// account recovers, reset when too old or too far from the oracle, and fails to the backstop after
/// <see cref="LiquidationParameters.AuctionMaxResets"/> resets. The stage does not call the backstop itself: it returns
/// why the position should go there, and <see cref="LossWaterfall"/> escalates.
/// </summary>
internal static class AuctionStage
{
    /// <summary>
    /// Opens a lot of up to <paramref name="size"/> of <paramref name="position"/> (shrunk to the auction caps; nothing
    /// when they are full: the position waits, Maker's Hole). Returns why the position goes to the backstop instead, or
    /// null.
    /// </summary>
    public static BackstopReason? OpenLot(EngineState state, int slot, in PerpPosition position, long size, string? keeper, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        var marketState = state.Markets[position.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var liquidatingLong = position.Size > 0;
        var start = DutchAuction.StartPrice(market, liquidatingLong, marketState.Oracle, parameters.AuctionStartPremium);
        if (PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position) is not { } end || (liquidatingLong ? start <= end : start >= end))
        {
            return BackstopReason.NoAuctionPriceAboveBankruptcy;
        }

        var (inMarket, global) = state.Liquidations.UnderAuction(market.Id.Value);
        var room = new Quantums(Math.Max(0, Math.Min(parameters.MarketAuctionCap.Value - inMarket, parameters.GlobalAuctionCap.Value - global)));
        if (market.Scale.Notional(size, start) > room)
        {
            size = Math.Min(size, LiquidationSizing.SizeForNotional(market, room, start));
        }

        if (size == 0)
        {
            return null; // the caps are full: the position waits for the next step (Maker's Hole)
        }

        var notional = market.Scale.Notional(size, start);
        state.Liquidations.ClearBookMisses(slot, market.Id.Value);
        var lot = state.Liquidations.Open(new AuctionLot(0, slot, account.Id, market.Id, liquidatingLong, size, start, end, state.Now, 0, notional));
        var incentive = Quantums.Zero;
        if (keeper is not null)
        {
            // Tip + chip, a payout: rounds down, and never more than the fund can pay above its floor.
            var wanted = parameters.AuctionTip + notional.Times(parameters.AuctionChip, Rounding.Floor);
            incentive = Quantums.Min(wanted, InsuranceFundEquity.Payable(state, parameters.InsuranceFund, parameters.InsuranceFundFloor));
            if (incentive.Value > 0)
            {
                state.RewardKeeper(keeper, incentive.Value);
                events.Add(new InsuranceFundChanged(state.Sequence, new FundId(parameters.InsuranceFund), -incentive, new Quantums(state.AddToInsuranceFund(parameters.InsuranceFund, -incentive.Value)), FundChangeReason.AuctionKeeperIncentive));
            }
        }

        events.Add(new AuctionLotOpened(state.Sequence, new LotId(lot.Id), account.Id, market.Id, liquidatingLong, size, start, end, parameters.AuctionCurve, keeper, incentive, AuctionOpenReason.BookCouldNotAbsorb));
        return null;
    }

    /// <summary>
    /// A step for a position with an open lot: closes it if the account recovered, resets it when too old or too far
    /// from the oracle. Returns why the position goes to the backstop (the lot is closed first), or null.
    /// </summary>
    public static BackstopReason? ManageLot(EngineState state, AuctionLot lot, List<EngineEvent> events)
    {
        var account = state.Accounts[lot.Slot];
        var marketState = state.Markets[lot.Market.Value];
        var parameters = marketState.Parameters;
        if (!account.TryGetPosition(lot.Market, out var position) || Math.Sign(position.Size) != (lot.LiquidatingLong ? 1 : -1))
        {
            Close(state, lot, AuctionCloseReason.PositionClosed, events);
            return null;
        }

        var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);
        if (!LiquidationPipeline.Needs(pool, state.Thresholds))
        {
            Close(state, lot, AuctionCloseReason.AccountRecovered, events);
            return null;
        }

        if (BackstopStage.Applies(pool, parameters))
        {
            Close(state, lot, AuctionCloseReason.HealthUnderBackstopLevel, events);
            return BackstopReason.HealthUnderBackstopLevel;
        }

        var elapsed = state.Now - lot.StartMs;
        var price = DutchAuction.PriceAt(marketState.Market, lot.Start, lot.End, elapsed, parameters.AuctionCurve, parameters);
        if (!DutchAuction.NeedsReset(lot.LiquidatingLong, price, marketState.Oracle, elapsed, parameters))
        {
            return null;
        }

        if (lot.Resets >= parameters.AuctionMaxResets)
        {
            Close(state, lot, AuctionCloseReason.AuctionFailed, events);
            return BackstopReason.AuctionFailed;
        }

        var bankruptcy = PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position);
        var start = DutchAuction.StartPrice(marketState.Market, lot.LiquidatingLong, marketState.Oracle, parameters.AuctionStartPremium);
        if (bankruptcy is not { } end || (lot.LiquidatingLong ? start <= end : start >= end))
        {
            Close(state, lot, AuctionCloseReason.NoPriceAboveBankruptcy, events);
            return BackstopReason.NoAuctionPriceAboveBankruptcy;
        }

        var reset = lot with { Start = start, End = end, StartMs = state.Now, Resets = lot.Resets + 1, Notional = marketState.Market.Scale.Notional(lot.Size, start) };
        state.Liquidations.Update(reset);
        events.Add(new AuctionLotReset(state.Sequence, new LotId(lot.Id), lot.Account, lot.Market, price, start, end, reset.Resets, elapsed >= parameters.AuctionDurationMs ? AuctionResetReason.TooOld : AuctionResetReason.TooFarFromOracle));
        return null;
    }

    /// <summary>
    /// Closes every open lot of an account that left liquidation (its positions are its own again) and forgets its
    /// counts of windows the book left unfilled.
    /// </summary>
    public static void CloseLots(EngineState state, int slot, List<EngineEvent> events)
    {
        state.Liquidations.ClearBookMisses(slot);
        List<AuctionLot>? closing = null;
        foreach (var lot in state.Liquidations.Lots.Values)
        {
            if (lot.Slot == slot)
            {
                (closing ??= []).Add(lot);
            }
        }

        if (closing is null)
        {
            return;
        }

        foreach (var lot in closing)
        {
            Close(state, lot, AuctionCloseReason.AccountRecovered, events);
        }
    }

    /// <summary>
    /// The size a take of up to <paramref name="maxSize"/> may have: all of it unless that leaves dust, then cut so the
    /// minimum notional (at the lot's start price, in whole steps, rounded up) remains; 0 when it cannot be cut.
    /// </summary>
    public static long TakeSize(PerpetualMarket market, AuctionLot lot, long maxSize, Quantums minimumNotional)
    {
        var take = Math.Min(maxSize, lot.Size);
        var left = lot.Size - take;
        if (left == 0 || market.Scale.Notional(left, lot.Start) >= minimumNotional)
        {
            return take;
        }

        var keep = LiquidationSizing.RoundUpToStep(
            FixedPoint.Narrow(market.Scale.PriceFor(minimumNotional.Value, lot.Start.Units, Rounding.Ceiling)), market.StepSize);
        return Math.Max(0, Math.Min(take, lot.Size - keep));
    }

    private static void Close(EngineState state, AuctionLot lot, AuctionCloseReason why, List<EngineEvent> events)
    {
        state.Liquidations.Close(lot.Id);
        events.Add(new AuctionLotClosed(state.Sequence, new LotId(lot.Id), lot.Account, lot.Market, lot.Size, why));
    }
}
