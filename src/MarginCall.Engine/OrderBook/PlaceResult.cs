namespace MarginCall.Engine.OrderBook;

/// <summary>Why <see cref="LimitOrderBook.Place"/> refused an order; a refused order changes nothing.</summary>
public enum PlaceRejection : byte
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>The size was zero or negative.</summary>
    NonPositiveSize,

    /// <summary>The limit price was zero or negative.</summary>
    NonPositivePrice,

    /// <summary>An order with the same id is already resting in this book.</summary>
    DuplicateOrderId,

    /// <summary>
    /// Resting the order could make the side's total size exceed <see cref="long.MaxValue"/> base quantums; refused up
    /// front so that no sum in the book (side, level, owner) can overflow half-way through a match.
    /// </summary>
    SizeOverflow,
}

/// <summary>The outcome of <see cref="LimitOrderBook.Place"/>.</summary>
/// <param name="Rejection"><see cref="PlaceRejection.None"/> when accepted, otherwise why not.</param>
/// <param name="FilledSize">Base quantums matched immediately as taker (0 when rejected).</param>
/// <param name="RestingSize">Base quantums left resting on the book as maker (0 when rejected or fully filled).</param>
public readonly record struct PlaceResult(PlaceRejection Rejection, long FilledSize, long RestingSize)
{
    /// <summary>Whether the order was accepted (it may have filled, rested, or both).</summary>
    public bool IsAccepted => Rejection == PlaceRejection.None;

    internal static PlaceResult Rejected(PlaceRejection rejection) => new(rejection, 0, 0);
}
