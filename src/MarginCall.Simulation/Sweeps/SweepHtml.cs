using System.Globalization;
using System.Text.Json.Nodes;
using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// The stand-alone HTML report of a sweep: what was compared (scenario, description, source, paths, seeds, each set's
/// overrides, every base parameter), the paired verdict table (mean difference against the baseline with its t
/// interval, the verdict, the paths a difference of that size needs), the tail table (VaR/ES differences with paired
/// bootstrap intervals), per-set distributions, and charts: relative mean differences with intervals, quantile curves
/// of bad debt, socialized loss and fund drawdown, mean cascade depth per set.
/// </summary>
internal static class SweepHtml
{
    private static readonly string[] TailMetrics = ["bad_debt", "socialized_loss", "fund_drawdown", "slippage_paid"];

    public static string Render(SweepResult result)
    {
        var c = result.Comparison ?? PairedComparison.Of(result, result.Baseline);
        var q = result.Quote;
        var page = new ReportPage($"MarginCall sweep — {result.Name}");
        var level = Pct(c.Confidence);
        page.Heading("What was compared").Facts(
        [
            ("Base scenario", result.Scenario),
            ("Description", result.Description ?? "(none given)"),
            ("Source", result.Source ?? "(none given)"),
            ("Paths per set", $"{result.Paths} (seeds {result.FirstSeed}…{result.FirstSeed + (ulong)result.Paths - 1}; every set runs on the same seeds: common random numbers)"),
            ("Baseline", c.Baseline),
            ("Method", $"paired: per path, set − baseline; mean difference with a {level} Student t interval; VaR/ES differences with a {level} percentile interval from a paired bootstrap ({c.BootstrapResamples:N0} resamples, seeded); paths needed for {Pct(c.Power)} power at the same level"),
        ]);
        page.Table(
            ["parameter set", "changes to the scenario"],
            result.Sets.Select(s => (IReadOnlyList<string>)[s.Name + (ReferenceEquals(s, result.Sets[result.Baseline]) ? " (baseline)" : ""), s.Overrides?.ToJsonString() ?? "(none: the scenario as is)"]),
            textColumns: 2);

        Verdicts(page, result, c);
        Tails(page, result, c);
        Distributions(page, result);
        Charts(page, result, c);
        if (result.Parameters is { } parameters)
        {
            page.Heading("Base parameters").Paragraph("The base scenario with the sweep's common overrides, before each set's changes. Ratios are fractions.", "note");
            page.Table(["parameter", "value", "unit"], ParameterTable.Rows(parameters, q).Select(r => (IReadOnlyList<string>)[r.Path, r.Value, r.Unit]), textColumns: 3);
        }

        return page.Render();
    }

    private static void Verdicts(ReportPage page, SweepResult result, PairedComparison c)
    {
        page.Heading($"Verdicts against the baseline ({c.Baseline}), {Pct(c.Confidence)} confidence");
        page.Paragraph("“better”/“worse”: the interval of the mean difference (set − baseline) excludes zero, in the metric’s good/bad direction. “Not distinguishable”: it contains zero at this number of paths; the last column says how many paths a true difference of the observed size would need.", "note");
        foreach (var set in result.Sets.Where(s => !ReferenceEquals(s, result.Sets[result.Baseline])))
        {
            var rows = c.Rows.Where(r => r.Set == set.Name).Select(r =>
            {
                var m = SweepMetric.Named(r.Metric);
                var unit = m.UnitOf(result.Quote);
                return (IReadOnlyList<string>)[m.Label, unit, V(r.BaselineMean), V(r.SetMean), V(r.MeanDifference), $"[{V(r.Low)}, {V(r.High)}]", r.Verdict, r.PathsNeeded?.ToString("N0", CultureInfo.InvariantCulture) ?? "—"];
            });
            page.Table(["metric", "unit", "baseline mean", "set mean", "Δ mean", $"{Pct(c.Confidence)} interval", "verdict", $"paths for {Pct(c.Power)} power"], rows, textColumns: 2, caption: set.Name);
        }
    }

