using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Auto-deleveraging (DESIGN §5.6), when the insurance fund cannot take a position: opposite positions in the same
/// market, ranked by <see cref="AdlRanking"/>, are closed against it at the bankruptcy price. Accounts without a
/// position in the market, and accounts in liquidation, are never touched. Each close is a <see cref="TwoSidedFill"/>.
/// </summary>
internal sealed class DeleveragingStage(TouchedAccounts touched)
{
    /// <summary>Closes the position against opposite positions ranked by <see cref="AdlRanking"/>; returns what is left.</summary>
    public long Deleverage(EngineState state, int slot, MarketId marketId, Price price, List<EngineEvent> events)
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
            var dust = TwoSidedFill.Apply(state, market, accountDelta, price, account, position.Mode, counterparty, opposite.Mode);
            TwoSidedFill.DustToFund(state, fund, dust, FundChangeReason.DeleveragingRounding, events);

            var loss = FixedPoint.Scale(Int128.Abs(((Int128)price.Units - mark.Units) * size), market.Scale.Exponent, Rounding.Ceiling);
            events.Add(new Deleveraged(state.Sequence, counterparty.Id, account.Id, marketId, opposite.Size > 0 ? size : -size, price, new Quantums(FixedPoint.Narrow(loss)), queue[rank].Score, rank + 1));
            touched.Add(queue[rank].Slot);
            left -= size;
        }

        return left;
    }
}
