using System.Globalization;
using System.Text;
using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Sweeps;

/// <summary>The comparison table of a sweep as CSV and as self-contained HTML with an inline SVG chart.</summary>
public static class SweepReport
{
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>One row per parameter set: bad debt mean/p95/p99/ES95/ES99/max, cascade depth, drawdown, slippage.</summary>
    public static string ComparisonCsv(SweepResult result)
    {
        var csv = new StringBuilder("set,paths,bad_debt_mean,bad_debt_p95,bad_debt_p99,bad_debt_es95,bad_debt_es99,bad_debt_max,peak_bad_debt_p99,cascade_depth_mean,cascade_depth_p95,cascade_depth_max,insurance_drawdown_mean,insurance_drawdown_p99,liquidated_notional_mean,slippage_mean,bankrupt_mean,saved_mean\n");
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

            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>One row per run: set, seed and the headline figures.</summary>
    public static string RunsCsv(SweepResult result)
    {
        var csv = new StringBuilder("set,seed,bad_debt,peak_bad_debt,insurance_drawdown,liquidated_notional,slippage,max_cascade_depth,accounts_liquidated,accounts_bankrupt,accounts_saved\n");
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
                    .Append(',').Append(r.AccountsSavedByPartialLiquidation.ToString(CultureInfo.InvariantCulture))
                    .Append('\n');
            }
        }

        return csv.ToString();
    }

    /// <summary>The comparison table and the bad-debt quantile curve of every set (x: share of paths, y: bad debt).</summary>
    public static string Html(SweepResult result)
    {
        var html = new StringBuilder();
        HtmlReport.Head(html, $"MarginCall sweep — {result.Name} ({result.Scenario}, {result.Paths} paths per set, seeds {result.FirstSeed}…)");
        html.Append("<h2>Comparison</h2><table><tr><th>set</th><th>bad debt mean</th><th>p95</th><th>p99</th><th>ES 95%</th><th>ES 99%</th><th>max</th><th>cascade depth mean / p95 / max</th><th>fund drawdown mean / p99</th><th>slippage mean</th><th>bankrupt mean</th><th>saved mean</th></tr>");
        foreach (var s in result.Sets)
        {
            html.Append("<tr><th>").Append(System.Net.WebUtility.HtmlEncode(s.Name)).Append("</th>");
            foreach (var v in new[] { s.BadDebt.Mean, s.BadDebt.P95, s.BadDebt.P99, s.BadDebt.ExpectedShortfall95, s.BadDebt.ExpectedShortfall99, s.BadDebt.Max })
            {
                html.Append("<td class=\"n\">").Append(HtmlReport.Money(v)).Append("</td>");
            }

            html.Append("<td class=\"n\">").Append(F(s.CascadeDepth.Mean)).Append(" / ").Append(F(s.CascadeDepth.P95)).Append(" / ").Append(F(s.CascadeDepth.Max)).Append("</td>");
            html.Append("<td class=\"n\">").Append(HtmlReport.Money(s.InsuranceFundDrawdown.Mean)).Append(" / ").Append(HtmlReport.Money(s.InsuranceFundDrawdown.P99)).Append("</td>");
            html.Append("<td class=\"n\">").Append(HtmlReport.Money(s.SlippagePaid.Mean)).Append("</td>");
            html.Append("<td class=\"n\">").Append(F(s.AccountsBankrupt.Mean)).Append("</td><td class=\"n\">").Append(F(s.AccountsSaved.Mean)).Append("</td></tr>");
        }

        html.Append("</table><h2>Bad debt by quantile of paths</h2>");
        var levels = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var chart = new SvgChart("Bad debt quantile (x: share of paths at or below)", "quantile", levels);
        for (var i = 0; i < result.Sets.Count; i++)
        {
            var sorted = result.Sets[i].Runs.Select(r => r.BadDebt).Order().ToArray();
            chart.Line(result.Sets[i].Name, Colors[i % Colors.Length], [.. levels.Select(p => TailStatistics.Quantile(sorted, Math.Max(p, 1e-9)))]);
        }

        html.Append(chart.Render());
        var drawdown = new SvgChart("Insurance fund max drawdown quantile (x: share of paths at or below)", "quantile", levels);
        for (var i = 0; i < result.Sets.Count; i++)
        {
            var sorted = result.Sets[i].Runs.Select(r => r.InsuranceFund.MaxDrawdown).Order().ToArray();
            drawdown.Line(result.Sets[i].Name, Colors[i % Colors.Length], [.. levels.Select(p => TailStatistics.Quantile(sorted, Math.Max(p, 1e-9)))]);
        }

        html.Append(drawdown.Render());
        var setIndex = result.Sets.Select((_, i) => (double)i).ToArray();
        html.Append(new SvgChart("Mean max cascade depth per set (x: set index in the table)", "set", setIndex)
            .Bars("cascade depth", "#9467bd", [.. result.Sets.Select(s => s.CascadeDepth.Mean)])
            .Render());
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
