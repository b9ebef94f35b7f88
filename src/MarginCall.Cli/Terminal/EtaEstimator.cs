namespace MarginCall.Cli.Terminal;

/// <summary>
/// A time-left estimate that does not jump: the rate (work per second) is an exponential moving average over
/// intervals of at least <see cref="MinInterval"/>, weighted by interval length with a 20-second time constant, so
/// one slow or fast stretch (the setup, a cascade) moves it gradually; nothing is shown before 2% of the work and
/// 3 seconds have passed. The estimate is also never allowed to rise by more than the time a sample spans beyond a
/// 25% margin, which keeps it from bouncing as the rate settles.
/// </summary>
internal sealed class EtaEstimator
{
    /// <summary>Shortest interval between rate samples.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    private const double TimeConstantSeconds = 20;
    private double lastSeconds;
    private double lastDone;
    private double? rate;
    private double? lastEstimate;

    /// <summary>Feeds (elapsed since the start, work done of total); returns the seconds left, or null while too early.</summary>
    public double? Update(TimeSpan elapsed, double done, double total)
    {
        var now = elapsed.TotalSeconds;
        var span = now - lastSeconds;
        if (span >= MinInterval.TotalSeconds && done > lastDone)
        {
            var sample = (done - lastDone) / span;
            var weight = 1 - Math.Exp(-span / TimeConstantSeconds);
            rate = rate is { } r ? r + (weight * (sample - r)) : sample;
            lastSeconds = now;
            lastDone = done;
        }

        if (rate is not { } current || current <= 0 || done < total * 0.02 || now < 3)
        {
            return null;
        }

        var estimate = (total - done) / current;
        if (lastEstimate is { } previous && estimate > previous * 1.25)
        {
            estimate = previous * 1.25;
        }

        lastEstimate = estimate;
        return estimate;
    }
}
