namespace MarginCall.Core.Numbers;

/// <summary>
/// Converts an amount in base quantums at a fixed-point price into quote quantums:
/// quote quantums = amount × price units × 10^<see cref="Exponent"/>, with
/// Exponent = quoteDecimals − baseDecimals − priceDecimals (dYdX v4 uses the same shape with its
/// atomic resolution and price exponent). Every conversion names its rounding.
/// </summary>
public readonly record struct ValueScale(int Exponent)
{
    /// <summary>The scale for an instrument with the given decimals.</summary>
    public static ValueScale For(int quoteDecimals, int baseDecimals, int priceDecimals) =>
        new(quoteDecimals - baseDecimals - priceDecimals);

    /// <summary>amount × price × 10^Exponent, exact in 128 bits (only a negative exponent rounds).</summary>
    public Int128 ValueOf(long amount, Price price, Rounding rounding) =>
        FixedPoint.Scale(FixedPoint.Product(amount, price.Units), Exponent, rounding);

    /// <summary>Signed value in quote quantums, rounded by <paramref name="rounding"/>; checked narrowing.</summary>
    public Quantums Value(long amount, Price price, Rounding rounding) =>
        new(FixedPoint.ScaleProduct(amount, price.Units, Exponent, rounding));

    /// <summary>|amount| × price in quote quantums, rounded up: the notional that requirements are computed on.</summary>
    public Quantums Notional(long amount, Price price) =>
        new(FixedPoint.ScaleProduct(Math.Abs(amount), price.Units, Exponent, Rounding.Ceiling));

    /// <summary>
    /// The price P solving P × <paramref name="denominator"/> × 10^Exponent = <paramref name="numerator"/>,
    /// rounded by <paramref name="rounding"/>. The liquidation and bankruptcy price solvers pass a numerator in quote
    /// quantums and a denominator in base quantums (both possibly pre-multiplied by the same ppm factor).
    /// </summary>
    public Int128 PriceFor(Int128 numerator, Int128 denominator, Rounding rounding) =>
        Exponent >= 0
            ? FixedPoint.Divide(numerator, checked(denominator * FixedPoint.Pow10(Exponent)), rounding)
            : FixedPoint.Divide(checked(numerator * FixedPoint.Pow10(-Exponent)), denominator, rounding);
}
