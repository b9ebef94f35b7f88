namespace MarginCall.Engine.OrderBook;

/// <summary>
/// Identifier of an order, assigned by the engine (the book only checks it is not already resting, because a filled
/// or cancelled order leaves no trace in the book).
/// </summary>
/// <param name="Value">The raw identifier.</param>
public readonly record struct OrderId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
