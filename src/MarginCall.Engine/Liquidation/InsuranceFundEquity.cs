using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>An insurance fund's equity: what the backstop, the auction incentive and the fund unwind measure it by.</summary>
internal static class InsuranceFundEquity
{
    /// <summary>The fund's balance plus the positions it holds at the mark (each value rounded down).</summary>
    public static long Of(EngineState state, int fund)
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

    /// <summary>
    /// What the fund can pay out to keepers (the fee floor's top-up, an auction's tip + chip) without going below
    /// <paramref name="floor"/>: max(0, min(balance, equity at the mark) − floor), quote quantums. The balance bounds it
    /// because the payout is cash; the equity (<see cref="Of"/>, holdings at the mark rounded down) because a fund whose
    /// holdings are under water has less than its cash. A payout within it can neither make the fund negative nor hide a
    /// loss from the bad-debt path, which starts only where the fund's equity goes below zero (docs/engine.md §5).
    /// </summary>
    public static Quantums Payable(EngineState state, int fund, Quantums floor)
    {
        var available = checked(Math.Min(state.InsuranceFund(fund), Of(state, fund)) - floor.Value);
        return new Quantums(Math.Max(0, available));
    }

    /// <summary>
    /// The fund's equity after a hypothetical takeover of <paramref name="sizeDelta"/> base quantums (signed as the fund's
    /// holding changes) in <paramref name="market"/> for which it pays <paramref name="cost"/> quote quantums, with every
    /// holding valued at its stressed exit (<see cref="StressedExit"/>) instead of the mark; and the inventory that
    /// equity backs (Σ |holding| × mark, each rounded up).
    /// </summary>
    public static StressedFund Stressed(EngineState state, int fund, int market, long sizeDelta, long cost)
    {
        var result = new StressedFund(checked(state.InsuranceFund(fund) - cost), 0, 0);
        var seen = false;
        foreach (var ((holder, held), holding) in state.Liquidations.Holdings)
        {
            if (holder == fund)
            {
                var size = held == market ? checked(holding.Size + sizeDelta) : holding.Size;
                seen |= held == market;
                result = result.With(StressedExit(state, held, size));
            }
        }

        return seen ? result : result.With(StressedExit(state, market, sizeDelta));
    }

    /// <summary>
    /// What a holding of <paramref name="size"/> (signed) would fetch if unwound now at once into the current depth of
    /// the market's book: its value at the mark (rounded down) minus the slippage the sweep pays against the mark
    /// (<see cref="LiquidationFee.ExpectedSlippage"/>, rounded up) — both roundings against the fund. What the depth
    /// cannot absorb has no stressed exit: it is returned as <see cref="StressedFund.Unexited"/> and left out of the value.
    /// </summary>
    private static StressedFund StressedExit(EngineState state, int marketIndex, long size)
    {
        if (size == 0)
        {
            return default;
        }

        var marketState = state.Markets[marketIndex];
        var market = marketState.Market;
        var mark = state.Marks.Market(market.Id);
        var side = size > 0 ? Side.Sell : Side.Buy;
        var sweep = marketState.Book.Sweep(side, Math.Abs(size));
        var exited = size > 0 ? sweep.Size : -sweep.Size;
        var value = market.Scale.Value(exited, mark, Rounding.Floor) - LiquidationFee.ExpectedSlippage(market, sweep, mark, side);
        return new StressedFund(value.Value, market.Scale.Notional(size, mark).Value, checked(Math.Abs(size) - sweep.Size));
    }
}

/// <summary>A fund's figures at the stressed exit, quote quantums (<see cref="InsuranceFundEquity.Stressed"/>).</summary>
/// <param name="Equity">Balance + every holding at its stressed exit.</param>
/// <param name="Inventory">Σ |holding| × mark over its markets, each rounded up.</param>
/// <param name="Unexited">Base quantums, summed over markets, that the current depth could not absorb.</param>
internal readonly record struct StressedFund(long Equity, long Inventory, long Unexited)
{
    /// <summary>This plus one more holding's figures.</summary>
    public StressedFund With(StressedFund holding) =>
        new(checked(Equity + holding.Equity), checked(Inventory + holding.Inventory), checked(Unexited + holding.Unexited));
}
