namespace MarginCall.Engine.Markets;

/// <summary>
/// Whether a market trades. Explicit, append-only codes (frozen by <c>WireCodeGoldenTests</c>); 0 is never valid.
/// dYdX v4's clob pairs have the same kind of status (active, paused, cancel-only, …); the engine needs two.
/// </summary>
public enum MarketStatus : byte
{
    /// <summary>Trades, orders and liquidations run.</summary>
    Active = 1,

    /// <summary>
    /// An operator halted the market (<see cref="Commands.SetMarketStatus"/>): trades and new orders are refused
    /// (<see cref="Events.RejectionReason.MarketPaused"/>), resting orders may still be cancelled, and nothing is
    /// liquidated on it — as with a stale oracle — while prices and every account's figures keep updating.
    /// Liquidations resume with the first time advance after it is reactivated.
    /// </summary>
    Paused = 2,
}
