namespace MarginCall.Engine.Events;

/// <summary>Why a command was refused. A refused command changes nothing but the sequence number.</summary>
public enum RejectionReason
{
    /// <summary>No account with that id.</summary>
    UnknownAccount,

    /// <summary>An account with that id already exists.</summary>
    DuplicateAccount,

    /// <summary>No market with that id.</summary>
    UnknownMarket,

    /// <summary>No asset with that id.</summary>
    UnknownAsset,

    /// <summary>An amount or size that must be positive was zero or negative.</summary>
    NonPositiveAmount,

    /// <summary>A price that must be positive was zero or negative.</summary>
    NonPositivePrice,

    /// <summary>A size that is not a multiple of the market's step size.</summary>
    NotAMultipleOfStep,

    /// <summary>A price that is not a multiple of the market's tick size.</summary>
    NotAMultipleOfTick,

    /// <summary>An oracle price older than the market's staleness limit, or older than the one already applied.</summary>
    StalePrice,

    /// <summary>The result would breach the initial requirement.</summary>
    InsufficientInitialMargin,

    /// <summary>The spot balance is smaller than the withdrawal.</summary>
    InsufficientBalance,

    /// <summary>Withdrawals are gated while bad debt is outstanding.</summary>
    BadDebtOutstanding,

    /// <summary>An intermediate result did not fit in 64 bits.</summary>
    Overflow,

    /// <summary>The account is not liquidatable (keeper request) or is being liquidated (trading, withdrawal).</summary>
    InvalidLiquidationState,

    /// <summary>A parameter set that fails validation; the detail names the field.</summary>
    InvalidParameters,

    /// <summary>Time cannot move backwards.</summary>
    TimeMovedBackwards,

    /// <summary>The order book refused the order (duplicate id, unknown order).</summary>
    OrderRefused,

    /// <summary>A trade names the same account on both sides, or a margin mode that differs from the open position's.</summary>
    InvalidTrade,

    /// <summary>No open auction lot with that id.</summary>
    UnknownAuctionLot,

    /// <summary>The auction's current price is worse for the keeper than its limit.</summary>
    AuctionPriceBeyondLimit,

    /// <summary>The take would leave a lot under the minimum notional and cannot be cut to avoid it.</summary>
    AuctionDust,
}
