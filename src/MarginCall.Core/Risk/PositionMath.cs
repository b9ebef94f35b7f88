using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>
/// Per-position formulas, allocation-free. All results in quote quantums. Rounding: what the position is worth to
/// the account rounds down (<see cref="Rounding.Floor"/>), what it requires rounds up.
/// </summary>
public static class PositionMath
{
    /// <summary>size × price, rounded down (a long is worth less, a short owes more).</summary>
    public static Quantums Value(PerpetualMarket market, long size, Price price) =>
        market.Scale.Value(size, price, Rounding.Floor);

    /// <summary>|size| × price, rounded up: the notional the margin tiers apply to.</summary>
    public static Quantums Notional(PerpetualMarket market, long size, Price price) =>
        market.Scale.Notional(size, price);

    /// <summary>
    /// The quote balance of a position opened at <paramref name="entryPrice"/> with no realized PnL:
    /// −size × entry price in quote quantums, rounded down (the account pays the rounding: a long owes the
    /// rounded-up cost, a short is credited the rounded-down proceeds).
    /// </summary>
    public static long QuoteBalanceAtEntry(PerpetualMarket market, long size, Price entryPrice) =>
        market.Scale.Value(checked(-size), entryPrice, Rounding.Floor).Value;

    /// <summary>
    /// Funding accrued since the position's last settlement, as a credit to the account:
    /// −size × (market index − last index), rounded down (a payer pays the rounding). <paramref name="fundingIndex"/> is
    /// the market's cumulative funding index now (<see cref="PriceSet.FundingIndex"/>), price units.
    /// </summary>
    public static Quantums AccruedFunding(PerpetualMarket market, in PerpPosition position, long fundingIndex)
    {
        var indexDelta = checked(fundingIndex - position.LastFundingIndex);
        return indexDelta == 0 ? Quantums.Zero : market.Scale.Value(checked(-position.Size), new Price(indexDelta), Rounding.Floor);
    }

    /// <summary>
    /// The position's contribution to its pool's equity, isolated margin excluded:
    /// quote balance + value + accrued funding (unrealized PnL including funding).
    /// </summary>
    public static Quantums EquityContribution(PerpetualMarket market, in PerpPosition position, Price price, long fundingIndex) =>
        new Quantums(position.QuoteBalance) + Value(market, position.Size, price) + AccruedFunding(market, position, fundingIndex);

    /// <summary>The position's figures at <paramref name="price"/> and <paramref name="fundingIndex"/>, isolated margin excluded from equity.</summary>
    public static MarginFigures Figures(PerpetualMarket market, in PerpPosition position, Price price, long fundingIndex)
    {
        var notional = Notional(market, position.Size, price);
        return new MarginFigures(
            EquityContribution(market, position, price, fundingIndex),
            market.Margin.InitialRequirement(notional),
            market.Margin.MaintenanceRequirement(notional),
            notional);
    }
}
