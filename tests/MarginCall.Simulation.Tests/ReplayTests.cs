using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Tests;

public class ReplayTests
{
    [Fact]
    public void Csv_replay_reproduces_the_input_prices_at_their_timestamps()
    {
        const string csv = "timestamp,price\n1584000000,7900\n1584000010,7850.5\n1584000020,7700.25\n1584000030,7701\n";
        var series = PriceSeriesCsv.Read(new StringReader(csv), "ticks.csv");
        var process = new ReplayPriceProcess([series], null, new Xoshiro256StarStar(1));
        var prices = new double[1];
        process.Initial(prices);
        var seen = new List<double> { prices[0] };
        for (var t = 1; t <= 30; t++)
        {
            process.Advance(t, 1, prices);
            if (t % 10 == 0)
            {
                seen.Add(prices[0]);
            }
        }

        Assert.Equal([7900, 7850.5, 7700.25, 7701], seen);
    }

    [Fact]
    public void Replay_interpolates_linearly_between_points_and_holds_after_the_last()
    {
        var series = new PriceSeries([0, 10], [100, 200]);

        Assert.Equal(150, series.At(5));
        Assert.Equal(200, series.At(50));
    }

    [Fact]
    public void Iso_timestamps_are_read_as_utc()
    {
        const string csv = "time,close_price\n2020-03-12T00:00:00Z,7900\n2020-03-12T00:01:00Z,7800\n";
        var series = PriceSeriesCsv.Read(new StringReader(csv), "iso.csv", "time", "close_price");

        Assert.Equal(60, series.EndSeconds);
        Assert.Equal(7850, series.At(30));
    }

    [Fact]
    public void An_ohlc_bar_visits_the_extreme_nearer_the_open_first()
    {
        // Open 100 is nearer the low 95 than the high 120: open → low → high → close.
        const string csv = "timestamp,open,high,low,close,volume\n0,100,120,95,110,5\n60,110,112,90,91,7\n";
        var series = PriceSeriesCsv.Read(new StringReader(csv), "bars.csv");

        Assert.Equal([0, 20, 40, 60, 60, 80, 100, 120], series.Times.ToArray());
        Assert.Equal([100, 95, 120, 110, 110, 112, 90, 91], series.Prices.ToArray());
    }

    [Fact]
    public void A_missing_csv_column_is_named()
    {
        const string csv = "time,close\n0,1\n";
        var e = Assert.Throws<ScenarioException>(() => PriceSeriesCsv.Read(new StringReader(csv), "prices.csv"));

        Assert.Equal("timestamp", e.Field);
        Assert.Contains("missing column 'timestamp'", e.Message);
        Assert.Contains("time, close", e.Message);
    }

    [Fact]
    public void A_bad_csv_value_names_its_line()
    {
        const string csv = "timestamp,price\n0,100\n1,abc\n";
        var e = Assert.Throws<ScenarioException>(() => PriceSeriesCsv.Read(new StringReader(csv), "prices.csv"));

        Assert.Equal(3, e.Line);
        Assert.Equal("price", e.Field);
    }

    [Fact]
    public void Noise_stays_near_the_replayed_path()
    {
        var series = new PriceSeries([0, 3600], [100, 100]);
        var process = new ReplayPriceProcess([series], new PathNoise(1.0, 60), new Xoshiro256StarStar(2));
        var prices = new double[1];
        var worst = 0.0;
        for (var t = 1; t <= 3600; t++)
        {
            process.Advance(t, 1, prices);
            worst = Math.Max(worst, Math.Abs(Math.Log(prices[0] / 100)));
        }

        // Stationary std of the OU deviation: sigma * sqrt(tau / 2) in year units, ~0.001 here; 1% is > 5 std.
        Assert.InRange(worst, 1e-6, 0.01);
    }
}
