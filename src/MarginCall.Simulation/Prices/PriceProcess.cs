namespace MarginCall.Simulation.Prices;

/// <summary>
/// A model of the fundamental (exogenous) price of each market in whole quote units per whole base unit. The run
/// multiplies it by the market's accumulated liquidation impact (see <see cref="Liquidity.MarketImpact"/>) to get the
/// oracle price it sends to the engine, so the process itself never sees the engine. Instances are stateful, seeded
/// and owned by one run.
/// </summary>
public abstract class PriceProcess
{
    /// <summary>Number of markets the process prices (in scenario order).</summary>
    public abstract int MarketCount { get; }

    /// <summary>Writes the prices at time zero.</summary>
    public abstract void Initial(Span<double> prices);

    /// <summary>
    /// Advances from <paramref name="timeSeconds"/> − <paramref name="stepSeconds"/> to <paramref name="timeSeconds"/>
    /// (seconds since the start) and writes the prices at the new time. Called once per step, in order.
    /// </summary>
    public abstract void Advance(double timeSeconds, double stepSeconds, Span<double> prices);
}
