namespace MarginCall.Engine.Events;

/// <summary>
/// The wire code of each event type. Codes are explicit and append-only: a code is never reused or renumbered, a new
/// type takes the next free value, and <c>WireCodeGoldenTests</c> freezes every name → code pair. 0 is never a valid
/// code. Each name equals the record type's name.
/// </summary>
public enum EventCode : ushort
{
    /// <summary><see cref="CommandRejected"/>.</summary>
    CommandRejected = 1,

    /// <summary><see cref="AccountCreated"/>.</summary>
    AccountCreated = 2,

    /// <summary><see cref="BalanceChanged"/>.</summary>
    BalanceChanged = 3,

    /// <summary><see cref="IsolatedMarginTransferred"/>.</summary>
    IsolatedMarginTransferred = 4,

    /// <summary><see cref="TradeSettled"/>.</summary>
    TradeSettled = 5,

    /// <summary><see cref="OrderRested"/>.</summary>
    OrderRested = 6,

    /// <summary><see cref="OrdersCancelled"/>.</summary>
    OrdersCancelled = 7,

    /// <summary><see cref="MarkPriceChanged"/>.</summary>
    MarkPriceChanged = 8,

    /// <summary><see cref="OraclePriceClamped"/>.</summary>
    OraclePriceClamped = 9,

    /// <summary><see cref="OracleStalenessChanged"/>.</summary>
    OracleStalenessChanged = 10,

    /// <summary><see cref="ParametersApplied"/>.</summary>
    ParametersApplied = 11,

    /// <summary><see cref="FundingIndexChanged"/>.</summary>
    FundingIndexChanged = 12,

    /// <summary><see cref="ExecutionCostChanged"/>.</summary>
    ExecutionCostChanged = 13,

    /// <summary><see cref="TimeAdvanced"/>.</summary>
    TimeAdvanced = 14,

    /// <summary><see cref="MarginCallNotice"/>.</summary>
    MarginCallNotice = 15,

    /// <summary><see cref="LiquidationStateChanged"/>.</summary>
    LiquidationStateChanged = 16,

    /// <summary><see cref="InsuranceFundChanged"/>.</summary>
    InsuranceFundChanged = 17,

    /// <summary><see cref="LiquidationStep"/>.</summary>
    LiquidationStep = 18,

    /// <summary><see cref="AuctionLotOpened"/>.</summary>
    AuctionLotOpened = 19,

    /// <summary><see cref="AuctionLotTaken"/>.</summary>
    AuctionLotTaken = 20,

    /// <summary><see cref="AuctionLotReset"/>.</summary>
    AuctionLotReset = 21,

    /// <summary><see cref="AuctionLotClosed"/>.</summary>
    AuctionLotClosed = 22,

    /// <summary><see cref="BackstopTakeover"/>.</summary>
    BackstopTakeover = 23,

    /// <summary><see cref="BackstopDeclined"/>.</summary>
    BackstopDeclined = 24,

    /// <summary><see cref="Deleveraged"/>.</summary>
    Deleveraged = 25,

    /// <summary><see cref="SocializedLoss"/>.</summary>
    SocializedLoss = 26,

    /// <summary><see cref="BadDebtChanged"/>.</summary>
    BadDebtChanged = 27,

    /// <summary><see cref="AuctionDeferred"/>.</summary>
    AuctionDeferred = 28,

    /// <summary><see cref="FundUnwound"/>.</summary>
    FundUnwound = 29,

    /// <summary><see cref="MarketListed"/>.</summary>
    MarketListed = 30,

    /// <summary><see cref="MarketStatusChanged"/>.</summary>
    MarketStatusChanged = 31,
}
