using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The loss waterfall (DESIGN §5.6), the venues after the book, in order:
/// <list type="number">
/// <item>Dutch auction to keepers of what the book could not absorb inside its bound for
/// <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> consecutive windows (<see cref="DutchAuction"/>), within
/// the per-market and global caps on notional under auction; a keeper whose request opens a lot is paid a flat tip plus
/// a proportional chip from the insurance fund.</item>
/// <item>Backstop: when the pool's health is under <see cref="LiquidationParameters.BackstopHealth"/> (or its equity is
/// negative), or the auction failed (too many resets), the insurance fund takes the position at the bankruptcy price,
/// which leaves the pool with zero equity (a rounding remainder goes with it): the fund pays that price from its balance
/// and holds the position, so its equity (balance + holdings at the mark) moves by the difference from the mark,
/// provided it stays at or above its floor and within its payout cap per window.</item>
/// <item>Auto-deleveraging, when the fund cannot: opposite positions in the same market, ranked by
/// <see cref="AdlRanking"/>, are closed against the position at the bankruptcy price. Accounts without a position in
/// the market are never touched.</item>
/// <item>Socialized loss, last: what is left goes to the fund anyway, and the fund's equity below zero is charged pro
/// rata (by |size|) to the market's open interest, each share rounded up (the excess stays in the fund). While it
/// cannot be charged (no open interest) it is outstanding bad debt, which gates withdrawals.</item>
/// </list>
/// Cash legs go through <see cref="PositionLedger.ApplyFill"/>; the fund pays a takeover's price from its balance, so
/// quote is conserved exactly (Σ balances + funds + keeper rewards + funding pool = deposits). The funds sell their
/// holdings back into the book over time (<see cref="UnwindFundHoldings"/>).
/// </summary>
internal sealed class LossWaterfall(TouchedAccounts touched)
{
    private readonly List<Fill> fills = [];
    private readonly List<OrderId> selfTrades = [];

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
        if (UnderBackstop(pool, parameters))
        {
            state.Liquidations.ClearBookMisses(slot, market.Value);
            Backstop(state, slot, market, "health under the backstop level", events);
        }
        else if (unfilled > 0)
        {
            var (windows, raised) = state.Liquidations.AddBookMiss(slot, market.Value, state.Accounts.Risk(slot).WindowStartMs);
            if (windows >= parameters.BookWindowsBeforeAuction)
            {
                OpenLot(state, slot, position, Math.Min(unfilled, Math.Abs(position.Size)), keeper, events);
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

    /// <summary>A step for a position with an open lot: close it if the account recovered, backstop, reset or fail it.</summary>
    public void ManageLot(EngineState state, AuctionLot lot, List<EngineEvent> events)
    {
        var account = state.Accounts[lot.Slot];
        var marketState = state.Markets[lot.Market.Value];
        var parameters = marketState.Parameters;
        if (!account.TryGetPosition(lot.Market, out var position) || Math.Sign(position.Size) != (lot.LiquidatingLong ? 1 : -1))
        {
            Close(state, lot, "position closed", events);
            return;
        }

        var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, account, position);
        if (!LiquidationPipeline.Needs(pool, state.Thresholds))
        {
            Close(state, lot, "account recovered", events);
            return;
        }

        if (UnderBackstop(pool, parameters))
        {
            Close(state, lot, "health under the backstop level", events);
            Backstop(state, lot.Slot, lot.Market, "health under the backstop level", events);
            return;
        }

        var elapsed = state.Now - lot.StartMs;
        var price = DutchAuction.PriceAt(marketState.Market, lot.Start, lot.End, elapsed, parameters.AuctionCurve, parameters);
        if (!DutchAuction.NeedsReset(lot.LiquidatingLong, price, marketState.Oracle, elapsed, parameters))
        {
            return;
        }

        if (lot.Resets >= parameters.AuctionMaxResets)
        {
            Close(state, lot, "auction failed", events);
            Backstop(state, lot.Slot, lot.Market, "auction failed", events);
            return;
        }

        var bankruptcy = PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position);
        var start = DutchAuction.StartPrice(marketState.Market, lot.LiquidatingLong, marketState.Oracle, parameters.AuctionStartPremium);
        if (bankruptcy is not { } end || (lot.LiquidatingLong ? start <= end : start >= end))
        {
            Close(state, lot, "no price left above bankruptcy", events);
            Backstop(state, lot.Slot, lot.Market, "no auction price left above bankruptcy", events);
            return;
        }

        var reset = lot with { Start = start, End = end, StartMs = state.Now, Resets = lot.Resets + 1, Notional = marketState.Market.Scale.Notional(lot.Size, start) };
        state.Liquidations.Update(reset);
        events.Add(new AuctionLotReset(state.Sequence, lot.Id, price, start, end, reset.Resets, elapsed >= parameters.AuctionDurationMs ? "too old" : "too far from the oracle"));
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
            Close(state, lot, "account recovered", events);
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

    /// <summary>Backstop, then deleveraging, then socialized loss, for the whole position in <paramref name="market"/>.</summary>
    public void Backstop(EngineState state, int slot, MarketId market, string why, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        if (!account.TryGetPosition(market, out var position))
        {
            return;
        }

        var marketState = state.Markets[market.Value];
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market);
        var price = PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position) ?? mark;
        var size = Math.Abs(position.Size);
        var equityDelta = FundEquityDelta(marketState.Market, position.Size, size, price, mark);
        var fund = parameters.InsuranceFund;
        var fundEquity = FundEquity(state, fund);
        var paid = state.Liquidations.PaidInWindow(market.Value, marketState.WindowStartMs);
        var covers = equityDelta >= 0
            || (fundEquity + equityDelta >= parameters.InsuranceFundFloor.Value && paid - equityDelta <= parameters.InsurancePayoutCapPerWindow.Value);
        if (covers)
        {
            Takeover(state, slot, market, size, price, forced: false, why, events);
            return;
        }

