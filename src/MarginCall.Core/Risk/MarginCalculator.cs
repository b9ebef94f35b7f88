using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>
/// Account-level margin figures (the hot path of detection: no allocation).
/// Cross pool: equity = Σ spot balance × price + Σ cross positions' (quote balance + value + accrued funding);
/// requirement = Σ cross positions' tier requirements + Σ spot haircuts, where a deposit's haircut is
/// ceil(|value| × (1 − deposit weight)) and a borrow's is ceil(|value| × (borrow weight − 1)) — equivalent to the
/// weighted-collateral health of Aave and Mango, with equity kept as the unweighted net value.
/// Isolated pool: isolated margin + the position's contribution; requirement from the market's tiers.
/// </summary>
public static class MarginCalculator
{
    /// <summary>Figures of the account's cross pool.</summary>
    public static MarginFigures Cross(Venue venue, PriceSet prices, Account account)
    {
        var figures = SpotFigures(venue, prices, account);
        foreach (ref readonly var position in account.Positions)
        {
            if (position.Mode == MarginMode.Cross)
            {
                var market = venue.Market(position.Market);
                figures += PositionMath.Figures(market, position, prices.Market(position.Market), prices.FundingIndex(position.Market));
            }
        }

        return figures;
    }

    /// <summary>Figures of one isolated position's pool (its isolated margin counts as equity).</summary>
    public static MarginFigures Isolated(Venue venue, PriceSet prices, in PerpPosition position)
    {
        var market = venue.Market(position.Market);
        var figures = PositionMath.Figures(market, position, prices.Market(position.Market), prices.FundingIndex(position.Market));
        return figures with { Equity = figures.Equity + new Quantums(position.IsolatedMargin) };
    }

    /// <summary>Figures of the pool <paramref name="position"/> belongs to.</summary>
    public static MarginFigures PoolOf(Venue venue, PriceSet prices, Account account, in PerpPosition position) =>
        position.Mode == MarginMode.Cross ? Cross(venue, prices, account) : Isolated(venue, prices, position);

    /// <summary>Spot balances' value and haircuts (the non-perp part of the cross pool).</summary>
    public static MarginFigures SpotFigures(Venue venue, PriceSet prices, Account account)
    {
        var figures = default(MarginFigures);
        foreach (var spot in account.SpotBalances)
        {
            var asset = venue.Asset(spot.Asset);
            var scale = venue.AssetScale(spot.Asset);
            var price = prices.Asset(spot.Asset);
            var value = scale.Value(spot.Balance, price, Rounding.Floor);
            var magnitude = scale.Notional(spot.Balance, price);
            Quantums initial, maintenance;
            if (spot.Balance > 0)
            {
                initial = magnitude.Times(new Ppm(Ppm.OneValue - asset.InitialDepositWeight.Value), Rounding.Ceiling);
                maintenance = magnitude.Times(new Ppm(Ppm.OneValue - asset.MaintenanceDepositWeight.Value), Rounding.Ceiling);
            }
            else
            {
                initial = magnitude.Times(new Ppm(asset.InitialBorrowWeight.Value - Ppm.OneValue), Rounding.Ceiling);
                maintenance = magnitude.Times(new Ppm(asset.MaintenanceBorrowWeight.Value - Ppm.OneValue), Rounding.Ceiling);
            }

            figures += new MarginFigures(value, initial, maintenance, Quantums.Zero);
        }

        return figures;
    }
}
