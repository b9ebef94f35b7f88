using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Correlated log-price diffusion with optional Merton jumps and Markov regime switching, exact in distribution per
/// step (the log-price increment of GBM over Δt is Gaussian):
/// ln S(t+Δt) − ln S(t) = (μ − σ²/2 − λk) Δt + σ √Δt z + Σ J, with Δt in years of 365 days, z correlated across markets
/// through <see cref="CorrelatedNormals"/>, and μ, σ those of the current regime times the market's volatility scale.
/// One regime and no jumps is geometric Brownian motion; jumps make it Merton's jump diffusion; several regimes make
/// it a regime-switching model.
/// </summary>
public sealed class StochasticPriceProcess : PriceProcess
{
    /// <summary>Seconds in the year the annualized parameters refer to (365 days: crypto trades every day).</summary>
    public const double SecondsPerYear = 365.0 * 24 * 3600;

    private readonly double[] initialPrices;
    private readonly double[] volatilityScales;
    private readonly double[] logPrices;
    private readonly double[] shocks;
    private readonly IReadOnlyList<Regime> regimes;
    private readonly JumpModel? jumps;
    private readonly CorrelatedNormals normals;
    private readonly Xoshiro256StarStar random;
    private int regime;

    /// <summary>Creates the process.</summary>
    /// <param name="initialPrices">Price of each market at time zero.</param>
    /// <param name="volatilityScales">Per market, the multiplier of the regime's volatility and of the log jump size (1 = as given).</param>
    /// <param name="correlation">Correlation of the diffusion shocks (identity when null).</param>
    /// <param name="regimes">At least one regime; the first is the starting regime.</param>
    /// <param name="jumps">Jump model, or null for none.</param>
    /// <param name="random">The run's generator for this process.</param>
    public StochasticPriceProcess(
        IReadOnlyList<double> initialPrices,
        IReadOnlyList<double> volatilityScales,
        double[,]? correlation,
        IReadOnlyList<Regime> regimes,
        JumpModel? jumps,
        Xoshiro256StarStar random)
    {
        if (regimes.Count == 0)
        {
            throw new ArgumentException("at least one regime is required", nameof(regimes));
        }

        var n = initialPrices.Count;
        this.initialPrices = [.. initialPrices];
        this.volatilityScales = [.. volatilityScales];
        logPrices = new double[n];
        for (var i = 0; i < n; i++)
        {
            logPrices[i] = Math.Log(initialPrices[i]);
        }

        shocks = new double[n];
        this.regimes = regimes;
        this.jumps = jumps;
        normals = new CorrelatedNormals(correlation ?? Identity(n));
        this.random = random;
    }

    /// <inheritdoc />
    public override int MarketCount => initialPrices.Length;

    /// <summary>Index of the current regime.</summary>
    public int CurrentRegime => regime;

    /// <inheritdoc />
    public override void Initial(Span<double> prices) => initialPrices.CopyTo(prices);

    /// <inheritdoc />
    public override void Advance(double timeSeconds, double stepSeconds, Span<double> prices)
    {
        var dt = stepSeconds / SecondsPerYear;
        var current = regimes[regime];
        normals.Next(random, shocks);
        var jumpCount = jumps is null ? 0 : random.NextPoisson(jumps.IntensityPerYear * dt);
        var jumpLog = 0.0;
        for (var j = 0; j < jumpCount; j++)
        {
            jumpLog += jumps!.MeanLogJump + (jumps.LogJumpStdDev * random.NextGaussian());
        }

        var compensator = jumps is null ? 0.0 : jumps.IntensityPerYear * jumps.MeanRelativeJump;
        for (var i = 0; i < logPrices.Length; i++)
        {
            var sigma = current.Volatility * volatilityScales[i];
            logPrices[i] += ((current.Drift - (0.5 * sigma * sigma) - compensator) * dt)
                + (sigma * Math.Sqrt(dt) * shocks[i])
                + (jumpLog * volatilityScales[i]);
            prices[i] = Math.Exp(logPrices[i]);
        }

        SwitchRegime(stepSeconds, current);
    }

    private void SwitchRegime(double stepSeconds, Regime current)
    {
        if (regimes.Count < 2 || double.IsPositiveInfinity(current.MeanDurationSeconds))
        {
            return;
        }

        // The chance of leaving within one step of an exponential sojourn; the next regime is uniform among the others.
        var leave = 1.0 - Math.Exp(-stepSeconds / current.MeanDurationSeconds);
        if (random.NextDouble() < leave)
        {
            var next = random.NextInt(regimes.Count - 1);
            regime = next >= regime ? next + 1 : next;
        }
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            m[i, i] = 1.0;
        }

        return m;
    }
}
