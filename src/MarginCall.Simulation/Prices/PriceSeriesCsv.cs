using System.Globalization;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Reads a price history from a generic CSV with a header row. Two shapes:
/// <list type="bullet">
/// <item>ticks: a timestamp column and a price column — each row is one point;</item>
/// <item>OHLC(V) bars: timestamp (bar open time) and open, high, low, close (volume, if present, is ignored) — each bar
/// becomes four points: open at the bar's start, then the extreme nearer the open (high or low, by distance from the
/// open; high first on a tie) at one third of the bar, the other extreme at two thirds, and the close at the bar's end.
/// A bar says nothing about the order of its extremes; visiting the nearer one first is the shortest path through all
/// four prices, the honest minimum of invented movement.</item>
/// </list>
/// A timestamp is Unix seconds (milliseconds when above 10^11, microseconds above 10^14) or an ISO 8601 date-time (UTC unless it carries an
/// offset). Times are returned relative to the first row. Bar length is the gap to the next bar's timestamp (the last
/// bar takes the previous gap).
/// </summary>
public static class PriceSeriesCsv
{
    /// <summary>Reads <paramref name="path"/>; column names are case-insensitive.</summary>
    /// <exception cref="ScenarioException">A missing column, an unreadable value (with its line), or unordered time.</exception>
    public static PriceSeries Load(string path, string timestampColumn = "timestamp", string priceColumn = "price") =>
        FromTable(CsvTable.Load(path), timestampColumn, priceColumn);

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="name"/> labels errors.</summary>
    /// <exception cref="ScenarioException">A missing column, an unreadable value (with its line), or unordered time.</exception>
    public static PriceSeries Read(TextReader reader, string name, string timestampColumn = "timestamp", string priceColumn = "price") =>
        FromTable(CsvTable.Read(reader, name), timestampColumn, priceColumn);

    private static PriceSeries FromTable(CsvTable table, string timestampColumn, string priceColumn)
    {
        var name = table.Name;
        var isBars = table.Has("open") && table.Has("high") && table.Has("low") && table.Has("close");
        string[] required = isBars ? [timestampColumn, "open", "high", "low", "close"] : [timestampColumn, priceColumn];
        var expected = $"'{timestampColumn}' with '{priceColumn}', or '{timestampColumn}' with open, high, low, close";
        var indexes = required.Select(column => table.Require(column, expected)).ToArray();
        var rows = new List<(double Time, double[] Values, long Line)>();
        foreach (var (line, fields) in table.Rows)
        {
            var time = ParseTimestamp(CsvTable.Field(fields, indexes[0]), name, timestampColumn, line);
            var values = new double[required.Length - 1];
            for (var c = 1; c < required.Length; c++)
            {
                values[c - 1] = ParsePrice(CsvTable.Field(fields, indexes[c]), name, required[c], line);
            }

            if (rows.Count > 0 && time < rows[^1].Time)
            {
                throw new ScenarioException(name, timestampColumn, line, null, "timestamps must not decrease");
            }

            rows.Add((time, values, line));
        }

        if (rows.Count == 0)
        {
            throw new ScenarioException(name, timestampColumn, 2, null, "no data rows after the header");
        }

        var start = rows[0].Time;
        var times = new List<double>();
        var prices = new List<double>();
        for (var i = 0; i < rows.Count; i++)
        {
            var t = rows[i].Time - start;
            var v = rows[i].Values;
            if (!isBars)
            {
                times.Add(t);
                prices.Add(v[0]);
                continue;
            }

            var length = i + 1 < rows.Count ? rows[i + 1].Time - rows[i].Time : i > 0 ? rows[i].Time - rows[i - 1].Time : 0;
            double open = v[0], high = v[1], low = v[2], close = v[3];
            if (high < low || open > high || open < low || close > high || close < low)
            {
                throw new ScenarioException(name, "high", rows[i].Line, null, "a bar needs low <= open, close <= high");
            }

            var highFirst = high - open <= open - low;
            times.AddRange([t, t + (length / 3), t + (2 * length / 3), t + length]);
            prices.AddRange([open, highFirst ? high : low, highFirst ? low : high, close]);
        }

        return new PriceSeries(times, prices);
    }

    internal static double ParseTimestamp(string? text, string name, string column, long line)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            // Microseconds (Binance's spot files since 2025) above 10^14, milliseconds above 10^11, else seconds.
            return number > 1e14 ? number / 1_000_000.0 : number > 1e11 ? number / 1000.0 : number;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUnixTimeMilliseconds() / 1000.0;
        }

        throw new ScenarioException(name, column, line, null, $"{SafeText.Quote(text)} is neither Unix seconds nor an ISO 8601 time");
    }

    private static double ParsePrice(string? text, string name, string column, long line)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0 && double.IsFinite(price))
        {
            return price;
        }

        throw new ScenarioException(name, column, line, null, $"{SafeText.Quote(text)} is not a positive price");
    }
}