    private static void Tails(ReportPage page, SweepResult result, PairedComparison c)
    {
        page.Heading("Tails: VaR and expected shortfall (paired bootstrap)");
        page.Paragraph($"Δ = set − baseline of the figure over {c.Paths} paths, [{Pct(c.Confidence)} bootstrap interval], verdict. VaR p = the ⌈p·n⌉-th smallest path; ES p = mean of the worst ⌈(1−p)·n⌉ paths. Amounts in {result.Quote}. With few paths in the tail (ES 99% of 200 paths is 2 paths) the interval is wide.", "note");
        var rows = c.Rows.Where(r => TailMetrics.Contains(r.Metric)).Select(r =>
        {
            var cells = new List<string> { r.Set, SweepMetric.Named(r.Metric).Label };
            cells.AddRange(r.Tails.Select(t => $"{V(t.Difference)} [{V(t.Low)}, {V(t.High)}] {t.Verdict}"));
            return (IReadOnlyList<string>)cells;
        });
        page.Table(["set", "metric", "Δ VaR 95%", "Δ VaR 99%", "Δ ES 95%", "Δ ES 99%"], rows, textColumns: 6);
    }

    private static void Distributions(ReportPage page, SweepResult result)
    {
        page.Heading("Distributions per set");
        foreach (var key in new[] { "bad_debt", "socialized_loss", "fund_drawdown", "slippage_paid", "keeper_pnl", "cascade_depth", "accounts_bankrupt" })
        {
            var m = SweepMetric.Named(key);
            var rows = result.Sets.Select(s =>
            {
                var t = TailStatistics.Of([.. s.Runs.Select(m.Value)]);
                return (IReadOnlyList<string>)[s.Name, V(t.Mean), V(t.P50), V(t.P95), V(t.P99), V(t.ExpectedShortfall95), V(t.ExpectedShortfall99), V(t.Max)];
            });
            page.Table(["set", "mean", "median", "VaR 95%", "VaR 99%", "ES 95%", "ES 99%", "max"], rows, caption: $"{m.Label} ({m.UnitOf(result.Quote)} per path)");
        }
    }

