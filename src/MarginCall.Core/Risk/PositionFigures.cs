using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>Every figure of one position at the given prices.</summary>
/// <param name="Market">The market.</param>
/// <param name="Mode">Cross or isolated.</param>
/// <param name="Size">Signed size, base quantums.</param>
/// <param name="MarkPrice">The price the figures use.</param>
/// <param name="Notional">|size| × price, quote quantums, rounded up.</param>
/// <param name="UnrealizedPnl">Quote balance + value, quote quantums, rounded down (funding excluded).</param>
/// <param name="AccruedFunding">Funding owed to (+) or by (−) the position since its last settlement, rounded down.</param>
/// <param name="InitialRequirement">Tier initial requirement, rounded up.</param>
/// <param name="MaintenanceRequirement">Tier maintenance requirement, rounded up.</param>
/// <param name="Pool">Figures of the pool the position belongs to (the cross pool, or its own isolated pool).</param>
/// <param name="LiquidationPrice">Where the pool reaches maintenance, other prices fixed; null if none.</param>
/// <param name="BankruptcyPrice">Where the pool's equity reaches zero, other prices fixed; null if none.</param>
public sealed record PositionFigures(
    MarketId Market,
    MarginMode Mode,
    long Size,
    Price MarkPrice,
    Quantums Notional,
    Quantums UnrealizedPnl,
    Quantums AccruedFunding,
    Quantums InitialRequirement,
    Quantums MaintenanceRequirement,
    MarginFigures Pool,
    Price? LiquidationPrice,
    Price? BankruptcyPrice);

/// <summary>Every figure of an account at the given prices: its cross pool and each position.</summary>
/// <param name="Account">The account.</param>
/// <param name="Cross">The cross pool (spot balances and cross positions).</param>
/// <param name="Positions">Each position, by market id.</param>
public sealed record AccountFigures(AccountId Account, MarginFigures Cross, IReadOnlyList<PositionFigures> Positions)
{
    /// <summary>Computes every figure of <paramref name="account"/> (allocates: for reports and inspection, not the hot path).</summary>
    public static AccountFigures Of(Venue venue, PriceSet prices, Account account)
    {
        var positions = new List<PositionFigures>(account.Positions.Length);
        foreach (var position in account.Positions)
        {
            var market = venue.Market(position.Market);
            var price = prices.Market(position.Market);
            var own = PositionMath.Figures(market, position, price, prices.FundingIndex(position.Market));
            positions.Add(new PositionFigures(
                position.Market,
                position.Mode,
                position.Size,
                price,
                own.Notional,
                new Quantums(position.QuoteBalance) + PositionMath.Value(market, position.Size, price),
                PositionMath.AccruedFunding(market, position, prices.FundingIndex(position.Market)),
                own.InitialRequirement,
                own.MaintenanceRequirement,
                MarginCalculator.PoolOf(venue, prices, account, position),
                PriceSolver.LiquidationPrice(venue, prices, account, position),
                PriceSolver.BankruptcyPriceOnTick(venue, prices, account, position)));
        }

        return new AccountFigures(account.Id, MarginCalculator.Cross(venue, prices, account), positions);
    }
}
