namespace MarginCall.Engine.Events;

/// <summary>What sent a position to the backstop (<see cref="BackstopTakeover"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum BackstopReason : byte
{
    /// <summary>The pool's health is under the backstop level (or its equity below zero).</summary>
    HealthUnderBackstopLevel = 1,

    /// <summary>The position's auction failed (too many resets).</summary>
    AuctionFailed = 2,

    /// <summary>No auction price is left above the bankruptcy price.</summary>
    NoAuctionPriceAboveBankruptcy = 3,
}
