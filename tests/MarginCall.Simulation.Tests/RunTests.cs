using System.Text;
using System.Text.Json.Nodes;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Simulation.Tests;

public class RunTests
{
    /// <summary>A bundled scenario shrunk for tests: fewer accounts, shorter, coarser steps.</summary>
    internal static LoadedScenario Small(string bundled, string overridesJson)
    {
        var path = ScenarioFiles.Bundled(bundled);
        var overrides = (JsonObject)JsonNode.Parse(overridesJson)!;
        var scenario = ScenarioLoader.ParseWithOverrides(File.ReadAllBytes(path), overrides, path);
        return new LoadedScenario(scenario, Path.GetDirectoryName(path)!, path);
    }

    private static string SummaryOf(LoadedScenario scenario, ulong? seed = null) =>
        ReportJson.Serialize(new SimulationRun(scenario, new RunOptions { Seed = seed }).Run().Summary);

    [Fact]
    public void The_same_seed_gives_the_same_summary_byte_for_byte()
    {
        var scenario = Small("flash-crash.json", """{ "population": { "count": 300 }, "durationSeconds": 400 }""");

        var first = SummaryOf(scenario);
        var second = SummaryOf(scenario);

        Assert.Equal(first, second);
        Assert.NotEqual(first, SummaryOf(scenario, seed: 8));
    }

    [Fact]
    public void The_timeline_csv_is_deterministic_and_has_one_column_set_per_market()
    {
        var scenario = Small("flash-crash.json", """{ "population": { "count": 100 }, "durationSeconds": 120, "timelineEverySteps": 10 }""");

        string Csv()
        {
            var writer = new StringWriter();
            TimelineCsv.Write(new SimulationRun(scenario).Run(), writer);
            return writer.ToString();
        }

        var csv = Csv();
        Assert.Equal(csv, Csv());
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("step,time_s,fundamental:BTC-USD,oracle:BTC-USD,mark:BTC-USD,open_interest,healthy", lines[0]);
        Assert.Equal(1 + 1 + 12, lines.Length); // header, step 0, every 10th of 120 steps
    }

    [Fact]
    public void The_population_opens_against_the_market_maker_without_refusals()
    {
        var scenario = Small("gbm-stress.json", """{ "population": { "count": 500 }, "durationSeconds": 600 }""");

        var summary = new SimulationRun(scenario).Run().Summary;

        Assert.Equal(500, summary.Accounts);
        Assert.Equal(0, summary.Setup.PositionsRefused);
        Assert.Equal(500, summary.Setup.PositionsOpened);
    }

    [Fact]
    public void The_opening_insurance_fund_is_paid_in_and_a_second_market_trades()
    {
        var scenario = Small("btc-eth-regimes.json", """{ "population": { "count": 300 }, "durationSeconds": 300 }""");

        var summary = new SimulationRun(scenario).Run().Summary;

        Assert.Equal(1_000_000, summary.InsuranceFund.Start);
        Assert.Equal(0, summary.Setup.PositionsRefused);
        Assert.True(summary.Setup.PositionsOpened > 300, "some accounts hold both markets");
        Assert.Equal(["BTC-USD", "ETH-USD"], summary.Markets.Select(m => m.Symbol));
    }

    [Fact]
    public void The_html_report_is_self_contained()
    {
        var scenario = Small("flash-crash.json", """{ "population": { "count": 100 }, "durationSeconds": 120 }""");

        var html = HtmlReport.Render(new SimulationRun(scenario).Run());

        // The charting library is inlined whole; the page around it loads nothing: no script src, stylesheet or image
        // links, no fetches (the library's own code holds such strings for features the report does not use).
        Assert.Contains(EChartsAsset.Script, html, StringComparison.Ordinal);
        var page = html.Replace(EChartsAsset.Script, "", StringComparison.Ordinal);
        Assert.Contains("echarts.init", page);
        Assert.Contains("Apache License", page);
        Assert.DoesNotContain("<script src", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fetch(", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(src|href)\s*=", page);
    }

    [Fact]
    public void A_sweep_gives_the_same_result_on_one_core_and_on_many()
    {
        // The sweep's scenario resolves inside the sweep's folder, here the bundled scenarios/.
        var spec = SweepRunner.Parse("""
            {
              "name": "t",
              "scenario": "gbm-stress.json",
              "paths": 4,
              "overrides": { "population": { "count": 150 }, "durationSeconds": 3600 },
              "parameterSets": [ { "name": "a" }, { "name": "b", "set": { "liquidity": { "notionalPerLevel": 10000 } } } ]
            }
            """u8.ToArray(), "t.json");
        var folder = Path.GetDirectoryName(ScenarioFiles.Bundled("gbm-stress.json"))!;

        var serial = SweepRunner.Run(spec, folder, maxParallelism: 1);
        var parallel = SweepRunner.Run(spec, folder, maxParallelism: 4);

        Assert.Equal(SweepReport.RunsCsv(serial), SweepReport.RunsCsv(parallel));
        Assert.Equal(SweepReport.ComparisonCsv(serial), SweepReport.ComparisonCsv(parallel));
        Assert.Equal(8, SweepReport.RunsCsv(serial).Count(c => c == '\n') - 1);
        Assert.Equal(SweepReport.PairedCsv(serial), SweepReport.PairedCsv(parallel));
        Assert.Contains("echarts.init", SweepReport.Html(serial));
    }

    [Fact]
    public void Every_bundled_scenario_loads()
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(ScenarioFiles.Bundled("x"))!, "*.json"))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("\"parameterSets\"", StringComparison.Ordinal))
            {
                var (spec, folder) = SweepRunner.Load(file);
                Assert.True(File.Exists(Path.Combine(folder, spec.Scenario)), file);
            }
            else
            {
                Assert.NotNull(ScenarioLoader.Load(file).Scenario);
            }
        }
    }
}
