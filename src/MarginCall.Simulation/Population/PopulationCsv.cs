using System.Globalization;
using MarginCall.Core.Model;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Population;

/// <summary>
/// Loads a population from CSV: one row per position with columns <c>account</c> (an integer grouping rows into
/// accounts), <c>market</c> (symbol), <c>side</c> (long or short), <c>notional</c> (whole quote units at the initial
/// price), <c>leverage</c>, and optionally <c>mode</c> (cross, the default, or isolated).
/// </summary>
public static class PopulationCsv
{
    /// <summary>Reads the file against the scenario's market symbols.</summary>
    /// <exception cref="ScenarioException">A missing column or a bad value, with its line.</exception>
    public static IReadOnlyList<PlannedAccount> Load(string path, IReadOnlyList<string> marketSymbols) =>
        FromTable(CsvTable.Load(path), marketSymbols);

    /// <summary>Reads CSV text.</summary>
    /// <exception cref="ScenarioException">A missing column or a bad value, with its line.</exception>
    public static IReadOnlyList<PlannedAccount> Read(TextReader reader, string name, IReadOnlyList<string> marketSymbols) =>
        FromTable(CsvTable.Read(reader, name), marketSymbols);

    private static IReadOnlyList<PlannedAccount> FromTable(CsvTable table, IReadOnlyList<string> marketSymbols)
    {
        const string expected = "account, market, side, notional, leverage and optionally mode";
        var account = table.Require("account", expected);
        var market = table.Require("market", expected);
        var side = table.Require("side", expected);
        var notional = table.Require("notional", expected);
        var leverage = table.Require("leverage", expected);
        var mode = table.Has("mode") ? table.Require("mode", expected) : -1;
        var byAccount = new SortedDictionary<long, List<PlannedPosition>>();
        foreach (var (line, fields) in table.Rows)
        {
            if (!long.TryParse(CsvTable.Field(fields, account), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner) || owner <= 0)
            {
                throw Bad(table, "account", line, "must be a positive integer");
            }

            var symbol = CsvTable.Field(fields, market);
            var marketIndex = IndexOf(marketSymbols, symbol);
            if (marketIndex < 0)
            {
                throw Bad(table, "market", line, $"{SafeText.Quote(symbol)} is not a market of the scenario ({string.Join(", ", marketSymbols)})");
            }

            var sideText = CsvTable.Field(fields, side).ToLowerInvariant();
            if (sideText is not ("long" or "short"))
            {
                throw Bad(table, "side", line, "must be long or short");
            }

            var size = Number(table, fields, notional, "notional", line);
            var lev = Number(table, fields, leverage, "leverage", line);
            var modeText = mode < 0 ? "cross" : CsvTable.Field(fields, mode).ToLowerInvariant();
            if (modeText is not ("cross" or "isolated" or ""))
            {
                throw Bad(table, "mode", line, "must be cross or isolated");
            }

            if (!byAccount.TryGetValue(owner, out var positions))
            {
                byAccount[owner] = positions = [];
            }

            if (positions.Any(p => p.Market == marketIndex))
            {
                throw Bad(table, "market", line, $"account {owner} already has a position in {symbol}");
            }

            positions.Add(new PlannedPosition(marketIndex, sideText == "long", size, lev, modeText == "isolated" ? MarginMode.Isolated : MarginMode.Cross));
        }

        return [.. byAccount.Select(pair => new PlannedAccount(pair.Key, [.. pair.Value.OrderBy(p => p.Market)]))];
    }

    private static double Number(CsvTable table, string[] fields, int column, string name, long line)
    {
        var text = CsvTable.Field(fields, column);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        throw Bad(table, name, line, $"{SafeText.Quote(text)} is not a positive number");
    }

    private static int IndexOf(IReadOnlyList<string> symbols, string symbol)
    {
        for (var i = 0; i < symbols.Count; i++)
        {
            if (string.Equals(symbols[i], symbol, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static ScenarioException Bad(CsvTable table, string column, long line, string problem) => new(table.Name, column, line, null, problem);
}
