using MarginCall.Simulation.Prices;

namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// The shape of a market's book when fully replenished: resting size per price level, by distance from the mid,
/// symmetric between bids and asks. Sizes are in base quantums, fixed for the run (converted once from the scenario's
/// quote notional at the initial price through <see cref="LedgerConversion.ToQuantums"/>).
/// </summary>
public sealed class DepthProfile
{
    private readonly DepthLevel[] levels;

    /// <summary>Creates a profile from levels sorted by increasing offset.</summary>
    /// <exception cref="ArgumentException">No level, an offset outside (0, 1), offsets not increasing, or a negative size.</exception>
    public DepthProfile(IReadOnlyList<DepthLevel> levels)
    {
        if (levels.Count == 0)
        {
            throw new ArgumentException("a depth profile needs at least one level", nameof(levels));
        }

        for (var i = 0; i < levels.Count; i++)
        {
            if (!(levels[i].OffsetFraction > 0 && levels[i].OffsetFraction < 1) || (i > 0 && levels[i].OffsetFraction <= levels[i - 1].OffsetFraction))
            {
                throw new ArgumentException($"level {i}: offsets must increase within (0, 1)", nameof(levels));
            }

            if (levels[i].Size < 0)
            {
                throw new ArgumentException($"level {i}: size must not be negative", nameof(levels));
            }
        }

        this.levels = [.. levels];
    }

    /// <summary>The levels, nearest the mid first.</summary>
    public ReadOnlySpan<DepthLevel> Levels => levels;

    /// <summary>Number of levels per side.</summary>
    public int Count => levels.Length;

    /// <summary>Total size per side, base quantums.</summary>
    public long TotalSize => levels.Sum(l => l.Size);

    /// <summary>
    /// A ladder of <paramref name="levelCount"/> levels spaced <paramref name="spacingBps"/> apart (the first one
    /// spacing away from the mid), level k holding <paramref name="notionalPerLevel"/> × (1 + growth)^k of quote value at
    /// <paramref name="initialPrice"/>, converted to base quantums (rounded down to <paramref name="stepSize"/>).
    /// Growth &gt; 0 makes the book deeper away from the mid, as real books are.
    /// </summary>
    public static DepthProfile Ladder(
        int levelCount,
        double spacingBps,
        double notionalPerLevel,
        double growthPerLevel,
        double initialPrice,
        int sizeDecimals,
        long stepSize)
    {
        var notional = new double[levelCount];
        for (var k = 0; k < levelCount; k++)
        {
            notional[k] = notionalPerLevel * Math.Pow(1 + growthPerLevel, k);
        }

        return Spaced(spacingBps, notional, initialPrice, sizeDecimals, stepSize);
    }

    /// <summary>
    /// Levels <paramref name="spacingBps"/> apart (the first one spacing away from the mid), level k holding
    /// <paramref name="notional"/>[k] of quote value at <paramref name="initialPrice"/>, converted to base quantums
    /// (rounded down to <paramref name="stepSize"/>).
    /// </summary>
    public static DepthProfile Spaced(double spacingBps, IReadOnlyList<double> notional, double initialPrice, int sizeDecimals, long stepSize)
    {
        var levels = new DepthLevel[notional.Count];
        for (var k = 0; k < levels.Length; k++)
        {
            var size = LedgerConversion.ToQuantums(notional[k] / initialPrice, sizeDecimals, stepSize);
            levels[k] = new DepthLevel((k + 1) * spacingBps / 10_000.0, size.Value);
        }

        return new DepthProfile(levels);
    }
}
