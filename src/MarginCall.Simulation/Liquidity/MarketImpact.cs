namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// Feedback of liquidation fills into the price: a log offset I per market, so the oracle price the run sends is
/// fundamental × e^I. When a step's liquidation fills on one side walk the book from the quoted mid m down (or up) to
/// a deepest fill price w, I grows by permanence × ln(w / m): the mid settles that share of the way toward the
/// consumed depth. Between steps the offset decays with a half-life (resilience: other traders arbitrage the dislocation
/// back); an infinite half-life makes impact permanent. This is how a thin book turns liquidations into further price
/// moves — and further liquidations — in the next step.
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

    /// <summary>Records that fills walked the book from <paramref name="mid"/> to <paramref name="worstFillPrice"/>.</summary>
    public void Apply(double mid, double worstFillPrice)
    {
        if (mid > 0 && worstFillPrice > 0)
        {
            LogOffset += permanence * Math.Log(worstFillPrice / mid);
        }
    }

    /// <summary>Decays the offset over one step.</summary>
    public void Decay(double stepSeconds)
    {
        if (!double.IsPositiveInfinity(halfLifeSeconds) && LogOffset != 0)
        {
            LogOffset *= Math.Pow(0.5, stepSeconds / halfLifeSeconds);
        }
    }
}
