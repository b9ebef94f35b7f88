using MarginCall.Simulation.Liquidity;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Tests;

public class VolumeCalibrationTests
{
    // Two one-minute klines: 1,000 and 3,000 quote traded; closes 100 then 110.
    private static readonly KlineSeries TwoMinutes = new([new Kline(0, 100, 101, 99, 100, 1_000), new Kline(60, 100, 111, 100, 110, 3_000)], 120, 0);

    [Fact]
    public void Volume_and_volatility_are_per_day_over_the_whole_file()
    {
        var c = VolumeCalibration.Of(TwoMinutes, 1, 4, 10, 1, 0.5);
        var r = Math.Log(1.1);

        Assert.Equal(4_000 * 86_400 / 120.0, c.DailyVolume, 6);
        Assert.Equal(Math.Sqrt(r * r * 86_400 / 120), c.DailyVolatility, 12);
        Assert.Equal(0.5 * c.DailyVolume, c.OpenInterest, 6);
    }

    [Fact]
    public void Depth_follows_the_square_root_law_and_refills_at_the_traded_rate()
    {
        const double y = 2;
        var c = VolumeCalibration.Of(TwoMinutes, 1, 4, 10, y, 0.5);

        // D(δ) = V (δ / (Y σ))²: the depth within each level's offset is the sum of the levels up to it.
        var cumulative = 0.0;
        for (var k = 1; k <= 4; k++)
        {
            cumulative += c.LevelNotional[k - 1];
            Assert.Equal(c.DailyVolume * Math.Pow(k * 0.001 / (y * c.DailyVolatility), 2), cumulative, 6);
        }

        Assert.Equal(c.SideDepth / (c.DailyVolume / 86_400), c.TurnoverSeconds, 9);
        Assert.Equal(1 - Math.Exp(-1 / c.TurnoverSeconds), c.RefillPerStep, 12);
    }

    [Fact]
    public void The_bundled_file_gives_its_traded_volume_and_the_cited_open_interest()
    {
        var series = KlineCsv.Load(ScenarioFiles.Bundled("data/BTCUSDT-1m-2020-03-12_13.csv"));
        var c = VolumeCalibration.Of(series, 1, 40, 5, 1, 0.032);

        // 9.71 bn USDT over the two days (scenarios/data/README.md: 4.94 + 4.78); 0.032 × 4.86 bn ≈ the $158M cited.
        Assert.InRange(c.DailyVolume, 4.85e9, 4.87e9);
        Assert.InRange(c.OpenInterest, 150e6, 160e6);
    }

    [Fact]
    public void A_file_without_volume_cannot_be_calibrated()
    {
        var flat = new KlineSeries([new Kline(0, 100, 101, 99, 100, 0), new Kline(60, 100, 111, 100, 110, 0)], 120, 0);

        Assert.Throws<ArgumentException>(() => VolumeCalibration.Of(flat, 1, 4, 10, 1, 0.5));
    }

    [Fact]
    public void Scaling_to_open_interest_makes_the_market_sum_exact_and_keeps_leverage()
    {
        var plan = PopulationGenerator.Generate(new PopulationSpec { Count = 500, Notional = Randomness.Distribution.Fixed(1_000) }, 1, new Randomness.Xoshiro256StarStar(3, 1));

        var scaled = PopulationGenerator.ScaleToOpenInterest(plan, [1_234_567.0]);

        Assert.Equal(1_234_567, scaled.Sum(a => a.Positions.Sum(p => Math.Abs(p.Notional))), 3);
        Assert.Equal(plan.Select(a => a.Positions[0].Leverage), scaled.Select(a => a.Positions[0].Leverage));
    }
}

public class VolumeCalibrationInputTests
{
    private const string Valid = """
        {
          "durationSeconds": 600,
          "markets": [ { "symbol": "BTC-USDT", "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ] } ],
          "population": { "count": 10 },
          "priceProcess": { "kind": "klines", "series": [ { "market": "BTC-USDT", "file": "data/BTCUSDT-1m-2020-03-12_13.csv" } ] },
          "liquidity": { "fromVolume": { "openInterestToDailyVolume": 0.032 } },
          "keeper": { "count": 3 }
        }
        """;

    private static ScenarioException Refused(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "v.json"));

    private static int LineOf(string json, string text) =>
        json.Split('\n').ToList().FindIndex(line => line.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void A_calibrated_scenario_parses()
    {
        var s = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Valid), "v.json");

        Assert.Equal(0.032, s.Liquidity.FromVolume!.OpenInterestToDailyVolume);
        Assert.Equal(1, s.Liquidity.FromVolume.ImpactCoefficient);
        Assert.Equal(3, s.Keeper.Count);
    }

    [Fact]
    public void A_non_positive_ratio_names_the_field_and_line()
    {
        var json = Valid.Replace("0.032", "0", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.liquidity.fromVolume.openInterestToDailyVolume", e.Field);
        Assert.Equal(LineOf(json, "fromVolume"), e.Line);
    }

    [Fact]
    public void A_non_positive_impact_coefficient_is_refused()
    {
        var e = Refused(Valid.Replace("0.032 }", "0.032, \"impactCoefficient\": -1 }", StringComparison.Ordinal));

        Assert.Equal("$.liquidity.fromVolume.impactCoefficient", e.Field);
    }

    [Fact]
    public void Calibration_without_klines_is_refused()
    {
        var e = Refused(Valid.Replace("\"kind\": \"klines\"", "\"kind\": \"replay\"", StringComparison.Ordinal));

        Assert.Equal("$.liquidity.fromVolume", e.Field);
    }

    [Fact]
    public void No_keeper_is_not_a_keeper_count()
    {
        var json = Valid.Replace("\"count\": 3", "\"count\": 0", StringComparison.Ordinal);
        var e = Refused(json);

        Assert.Equal("$.keeper.count", e.Field);
        Assert.Equal(LineOf(json, "\"keeper\""), e.Line);
    }
}
