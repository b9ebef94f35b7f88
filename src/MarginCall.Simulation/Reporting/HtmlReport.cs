using System.Globalization;
using System.Net;
using System.Text;
using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// A self-contained HTML report of one run: the summary as a table and inline SVG charts (price per market with
/// liquidation markers, insurance fund, bad debt, liquidated notional per interval, accounts by state). No scripts,
/// no external CSS or fonts: it opens offline.
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the report.</summary>
    public static string Render(RunResult result)
    {
        var s = result.Summary;
        var rows = result.Timeline;
        var x = rows.Select(r => r.TimeSeconds / 60).ToArray();
        var markers = rows.Where(r => r.LiquidatedNotional > 0).Select(r => r.TimeSeconds / 60);
        var html = new StringBuilder();
        Head(html, $"MarginCall simulation — {s.Scenario} (seed {s.Seed})");
        html.Append("<h2>Summary</h2><table>");
        Row(html, "Accounts", s.Accounts.ToString(CultureInfo.InvariantCulture));
        Row(html, "Steps × step", $"{s.Steps} × {s.StepSeconds} s");
        Row(html, "Bad debt (end / peak)", $"{Money(s.BadDebt)} / {Money(s.PeakBadDebt)}");
        Row(html, "Socialized loss (charged to open positions)", Money(s.SocializedLoss));
        Row(html, "Insurance fund (start → end, min, max drawdown)", $"{Money(s.InsuranceFund.Start)} → {Money(s.InsuranceFund.End)}, {Money(s.InsuranceFund.Minimum)}, {Money(s.InsuranceFund.MaxDrawdown)}");
        Row(html, "Accounts liquidated / bankrupt / saved by partial liquidation", $"{s.AccountsLiquidated} / {s.AccountsBankrupt} / {s.AccountsSavedByPartialLiquidation}");
        foreach (var (stage, totals) in s.LiquidationsByStage)
        {
            Row(html, $"Liquidations via {stage} (fills, notional)", $"{totals.Fills}, {Money(totals.Notional)}");
        }

        Row(html, "Slippage paid", Money(s.SlippagePaid));
        Row(html, "Fees to insurance fund / keeper rewards", $"{Money(s.FeesToInsuranceFund)} / {Money(s.KeeperRewards)}");
        Row(html, "Max cascade depth (steps) / cascade steps / impact-triggered accounts", $"{s.MaxCascadeDepth} / {s.CascadeSteps} / {s.ImpactTriggeredAccounts}");
        foreach (var m in s.Markets)
        {
            Row(html, $"{m.Symbol} initial → final (min, max; max impact)", $"{Num(m.Initial)} → {Num(m.Final)} ({Num(m.Minimum)}, {Num(m.Maximum)}; {(m.MaxImpact * 100).ToString("0.###", CultureInfo.InvariantCulture)}%)");
        }

        html.Append("</table>");
        html.Append("<h2>Charts</h2>");
        for (var m = 0; m < result.Markets.Count; m++)
        {
            var market = m;
            html.Append(new SvgChart($"{result.Markets[m]} price (red lines: liquidation fills)", "minutes", x)
                .Line("fundamental", "#999999", [.. rows.Select(r => r.Fundamental[market])])
                .Line("oracle", "#1f77b4", [.. rows.Select(r => r.Oracle[market])])
                .Line("mark", "#ff7f0e", [.. rows.Select(r => r.Mark[market])])
                .Markers(markers)
                .Render());
        }

        html.Append(new SvgChart("Insurance fund", "minutes", x).Line("balance", "#2ca02c", [.. rows.Select(r => r.InsuranceFund)]).Render());
        html.Append(new SvgChart("Bad debt outstanding", "minutes", x).Line("bad debt", "#d62728", [.. rows.Select(r => r.BadDebt)]).Render());
        html.Append(new SvgChart("Liquidated notional per interval", "minutes", x).Bars("notional", "#9467bd", [.. rows.Select(r => r.LiquidatedNotional)]).Render());
        html.Append(new SvgChart("Accounts by state", "minutes", x)
            .Line("margin call", "#bcbd22", [.. rows.Select(r => (double)r.MarginCall)])
            .Line("liquidatable", "#ff7f0e", [.. rows.Select(r => (double)r.Liquidatable)])
            .Line("in liquidation", "#d62728", [.. rows.Select(r => (double)r.InLiquidation)])
            .Line("bankrupt", "#000000", [.. rows.Select(r => (double)r.Bankrupt)])
            .Render());
        html.Append(new SvgChart("Open interest (notional at mark)", "minutes", x).Line("open interest", "#17becf", [.. rows.Select(r => r.OpenInterest)]).Render());
        html.Append("<h2>Engine events</h2><table>");
        foreach (var (name, count) in s.EngineEvents)
        {
            Row(html, name, count.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (reason, count) in s.Rejections)
        {
            Row(html, "rejected: " + reason, count.ToString(CultureInfo.InvariantCulture));
        }

        html.Append("</table></body></html>\n");
        return html.ToString();
    }

    internal static void Head(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        html.Append("<style>body{font-family:sans-serif;max-width:960px;margin:1em auto;color:#222}table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f0f0f0}td.n{text-align:right}svg{margin:0.6em 0}</style>");
        html.Append("</head><body><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
    }

    internal static void Row(StringBuilder html, string label, string value) =>
        html.Append("<tr><th>").Append(WebUtility.HtmlEncode(label)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");

    internal static string Money(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    internal static string Num(double value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);
}
