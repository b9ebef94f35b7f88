using MarginCall.Simulation.Population;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Tests;

public class ScenarioInputTests
{
    private const string Valid = """
        {
          "name": "t",
          "durationSeconds": 60,
          "markets": [
            {
              "symbol": "BTC-USD",
              "initialPrice": 50000,
              "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ]
            }
          ],
          "population": { "count": 10 },
          "priceProcess": { "kind": "gbm", "volatility": 0.8 },
          "engine": { "parameters": { "targetHealth": 1.2 } }
        }
        """;

    private static ScenarioException Refused(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "s.json"));

    private static int LineOf(string json, string text) =>
        json.Split('\n').Select((line, i) => (line, i)).First(x => x.line.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void A_valid_scenario_parses_with_its_engine_parameters()
    {
        var scenario = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Valid), "s.json");

        Assert.Equal(60, scenario.StepCount);
        Assert.Equal(1_200_000, scenario.EngineSettings.Parameters!.TargetHealth.Value);
    }

    [Fact]
    public void A_wrong_type_names_the_field_and_line()
    {
        var json = Valid.Replace("\"volatility\": 0.8", "\"volatility\": \"high\"", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.priceProcess.volatility", e.Field);
        Assert.Equal(LineOf(json, "\"high\""), e.Line);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_its_line()
    {
        var json = Valid.Replace("\"durationSeconds\": 60", "\"durationSecs\": 60", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Contains("durationSecs", e.Message);
        Assert.Equal(LineOf(json, "durationSecs"), e.Line);
    }

    [Fact]
    public void An_invalid_value_names_the_field_and_line()
    {
        var json = Valid.Replace("\"maintenanceRate\": 0.03", "\"maintenanceRate\": 0.08", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.markets[0].tiers[0].initialRate", e.Field);
        Assert.Equal(LineOf(json, "\"maintenanceRate\": 0.08"), e.Line);
        Assert.StartsWith("s.json:", e.Message);
    }

    [Fact]
    public void A_negative_volatility_names_the_field_and_line()
    {
        var json = Valid.Replace("\"volatility\": 0.8", "\"volatility\": -0.8", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.priceProcess.volatility", e.Field);
        Assert.Equal(LineOf(json, "-0.8"), e.Line);
    }

    [Fact]
    public void An_invalid_engine_parameter_names_the_engine_field_and_line()
    {
        var json = Valid.Replace("\"targetHealth\": 1.2", "\"targetHealth\": 0.9", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.engine.parameters.targetHealth", e.Field);
        Assert.Equal(LineOf(json, "0.9"), e.Line);
    }

    [Fact]
    public void The_margin_call_hysteresis_is_read_from_the_thresholds_and_defaults_to_a_tenth()
    {
        Assert.Equal(50_000, HysteresisOf(WithThresholds(", \"warningHysteresis\": 0.05")));
        Assert.Equal(100_000, HysteresisOf(WithThresholds(string.Empty)));
    }

    [Fact]
    public void A_negative_margin_call_hysteresis_names_the_field_and_line()
    {
        var json = WithThresholds(",\n \"warningHysteresis\": -0.1");
        var e = Refused(json);

        Assert.Equal("$.engine.thresholds.warningHysteresis", e.Field);
        Assert.Equal(LineOf(json, "-0.1"), e.Line);
    }

    /// <summary>The valid scenario with the default thresholds spelled out, plus <paramref name="extra"/> members.</summary>
    private static string WithThresholds(string extra) =>
        Valid.Replace("\"engine\": {", "\"engine\": { \"thresholds\": { \"warningHealth\": 1.5, \"expectedFeeRate\": 0.001, \"exitBuffer\": 0.2" + extra + " },", StringComparison.Ordinal);

    private static long HysteresisOf(string json) =>
        ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "s.json").EngineSettings.Thresholds!.WarningHysteresis.Value;

    [Fact]
    public void An_unknown_engine_parameter_names_the_engine_field_and_line()
    {
        var json = Valid.Replace("\"targetHealth\": 1.2", "\"targetHelth\": 1.2", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Contains("targetHelth", e.Message);
        Assert.Equal(LineOf(json, "targetHelth"), e.Line);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var json = Valid.Replace("\"count\": 10 }", "\"count\": 10 ", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.NotNull(e.Line);
        Assert.InRange(e.Line!.Value, LineOf(json, "\"count\": 10"), LineOf(json, "\"count\": 10") + 1);
    }

    [Fact]
    public void Overrides_merge_into_the_scenario()
    {
        var overrides = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""{ "population": { "count": 3 }, "engine": { "parameters": { "maxPositionPortionPerWindow": 1 } } }""")!;
        var scenario = ScenarioLoader.ParseWithOverrides(System.Text.Encoding.UTF8.GetBytes(Valid), overrides, "s.json");

        Assert.Equal(3, scenario.Population.Count);
        Assert.Equal(1_200_000, scenario.EngineSettings.Parameters!.TargetHealth.Value);
        Assert.Equal(1_000_000, scenario.EngineSettings.Parameters.MaxPositionPortionPerWindow.Value);
    }

    [Fact]
    public void A_population_file_without_a_required_column_says_which()
    {
        const string csv = "account,market,side,notional\n1,BTC-USD,long,1000\n";
        var e = Assert.Throws<ScenarioException>(() => PopulationCsv.Read(new StringReader(csv), "population.csv", ["BTC-USD"]));

        Assert.Equal("leverage", e.Field);
        Assert.Contains("missing column 'leverage'", e.Message);
    }

    [Fact]
    public void A_population_file_groups_rows_into_accounts()
    {
        const string csv = "account,market,side,notional,leverage,mode\n2,ETH-USD,short,500,5,isolated\n2,BTC-USD,long,1000,10,\n1,btc-usd,long,100,2,cross\n";
        var accounts = PopulationCsv.Read(new StringReader(csv), "population.csv", ["BTC-USD", "ETH-USD"]);

        Assert.Equal([1L, 2L], accounts.Select(a => a.Owner));
        Assert.Equal([0, 1], accounts[1].Positions.Select(p => p.Market));
        Assert.Equal(Core.Model.MarginMode.Isolated, accounts[1].Positions[1].Mode);
    }
}
