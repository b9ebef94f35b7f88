namespace MarginCall.Engine.Events;

/// <summary>Why a lot left the auction (<see cref="AuctionLotClosed"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum AuctionCloseReason : byte
{
    /// <summary>A keeper took what was left.</summary>
    TakenInFull = 1,

    /// <summary>The position behind the lot is closed.</summary>
    PositionClosed = 2,

    /// <summary>The account recovered out of liquidation.</summary>
    AccountRecovered = 3,

    /// <summary>The pool fell under the backstop health: the backstop takes the position.</summary>
    HealthUnderBackstopLevel = 4,

    /// <summary>The lot reset too often: the auction failed and the backstop takes the position.</summary>
    AuctionFailed = 5,

    /// <summary>No price is left between the oracle and the bankruptcy price: the backstop takes the position.</summary>
    NoPriceAboveBankruptcy = 6,
}
