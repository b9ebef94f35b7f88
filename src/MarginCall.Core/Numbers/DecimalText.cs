using System.Globalization;

namespace MarginCall.Core.Numbers;

/// <summary>
/// Exact conversion between fixed-point integers and decimal strings ("1234.5" with 2 decimals ⇄ 123450).
/// No binary floating point is involved anywhere; a string that is not exactly representable is refused.
/// </summary>
public static class DecimalText
{
    /// <summary>Formats <paramref name="value"/> × 10^−decimals as a plain decimal string (trailing zeros kept).</summary>
    public static string Format(long value, int decimals) => Format((Int128)value, decimals);

    /// <summary>Formats a 128-bit fixed-point value as a plain decimal string.</summary>
    public static string Format(Int128 value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var negative = value < Int128.Zero;
        // −(value + 1) + 1 keeps Int128.MinValue representable: negating it directly (or casting a negative value to
        // UInt128) overflows under checked arithmetic.
        var magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        var digits = magnitude.ToString(CultureInfo.InvariantCulture);
        if (decimals > 0)
        {
            digits = digits.PadLeft(decimals + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - decimals), ".", digits.AsSpan(digits.Length - decimals));
        }

        return negative ? "-" + digits : digits;
    }

    /// <summary>
    /// Parses a decimal string ("-12.345", "7", "0.5") into value × 10^decimals exactly.
    /// Returns false for malformed text, more significant fraction digits than <paramref name="decimals"/>, or overflow.
    /// </summary>
    public static bool TryParse(string? text, int decimals, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || decimals < 0 || decimals > 18)
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (negative || span[0] == '+')
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        if (whole.IsEmpty && fraction.IsEmpty)
        {
            return false;
        }

        fraction = fraction.TrimEnd('0');
        if (fraction.Length > decimals || !AllDigits(whole) || !AllDigits(fraction) || (dot >= 0 && whole.IsEmpty))
        {
            return false;
        }

        Int128 result = 0;
        foreach (var c in whole)
        {
            result = (result * 10) + (c - '0');
            if (result > long.MaxValue)
            {
                return false;
            }
        }

        for (var i = 0; i < decimals; i++)
        {
            result = (result * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            if (result > long.MaxValue)
            {
                return false;
            }
        }

        value = (long)(negative ? -result : result);
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
