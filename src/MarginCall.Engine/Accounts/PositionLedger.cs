using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Accounts;

/// <summary>
/// Applies fills and funding to positions: the one place positions change, so every path (trades, liquidation
/// fills, deleveraging) keeps the same rounding and conservation rules.
/// <list type="bullet">
/// <item>Fill of Δ at price p: quote balance += floor(−Δ × p): a buyer pays the rounding, a seller receives less;
/// the difference between the two sides of a trade (0 or 1 quantum) is the venue's and goes to the insurance fund.</item>
/// <item>Funding is settled into the quote balance before the size changes (rounded down for the account, see
/// <see cref="PositionMath.AccruedFunding"/>); the funding pool takes the opposite amount.</item>
/// <item>A position that reaches size zero is closed: its quote balance and isolated margin return to the account's
/// quote spot balance.</item>
/// </list>
/// </summary>
internal static class PositionLedger
{
    /// <summary>
    /// Changes the account's position in <paramref name="market"/> by <paramref name="sizeDelta"/> at <paramref name="price"/>;
    /// returns the quote balance change (the cash leg, negative for a buy). Opens a position in <paramref name="mode"/> when none exists.
    /// </summary>
    public static long ApplyFill(EngineState state, Account account, PerpetualMarket market, long sizeDelta, Price price, MarginMode mode)
    {
        var position = account.TryGetPosition(market.Id, out var existing)
            ? Settle(state, market, existing)
            : new PerpPosition(market.Id, mode, 0, 0, 0, state.Marks.FundingIndex(market.Id));
        var cash = market.Scale.Value(checked(-sizeDelta), price, Rounding.Floor).Value;
        position = position with { Size = checked(position.Size + sizeDelta), QuoteBalance = checked(position.QuoteBalance + cash) };
        Store(state, account, position);
        return cash;
    }

    /// <summary>Settles accrued funding into the position (the funding pool takes the other side).</summary>
    public static PerpPosition Settle(EngineState state, PerpetualMarket market, PerpPosition position)
    {
        var index = state.Marks.FundingIndex(market.Id);
        var accrued = PositionMath.AccruedFunding(market, position, index).Value;
        state.FundingPool = checked(state.FundingPool - accrued);
        return position with { QuoteBalance = checked(position.QuoteBalance + accrued), LastFundingIndex = index };
    }

    /// <summary>Writes the position back, closing it into the quote balance when its size is zero.</summary>
    public static void Store(EngineState state, Account account, PerpPosition position)
    {
        if (position.Size != 0)
        {
            account.SetPosition(position);
            return;
        }

        var quote = state.Venue.Quote.Id;
        account.SetSpotBalance(quote, checked(account.SpotBalance(quote) + position.QuoteBalance + position.IsolatedMargin));
        account.RemovePosition(position.Market);
    }
}
