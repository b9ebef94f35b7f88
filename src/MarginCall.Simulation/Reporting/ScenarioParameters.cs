using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// What a report says about the scenario behind it: every parameter (the scenario as loaded, defaults filled in, and
/// the engine settings in effect) and, for a dated replay, the UTC time of step 0.
/// </summary>
public static class ScenarioParameters
{
    /// <summary>
    /// <c>{ "scenario": …, "engine": { "thresholds": …, "parameters": … } }</c>: the scenario record as the loader read
    /// it and the engine's thresholds and default liquidation parameters after defaults (ratios as decimals, amounts in
    /// whole quote units, as a scenario file writes them).
    /// </summary>
    public static JsonObject Of(Scenario scenario)
    {
        var node = JsonSerializer.SerializeToNode(scenario, ScenarioLoader.Options)!.AsObject();
        node.Remove("engine"); // the raw text; the effective settings follow
        var options = scenario.EngineSettings.ToOptions();
        var engineOptions = EngineSettings.SerializerOptions(scenario.Quote.Decimals);
        var engine = new JsonObject
        {
            ["thresholds"] = JsonSerializer.SerializeToNode(options.Thresholds, engineOptions),
            ["parameters"] = JsonSerializer.SerializeToNode(options.DefaultParameters, engineOptions),
            ["executionCost"] = scenario.EngineSettings.ExecutionCost is { } cost ? JsonSerializer.SerializeToNode(cost, engineOptions) : null,
            ["useFullScan"] = options.UseFullScan,
        };
        return new JsonObject { ["scenario"] = node, ["engine"] = engine };
    }

    /// <summary>
    /// Step 0 of a replay whose first series is a file with calendar timestamps (ISO 8601, or Unix seconds after
    /// 2001-09-09): the first row's time (klines: the kline the replay starts from). Null for synthetic paths and for files or points timed from zero.
    /// </summary>
    public static DateTimeOffset? StartTimeUtc(LoadedScenario loaded)
    {
        var process = loaded.Scenario.PriceProcess;
        if (process.Kind == "klines")
        {
            var start = Running.PriceProcessFactory.Klines(loaded)[0].StartUnixSeconds;
            return start < 1e9 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(start * 1000));
        }

        if (process.Kind != "replay" || process.Series is not [{ File: { } file } first, ..])
        {
            return null;
        }

        var table = CsvTable.Load(loaded.Resolve(file));
        if (!table.Has(first.TimestampColumn) || table.Rows.Count == 0)
        {
            return null;
        }

        var text = CsvTable.Field(table.Rows[0].Fields, table.Require(first.TimestampColumn, first.TimestampColumn));
        var seconds = PriceSeriesCsv.ParseTimestamp(text, table.Name, first.TimestampColumn, table.Rows[0].Line);
        var numeric = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return numeric && seconds < 1e9 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    /// <summary>ISO 8601 UTC text of <paramref name="time"/> (seconds resolution).</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
