using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Accounts;

/// <summary>
/// The one rule for a fill between two accounts at one price (trades, liquidation fills against the book, auction takes,
/// deleveraging): both cash legs go through <see cref="PositionLedger.ApplyFill"/>, each rounded down
/// (floor(−Δ × p)), so the buyer pays the rounding and the seller receives less. The 0 or 1 quantum between the two
/// legs is the venue's and goes to the market's insurance fund (<see cref="DustToFund"/>), so quote is conserved exactly.
/// </summary>
internal static class TwoSidedFill
{
    /// <summary>
    /// Changes <paramref name="first"/>'s position by <paramref name="firstDelta"/> and <paramref name="second"/>'s by its
    /// opposite, both at <paramref name="price"/> (the first side first); returns the rounding dust, ≥ 0, the venue keeps.
    /// </summary>
    public static long Apply(
        EngineState state, PerpetualMarket market, long firstDelta, Price price, Account first, MarginMode firstMode, Account second, MarginMode secondMode)
    {
        var firstCash = PositionLedger.ApplyFill(state, first, market, firstDelta, price, firstMode);
        var secondCash = PositionLedger.ApplyFill(state, second, market, -firstDelta, price, secondMode);
        return checked(-(firstCash + secondCash));
    }

    /// <summary>Credits fill rounding <paramref name="dust"/> to <paramref name="fund"/> with its event; nothing when there is none.</summary>
    public static void DustToFund(EngineState state, int fund, long dust, FundChangeReason why, List<EngineEvent> events)
    {
        if (dust != 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, new FundId(fund), new Quantums(dust), new Quantums(state.AddToInsuranceFund(fund, dust)), why));
        }
    }
}
