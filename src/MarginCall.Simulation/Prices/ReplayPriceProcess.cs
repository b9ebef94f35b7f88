using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Replays one <see cref="PriceSeries"/> per market (from a CSV file or anchor points in the scenario), optionally with
/// <see cref="PathNoise"/> (independent per market). Without noise the output is exactly the interpolated series.
/// </summary>
public sealed class ReplayPriceProcess : PriceProcess
{
    private readonly IReadOnlyList<PriceSeries> series;
    private readonly PathNoise? noise;
    private readonly Xoshiro256StarStar random;
    private readonly double[] deviations;

    /// <summary>Creates the process.</summary>
    public ReplayPriceProcess(IReadOnlyList<PriceSeries> series, PathNoise? noise, Xoshiro256StarStar random)
    {
        this.series = series;
        this.noise = noise;
        this.random = random;
        deviations = new double[series.Count];
    }

    /// <inheritdoc />
    public override int MarketCount => series.Count;

    /// <inheritdoc />
    public override void Initial(Span<double> prices)
    {
        for (var i = 0; i < series.Count; i++)
        {
            prices[i] = series[i].At(0);
        }
    }

    /// <inheritdoc />
    public override void Advance(double timeSeconds, double stepSeconds, Span<double> prices)
    {
        for (var i = 0; i < series.Count; i++)
        {
            var price = series[i].At(timeSeconds);
            if (noise is not null)
            {
                var dt = stepSeconds / StochasticPriceProcess.SecondsPerYear;
                deviations[i] += (-deviations[i] * stepSeconds / noise.MeanReversionSeconds)
                    + (noise.Volatility * Math.Sqrt(dt) * random.NextGaussian());
                price *= Math.Exp(deviations[i]);
            }

            prices[i] = price;
        }
    }
}
