using System.Globalization;
using System.Text;
using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Sweeps;

/// <summary>A sweep's outputs: per-set distributions and per-run figures as CSV, the paired comparison as CSV, and the HTML report.</summary>
public static class SweepReport
{
    internal static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>One row per parameter set: bad debt mean/p95/p99/ES95/ES99/max, cascade depth, drawdown, slippage.</summary>
    public static string ComparisonCsv(SweepResult result)
    {
        var csv = new StringBuilder("set,paths,bad_debt_mean,bad_debt_p95,bad_debt_p99,bad_debt_es95,bad_debt_es99,bad_debt_max,peak_bad_debt_p99,cascade_depth_mean,cascade_depth_p95,cascade_depth_max,insurance_drawdown_mean,insurance_drawdown_p99,liquidated_notional_mean,slippage_mean,bankrupt_mean,saved_mean,socialized_loss_mean,socialized_loss_p99,socialized_loss_es99,keeper_pnl_mean,baseline\n");
        foreach (var s in result.Sets)
        {
            csv.Append(Quote(s.Name)).Append(',').Append(result.Paths.ToString(CultureInfo.InvariantCulture));
            foreach (var v in new[]
            {
                s.BadDebt.Mean, s.BadDebt.P95, s.BadDebt.P99, s.BadDebt.ExpectedShortfall95, s.BadDebt.ExpectedShortfall99, s.BadDebt.Max,
                s.PeakBadDebt.P99, s.CascadeDepth.Mean, s.CascadeDepth.P95, s.CascadeDepth.Max, s.InsuranceFundDrawdown.Mean,
                s.InsuranceFundDrawdown.P99, s.LiquidatedNotional.Mean, s.SlippagePaid.Mean, s.AccountsBankrupt.Mean, s.AccountsSaved.Mean,
            })
            {
                csv.Append(',').Append(TimelineCsv.Number(v));
            }

            var social = s.SocializedLoss ?? TailStatistics.Of([.. s.Runs.Select(r => r.SocializedLoss)]);
            var keeper = s.KeeperPnl ?? TailStatistics.Of([.. s.Runs.Select(r => r.KeeperPnl)]);
            foreach (var v in new[] { social.Mean, social.P99, social.ExpectedShortfall99, keeper.Mean })
            {
                csv.Append(',').Append(TimelineCsv.Number(v));
            }

            csv.Append(',').Append(ReferenceEquals(s, result.Sets[result.Baseline]) ? "true" : "false").Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>
    /// sweep-paired.csv: one row per (set other than the baseline, metric): the means, the paired mean difference with its
    /// t interval and verdict, the paths a difference of that size needs at the stated power, and for VaR/ES 95/99 each
    /// set's figure, the difference, its paired bootstrap interval and verdict (columns in docs/simulate.md).
    /// </summary>
    public static string PairedCsv(SweepResult result)
    {
        var c = result.Comparison ?? PairedComparison.Of(result, result.Baseline);
        var csv = new StringBuilder("baseline,set,metric,unit,preference,paths,confidence,baseline_mean,set_mean,mean_difference,sd_difference,ci_low,ci_high,verdict,paths_needed_at_power,power");
        foreach (var f in new[] { "var95", "var99", "es95", "es99" })
        {
            csv.Append(CultureInfo.InvariantCulture, $",{f}_baseline,{f}_set,{f}_difference,{f}_ci_low,{f}_ci_high,{f}_verdict");
        }

        csv.Append('\n');
        foreach (var row in c.Rows)
        {
            var metric = SweepMetric.Named(row.Metric);
            csv.Append(Quote(c.Baseline)).Append(',').Append(Quote(row.Set)).Append(',').Append(row.Metric).Append(',').Append(Quote(metric.UnitOf(result.Quote)))
                .Append(',').Append(metric.Preference == Preference.Lower ? "lower" : "higher")
                .Append(',').Append(c.Paths.ToString(CultureInfo.InvariantCulture)).Append(',').Append(TimelineCsv.Number(c.Confidence));
            foreach (var v in new[] { row.BaselineMean, row.SetMean, row.MeanDifference, row.StdDevDifference, row.Low, row.High })
            {
                csv.Append(',').Append(TimelineCsv.Number(v));
            }

            csv.Append(',').Append(Quote(row.Verdict)).Append(',').Append(row.PathsNeeded?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',').Append(TimelineCsv.Number(c.Power));
            foreach (var t in row.Tails)
            {
                foreach (var v in new[] { t.Baseline, t.Set, t.Difference, t.Low, t.High })
                {
                    csv.Append(',').Append(TimelineCsv.Number(v));
                }

                csv.Append(',').Append(Quote(t.Verdict));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The stand-alone HTML report of the sweep (see <see cref="SweepHtml"/>).</summary>
    public static string Html(SweepResult result) => SweepHtml.Render(result);

    /// <summary>One row per run: set, seed and the headline figures.</summary>
    public static string RunsCsv(SweepResult result)
    {
        var csv = new StringBuilder("set,seed,bad_debt,peak_bad_debt,insurance_drawdown,liquidated_notional,slippage,max_cascade_depth,accounts_liquidated,accounts_bankrupt,accounts_saved,socialized_loss,keeper_pnl,share_book,share_auction,share_backstop,share_adl,max_impact\n");
        foreach (var s in result.Sets)
        {
            foreach (var r in s.Runs)
            {
                csv.Append(Quote(s.Name)).Append(',').Append(r.Seed.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(TimelineCsv.Number(r.BadDebt))
                    .Append(',').Append(TimelineCsv.Number(r.PeakBadDebt))
                    .Append(',').Append(TimelineCsv.Number(r.InsuranceFund.MaxDrawdown))
                    .Append(',').Append(TimelineCsv.Number(r.LiquidatedNotional))
                    .Append(',').Append(TimelineCsv.Number(r.SlippagePaid))
                    .Append(',').Append(r.MaxCascadeDepth.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(r.AccountsLiquidated.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(r.AccountsBankrupt.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(r.AccountsSavedByPartialLiquidation.ToString(CultureInfo.InvariantCulture));
                foreach (var key in (ReadOnlySpan<string>)["socialized_loss", "keeper_pnl", "share_book", "share_auction", "share_backstop", "share_adl", "max_impact"])
                {
                    csv.Append(',').Append(TimelineCsv.Number(SweepMetric.Named(key).Value(r)));
                }

                csv.Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