    private static void Charts(ReportPage page, SweepResult result, PairedComparison c)
    {
        page.Heading("Charts");
        var sets = result.Sets.Where(s => !ReferenceEquals(s, result.Sets[result.Baseline])).ToArray();
        for (var i = 0; i < sets.Length; i++)
        {
            var set = sets[i];
            var rows = c.Rows.Where(r => r.Set == set.Name && r.BaselineMean != 0).ToArray();
            var labels = rows.Select(r => SweepMetric.Named(r.Metric).Label).ToArray();
            var series = new JsonArray();
            var means = new JsonArray();
            for (var k = 0; k < rows.Length; k++)
            {
                var b = Math.Abs(rows[k].BaselineMean);
                var color = rows[k].Verdict == PairedComparison.Better ? "#2ca02c" : rows[k].Verdict == PairedComparison.Worse ? "#d62728" : "#7f7f7f";
                series.Add(new JsonObject
                {
                    ["name"] = $"{Pct(c.Confidence)} interval",
                    ["type"] = "line",
                    ["data"] = new JsonArray(new JsonArray(Finite(rows[k].Low / b), labels[k]), new JsonArray(Finite(rows[k].High / b), labels[k])),
                    ["lineStyle"] = new JsonObject { ["width"] = 3, ["color"] = color },
                    ["itemStyle"] = new JsonObject { ["color"] = color },
                    ["symbol"] = "line",
                    ["tooltip"] = new JsonObject { ["show"] = false },
                });
                means.Add(new JsonObject { ["value"] = new JsonArray(rows[k].MeanDifference / b, labels[k]), ["itemStyle"] = new JsonObject { ["color"] = color } });
            }

            series.Add(new JsonObject { ["name"] = "mean difference", ["type"] = "scatter", ["data"] = means, ["symbolSize"] = 9, ["itemStyle"] = new JsonObject { ["color"] = "#222" } });
            var option = new JsonObject
            {
                ["animation"] = false,
                ["tooltip"] = new JsonObject { ["trigger"] = "item", ["confine"] = true },
                ["grid"] = new JsonObject { ["left"] = 16, ["right"] = 36, ["top"] = 30, ["bottom"] = 40, ["containLabel"] = true },
                ["xAxis"] = new JsonObject { ["type"] = "value", ["name"] = "Δ mean vs baseline, % of the baseline mean", ["nameLocation"] = "middle", ["nameGap"] = 26, ["axisLabel"] = new JsonObject { ["formatter"] = "percent" } },
                ["yAxis"] = new JsonObject { ["type"] = "category", ["name"] = "metric", ["nameLocation"] = "start", ["data"] = new JsonArray([.. labels.Select(l => (JsonNode)l)]), ["inverse"] = true },
                ["series"] = series,
            };
            page.Chart($"{set.Name} vs {c.Baseline}: mean difference per metric with its {Pct(c.Confidence)} interval, relative to the baseline mean (green better, red worse, grey not distinguishable; metrics with a zero baseline mean omitted)", option, 60 + (rows.Length * 30));
        }

        var levels = Enumerable.Range(1, 100).Select(i => i / 100.0).ToArray();
        foreach (var key in new[] { "bad_debt", "socialized_loss", "fund_drawdown" })
        {
            var m = SweepMetric.Named(key);
            var curves = result.Sets.Select((s, i) =>
            {
                var sorted = s.Runs.Select(m.Value).Order().ToArray();
                return new ChartSeries(s.Name, "line", SweepReport.Colors[i % SweepReport.Colors.Length], [.. levels.Select(p => new[] { p, TailStatistics.Quantile(sorted, p) })]);
            });
            var x = new JsonObject { ["type"] = "value", ["name"] = "share of paths at or below (quantile)", ["nameLocation"] = "middle", ["nameGap"] = 26, ["min"] = 0, ["max"] = 1, ["axisLabel"] = new JsonObject { ["formatter"] = "percent" } };
            page.Chart($"{m.Label} by quantile of paths ({m.UnitOf(result.Quote)} per path), one curve per set", ChartOptions.Base(x, ChartOptions.ValueAxis($"{m.Label} ({m.UnitOf(result.Quote)})"), curves, zoom: false, axisTooltip: true), 300);
        }

        var bars = new JsonObject
        {
            ["animation"] = false,
            ["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 16, ["right"] = 28, ["top"] = 40, ["bottom"] = 36, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["name"] = "parameter set", ["nameLocation"] = "middle", ["nameGap"] = 26, ["data"] = new JsonArray([.. result.Sets.Select(s => (JsonNode)s.Name)]) },
            ["yAxis"] = ChartOptions.ValueAxis("max cascade depth (steps), mean over paths"),
            ["series"] = new JsonArray(new JsonObject
            {
                ["name"] = "mean max cascade depth",
                ["type"] = "bar",
                ["barMaxWidth"] = 60,
                ["data"] = new JsonArray([.. result.Sets.Select(s => (JsonNode)s.Runs.Average(r => (double)r.MaxCascadeDepth))]),
                ["itemStyle"] = new JsonObject { ["color"] = "#9467bd" },
            }),
        };
        page.Chart("Mean max cascade depth per set (steps in a row in which liquidation impact pushed further accounts under)", bars, 280);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A figure for a table: thousands separators, at most 4 significant decimals below 100.</summary>
    internal static string V(double value)
    {
        if (!double.IsFinite(value))
        {
            return "—";
        }

        // Round to what is shown first, so a tiny negative value reads 0, not -0.
        var large = Math.Abs(value) >= 100;
        var shown = Math.Round(value, large ? 0 : 4);
        if (shown == 0)
        {
            shown = 0; // -0 == 0: this drops the sign
        }

        return shown.ToString(large ? "#,0" : "0.####", CultureInfo.InvariantCulture);
    }
}
