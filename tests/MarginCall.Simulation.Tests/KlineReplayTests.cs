using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Tests;

public class KlineReplayTests
{
    // Two rows of the bundled file, as Binance publishes them (no header).
    private const string Headerless =
        "1583971200000,7938.39,7960.52,7938.38,7954.40,420.415,1583971259999,3342977.96202,877,277.876,2209148.17074,0\n" +
        "1583971260000,7954.32,7963.55,7952.13,7957.27,253.527,1583971319999,2017366.22211,511,176.191,1402126.74948,0\n";

    private static KlineSeries Bundled() => KlineCsv.Load(ScenarioFiles.Bundled("data/BTCUSDT-1m-2020-03-12_13.csv"));

    [Fact]
    public void A_headerless_binance_file_is_read_in_binance_column_order()
    {
        var series = KlineCsv.Read(new StringReader(Headerless), "BTCUSDT-1m.csv");

        Assert.Equal(2, series.Count);
        Assert.Equal(1583971200, series.StartUnixSeconds);
        Assert.Equal(new Kline(60, 7954.32, 7963.55, 7952.13, 7957.27, 2017366.22211), series.Klines[1]);
        Assert.Equal(120, series.EndSeconds);
    }

    [Fact]
    public void The_bundled_file_with_its_header_reads_as_published()
    {
        var series = Bundled();
        var low = double.MaxValue;
        var lowAt = 0.0;
        var firstDayVolume = 0.0;
        foreach (var k in series.Klines)
        {
            (low, lowAt) = k.Low < low ? (k.Low, k.OpenSeconds) : (low, lowAt);
            firstDayVolume += k.OpenSeconds < 86_400 ? k.QuoteVolume : 0;
        }

        // scenarios/data/README.md: 2,880 rows; low 3,621.81 at 2020-03-13 02:16 UTC; 4.94 bn USDT traded on 12 March.
        Assert.Equal(2_880, series.Count);
        Assert.Equal(3621.81, low);
        Assert.Equal(86_400 + (2 * 3600) + (16 * 60), lowAt);
        Assert.InRange(firstDayVolume, 4.93e9, 4.94e9);
    }

    [Fact]
    public void A_time_price_file_becomes_klines_between_its_rows()
    {
        const string csv = "time,price\n2020-03-12T00:00:00Z,7900\n2020-03-12T00:01:00Z,7800\n2020-03-12T00:03:00Z,7850\n";
        var series = KlineCsv.Read(new StringReader(csv), "ticks.csv");

        Assert.Equal(2, series.Count);
        Assert.Equal(new Kline(0, 7900, 7900, 7800, 7800, 0), series.Klines[0]);
        Assert.Equal(new Kline(60, 7800, 7850, 7800, 7850, 0), series.Klines[1]);
        Assert.Equal(180, series.EndSeconds);
    }

    [Fact]
    public void A_kline_whose_close_lies_outside_its_range_is_refused_with_its_line()
    {
        var bad = Headerless.Replace("7957.27", "7999.00", StringComparison.Ordinal);
        var e = Assert.Throws<ScenarioException>(() => KlineCsv.Read(new StringReader(bad), "bad.csv"));

        Assert.Equal(2, e.Line);
        Assert.Equal("high", e.Field);
    }

