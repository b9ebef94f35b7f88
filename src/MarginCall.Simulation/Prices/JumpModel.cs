namespace MarginCall.Simulation.Prices;

/// <summary>
/// Merton (1976) jumps: a Poisson number of jumps with <see cref="IntensityPerYear"/>, each multiplying the price by
/// e^J with J ~ N(<see cref="MeanLogJump"/>, <see cref="LogJumpStdDev"/>²). Jumps are market-wide events (a crash hits
/// every market at once), each market's log jump scaled by its volatility scale.
/// </summary>
/// <param name="IntensityPerYear">Expected number of jumps per year (λ).</param>
/// <param name="MeanLogJump">Mean of the log jump size (negative for crashes).</param>
/// <param name="LogJumpStdDev">Standard deviation of the log jump size.</param>
public sealed record JumpModel(double IntensityPerYear, double MeanLogJump, double LogJumpStdDev)
{
    /// <summary>k = E[e^J] − 1, used for the drift compensator λk so that μ stays the expected growth rate.</summary>
    public double MeanRelativeJump => Math.Exp(MeanLogJump + (0.5 * LogJumpStdDev * LogJumpStdDev)) - 1.0;
}
