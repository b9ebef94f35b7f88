namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// Feedback of liquidation fills into the price: a log offset I per market, so the oracle price the run sends is
/// fundamental × e^I. The mid follows the depth: when fills empty the best levels of a side, the best remaining price
/// of that side moves away from where the full book's best level would be, by a log distance d (see
/// <see cref="BookDepth.Depletion"/>; the run measures it on the orders resting in the engine's book); I moves by permanence × (the part of that move not already applied). A fill that
/// leaves the best level standing moves nothing — a deep book absorbs liquidations without impact — while a thin one
/// is walked and the price follows. Between steps the offset decays with a half-life (resilience: other traders
/// arbitrage the dislocation back); an infinite half-life makes impact permanent. This is how a thin book turns
/// liquidations into further price moves — and further liquidations — in the next step.
/// </summary>
public sealed class MarketImpact
{
    private readonly double permanence;
    private readonly double halfLifeSeconds;

    /// <summary>Creates a zero offset.</summary>
    /// <param name="permanence">Share of the walked distance that moves the mid, in [0, 1].</param>
    /// <param name="halfLifeSeconds">Half-life of the offset's decay; positive infinity for none.</param>
    public MarketImpact(double permanence, double halfLifeSeconds)
    {
        if (!(permanence is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(permanence), permanence, "must be within [0, 1]");
        }

        if (!(halfLifeSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLifeSeconds), halfLifeSeconds, "must be positive");
        }

        this.permanence = permanence;
        this.halfLifeSeconds = halfLifeSeconds;
    }

    /// <summary>The current log offset I.</summary>
    public double LogOffset { get; private set; }

    /// <summary>e^I: the factor applied to the fundamental price.</summary>
    public double Factor => Math.Exp(LogOffset);

    /// <summary>Moves the price by permanence × <paramref name="logMove"/> (negative: down).</summary>
    public void Shift(double logMove) => LogOffset += permanence * logMove;

    /// <summary>Decays the offset over one step.</summary>
    public void Decay(double stepSeconds)
    {
        if (!double.IsPositiveInfinity(halfLifeSeconds) && LogOffset != 0)
        {
            LogOffset *= Math.Pow(0.5, stepSeconds / halfLifeSeconds);
        }
    }
}