    [Fact]
    public void A_short_headerless_row_is_refused_naming_binance_columns()
    {
        var e = Assert.Throws<ScenarioException>(() => KlineCsv.Read(new StringReader("1583971200000,7938.39,7960.52\n"), "short.csv"));

        Assert.Equal(1, e.Line);
        Assert.Contains("quote_volume", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_kline_is_replayed_through_its_open_high_low_and_close_within_its_range()
    {
        var series = Bundled().From(Bundled().StartUnixSeconds + (10 * 3600));
        var process = new KlinePriceProcess([series], new Xoshiro256StarStar(7, 2));
        var prices = new double[1];
        process.Initial(prices);
        Assert.Equal(series.Klines[0].Open, prices[0]);
        for (var i = 0; i < 120; i++)
        {
            var k = series.Klines[i];
            var seen = new List<double>();
            for (var s = 0; s < 60; s++)
            {
                var t = (i * 60) + s;
                if (t > 0)
                {
                    process.Advance(t, 1, prices);
                }

                seen.Add(t == 0 ? k.Open : prices[0]);
            }

            Assert.Equal(k.Open, seen[0], 6);
            Assert.Equal(k.Close, seen[^1], 6);
            Assert.Equal(k.High, seen.Max(), 6);
            Assert.Equal(k.Low, seen.Min(), 6);
        }
    }

    [Fact]
    public void The_path_is_the_same_for_a_seed_and_differs_between_seeds()
    {
        var series = Bundled();
        double[] Path(ulong seed)
        {
            var process = new KlinePriceProcess([series], new Xoshiro256StarStar(seed, 2));
            var prices = new double[1];
            return [.. Enumerable.Range(1, 600).Select(t => { process.Advance(t, 1, prices); return prices[0]; })];
        }

        Assert.Equal(Path(1), Path(1));
        Assert.NotEqual(Path(1), Path(2));
    }

    [Fact]
    public void Steps_longer_than_a_kline_sample_its_close()
    {
        var series = KlineCsv.Read(new StringReader(Headerless), "two.csv");
        var process = new KlinePriceProcess([series], new Xoshiro256StarStar(1));
        var prices = new double[1];

        process.Advance(60, 60, prices);

        Assert.Equal(7957.27, prices[0], 6);
    }

    [Fact]
    public void From_starts_the_replay_at_the_kline_open_at_that_time()
    {
        var series = Bundled().From(Bundled().StartUnixSeconds + 86_400 + (2 * 3600) + (16 * 60) + 30);

        Assert.Equal(1584065760, series.StartUnixSeconds); // the low's minute, 2020-03-13 02:16 UTC
        Assert.Equal(3621.81, series.Klines[0].Low);
        Assert.Equal(0, series.Klines[0].OpenSeconds);
    }
}

public class KlineScenarioInputTests
{
    private const string Valid = """
        {
          "durationSeconds": 600,
          "markets": [ { "symbol": "BTC-USDT", "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ] } ],
          "population": { "count": 10 },
          "priceProcess": {
            "kind": "klines",
            "series": [ { "market": "BTC-USDT", "file": "data/BTCUSDT-1m-2020-03-12_13.csv", "from": "2020-03-12T10:00:00Z" } ]
          }
        }
        """;

    private static ScenarioException Refused(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "k.json"));

    [Fact]
    public void A_klines_scenario_parses()
    {
        var scenario = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Valid), "k.json");

        Assert.True(scenario.PriceProcess.IsReplay);
        Assert.Equal("2020-03-12T10:00:00Z", scenario.PriceProcess.Series![0].From);
    }

    [Fact]
    public void An_unreadable_from_names_the_field_and_line()
    {
        var json = Valid.Replace("2020-03-12T10:00:00Z", "noon", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.priceProcess.series[0].from", e.Field);
        Assert.Equal(json.Split('\n').ToList().FindIndex(line => line.Contains("noon", StringComparison.Ordinal)) + 1, e.Line);
    }

    [Fact]
    public void Noise_over_klines_is_refused()
    {
        var e = Refused(Valid.Replace("\"kind\": \"klines\",", "\"kind\": \"klines\", \"noise\": { \"volatility\": 0.5 },", StringComparison.Ordinal));

        Assert.Equal("$.priceProcess.noise", e.Field);
    }

    [Fact]
    public void Klines_from_points_are_refused()
    {
        var e = Refused(Valid.Replace("\"file\": \"data/BTCUSDT-1m-2020-03-12_13.csv\"", "\"points\": [[0, 100]]", StringComparison.Ordinal));

        Assert.Equal("$.priceProcess.series[0].file", e.Field);
    }

    [Fact]
    public void A_from_outside_the_file_is_refused_when_the_run_reads_it()
    {
        var path = ScenarioFiles.Bundled("k-outside.json");
        var scenario = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Valid.Replace("2020-03-12T10:00:00Z", "2021-01-01T00:00:00Z", StringComparison.Ordinal)), path);
        var loaded = new LoadedScenario(scenario, Path.GetDirectoryName(path)!, path);

        var e = Assert.Throws<ScenarioException>(() => Running.PriceProcessFactory.Klines(loaded));

        Assert.Equal("$.priceProcess.series[0].from", e.Field);
    }
}
