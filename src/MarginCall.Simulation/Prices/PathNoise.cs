using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Optional noise laid over a replayed or anchored path: the log deviation d follows an Ornstein–Uhlenbeck process,
/// d ← d − d Δt/τ + σ √Δt z (Δt in years for σ, in seconds against τ), and the price is path × e^d. Mean reversion keeps
/// the noisy path within a few σ√τ of the anchors, so the shape of the cited event survives.
/// </summary>
/// <param name="Volatility">Annualized volatility σ of the deviation.</param>
/// <param name="MeanReversionSeconds">Time constant τ of the pull back to the path.</param>
public sealed record PathNoise(double Volatility, double MeanReversionSeconds);
