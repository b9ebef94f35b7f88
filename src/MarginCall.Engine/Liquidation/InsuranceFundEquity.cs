using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
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
}
