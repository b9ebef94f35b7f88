using System.Globalization;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Reads exchange kline (candlestick) files as exchanges publish them, and plain price histories:
/// <list type="bullet">
/// <item>Binance's kline layout, 12 columns without a header (data.binance.vision's files): open_time, open, high, low,
/// close, volume, close_time, quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore. A file is taken as
/// headerless when its first field is a number;</item>
/// <item>the same with a header row, or any CSV with a header naming open, high, low and close and a time column
/// (the one the scenario names if the header has it, else <c>open_time</c>, else <c>time</c>); the traded quote value is read
/// from <c>quote_volume</c> (or <c>quote_asset_volume</c>), else estimated as <c>volume</c> × (high + low + close) / 3,
/// else 0;</item>
/// <item>a plain <c>time,price</c> CSV (a time column and <c>price</c>, or the price column the scenario names): each
/// interval between two rows becomes a kline from the first price to the second, whose high and low are the two prices.</item>
/// </list>
/// Times are Unix seconds, milliseconds (above 10^11) or microseconds (above 10^14, Binance's spot files since 2025), or
/// ISO 8601 (UTC unless it carries an offset); they must increase. Klines are returned relative to the first row's time,
/// which is the series' calendar start.
/// </summary>
public static class KlineCsv
{
    /// <summary>Binance's column order (the header its own files leave out).</summary>
    private static readonly string[] BinanceColumns =
        ["open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "count", "taker_buy_volume", "taker_buy_quote_volume", "ignore"];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioException">A missing column, an unreadable value (with its line), a bar whose open or
    /// close lies outside its low..high, or time that does not increase.</exception>
    public static KlineSeries Load(string path, string? timestampColumn = null, string priceColumn = "price") =>
        FromTable(CsvTable.Load(path), timestampColumn, priceColumn);

    /// <summary>Reads CSV text; <paramref name="name"/> labels errors.</summary>
    /// <exception cref="ScenarioException">As <see cref="Load"/>.</exception>
    public static KlineSeries Read(TextReader reader, string name, string? timestampColumn = null, string priceColumn = "price") =>
        FromTable(CsvTable.Read(reader, name), timestampColumn, priceColumn);

    private static KlineSeries FromTable(CsvTable table, string? timestampColumn, string priceColumn)
    {
        var headerless = double.TryParse(table.Header[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var rows = new List<(long Line, string[] Fields)>(table.Rows.Count + 1);
        if (headerless)
        {
            rows.Add((1, [.. table.Header]));
        }

        rows.AddRange(table.Rows);
        var column = headerless ? Binance : Named(table, timestampColumn, priceColumn);
        var name = table.Name;
        if (rows.Count == 0)
        {
            throw new ScenarioException(name, column.TimeName, 2, null, "no data rows after the header");
        }

        var times = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (line, fields) = rows[i];
            if (headerless && fields.Length < 6)
            {
                throw new ScenarioException(name, "open_time", line, null, $"a headerless kline row needs Binance's columns ({string.Join(", ", BinanceColumns)}); this one has {fields.Length} fields");
            }

            times[i] = PriceSeriesCsv.ParseTimestamp(CsvTable.Field(fields, column.Time), name, column.TimeName, line);
            if (i > 0 && !(times[i] > times[i - 1]))
            {
                throw new ScenarioException(name, column.TimeName, line, null, "times must increase from row to row");
            }
        }

        return column.Price is { } price ? Points(rows, times, price, column.PriceName, name) : Bars(rows, times, column, name);
    }

    private static KlineSeries Bars(List<(long Line, string[] Fields)> rows, double[] times, Columns c, string name)
    {
        var klines = new Kline[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (line, f) = rows[i];
            var open = Price(f, c.Open, "open", name, line);
            var high = Price(f, c.High, "high", name, line);
            var low = Price(f, c.Low, "low", name, line);
            var close = Price(f, c.Close, "close", name, line);
            if (!(low <= Math.Min(open, close) && high >= Math.Max(open, close)))
            {
                throw new ScenarioException(name, "high", line, null, "a kline needs low <= open, close <= high");
            }

            var quote = c.QuoteVolume is { } q ? Volume(f, q, "quote_volume", name, line)
                : c.BaseVolume is { } b ? Volume(f, b, "volume", name, line) * (high + low + close) / 3
                : 0;
            klines[i] = new Kline(times[i] - times[0], open, high, low, close, quote);
        }

        var length = rows.Count > 1 ? times[^1] - times[^2] : 60;
        return new KlineSeries(klines, klines[^1].OpenSeconds + length, times[0]);
    }

    private static KlineSeries Points(List<(long Line, string[] Fields)> rows, double[] times, int priceIndex, string priceName, string name)
    {
        var prices = rows.Select(r => Price(r.Fields, priceIndex, priceName, name, r.Line)).ToArray();
        if (prices.Length == 1)
        {
            return new KlineSeries([new Kline(0, prices[0], prices[0], prices[0], prices[0], 0)], 60, times[0]);
        }

        var klines = new Kline[prices.Length - 1];
        for (var i = 0; i + 1 < prices.Length; i++)
        {
            double from = prices[i], to = prices[i + 1];
            klines[i] = new Kline(times[i] - times[0], from, Math.Max(from, to), Math.Min(from, to), to, 0);
        }

        return new KlineSeries(klines, times[^1] - times[0], times[0]);
    }

    private static Columns Binance => new(0, "open_time", 1, 2, 3, 4, 5, 7, null, "");

    private static Columns Named(CsvTable table, string? timestampColumn, string priceColumn)
    {
        string[] timeNames = timestampColumn is null ? ["open_time", "time", "timestamp"] : [timestampColumn, "open_time", "time"];
        var timeName = timeNames.FirstOrDefault(table.Has) ?? timeNames[0];
        var isBars = table.Has("open") && table.Has("high") && table.Has("low") && table.Has("close");
        var expected = $"a time column ({string.Join(", ", timeNames)}) with open, high, low, close, or with '{priceColumn}'";
        var time = table.Require(timeName, expected);
        if (!isBars)
        {
            return new Columns(time, timeName, -1, -1, -1, -1, null, null, table.Require(priceColumn, expected), priceColumn);
        }

        int? quote = table.Has("quote_volume") ? table.Require("quote_volume", expected)
            : table.Has("quote_asset_volume") ? table.Require("quote_asset_volume", expected) : null;
        int? volume = table.Has("volume") ? table.Require("volume", expected) : null;
        return new Columns(time, timeName, table.Require("open", expected), table.Require("high", expected), table.Require("low", expected), table.Require("close", expected), volume, quote, null, "");
    }

    private static double Price(string[] fields, int index, string column, string name, long line)
    {
        var text = CsvTable.Field(fields, index);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0 && double.IsFinite(price))
        {
            return price;
        }

        throw new ScenarioException(name, column, line, null, $"{SafeText.Quote(text)} is not a positive price");
    }

    private static double Volume(string[] fields, int index, string column, string name, long line)
    {
        var text = CsvTable.Field(fields, index);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var volume) && volume >= 0 && double.IsFinite(volume))
        {
            return volume;
        }

        throw new ScenarioException(name, column, line, null, $"{SafeText.Quote(text)} is not a volume (a number, 0 or more)");
    }

    private readonly record struct Columns(int Time, string TimeName, int Open, int High, int Low, int Close, int? BaseVolume, int? QuoteVolume, int? Price, string PriceName);
}
