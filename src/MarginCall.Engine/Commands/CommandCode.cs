namespace MarginCall.Engine.Commands;

/// <summary>
/// The wire code of each command type. Codes are explicit and append-only: a code is never reused or renumbered, a new
/// type takes the next free value, and <c>WireCodeGoldenTests</c> freezes every name → code pair. 0 is never a valid
/// code. Each name equals the record type's name.
/// </summary>
public enum CommandCode : ushort
{
    /// <summary><see cref="CreateAccount"/>.</summary>
    CreateAccount = 1,

    /// <summary><see cref="Deposit"/>.</summary>
    Deposit = 2,

    /// <summary><see cref="Withdraw"/>.</summary>
    Withdraw = 3,

    /// <summary><see cref="TransferIsolatedMargin"/>.</summary>
    TransferIsolatedMargin = 4,

    /// <summary><see cref="OraclePrice"/>.</summary>
    OraclePrice = 5,

    /// <summary><see cref="AssetPrice"/>.</summary>
    AssetPrice = 6,

    /// <summary><see cref="Trade"/>.</summary>
    Trade = 7,

    /// <summary><see cref="PlaceOrder"/>.</summary>
    PlaceOrder = 8,

    /// <summary><see cref="CancelOrder"/>.</summary>
    CancelOrder = 9,

    /// <summary><see cref="SetLiquidationParameters"/>.</summary>
    SetLiquidationParameters = 10,

    /// <summary><see cref="SetExecutionCost"/>.</summary>
    SetExecutionCost = 11,

    /// <summary><see cref="UpdateFunding"/>.</summary>
    UpdateFunding = 12,

    /// <summary><see cref="KeeperLiquidate"/>.</summary>
    KeeperLiquidate = 13,

    /// <summary><see cref="AdvanceTime"/>.</summary>
    AdvanceTime = 14,

    /// <summary><see cref="TakeAuctionLot"/>.</summary>
    TakeAuctionLot = 15,

    /// <summary><see cref="FundInsurance"/>.</summary>
    FundInsurance = 16,

    /// <summary><see cref="ListMarket"/>.</summary>
    ListMarket = 17,

    /// <summary><see cref="SetMarketStatus"/>.</summary>
    SetMarketStatus = 18,
}
