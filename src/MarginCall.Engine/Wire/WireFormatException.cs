namespace MarginCall.Engine.Wire;

/// <summary>
/// Bytes (or JSON) that do not decode to a valid value: truncated input, an unknown code, a value outside its type's
/// range, invalid UTF-8, trailing bytes. <see cref="Field"/> names the field that failed, <see cref="Offset"/> where.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/> at byte <paramref name="offset"/>.</summary>
    public WireFormatException(string field, long offset, string message, Exception? inner = null)
        : base($"{field}: {message} (at byte {offset})", inner)
    {
        Field = field;
        Offset = offset;
        detail = message;
    }

    private readonly string detail;

    /// <summary>The field that failed to decode, e.g. <c>Deposit.Amount</c> or <c>venue.markets[1].tiers[0]</c>.</summary>
    public string Field { get; }

    /// <summary>Byte offset (binary) or character position (JSON) where decoding failed; -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>
    /// The same failure named from the enclosing field: <c>Size</c> read inside <c>LiquidationStep.Sizing</c> becomes
    /// <c>LiquidationStep.Sizing.Size</c>. Nested readers name their fields as constants and add the path only here, on
    /// failure, so a successful decode builds no strings.
    /// </summary>
    public WireFormatException Within(string path) => new(path + "." + Field, Offset, detail, InnerException);
}
