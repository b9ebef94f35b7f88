namespace MarginCall.Simulation.Liquidity;

/// <summary>
/// The liquidity one market maker keeps around the mid of one market: resting size left per level and side, depleted
/// by liquidation fills and refilled toward the <see cref="DepthProfile"/> by a fraction of the gap every step (so a
/// level recovers as 1 − (1 − rate)^steps). The book is re-centred on the current mid every step — market makers
/// requote — while depletion stays attached to the level, so a drained book stays thin as the price moves.
/// <para>With the engine, these sizes are the market maker's resting orders in the engine's order book: the run places
/// them, the engine's liquidation IOC orders fill against them, and the fills the engine reports come back here through
/// <see cref="Take"/>. <see cref="Sweep"/> is the same walk done here, for planning and for tests without the engine.</para>
/// </summary>
public sealed class BookDepth
{
    private readonly DepthProfile profile;
    private readonly long[] bids;
    private readonly long[] asks;
    private readonly double refillRate;

    /// <summary>Creates a full book.</summary>
    /// <param name="profile">The full-depth shape.</param>
    /// <param name="refillRate">Fraction of the missing size restored per step, in [0, 1].</param>
    public BookDepth(DepthProfile profile, double refillRate)
    {
        if (!(refillRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(refillRate), refillRate, "must be within [0, 1]");
        }

        this.profile = profile;
        this.refillRate = refillRate;
        bids = new long[profile.Count];
        asks = new long[profile.Count];
        for (var i = 0; i < profile.Count; i++)
        {
            bids[i] = asks[i] = profile.Levels[i].Size;
        }
    }

    /// <summary>The full-depth shape.</summary>
    public DepthProfile Profile => profile;

    /// <summary>Size left at <paramref name="level"/> on <paramref name="side"/>, base quantums.</summary>
    public long Remaining(BookSide side, int level) => Levels(side)[level];

    /// <summary>Total size left on a side, base quantums.</summary>
    public long TotalRemaining(BookSide side)
    {
        var total = 0L;
        foreach (var size in Levels(side))
        {
            total += size;
        }

        return total;
    }

    /// <summary>The fill-free price of level <paramref name="level"/> around <paramref name="mid"/>, in whole quote units.</summary>
    public double LevelPrice(BookSide side, int level, double mid)
    {
        var offset = profile.Levels[level].OffsetFraction;
        return side == BookSide.Bid ? mid * (1 - offset) : mid * (1 + offset);
    }

    /// <summary>Removes up to <paramref name="size"/> from one level (a fill the engine reported); returns what was taken.</summary>
    public long Take(BookSide side, int level, long size)
    {
        var levels = Levels(side);
        var taken = Math.Min(size, levels[level]);
        levels[level] -= taken;
        return taken;
    }

    /// <summary>
    /// Walks <paramref name="side"/> from the best level for <paramref name="size"/> base quantums at <paramref name="mid"/>,
    /// depleting the levels it fills from: how much filled, at what average price, and the deepest level price reached.
    /// Size beyond the book stays unfilled.
    /// </summary>
    public SweepResult Sweep(BookSide side, long size, double mid)
    {
        var levels = Levels(side);
        long filled = 0;
        var value = 0.0;
        var worst = mid;
        for (var i = 0; i < levels.Length && filled < size; i++)
        {
            if (levels[i] == 0)
            {
                continue;
            }

            var take = Math.Min(size - filled, levels[i]);
            levels[i] -= take;
            filled += take;
            worst = LevelPrice(side, i, mid);
            value += take * worst;
        }

        return new SweepResult(filled, filled == 0 ? mid : value / filled, worst);
    }

    /// <summary>One step of replenishment: each level regains ⌈rate × (full − left)⌉ so a level always converges.</summary>
    public void Refill()
    {
        if (refillRate == 0)
        {
            return;
        }

        var full = profile.Levels;
        for (var i = 0; i < full.Length; i++)
        {
            bids[i] += (long)Math.Ceiling((full[i].Size - bids[i]) * refillRate);
            asks[i] += (long)Math.Ceiling((full[i].Size - asks[i]) * refillRate);
        }
    }

    private long[] Levels(BookSide side) => side == BookSide.Bid ? bids : asks;
}

/// <summary>Outcome of <see cref="BookDepth.Sweep"/>.</summary>
/// <param name="Filled">Base quantums filled.</param>
/// <param name="AveragePrice">Size-weighted average fill price (the mid when nothing filled).</param>
/// <param name="WorstPrice">Price of the deepest level reached (the mid when nothing filled).</param>
public readonly record struct SweepResult(long Filled, double AveragePrice, double WorstPrice);
