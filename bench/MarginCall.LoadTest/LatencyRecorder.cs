using System.Diagnostics;

namespace MarginCall.LoadTest;

/// <summary>
/// Every acknowledgement latency of a phase, kept exactly (one <see cref="Stopwatch"/> tick count per command) and
/// sorted once at the end, so percentiles are exact order statistics rather than histogram buckets: a 10 s phase at
/// 10,000 commands/s is 100,000 longs.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock gate = new();
    private readonly List<long> ticks = [];

    /// <summary>Records <paramref name="commands"/> commands acknowledged <paramref name="elapsedTicks"/> after they were due.</summary>
    public void Record(long elapsedTicks, int commands)
    {
        lock (gate)
        {
            for (var i = 0; i < commands; i++) ticks.Add(elapsedTicks);
        }
    }

    /// <summary>The recorded latencies' summary in milliseconds (all zero when nothing was recorded).</summary>
    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (gate) sorted = [.. ticks];
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Milliseconds(sorted, 0.50), Milliseconds(sorted, 0.90), Milliseconds(sorted, 0.99), Milliseconds(sorted, 0.999),
            sorted.Length == 0 ? 0 : ToMilliseconds(sorted[^1]));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="q"/> of the samples at or below it.</summary>
    private static double Milliseconds(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : ToMilliseconds(sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)]);

    private static double ToMilliseconds(long elapsed) => elapsed * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Acknowledgement latency percentiles over <paramref name="Samples"/> commands, in milliseconds.</summary>
internal sealed record LatencySummary(long Samples, double P50, double P90, double P99, double P999, double Max);
