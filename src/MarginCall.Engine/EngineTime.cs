namespace MarginCall.Engine;

/// <summary>
/// A point in engine time, in milliseconds since the log's origin. Engine time moves only by
/// <see cref="Commands.AdvanceTime"/> (never from a clock), so a log replays to the same times.
/// </summary>
/// <param name="Milliseconds">Milliseconds since the origin (0 at genesis).</param>
public readonly record struct EngineTime(long Milliseconds) : IComparable<EngineTime>
{
    /// <summary>The origin (genesis).</summary>
    public static EngineTime Zero => default;

    /// <summary>Ordering.</summary>
    public static bool operator <(EngineTime left, EngineTime right) => left.Milliseconds < right.Milliseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >(EngineTime left, EngineTime right) => left.Milliseconds > right.Milliseconds;

    /// <summary>Ordering.</summary>
    public static bool operator <=(EngineTime left, EngineTime right) => left.Milliseconds <= right.Milliseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >=(EngineTime left, EngineTime right) => left.Milliseconds >= right.Milliseconds;

    /// <inheritdoc />
    public int CompareTo(EngineTime other) => Milliseconds.CompareTo(other.Milliseconds);

    /// <summary>The millisecond count.</summary>
    public override string ToString() => Milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
