namespace MarginCall.Simulation.Prices;

/// <summary>
/// A price path given by points (seconds since its start, price in whole quote units), read between points by linear
/// interpolation in price and held flat after the last point. Two points at the same time make a jump: the later one
/// applies from that time on.
/// </summary>
public sealed class PriceSeries
{
    private readonly double[] times;
    private readonly double[] prices;

    /// <summary>Creates a series; times must be non-decreasing and start at zero, prices positive.</summary>
    /// <exception cref="ArgumentException">Empty, unordered, or a non-positive price.</exception>
    public PriceSeries(IReadOnlyList<double> times, IReadOnlyList<double> prices)
    {
        if (times.Count == 0 || times.Count != prices.Count)
        {
            throw new ArgumentException("a price series needs at least one point and one price per time");
        }

        for (var i = 0; i < times.Count; i++)
        {
            if (!(prices[i] > 0) || !double.IsFinite(prices[i]))
            {
                throw new ArgumentException($"point {i}: price must be positive and finite");
            }

            if (i > 0 && times[i] < times[i - 1])
            {
                throw new ArgumentException($"point {i}: times must not decrease");
            }
        }

        this.times = [.. times];
        this.prices = [.. prices];
    }

    /// <summary>Number of points.</summary>
    public int Count => times.Length;

    /// <summary>Time of the last point, seconds.</summary>
    public double EndSeconds => times[^1];

    /// <summary>The points' times, seconds since the start.</summary>
    public ReadOnlySpan<double> Times => times;

    /// <summary>The points' prices.</summary>
    public ReadOnlySpan<double> Prices => prices;

    /// <summary>The price at <paramref name="seconds"/> since the start.</summary>
    public double At(double seconds)
    {
        if (seconds <= times[0])
        {
            return prices[LastIndexAtOrBefore(times[0])];
        }

        if (seconds >= times[^1])
        {
            return prices[^1];
        }

        var i = LastIndexAtOrBefore(seconds);
        var t0 = times[i];
        var t1 = times[i + 1];
        var fraction = (seconds - t0) / (t1 - t0);
        return prices[i] + ((prices[i + 1] - prices[i]) * fraction);
    }

    // The last point whose time is ≤ seconds (binary search; equal times resolve to the latest point).
    private int LastIndexAtOrBefore(double seconds)
    {
        int lo = 0, hi = times.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (times[mid] <= seconds)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
