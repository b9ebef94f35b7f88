namespace MarginCall.Engine.Events;

/// <summary>
/// Why a command was refused. A refused command changes nothing but the sequence number. Wire values are explicit and
/// append-only (frozen by <c>WireCodeGoldenTests</c>); 0 is never a valid value.
/// </summary>
public enum RejectionReason : byte
{
    /// <summary>No account with that id.</summary>
    UnknownAccount = 1,

    /// <summary>An account with that id already exists.</summary>
    DuplicateAccount = 2,

    /// <summary>No market with that id.</summary>
    UnknownMarket = 3,

    /// <summary>No asset with that id.</summary>
    UnknownAsset = 4,

    /// <summary>An amount or size that must be positive was zero or negative.</summary>
    NonPositiveAmount = 5,

    /// <summary>A price that must be positive was zero or negative.</summary>
    NonPositivePrice = 6,

    /// <summary>A size that is not a multiple of the market's step size.</summary>
    NotAMultipleOfStep = 7,

    /// <summary>A price that is not a multiple of the market's tick size.</summary>
    NotAMultipleOfTick = 8,

    /// <summary>An oracle price older than the market's staleness limit, or older than the one already applied.</summary>
    StalePrice = 9,

    /// <summary>The result would breach the initial requirement.</summary>
    InsufficientInitialMargin = 10,

    /// <summary>The spot balance is smaller than the withdrawal.</summary>
    InsufficientBalance = 11,

    /// <summary>Withdrawals are gated while bad debt is outstanding.</summary>
    BadDebtOutstanding = 12,

    /// <summary>An intermediate result did not fit in 64 bits.</summary>
    Overflow = 13,

    /// <summary>The account is not liquidatable (keeper request) or is being liquidated (trading, withdrawal).</summary>
    InvalidLiquidationState = 14,

    /// <summary>A parameter set that fails validation; the detail names the field.</summary>
    InvalidParameters = 15,

    /// <summary>Time cannot move backwards.</summary>
    TimeMovedBackwards = 16,

    /// <summary>The order book refused the order (duplicate id, unknown order).</summary>
    OrderRefused = 17,

    /// <summary>A trade names the same account on both sides, or a margin mode that differs from the open position's.</summary>
    InvalidTrade = 18,

    /// <summary>No open auction lot with that id.</summary>
    UnknownAuctionLot = 19,

    /// <summary>The auction's current price is worse for the keeper than its limit.</summary>
    AuctionPriceBeyondLimit = 20,

    /// <summary>The take would leave a lot under the minimum notional and cannot be cut to avoid it.</summary>
    AuctionDust = 21,

    /// <summary>The market is paused (<see cref="Markets.MarketStatus.Paused"/>): no trade, order or lot take on it.</summary>
    MarketPaused = 22,
}
