namespace MarginCall.Core.Numbers;

/// <summary>
/// A price in fixed point: <see cref="Units"/> × 10^−priceDecimals quote per one whole base unit, where the market
/// (or asset) names priceDecimals. BTC at 65,000.50 USD with 2 price decimals is 6,500,050 units.
/// </summary>
public readonly record struct Price(long Units) : IComparable<Price>
{
    /// <summary>Whether the price is strictly positive, as every oracle price must be.</summary>
    public bool IsPositive => Units > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <(Price left, Price right) => left.Units < right.Units;

    /// <summary>Ordering.</summary>
    public static bool operator >(Price left, Price right) => left.Units > right.Units;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Price left, Price right) => left.Units <= right.Units;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Price left, Price right) => left.Units >= right.Units;

    /// <inheritdoc />
    public int CompareTo(Price other) => Units.CompareTo(other.Units);

    /// <summary>The raw unit count.</summary>
    public override string ToString() => Units.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
