namespace MarginCall.Simulation.Prices;

/// <summary>
/// A market's klines in time order, each lasting until the next one opens (the last until <see cref="EndSeconds"/>),
/// timed from the first kline's open; <see cref="StartUnixSeconds"/> says when that was.
/// </summary>
public sealed class KlineSeries
{
    private readonly Kline[] klines;

    /// <summary>Creates a series.</summary>
    /// <exception cref="ArgumentException">No kline, a first kline not at 0, times not increasing, or an end not after the last open.</exception>
    public KlineSeries(IReadOnlyList<Kline> klines, double endSeconds, double startUnixSeconds)
    {
        if (klines.Count == 0 || klines[0].OpenSeconds != 0)
        {
            throw new ArgumentException("a kline series needs at least one kline, the first at time 0", nameof(klines));
        }

        for (var i = 1; i < klines.Count; i++)
        {
            if (!(klines[i].OpenSeconds > klines[i - 1].OpenSeconds))
            {
                throw new ArgumentException($"kline {i}: open times must increase", nameof(klines));
            }
        }

        if (!(endSeconds > klines[^1].OpenSeconds))
        {
            throw new ArgumentException("the series must end after its last kline opens", nameof(endSeconds));
        }

        this.klines = [.. klines];
        EndSeconds = endSeconds;
        StartUnixSeconds = startUnixSeconds;
    }

    /// <summary>The klines, oldest first.</summary>
    public ReadOnlySpan<Kline> Klines => klines;

    /// <summary>Number of klines.</summary>
    public int Count => klines.Length;

    /// <summary>When the last kline closes, seconds since the first opened.</summary>
    public double EndSeconds { get; }

    /// <summary>Calendar time of the first kline's open, Unix seconds (a small number for a file timed from zero).</summary>
    public double StartUnixSeconds { get; }

    /// <summary>Length of kline <paramref name="index"/>, seconds.</summary>
    public double Length(int index) => (index + 1 < klines.Length ? klines[index + 1].OpenSeconds : EndSeconds) - klines[index].OpenSeconds;

    /// <summary>
    /// The series from the kline open at or last before <paramref name="unixSeconds"/> on, re-timed from that kline (a
    /// replay that starts later in the file).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The time lies before the first kline or at or after the end.</exception>
    public KlineSeries From(double unixSeconds)
    {
        var offset = unixSeconds - StartUnixSeconds;
        if (offset < 0 || offset >= EndSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(unixSeconds), unixSeconds, "outside the series");
        }

        var first = 0;
        while (first + 1 < klines.Length && klines[first + 1].OpenSeconds <= offset)
        {
            first++;
        }

        var shift = klines[first].OpenSeconds;
        var rest = new Kline[klines.Length - first];
        for (var i = 0; i < rest.Length; i++)
        {
            rest[i] = klines[first + i] with { OpenSeconds = klines[first + i].OpenSeconds - shift };
        }

        return new KlineSeries(rest, EndSeconds - shift, StartUnixSeconds + shift);
    }
}
