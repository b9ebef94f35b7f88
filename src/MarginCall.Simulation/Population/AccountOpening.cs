using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Simulation.Prices;

namespace MarginCall.Simulation.Population;

/// <summary>
/// The commands that open one planned account against a market maker at the opening prices: create it, deposit its
/// collateral, and one trade per position at the oracle price. Sizes are the planned notional over the price, rounded
/// down to whole steps (a position under one step is left out). A position's collateral is notional / leverage, raised
/// to the initial requirement (+1 quantum) when the leverage exceeds what the notional's tier allows. Cross collateral
/// is deposited; an isolated position's margin is deposited too and moved into the position by its opening trade. The
/// simulator and the whole-scale bench open their populations through here.
/// </summary>
/// <param name="Create">Creates the account (owner <c>trader-N</c>).</param>
/// <param name="Deposit">The collateral plus the cross cushion; null when no position is left to open.</param>
/// <param name="Trades">One trade per position, long ones buying from the market maker, short ones selling to it.</param>
public sealed record AccountOpening(CreateAccount Create, Deposit? Deposit, IReadOnlyList<Trade> Trades)
{
    /// <summary>Sizes <paramref name="account"/> at <paramref name="prices"/> (whole quote units per whole base unit, by market index).</summary>
    /// <param name="account">The planned account.</param>
    /// <param name="venue">The venue (market scales, steps, margin schedules).</param>
    /// <param name="prices">The opening price of each market; the oracle price is its ledger conversion.</param>
    /// <param name="marketMaker">The counterparty of every trade.</param>
    /// <param name="crossCushion">
    /// Quote quantums kept in the cross pool beyond what the positions need. Besides being what traders do, it keeps the
    /// cross pool of an isolated-only account off its threshold (equity 0 = requirement 0), where the engine's candidate
    /// index would re-examine the account at every price move.
    /// </param>
    public static AccountOpening Of(PlannedAccount account, Venue venue, ReadOnlySpan<double> prices, AccountId marketMaker, long crossCushion)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(venue);
        var id = new AccountId(account.Owner);
        var quote = venue.Quote;
        var trades = new List<Trade>(account.Positions.Count);
        var deposit = 0L;
        foreach (var position in account.Positions)
        {
            var market = venue.Market(new MarketId(position.Market));
            var size = LedgerConversion.ToQuantums(position.Notional / prices[position.Market], market.SizeDecimals, market.StepSize).Value;
            if (size == 0)
            {
                continue;
            }

            var price = LedgerConversion.ToPrice(prices[position.Market], market.PriceDecimals, market.TickSize);
            var notional = market.Scale.Notional(size, price);
            var wanted = LedgerConversion.ToQuantums(position.Notional / position.Leverage, quote.Decimals).Value;
            var margin = Math.Max(wanted, market.Margin.InitialRequirement(notional).Value + 1);
            deposit += margin;
            var isolated = position.Mode == MarginMode.Isolated ? margin : 0;
            trades.Add(position.IsLong
                ? new Trade(market.Id, id, marketMaker, size, price, BuyerMode: position.Mode, BuyerIsolatedMargin: new Quantums(isolated))
                : new Trade(market.Id, marketMaker, id, size, price, SellerMode: position.Mode, SellerIsolatedMargin: new Quantums(isolated)));
        }

        var create = new CreateAccount(id, $"trader-{account.Owner}");
        return new AccountOpening(create, deposit > 0 ? new Deposit(id, quote.Id, new Quantums(deposit + crossCushion)) : null, trades);
    }
}
