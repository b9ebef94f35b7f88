namespace MarginCall.Engine.Events;

/// <summary>What sent a position to a Dutch auction (<see cref="AuctionLotOpened"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum AuctionOpenReason : byte
{
    /// <summary>The book could not absorb the liquidation inside its price bound.</summary>
    BookCouldNotAbsorb = 1,
}
