namespace MarginCall.Engine.Liquidation;

/// <summary>Identifier of a Dutch auction lot, assigned by the engine in opening order (1, 2, 3, …).</summary>
/// <param name="Value">The raw identifier.</param>
public readonly record struct LotId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
