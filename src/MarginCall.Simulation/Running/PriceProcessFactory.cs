using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

/// <summary>Builds the <see cref="PriceProcess"/> a scenario describes.</summary>
public static class PriceProcessFactory
{
    /// <summary>
    /// The kline series of a klines scenario, one per market in market order, each from its <c>from</c> time on (see
    /// <see cref="KlineCsv"/>), or whole when <paramref name="wholeFiles"/>.
    /// </summary>
    /// <exception cref="ScenarioException">A file is missing or malformed, or <c>from</c> lies outside it.</exception>
    public static IReadOnlyList<KlineSeries> Klines(LoadedScenario loaded, bool wholeFiles = false)
    {
        var specs = loaded.Scenario.PriceProcess.Series ?? [];
        var result = new List<KlineSeries>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var series = KlineCsv.Load(loaded.Resolve(spec.File!), spec.TimestampColumn, spec.PriceColumn);
            if (spec.From is { } from && !wholeFiles)
            {
                var start = ScenarioValidator.FromTime(from)!.Value;
                if (start < series.StartUnixSeconds || start >= series.StartUnixSeconds + series.EndSeconds)
                {
                    throw new ScenarioException(loaded.FileName, $"$.priceProcess.series[{i}].from", null, null, $"{SafeText.Quote(from)} lies outside {SafeText.Quote(spec.File)}");
                }

                series = series.From(start);
            }

            result.Add(series);
        }

        return result;
    }

    /// <summary>The process of <paramref name="loaded"/>, drawing from <paramref name="random"/>.</summary>
    /// <exception cref="ScenarioException">A replay file is missing or malformed.</exception>
    public static PriceProcess Create(LoadedScenario loaded, Xoshiro256StarStar random)
    {
        var s = loaded.Scenario;
        var p = s.PriceProcess;
        if (p.Kind == "replay")
        {
            var series = p.Series!.Select(spec => spec.File is { } file
                    ? PriceSeriesCsv.Load(loaded.Resolve(file), spec.TimestampColumn, spec.PriceColumn)
                    : new PriceSeries([.. spec.Points!.Select(x => x[0])], [.. spec.Points!.Select(x => x[1])]))
                .ToList();
            var noise = p.Noise is { Volatility: > 0 } n ? new PathNoise(n.Volatility, n.MeanReversionSeconds) : null;
            return new ReplayPriceProcess(series, noise, random);
        }

        if (p.Kind == "klines")
        {
            return new KlinePriceProcess(Klines(loaded), random);
        }

        var regimes = p.Kind == "regimeSwitching"
            ? p.Regimes!.Select(r => new Regime(r.Name, r.Drift, r.Volatility, r.MeanDurationSeconds ?? double.PositiveInfinity)).ToList()
            : [new Regime("constant", p.Drift, p.Volatility, double.PositiveInfinity)];
        var jumps = p.Kind != "gbm" && p.JumpIntensityPerYear > 0 ? new JumpModel(p.JumpIntensityPerYear, p.JumpMean, p.JumpStdDev) : null;
        double[,]? correlation = null;
        if (p.Correlation is { } c)
        {
            correlation = new double[c.Count, c.Count];
            for (var i = 0; i < c.Count; i++)
            {
                for (var j = 0; j < c.Count; j++)
                {
                    correlation[i, j] = c[i][j];
                }
            }
        }

        return new StochasticPriceProcess(
            [.. s.Markets.Select(m => m.InitialPrice!.Value)],
            [.. s.Markets.Select(m => m.VolatilityScale)],
            correlation,
            regimes,
            jumps,
            random);
    }
}
