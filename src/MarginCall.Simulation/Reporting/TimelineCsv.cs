using System.Globalization;
using System.Text;
using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// Writes a run's timeline as CSV: <c>step, time_s</c>, then per market <c>fundamental:SYM, oracle:SYM, mark:SYM</c>,
/// then <c>open_interest, healthy, margin_call, liquidatable, in_liquidation, bankrupt, liquidated_notional,
/// cumulative_liquidated, insurance_fund, bad_debt, impact_triggered</c>, and after those (added later, so earlier columns
/// keep their place) <c>population_open_interest, fund_cash, fund_inventory, socialized_loss, keeper_rewards,
/// keeper_pnl, slippage_paid, liquidated_book, liquidated_auction, liquidated_backstop, liquidated_adl</c> and per market
/// <c>liquidated:SYM</c> (see docs/simulate.md). Numbers use the invariant culture and the
/// shortest round-trip form, so equal runs give equal files.
/// </summary>
public static class TimelineCsv
{
    /// <summary>Writes <paramref name="result"/>'s timeline to <paramref name="writer"/>.</summary>
    public static void Write(RunResult result, TextWriter writer)
    {
        var header = new StringBuilder("step,time_s");
        foreach (var symbol in result.Markets)
        {
            header.Append(CultureInfo.InvariantCulture, $",fundamental:{symbol},oracle:{symbol},mark:{symbol}");
        }

        header.Append(",open_interest,healthy,margin_call,liquidatable,in_liquidation,bankrupt,liquidated_notional,cumulative_liquidated,insurance_fund,bad_debt,impact_triggered");
        header.Append(",population_open_interest,fund_cash,fund_inventory,socialized_loss,keeper_rewards,keeper_pnl,slippage_paid");
        foreach (var stage in TimelineExtra.Stages)
        {
            header.Append(",liquidated_").Append(stage);
        }

        foreach (var symbol in result.Markets)
        {
            header.Append(",liquidated:").Append(symbol);
        }

        writer.Write(header.Append('\n').ToString());
        var line = new StringBuilder();
        foreach (var row in result.Timeline)
        {
            line.Clear();
            line.Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(row.TimeSeconds));
            for (var m = 0; m < result.Markets.Count; m++)
            {
                line.Append(',').Append(Number(row.Fundamental[m])).Append(',').Append(Number(row.Oracle[m])).Append(',').Append(Number(row.Mark[m]));
            }

            line.Append(',').Append(Number(row.OpenInterest))
                .Append(',').Append(row.Healthy.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(row.MarginCall.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(row.Liquidatable.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(row.InLiquidation.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(row.Bankrupt.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(Number(row.LiquidatedNotional))
                .Append(',').Append(Number(row.CumulativeLiquidated))
                .Append(',').Append(Number(row.InsuranceFund))
                .Append(',').Append(Number(row.BadDebt))
                .Append(',').Append(row.ImpactTriggered.ToString(CultureInfo.InvariantCulture));
            var x = row.Extra;
            foreach (var v in (ReadOnlySpan<double>)[x.PopulationOpenInterest, x.FundCash, x.FundInventory, x.SocializedLoss, x.KeeperRewards, x.KeeperPnl, x.SlippagePaid])
            {
                line.Append(',').Append(Number(v));
            }

            foreach (var v in x.LiquidatedByStage)
            {
                line.Append(',').Append(Number(v));
            }

            foreach (var v in x.LiquidatedByMarket)
            {
                line.Append(',').Append(Number(v));
            }

            line.Append('\n');
            writer.Write(line.ToString());
        }
    }

    /// <summary>A double in invariant, shortest round-trip form.</summary>
    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
