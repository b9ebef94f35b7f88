namespace MarginCall.Engine.Events;

/// <summary>Why orders left the book (<see cref="OrdersCancelled"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum CancelReason : byte
{
    /// <summary>The owner cancelled the order.</summary>
    CancelledByOwner = 1,

    /// <summary>The account entered liquidation: its open orders are cancelled before it is sized (DESIGN §5.3).</summary>
    AccountEnteredLiquidation = 2,

    /// <summary>A liquidation would have matched the account's own resting order: that order is cancelled first.</summary>
    SelfTradePrevention = 3,
}
