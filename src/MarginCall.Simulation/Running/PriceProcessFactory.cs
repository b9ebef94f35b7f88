using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

/// <summary>Builds the <see cref="PriceProcess"/> a scenario describes.</summary>
public static class PriceProcessFactory
{
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
