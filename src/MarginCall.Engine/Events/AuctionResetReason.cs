namespace MarginCall.Engine.Events;

/// <summary>Why an auction lot restarted from the oracle (<see cref="AuctionLotReset"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum AuctionResetReason : byte
{
    /// <summary>The lot outlived the auction duration.</summary>
    TooOld = 1,

    /// <summary>The lot's price drifted further from the oracle than the reset drop.</summary>
    TooFarFromOracle = 2,
}
