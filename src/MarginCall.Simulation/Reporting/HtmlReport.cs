using System.Globalization;
using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// The stand-alone HTML report of one run (see <see cref="ReportPage"/>): what was simulated (title, description,
/// source, every parameter with its unit), the headline figures with units, and interactive charts on one time axis
/// (UTC for dated replays): price (fundamental, oracle, mark) with liquidations as markers sized by notional,
/// liquidated notional by waterfall stage, insurance-fund equity, cash and inventory, socialized loss and bad debt,
/// keeper PnL and rewards, slippage, accounts by state and open interest. Engine event counts go to an appendix.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] StageColors = ["#4c78a8", "#59a14f", "#e15759", "#b07aa1"];

    /// <summary>Renders the report.</summary>
    public static string Render(RunResult result)
    {
        var s = result.Summary;
        var q = s.Quote;
        var rows = result.Timeline;
        var start = s.StartTimeUtc is { } iso ? DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var x = TimeAxis.Of([.. rows.Select(r => r.TimeSeconds)], start);
        var page = new ReportPage($"MarginCall simulation — {s.Scenario} (seed {s.Seed})");
        About(page, s, start);
        Headline(page, s);
        page.Heading("Charts").Paragraph(
            $"Amounts in {q}. Time axis: {x.Name}. Drag the slider or scroll inside a chart to zoom (all charts follow); hover for values.", "note");
        Charts(page, result, x);
        Parameters(page, s);
        Appendix(page, s);
        return page.Render();
    }

    private static void About(ReportPage page, RunSummary s, DateTimeOffset? start)
    {
        var facts = new List<(string, string)>
        {
            ("Scenario", s.Scenario),
            ("Description", s.Description ?? "(none given)"),
            ("Source", s.Source ?? "(none given)"),
            ("Simulated time", $"{Num(s.Steps)} steps × {Num(s.StepSeconds)} s = {Duration(s.Steps * s.StepSeconds)}"),
            ("Start (step 0)", start is { } t ? ScenarioParameters.Iso(t) + " (UTC, first row of the replayed file)" : "synthetic path: times are elapsed since start"),
            ("Accounts", $"{Num(s.Accounts)} (market maker and keeper not counted)"),
            ("Seed", s.Seed.ToString(CultureInfo.InvariantCulture)),
        };
        page.Heading("Scenario").Facts(facts);
    }

    private static void Headline(ReportPage page, RunSummary s)
    {
        var q = s.Quote;
        var facts = new List<(string, string)>
        {
            ("Bad debt (end / peak)", $"{Money(s.BadDebt, q)} / {Money(s.PeakBadDebt, q)}"),
            ("Socialized loss (charged to open positions)", Money(s.SocializedLoss, q)),
            ("Backstop loss (insurance fund's loss on takeovers)", Money(s.BackstopLoss, q)),
            ("Insurance fund equity: start → end (minimum; max drawdown)", $"{Money(s.InsuranceFund.Start, q)} → {Money(s.InsuranceFund.End, q)} ({Money(s.InsuranceFund.Minimum, q)}; {Money(s.InsuranceFund.MaxDrawdown, q)})"),
            ("Insurance fund peak inventory (|size| × mark)", Money(s.PeakFundInventory, q)),
            ("Accounts liquidated / bankrupt / saved by partial liquidation", $"{Num(s.AccountsLiquidated)} / {Num(s.AccountsBankrupt)} / {Num(s.AccountsSavedByPartialLiquidation)} accounts"),
            ("Liquidated notional", Money(s.LiquidatedNotional, q)),
        };
        foreach (var (stage, totals) in s.LiquidationsByStage)
        {
            var share = s.LiquidatedShareByStage.GetValueOrDefault(stage);
            facts.Add(($"  via {stage}: steps, fills, notional (share)", $"{Num(totals.Steps)}, {Num(totals.Fills)}, {Money(totals.Notional, q)} ({Percent(share)})"));
        }

        facts.Add(("Slippage paid by liquidated accounts", Money(s.SlippagePaid, q)));
        facts.Add(("Liquidation fees: total / to insurance fund / keeper rewards", $"{Money(s.LiquidationFees, q)} / {Money(s.FeesToInsuranceFund, q)} / {Money(s.KeeperRewards, q)}"));
        facts.Add(("Keeper PnL (rewards + simulated keeper's equity change)", Money(s.KeeperPnl, q)));
        facts.Add(("Max cascade depth / cascade steps / impact-triggered accounts", $"{Num(s.MaxCascadeDepth)} steps / {Num(s.CascadeSteps)} steps / {Num(s.ImpactTriggeredAccounts)} accounts"));
        foreach (var m in s.Markets)
        {
            facts.Add(($"{m.Symbol} oracle price: initial → final (min, max); max impact", $"{Num(m.Initial)} → {Num(m.Final)} ({Num(m.Minimum)}, {Num(m.Maximum)}) {q}; {Percent(m.MaxImpact)}"));
        }

        page.Heading("Results").Facts(facts);
    }

    private static void Charts(ReportPage page, RunResult result, TimeAxis x)
    {
        var rows = result.Timeline;
        var q = result.Summary.Quote;
        const string group = "timeline";
        var interval = rows.Count > 1 ? rows[1].TimeSeconds - rows[0].TimeSeconds : result.Summary.StepSeconds;
        for (var m = 0; m < result.Markets.Count; m++)
        {
            var market = m;
            var notional = rows.Select(r => r.Extra.LiquidatedByMarket.Length > market ? r.Extra.LiquidatedByMarket[market] : 0).ToArray();
            var max = notional.DefaultIfEmpty(0).Max();
            var markers = new List<double[]>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (notional[i] > 0)
                {
                    markers.Add([x.Values[i], rows[i].Oracle[market], notional[i], 4 + (18 * Math.Sqrt(notional[i] / max))]);
                }
            }

            page.Chart(
                $"{result.Markets[m]}: price ({q}) — fundamental (exogenous), oracle (with liquidation impact), mark; circles: liquidations in each {Duration(interval)} interval, area ∝ notional",
                ChartOptions.OverTime(x, $"price ({q})",
                [
                    Line("fundamental", "#9e9e9e", x, rows, r => r.Fundamental[market]),
                    Line("oracle", "#1f77b4", x, rows, r => r.Oracle[market]),
                    Line("mark", "#ff7f0e", x, rows, r => r.Mark[market]),
                    new ChartSeries("liquidations (size ∝ notional)", "scatter", "#d62728", markers),
                ], scale: true),
                360,
                group);
        }

        page.Chart(
            $"Liquidated notional per {Duration(interval)} interval by waterfall stage ({q})",
            ChartOptions.OverTime(x, $"{q} per interval",
                TimelineExtra.Stages.Select((stage, i) => new ChartSeries(stage, "bar", StageColors[i], [.. rows.Select((r, k) => new[] { x.Values[k], r.Extra.LiquidatedByStage[i] })], "stage"))),
            300,
            group);
        page.Chart(
            $"Insurance fund ({q}): equity (cash + inventory at mark), cash, and inventory taken over by the backstop (|size| × mark)",
            ChartOptions.OverTime(x, q,
            [
                Line("equity", "#2ca02c", x, rows, r => r.InsuranceFund),
                Line("cash", "#17becf", x, rows, r => r.Extra.FundCash),
                Line("inventory", "#8c564b", x, rows, r => r.Extra.FundInventory),
            ]),
            300,
            group);
        page.Chart(
            $"Losses ({q}): socialized loss charged to open positions (cumulative) and bad debt (absorbed by the backstop + unresolved)",
            ChartOptions.OverTime(x, q,
            [
                Line("socialized loss", "#9467bd", x, rows, r => r.Extra.SocializedLoss),
                Line("bad debt", "#d62728", x, rows, r => r.BadDebt),
            ]),
            280,
            group);
        page.Chart(
            $"Keepers ({q}, cumulative): PnL (rewards + simulated keeper's equity change at mark) and rewards credited",
            ChartOptions.OverTime(x, q,
            [
                Line("keeper PnL", "#1f77b4", x, rows, r => r.Extra.KeeperPnl),
                Line("keeper rewards", "#bcbd22", x, rows, r => r.Extra.KeeperRewards),
            ]),
            280,
            group);
        page.Chart(
            $"Slippage paid by liquidated accounts ({q}, cumulative: Σ |fill price − mark| × size)",
            ChartOptions.OverTime(x, q, [Line("slippage paid", "#e377c2", x, rows, r => r.Extra.SlippagePaid)]),
            260,
            group);
        page.Chart(
            "Accounts by liquidation state (population only; the rest are healthy)",
            ChartOptions.OverTime(x, "accounts",
            [
                Line("margin call", "#bcbd22", x, rows, r => r.MarginCall),
                Line("liquidatable", "#ff7f0e", x, rows, r => r.Liquidatable),
                Line("in liquidation", "#d62728", x, rows, r => r.InLiquidation),
                Line("bankrupt", "#000000", x, rows, r => r.Bankrupt),
            ]),
            280,
            group);
        page.Chart(
            $"Open interest ({q}, Σ long notional at mark): the population's, and all accounts' including the market maker and keeper",
            ChartOptions.OverTime(x, q,
            [
                Line("population", "#17becf", x, rows, r => r.Extra.PopulationOpenInterest),
                Line("all accounts incl. market maker", "#7f7f7f", x, rows, r => r.OpenInterest),
            ]),
            280,
            group);
    }

    private static void Parameters(ReportPage page, RunSummary s)
    {
        if (s.Parameters is null)
        {
            return;
        }

        page.Heading("Parameters").Paragraph("Every parameter of the run: the scenario as loaded (defaults filled in) and the engine settings in effect. Ratios are fractions (0.25 = 25%).", "note");
        page.Table(["parameter", "value", "unit"], ParameterTable.Rows(s.Parameters, s.Quote).Select(r => (IReadOnlyList<string>)[r.Path, r.Value, r.Unit]), textColumns: 3);
    }

    private static void Appendix(ReportPage page, RunSummary s)
    {
        page.Heading("Appendix: event counts");
        page.Table(["engine event (run, setup excluded)", "count"], s.EngineEvents.Select(e => (IReadOnlyList<string>)[e.Key, Num(e.Value)]));
        if (s.Rejections.Count > 0)
        {
            page.Table(["rejected command reason", "count"], s.Rejections.Select(e => (IReadOnlyList<string>)[e.Key, Num(e.Value)]));
        }

        if (s.SizingRules.Count > 0)
        {
            page.Table(["liquidation sizing rule", "steps"], s.SizingRules.Select(e => (IReadOnlyList<string>)[e.Key, Num(e.Value)]));
        }

        page.Table(
            ["setup", "count"],
            new IReadOnlyList<string>[] { ["engine accounts created", Num(s.Setup.AccountsCreated)], ["positions opened", Num(s.Setup.PositionsOpened)], ["positions refused", Num(s.Setup.PositionsRefused)] }
                .Concat(s.Setup.Rejections.Select(e => (IReadOnlyList<string>)["setup refusal: " + e.Key, Num(e.Value)])));
    }

    private static ChartSeries Line(string name, string color, TimeAxis x, IReadOnlyList<TimelineRow> rows, Func<TimelineRow, double> y) =>
        new(name, "line", color, [.. rows.Select((r, i) => new[] { x.Values[i], y(r) })]);

    internal static string Money(double value, string quote) => (Math.Round(value) == 0 ? 0 : value).ToString("#,0", CultureInfo.InvariantCulture) + " " + quote;

    internal static string Num(double value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    internal static string Duration(double seconds) => seconds switch
    {
        >= 86400 when seconds % 3600 == 0 => $"{Num(seconds / 3600)} h",
        >= 3600 => $"{Num(Math.Round(seconds / 3600, 2))} h",
        >= 60 => $"{Num(Math.Round(seconds / 60, 2))} min",
        _ => $"{Num(seconds)} s",
    };
}
