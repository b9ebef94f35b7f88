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
    private readonly long lotSize;

    /// <summary>Creates a full book.</summary>
    /// <param name="profile">The full-depth shape (sizes should be multiples of <paramref name="lotSize"/>).</param>
    /// <param name="refillRate">Fraction of the missing size restored per step, in [0, 1].</param>
    /// <param name="lotSize">The market's step size: refills come in whole lots, so every level is a placeable order size.</param>
    public BookDepth(DepthProfile profile, double refillRate, long lotSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lotSize);
        this.lotSize = lotSize;
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

    /// <summary>How far this side's touch has moved (see <see cref="TouchDepletion"/>), on the modelled sizes.</summary>
    public double Depletion(BookSide side) => TouchDepletion(profile, Levels(side), side);

    /// <summary>
    /// How far a side's touch has moved from the full book's best level, as a log price distance: the first level k at
    /// which the sizes, added up from the best level, reach half the full best level's size (a sliver of refill does
    /// not count as a standing touch), and then ln((1 − offset_k) / (1 − offset_0)) for bids (≤ 0) or
    /// ln((1 + offset_k) / (1 + offset_0)) for asks (≥ 0). An exhausted side counts as one spacing beyond the last level.
    /// </summary>
    /// <param name="profile">The full-depth shape.</param>
    /// <param name="sizes">Size per level of the side, best first (the model's, or the orders resting in the engine).</param>
    /// <param name="side">Bid or ask.</param>
    public static double TouchDepletion(DepthProfile profile, ReadOnlySpan<long> sizes, BookSide side)
    {
        var full = profile.Levels;
        var touch = Math.Max(1, full[0].Size / 2);
        var cumulative = 0L;
        var k = 0;
        while (k < full.Length && (cumulative += sizes[k]) < touch)
        {
            k++;
        }

        var offset = k < full.Length
            ? full[k].OffsetFraction
            : full[^1].OffsetFraction + (full.Length > 1 ? full[^1].OffsetFraction - full[^2].OffsetFraction : full[0].OffsetFraction);
        offset = Math.Min(offset, 0.99);
        return side == BookSide.Bid
            ? Math.Log((1 - offset) / (1 - full[0].OffsetFraction))
            : Math.Log((1 + offset) / (1 + full[0].OffsetFraction));
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
        var result = Peek(side, size, mid);
        var levels = Levels(side);
        var left = result.Filled;
        for (var i = 0; i < levels.Length && left > 0; i++)
        {
            var take = Math.Min(left, levels[i]);
            levels[i] -= take;
            left -= take;
        }

        return result;
    }

    /// <summary>What <see cref="Sweep"/> would give, without taking anything.</summary>
    public SweepResult Peek(BookSide side, long size, double mid)
    {
        var levels = Levels(side);
        long filled = 0;
        var value = 0.0;
        var worst = mid;
        for (var i = 0; i < levels.Length && filled < size; i++)
        {
            var take = Math.Min(size - filled, levels[i]);
            if (take == 0)
            {
                continue;
            }

            filled += take;
            worst = LevelPrice(side, i, mid);
            value += take * worst;
        }

        return new SweepResult(filled, filled == 0 ? mid : value / filled, worst);
    }

    /// <summary>
    /// One step of replenishment: each level regains rate × (full − left) rounded up to whole lots (never past full),
    /// so a level always converges and stays a placeable size.
    /// </summary>
    public void Refill()
    {
        if (refillRate == 0)
        {
            return;
        }

        var full = profile.Levels;
        for (var i = 0; i < full.Length; i++)
        {
            bids[i] = Refilled(bids[i], full[i].Size);
            asks[i] = Refilled(asks[i], full[i].Size);
        }
    }

    private long Refilled(long left, long full)
    {
        if (left >= full)
        {
            return left;
        }

        var lots = (long)Math.Ceiling((full - left) * refillRate / lotSize);
        return Math.Min(full, left + (lots * lotSize));
    }

    private long[] Levels(BookSide side) => side == BookSide.Bid ? bids : asks;
}

/// <summary>Outcome of <see cref="BookDepth.Sweep"/>.</summary>
/// <param name="Filled">Base quantums filled.</param>
/// <param name="AveragePrice">Size-weighted average fill price (the mid when nothing filled).</param>
/// <param name="WorstPrice">Price of the deepest level reached (the mid when nothing filled).</param>
public readonly record struct SweepResult(long Filled, double AveragePrice, double WorstPrice);
