namespace MarginCall.Simulation.Prices;

/// <summary>
/// One volatility regime of <see cref="StochasticPriceProcess"/>: annualized drift and volatility, and the mean time
/// spent in it before switching (exponentially distributed, so the regime is a continuous-time Markov chain).
/// </summary>
/// <param name="Name">Label for reports, e.g. calm or stressed.</param>
/// <param name="Drift">Annualized drift μ of the log-price (before the −σ²/2 correction).</param>
/// <param name="Volatility">Annualized volatility σ.</param>
/// <param name="MeanDurationSeconds">Mean sojourn time; infinity means the regime never ends.</param>
public sealed record Regime(string Name, double Drift, double Volatility, double MeanDurationSeconds);
