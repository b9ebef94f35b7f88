namespace MarginCall.Engine.Events;

/// <summary>Why an insurance fund's balance moved (<see cref="InsuranceFundChanged"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum FundChangeReason : byte
{
    /// <summary>The venue paid into the fund (<see cref="Commands.FundInsurance"/>).</summary>
    Deposit = 1,

    /// <summary>Rounding dust of a trade's two sides.</summary>
    TradeRounding = 2,

    /// <summary>Rounding dust of a liquidation fill's two sides.</summary>
    LiquidationFillRounding = 3,

    /// <summary>The fund's share of a liquidation fee.</summary>
    LiquidationFee = 4,

    /// <summary>Rounding dust of an auction take.</summary>
    AuctionRounding = 5,

    /// <summary>Tip + chip paid to the keeper whose request opened an auction lot.</summary>
    AuctionKeeperIncentive = 6,

    /// <summary>The fund paid for (or received the collateral of) a position it took over.</summary>
    BackstopTakeover = 7,

    /// <summary>Proceeds of the fund selling (buying back) a position it holds.</summary>
    FundUnwind = 8,

    /// <summary>Rounding dust of auto-deleveraging.</summary>
    DeleveragingRounding = 9,

    /// <summary>A socialized loss collected over open interest refilled the fund.</summary>
    SocializedLoss = 10,
}
