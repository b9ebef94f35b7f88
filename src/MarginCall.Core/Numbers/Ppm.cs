namespace MarginCall.Core.Numbers;

/// <summary>A rate or ratio in parts per million: 1% = 10,000 ppm, 1.0 = 1,000,000 ppm.</summary>
public readonly record struct Ppm(long Value) : IComparable<Ppm>
{
    /// <summary>1,000,000: the ppm value of a ratio of one.</summary>
    public const long OneValue = 1_000_000;

    /// <summary>A ratio of one (100%).</summary>
    public static Ppm One => new(OneValue);

    /// <summary>Zero.</summary>
    public static Ppm Zero => default;

    /// <summary>numerator / denominator as ppm, rounded by <paramref name="rounding"/>.</summary>
    public static Ppm Ratio(long numerator, long denominator, Rounding rounding) =>
        new(FixedPoint.MultiplyDivide(numerator, OneValue, denominator, rounding));

    /// <summary>Whether the value lies outside [0, <paramref name="limit"/>] (validation of rates).</summary>
    public bool IsNegativeOrAbove(Ppm limit) => Value < 0 || Value > limit.Value;

    /// <summary>Ordering.</summary>
    public static bool operator <(Ppm left, Ppm right) => left.Value < right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >(Ppm left, Ppm right) => left.Value > right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Ppm left, Ppm right) => left.Value <= right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Ppm left, Ppm right) => left.Value >= right.Value;

    /// <inheritdoc />
    public int CompareTo(Ppm other) => Value.CompareTo(other.Value);

    /// <summary>The rate as a decimal string (10,000 ppm → "0.01").</summary>
    public override string ToString() => DecimalText.Format(Value, 6);
}
