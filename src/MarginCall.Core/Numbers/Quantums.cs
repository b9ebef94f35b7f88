namespace MarginCall.Core.Numbers;

/// <summary>
/// An amount of an asset in its smallest unit (for USDC with 6 decimals, 1 quantum = 0.000001 USDC).
/// Signed: a deposit or a credit is positive, a borrow or a debit negative. Arithmetic is checked.
/// </summary>
public readonly record struct Quantums(long Value) : IComparable<Quantums>
{
    /// <summary>No amount.</summary>
    public static Quantums Zero => default;

    /// <summary>Whether the amount is below zero.</summary>
    public bool IsNegative => Value < 0;

    /// <summary>Checked sum.</summary>
    public static Quantums operator +(Quantums left, Quantums right) => new(checked(left.Value + right.Value));

    /// <summary>Checked difference.</summary>
    public static Quantums operator -(Quantums left, Quantums right) => new(checked(left.Value - right.Value));

    /// <summary>Checked negation.</summary>
    public static Quantums operator -(Quantums amount) => new(checked(-amount.Value));

    /// <summary>Ordering.</summary>
    public static bool operator <(Quantums left, Quantums right) => left.Value < right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >(Quantums left, Quantums right) => left.Value > right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Quantums left, Quantums right) => left.Value <= right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Quantums left, Quantums right) => left.Value >= right.Value;

    /// <summary>The smaller of two amounts.</summary>
    public static Quantums Min(Quantums a, Quantums b) => a.Value <= b.Value ? a : b;

    /// <summary>The larger of two amounts.</summary>
    public static Quantums Max(Quantums a, Quantums b) => a.Value >= b.Value ? a : b;

    /// <summary>amount × rate, rounded by <paramref name="rounding"/> (128-bit intermediate).</summary>
    public Quantums Times(Ppm rate, Rounding rounding) =>
        new(FixedPoint.MultiplyDivide(Value, rate.Value, Ppm.OneValue, rounding));

    /// <inheritdoc />
    public int CompareTo(Quantums other) => Value.CompareTo(other.Value);

    /// <summary>The raw quantum count.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
