using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// Flattens a parameters object (see <see cref="ScenarioParameters.Of"/>) into rows of dotted path, value and unit for
/// a report table. Units come from the engine's own types for engine parameters (a <see cref="Ppm"/> is a ratio, a
/// <see cref="Quantums"/> an amount of the quote asset) and from the scenario schema (docs/simulate.md) for the rest.
/// </summary>
public static class ParameterTable
{
    private static readonly Dictionary<string, string> EngineUnits = EngineFieldUnits();

    private static readonly Dictionary<string, string> ScenarioUnits = new(StringComparer.Ordinal)
    {
        ["durationSeconds"] = "s", ["stepSeconds"] = "s", ["timelineEverySteps"] = "steps", ["stepCount"] = "steps",
        ["insuranceFund"] = "quote", ["initialPrice"] = "quote per base unit", ["tickSize"] = "price quanta", ["stepSize"] = "size quanta",
        ["notionalCap"] = "quote", ["initialRate"] = "ratio of notional", ["maintenanceRate"] = "ratio of notional",
        ["longRatio"] = "share of accounts", ["isolatedRatio"] = "share of accounts", ["count"] = "accounts",
        ["volatility"] = "per √year (annualized σ)", ["drift"] = "per year", ["jumpIntensityPerYear"] = "jumps per year",
        ["jumpMean"] = "log-return", ["jumpStdDev"] = "log-return", ["meanDurationSeconds"] = "s", ["meanReversionSeconds"] = "s",
        ["levels"] = "levels per side", ["levelSpacingBps"] = "bps", ["notionalPerLevel"] = "quote", ["growthPerLevel"] = "ratio per level",
        ["refillPerStep"] = "share of depth per step", ["impactPermanence"] = "share", ["impactHalfLifeSeconds"] = "s",
        ["minProfit"] = "ratio of hedge price", ["decimals"] = "digits", ["sizeDecimals"] = "digits", ["priceDecimals"] = "digits",
        ["volatilityScale"] = "multiplier",
    };

    /// <summary>Rows (path, value, unit) in document order; <c>quote</c> units print as <paramref name="quote"/>.</summary>
    public static IReadOnlyList<(string Path, string Value, string Unit)> Rows(JsonObject parameters, string quote)
    {
        var rows = new List<(string, string, string)>();
        Walk(parameters, "", false, rows);
        return [.. rows.Select(r => (r.Item1, r.Item2, r.Item3 == "quote" ? quote : r.Item3))];
    }

    private static void Walk(JsonNode? node, string path, bool engine, List<(string, string, string)> rows)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var inEngine = engine || (path == "" && key == "engine");
                    Walk(child, path == "" ? key : path + "." + key, inEngine, rows);
                }

                break;
            case JsonArray a when a.All(x => x is JsonValue):
                rows.Add((path, string.Join(", ", a.Select(Text)), UnitOf(path, engine)));
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", engine, rows);
                }

                break;
            case null:
                break;
            default:
                rows.Add((path, Text(node), UnitOf(path, engine)));
                break;
        }
    }

    private static string UnitOf(string path, bool engine)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        var bracket = leaf.IndexOf('[', StringComparison.Ordinal);
        leaf = bracket >= 0 ? leaf[..bracket] : leaf;
        if (engine)
        {
            return EngineUnits.GetValueOrDefault(leaf, leaf.EndsWith("Ms", StringComparison.Ordinal) ? "ms" : "");
        }

        if (path.StartsWith("population.notional", StringComparison.Ordinal) && leaf is "median" or "max" or "min" or "mean" or "value" or "values")
        {
            return "quote";
        }

        if (path.StartsWith("population.leverage", StringComparison.Ordinal) && leaf is "values" or "value" or "min" or "max" or "median" or "mean")
        {
            return "× (leverage)";
        }

        return ScenarioUnits.GetValueOrDefault(leaf, "");
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => FormatNumber(v.GetValue<double>()),
        _ => node.ToJsonString(),
    };

    private static string FormatNumber(double value) =>
        Math.Abs(value) >= 1e4 && value == Math.Floor(value) ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> EngineFieldUnits()
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in new[] { typeof(LiquidationParameters), typeof(RiskThresholds) })
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var unit = t == typeof(Ppm) ? "ratio" : t == typeof(Quantums) ? "quote" : p.Name.EndsWith("Ms", StringComparison.Ordinal) ? "ms" : "";
                units[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = unit;
            }
        }

        units["executionCost"] = "quote";
        return units;
    }
}