        events.Add(new BackstopDeclined(state.Sequence, account.Id, market, fund, new Quantums(-equityDelta), fundEquity, parameters.InsuranceFundFloor, paid, parameters.InsurancePayoutCapPerWindow));

        var left = parameters.AutoDeleverage ? Deleverage(state, slot, market, price, events) : size;
        if (left > 0)
        {
            Takeover(state, slot, market, left, price, forced: true, why + "; nothing else could take it", events);
        }
    }

    /// <summary>
    /// The funds sell (buy back) the positions they hold into the books, once per time advance, in (fund, market) order:
    /// immediate-or-cancel within mark × (1 ∓ <see cref="LiquidationParameters.FundUnwindMaxSlippage"/>) (the limit
    /// rounded toward the mark), at most <see cref="LiquidationParameters.FundUnwindPortionPerWindow"/> of the holding
    /// per window of the market (0: none; rounded down to whole steps, at least one step; a leftover under
    /// <see cref="LiquidationParameters.MinimumNotional"/> goes too), never while the market's oracle is stale. Makers'
    /// cash legs go through <see cref="PositionLedger.ApplyFill"/> and the fund receives (pays) exactly what they pay
    /// (receive), so quote is conserved exactly. A realized loss against the takeover prices that leaves the fund's
    /// equity below zero is socialized as a takeover's is (at most that loss, at most the equity below zero).
    /// </summary>
    public void UnwindFundHoldings(EngineState state, List<EngineEvent> events)
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

    /// <summary>The taker id a fund uses in the book: negative, so no account's resting order is a self-trade.</summary>
    internal static AccountId FundTaker(int fund) => new(checked(-1L - fund));

    private void Unwind(EngineState state, int fund, int marketIndex, List<EngineEvent> events)
    {
        var marketState = state.Markets[marketIndex];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var mark = state.Marks.Market(market.Id);
        var holding = state.Liquidations.Holding(fund, marketIndex);
        if (marketState.IsStale || !mark.IsPositive || holding.Size == 0 || parameters.FundUnwindPortionPerWindow.Value == 0)
        {
            return;
        }

        // Portion of the holding at the window's start (what is left + what went in this window), as sizing does.
        var whole = Math.Abs(holding.Size);
        var done = state.Liquidations.UnwoundInWindow(fund, marketIndex, marketState.WindowStartMs);
        var portion = FixedPoint.MultiplyDivide(checked(whole + done), parameters.FundUnwindPortionPerWindow.Value, Ppm.OneValue, Rounding.Floor);
        portion -= portion % market.StepSize;
        var size = Math.Min(whole, done == 0 ? Math.Max(portion, market.StepSize) : Math.Max(portion - done, 0));
        if (size < whole && market.Scale.Notional(whole - size, mark) < parameters.MinimumNotional)
        {
            size = whole; // dust rule: no leftover under the minimum notional
        }

        if (size == 0)
        {
            return;
        }

        var selling = holding.Size > 0;
        var slippage = parameters.FundUnwindMaxSlippage.Value;
        var limit = selling
            ? new Price(Math.Max(1, FixedPoint.MultiplyDivide(mark.Units, Ppm.OneValue - slippage, Ppm.OneValue, Rounding.Ceiling)))
            : new Price(FixedPoint.MultiplyDivide(mark.Units, Ppm.OneValue + slippage, Ppm.OneValue, Rounding.Floor));
        fills.Clear();
        selfTrades.Clear();
        var side = selling ? Side.Sell : Side.Buy;
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
            applied[i] = new LiquidationFill(fill.MakerOrder.Value, fill.Maker, fill.Price, fill.Size);
            Touch(makerSlot);
        }

        // The unwound part's share of the takeover cost, rounded up (so the realized PnL rounds down); all of it when the
        // holding is gone.
        var left = selling ? checked(holding.Size - filled) : checked(holding.Size + filled);
        var costBasis = left == 0 ? holding.Cost : FixedPoint.MultiplyDivide(holding.Cost, filled, whole, Rounding.Ceiling);
        state.Liquidations.SetHolding(fund, marketIndex, new FundHolding(left, checked(holding.Cost - costBasis)));
        state.Liquidations.AddUnwound(fund, marketIndex, marketState.WindowStartMs, filled);
        var balance = state.AddToInsuranceFund(fund, proceeds);
        var realized = checked(proceeds - costBasis);
        var average = new Price(FixedPoint.Narrow(FixedPoint.Divide(priceTimesSize, filled, selling ? Rounding.Floor : Rounding.Ceiling)));
        var equityAfter = FundEquity(state, fund);
        events.Add(new FundUnwound(
            state.Sequence, fund, market.Id, selling ? -filled : filled, average, mark, limit, new Quantums(proceeds), new Quantums(costBasis), new Quantums(realized), left, equityAfter, applied));
        events.Add(new InsuranceFundChanged(state.Sequence, fund, proceeds, balance, "fund unwind"));

        var newShortfall = Math.Min(Math.Max(0, -equityAfter), Math.Max(0, -realized)); // only what this unwind realized below zero
        if (newShortfall > 0)
        {
            Socialize(state, -1, market.Id, fund, newShortfall, events);
        }
    }

    private void OpenLot(EngineState state, int slot, in PerpPosition position, long size, string? keeper, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        var marketState = state.Markets[position.Market.Value];
        var market = marketState.Market;
        var parameters = marketState.Parameters;
        var liquidatingLong = position.Size > 0;
        var start = DutchAuction.StartPrice(market, liquidatingLong, marketState.Oracle, parameters.AuctionStartPremium);
        if (PriceSolver.BankruptcyPrice(state.Venue, state.Marks, account, position) is not { } end || (liquidatingLong ? start <= end : start >= end))
        {
            Backstop(state, slot, position.Market, "no auction price left above bankruptcy", events);
            return;
        }

        var (inMarket, global) = state.Liquidations.UnderAuction(market.Id.Value);
        var room = new Quantums(Math.Max(0, Math.Min(parameters.MarketAuctionCap.Value - inMarket, parameters.GlobalAuctionCap.Value - global)));
        if (market.Scale.Notional(size, start) > room)
        {
            size = Math.Min(size, LiquidationSizing.SizeForNotional(market, room, start));
        }

        if (size == 0)
        {
            return; // the caps are full: the position waits for the next step (Maker's Hole)
        }

        var notional = market.Scale.Notional(size, start);
        state.Liquidations.ClearBookMisses(slot, market.Id.Value);
        var lot = state.Liquidations.Open(new AuctionLot(0, slot, account.Id, market.Id, liquidatingLong, size, start, end, state.Now, 0, notional));
        var incentive = Quantums.Zero;
        if (keeper is not null)
        {
            // Tip + chip, a payout: rounds down, and never more than the fund holds.
            var wanted = parameters.AuctionTip + notional.Times(parameters.AuctionChip, Rounding.Floor);
            incentive = Quantums.Max(Quantums.Zero, Quantums.Min(wanted, new Quantums(FundEquity(state, parameters.InsuranceFund))));
            if (incentive.Value > 0)
            {
                state.RewardKeeper(keeper, incentive.Value);
                events.Add(new InsuranceFundChanged(state.Sequence, parameters.InsuranceFund, -incentive.Value, state.AddToInsuranceFund(parameters.InsuranceFund, -incentive.Value), "auction keeper incentive"));
            }
        }

        events.Add(new AuctionLotOpened(state.Sequence, lot.Id, account.Id, market.Id, liquidatingLong, size, start, end, parameters.AuctionCurve, keeper, incentive, "the book could not absorb it inside the bound"));
    }

    private static void Close(EngineState state, AuctionLot lot, string why, List<EngineEvent> events)
    {
        state.Liquidations.Close(lot.Id);
        events.Add(new AuctionLotClosed(state.Sequence, lot.Id, lot.Size, why));
    }

    /// <summary>
    /// The fund's equity change when it takes |size| at <paramref name="price"/>: −(what the account receives) + (the
    /// position's value at <paramref name="mark"/>). Both legs round down, as fills do.
    /// </summary>
    private static long FundEquityDelta(PerpetualMarket market, long positionSize, long size, Price price, Price mark)
    {
        var accountDelta = positionSize > 0 ? -size : size;
        var accountCash = market.Scale.Value(checked(-accountDelta), price, Rounding.Floor).Value;
        var valueAtMark = market.Scale.Value(checked(-accountDelta), mark, Rounding.Floor).Value;
        return checked(valueAtMark - accountCash);
    }

    /// <summary>A fund's equity: its balance plus the positions it holds at the mark (each value rounded down).</summary>
    public static long FundEquity(EngineState state, int fund)
    {
        var equity = state.InsuranceFund(fund);
        foreach (var ((holder, market), holding) in state.Liquidations.Holdings)
        {
            if (holder == fund)
            {
                var id = new MarketId(market);
                equity = checked(equity + state.Venue.Market(id).Scale.Value(holding.Size, state.Marks.Market(id), Rounding.Floor).Value);
            }
        }

        return equity;
    }

    private void Takeover(EngineState state, int slot, MarketId marketId, long size, Price price, bool forced, string why, List<EngineEvent> events)
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

        var equityAfter = FundEquity(state, fund);
        events.Add(new BackstopTakeover(state.Sequence, account.Id, marketId, fund, -accountDelta, price, mark, equityBefore, new Quantums(equityDelta), equityAfter, forced, why));
        if (cash != 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, fund, cash, balance, "backstop takeover"));
        }

        var newShortfall = Math.Min(Math.Max(0, -equityAfter), Math.Max(0, -equityDelta)); // only what this takeover took below zero
        if (newShortfall > 0)
        {
            Socialize(state, slot, marketId, fund, newShortfall, events);
        }
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

    /// <summary>Closes the position against opposite positions ranked by <see cref="AdlRanking"/>; returns what is left.</summary>
    private long Deleverage(EngineState state, int slot, MarketId marketId, Price price, List<EngineEvent> events)
    {
        var account = state.Accounts[slot];
        account.TryGetPosition(marketId, out var position);
        var market = state.Markets[marketId.Value].Market;
        var mark = state.Marks.Market(marketId);
        var queue = new List<(long Score, long Id, int Slot)>();
        for (var other = 0; other < state.Accounts.Count; other++)
        {
            var candidate = state.Accounts[other];
            if (other == slot || state.Accounts.Risk(other).State >= LiquidationState.Liquidatable
                || !candidate.TryGetPosition(marketId, out var opposite) || Math.Sign(opposite.Size) != -Math.Sign(position.Size))
            {
                continue;
            }

            var pool = MarginCalculator.PoolOf(state.Venue, state.Marks, candidate, opposite);
            var pnl = new Quantums(opposite.QuoteBalance) + PositionMath.Value(market, opposite.Size, mark);
            if (AdlRanking.Score(pnl, new Quantums(opposite.QuoteBalance), pool.Notional, pool.Equity) is { } score)
            {
                queue.Add((score, candidate.Id.Value, other));
            }
        }

        queue.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        var left = Math.Abs(position.Size);
        var fund = state.Markets[marketId.Value].Parameters.InsuranceFund;
        for (var rank = 0; rank < queue.Count && left > 0; rank++)
        {
            var counterparty = state.Accounts[queue[rank].Slot];
            counterparty.TryGetPosition(marketId, out var opposite);
            var size = Math.Min(left, Math.Abs(opposite.Size));
            var accountDelta = position.Size > 0 ? -size : size;
            var accountCash = PositionLedger.ApplyFill(state, account, market, accountDelta, price, position.Mode);
            var counterpartyCash = PositionLedger.ApplyFill(state, counterparty, market, -accountDelta, price, opposite.Mode);
            var dust = checked(-(accountCash + counterpartyCash));
            if (dust != 0)
            {
                events.Add(new InsuranceFundChanged(state.Sequence, fund, dust, state.AddToInsuranceFund(fund, dust), "deleveraging rounding"));
            }

            var loss = FixedPoint.Scale(Int128.Abs(((Int128)price.Units - mark.Units) * size), market.Scale.Exponent, Rounding.Ceiling);
            events.Add(new Deleveraged(state.Sequence, counterparty.Id, account.Id, marketId, opposite.Size > 0 ? size : -size, price, new Quantums(FixedPoint.Narrow(loss)), queue[rank].Score, rank + 1));
            Touch(queue[rank].Slot);
            left -= size;
        }

        return left;
    }

    /// <summary>
    /// Charges the fund's equity below zero pro rata to the market's open interest (every holder but
    /// <paramref name="bankruptSlot"/>, −1 for none); bad debt while it cannot.
    /// </summary>
    private void Socialize(EngineState state, int bankruptSlot, MarketId marketId, int fund, long shortfall, List<EngineEvent> events)
    {
        state.BadDebt = checked(state.BadDebt + shortfall);
        events.Add(new BadDebtChanged(state.Sequence, shortfall, state.BadDebt, "insurance fund below zero"));
        long openInterest = 0;
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            if (slot != bankruptSlot && state.Accounts[slot].TryGetPosition(marketId, out var p))
            {
                openInterest = checked(openInterest + Math.Abs(p.Size));
            }
        }

        var charges = new List<SocializedCharge>();
        long collected = 0;
        if (openInterest > 0)
        {
            for (var slot = 0; slot < state.Accounts.Count; slot++)
            {
                var holder = state.Accounts[slot];
                if (slot == bankruptSlot || !holder.TryGetPosition(marketId, out var p))
                {
                    continue;
                }

                var charge = FixedPoint.Narrow(FixedPoint.Divide((Int128)shortfall * Math.Abs(p.Size), openInterest, Rounding.Ceiling));
                holder.SetPosition(p with { QuoteBalance = checked(p.QuoteBalance - charge) });
                charges.Add(new SocializedCharge(holder.Id, p.Size, new Quantums(charge)));
                collected = checked(collected + charge);
                Touch(slot);
            }
        }

        events.Add(new SocializedLoss(state.Sequence, marketId, fund, new Quantums(shortfall), new Quantums(collected), openInterest, charges));
        if (collected > 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, fund, collected, state.AddToInsuranceFund(fund, collected), "socialized loss"));
            var repaid = Math.Min(collected, shortfall);
            state.BadDebt -= repaid;
            events.Add(new BadDebtChanged(state.Sequence, -repaid, state.BadDebt, "socialized over open interest"));
        }
    }

    private static bool UnderBackstop(in MarginFigures pool, LiquidationParameters parameters) =>
        pool.Equity.IsNegative
        || (pool.MaintenanceRequirement.Value > 0 && (Int128)pool.Equity.Value * Ppm.OneValue < (Int128)pool.MaintenanceRequirement.Value * parameters.BackstopHealth.Value);

    private void Touch(int slot) => touched.Add(slot);
}
