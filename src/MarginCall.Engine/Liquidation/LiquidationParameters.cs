using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Per-market liquidation parameters with safe defaults. Money in quote quantums, rates in ppm, times in engine
/// milliseconds. <see cref="Validate"/> names the first offending field.
/// </summary>
public sealed record LiquidationParameters
{
    /// <summary>Defaults for a quote asset with 6 decimals (USDC).</summary>
    public static LiquidationParameters Default { get; } = new();

    // ---- oracle guards (DESIGN §5.1) ----

    /// <summary>An oracle price older than this stops liquidations on the market and raises an alert.</summary>
    public long MaxOracleAgeMs { get; init; } = 60_000;

    /// <summary>Half-width of the band around the TWAP beyond which an oracle price is clamped (100,000 = ±10%).</summary>
    public Ppm JumpBand { get; init; } = new(100_000);

    /// <summary>Time constant of the oracle TWAP (an exponential time-weighted average), milliseconds.</summary>
    public long TwapWindowMs { get; init; } = 60_000;

    /// <summary>Weight of each new observation in the EMA of the book basis (book mid − oracle).</summary>
    public Ppm BasisEmaWeight { get; init; } = new(100_000);

    // ---- sizing (DESIGN §5.4) ----

    /// <summary>Health a partial liquidation sizes for (1,100,000 = equity 110% of maintenance).</summary>
    public Ppm TargetHealth { get; init; } = new(1_100_000);

    /// <summary>Largest share of a position closed in one window.</summary>
    public Ppm MaxPositionPortionPerWindow { get; init; } = new(250_000);

    /// <summary>Largest notional closed for one account in one window.</summary>
    public Quantums MaxAccountNotionalPerWindow { get; init; } = new(5_000_000_000_000); // 5,000,000 USDC

    /// <summary>Largest notional the market liquidates in one window over all accounts (the anti-cascade rate limit).</summary>
    public Quantums MarketCapacityPerWindow { get; init; } = new(50_000_000_000_000); // 50,000,000 USDC

    /// <summary>Length of a liquidation window, milliseconds.</summary>
    public long WindowMs { get; init; } = 10_000;

    /// <summary>A position, or a leftover, with less notional than this closes fully (dust rule).</summary>
    public Quantums MinimumNotional { get; init; } = new(10_000_000); // 10 USDC

    /// <summary>Under this health the window limits are bypassed (the account is close to bankruptcy).</summary>
    public Ppm CriticalHealth { get; init; } = new(500_000);

    /// <summary>Whether the engine liquidates by itself as soon as an account is liquidatable; otherwise it waits for a keeper.</summary>
    public bool AutoLiquidate { get; init; } = true;

    // ---- price bound (DESIGN §5.5) ----

    /// <summary>
    /// Spread-to-maintenance-margin ratio of dYdX's fillable price: the bound may sit up to
    /// ratio × maintenance rate away from the oracle price, scaled by how near bankruptcy the account is.
    /// </summary>
    public Ppm SpreadToMaintenanceRatio { get; init; } = new(1_500_000);

    /// <summary>
    /// dYdX's bankruptcy adjustment (BA): how fast the bound widens as equity falls from maintenance toward zero
    /// (1,000,000 = ×1, dYdX's genesis value). ABR = clamp(BA × (1 − equity / maintenance), 0, 1).
    /// </summary>
    public Ppm BankruptcyAdjustment { get; init; } = new(1_000_000);

    // ---- fee (DESIGN §5.7) ----

    /// <summary>Largest fee as a share of the liquidated notional.</summary>
    public Ppm MaxFeeRate { get; init; } = new(15_000);

    /// <summary>Dynamic fee at the liquidation threshold, as a share of notional.</summary>
    public Ppm BaseFeeRate { get; init; } = new(5_000);

    /// <summary>Added to the dynamic rate per 1.0 of health below 1.0 (ppm of notional per ppm of health deficit).</summary>
    public Ppm FeeRatePerHealthDeficit { get; init; } = new(20_000);

    /// <summary>Added to the dynamic rate per minute in liquidation.</summary>
    public Ppm FeeRatePerMinute { get; init; } = new(1_000);

    /// <summary>Least reward above cost that keeps a keeper paid.</summary>
    public Quantums MinimumReward { get; init; } = new(1_000_000); // 1 USDC

    /// <summary>Least profit over cost, as a share of cost.</summary>
    public Ppm MinimumProfit { get; init; } = new(100_000);

    /// <summary>Share of the fee paid to the keeper; the rest goes to the insurance fund.</summary>
    public Ppm KeeperShare { get; init; } = new(500_000);

    /// <summary>Realized volatility per window assumed by the slippage estimate, as a share of price.</summary>
    public Ppm VolatilityPerWindow { get; init; } = new(2_000);

    /// <summary>The insurance fund this market draws on (markets naming the same fund share it).</summary>
    public int InsuranceFund { get; init; }

    // ---- loss waterfall (DESIGN §5.6) ----

    /// <summary>Decay curve of a Dutch auction lot's price from its start toward the bankruptcy price.</summary>
    public AuctionCurve AuctionCurve { get; init; } = AuctionCurve.StairstepExponential;

    /// <summary>A lot starts this far from the oracle against the keeper (above it for a keeper buying a long, below for a short).</summary>
    public Ppm AuctionStartPremium { get; init; } = new(20_000);

    /// <summary>Linear curve: time to reach the bankruptcy price; every curve: a lot older than this resets.</summary>
    public long AuctionDurationMs { get; init; } = 60_000;

    /// <summary>Stair-step curve: length of one step; exponential curve: the time unit the cut applies per.</summary>
    public long AuctionStepMs { get; init; } = 5_000;

    /// <summary>Share of the gap to the bankruptcy price kept per step (stair-step) or per time unit (exponential).</summary>
    public Ppm AuctionCut { get; init; } = new(800_000);

    /// <summary>A lot whose price is further than this from the oracle (in the keeper's favour) resets (Maker's cusp).</summary>
    public Ppm AuctionResetDrop { get; init; } = new(100_000);

    /// <summary>Resets after which a lot has failed and the backstop takes the position.</summary>
    public int AuctionMaxResets { get; init; } = 2;

    /// <summary>Flat incentive paid from the insurance fund to a keeper whose request opens a lot (Maker's tip).</summary>
    public Quantums AuctionTip { get; init; } = new(1_000_000);

    /// <summary>Proportional incentive on the lot's notional paid with the tip (Maker's chip).</summary>
    public Ppm AuctionChip { get; init; } = new(1_000);

    /// <summary>Most notional under auction in this market at once (Maker's ilk hole).</summary>
    public Quantums MarketAuctionCap { get; init; } = new(10_000_000_000_000);

    /// <summary>Most notional under auction over all markets at once (Maker's Hole), checked by the market opening a lot.</summary>
    public Quantums GlobalAuctionCap { get; init; } = new(100_000_000_000_000);

    /// <summary>Under this health (or below zero equity) the backstop takes the position at once (Hyperliquid's backstop level).</summary>
    public Ppm BackstopHealth { get; init; } = new(300_000);

    /// <summary>
    /// The insurance fund never takes a position over when its equity after the takeover, with its holdings valued at the
    /// stressed exit (mark minus the slippage of unwinding them into the current depth), would be under this; deleveraging
    /// takes over.
    /// </summary>
    public Quantums InsuranceFundFloor { get; init; }

    /// <summary>Most the insurance fund pays for takeovers of this market per window.</summary>
    public Quantums InsurancePayoutCapPerWindow { get; init; } = new(1_000_000_000_000);

    /// <summary>Whether auto-deleveraging may close opposite positions when the insurance fund cannot cover.</summary>
    public bool AutoDeleverage { get; init; } = true;

    /// <summary>
    /// Consecutive liquidation windows in which the book left part of a step's size unfilled inside the bound before that
    /// part goes to a Dutch auction (1 = at once); until then the remainder stays in liquidation for the next window.
    /// A pool under <see cref="BackstopHealth"/> goes to the backstop regardless.
    /// </summary>
    public int BookWindowsBeforeAuction { get; init; } = 3;

    // ---- insurance-fund unwind ----

    /// <summary>
    /// The insurance fund sells (buys back) the positions it holds into the book no further than this from the mark:
    /// limit = mark × (1 − slippage) for a sell, mark × (1 + slippage) for a buy. Keep it well inside the book's usual
    /// depth: a wide bound lets the fund walk the book, and its own sales push the mark down (docs/engine.md §7.6).
    /// </summary>
    public Ppm FundUnwindMaxSlippage { get; init; } = new(1_000);

    /// <summary>
    /// Largest share of a fund's holding in this market unwound in one liquidation window of the market; 0 = the fund
    /// holds what it takes over (no unwind). The depth bounds it too (<see cref="FundUnwindDepthShare"/>).
    /// </summary>
    public Ppm FundUnwindPortionPerWindow { get; init; } = new(10_000);

    // ---- backstop capacity (appended: the wire encoding follows declaration order) ----

    /// <summary>
    /// Most inventory the insurance fund may hold after a takeover, as a multiple of its equity at the stressed exit
    /// (1,000,000 = 1×): Σ |holding| × mark ≤ capacity × stressed equity, or the backstop declines. A fund levered k×
    /// loses its whole equity on an adverse move of 1/k of its inventory's price before it has unwound; it unwinds no
    /// faster than the book refills (<see cref="FundUnwindDepthShare"/>), so it may hold the inventory through a whole
    /// crash. Default 2×: solvent through a 50% fall, the size of the 12 March 2020 crash (BTC about 7,900 → 3,800 in a
    /// day; docs/engine.md §7.2).
    /// </summary>
    public Ppm BackstopCapacity { get; init; } = new(2_000_000);

    /// <summary>
    /// Largest share of the size resting at the best price on the other side of the book (the depth its order consumes)
    /// the insurance fund sells (buys back) into in one unwind; it unwinds once per window, and after its first unwind
    /// of a holding never more than the depth inside its bound grew since its last one (the book's refill). Default 25%:
    /// the fund's own flow leaves at least three quarters of the touch standing, so it does not walk the book; a touch
    /// drained below half is where a book's price starts to move (docs/engine.md §7.6).
    /// </summary>
    public Ppm FundUnwindDepthShare { get; init; } = new(250_000);

    /// <summary>The first invalid field, or null when the set is valid.</summary>
    public string? Validate()
    {
        if (MaxOracleAgeMs <= 0) return nameof(MaxOracleAgeMs) + " must be positive";
        if (JumpBand.Value <= 0 || JumpBand >= Ppm.One) return nameof(JumpBand) + " must be within (0, 1)";
        if (TwapWindowMs <= 0) return nameof(TwapWindowMs) + " must be positive";
        if (BasisEmaWeight.Value <= 0 || BasisEmaWeight > Ppm.One) return nameof(BasisEmaWeight) + " must be within (0, 1]";
        if (TargetHealth <= Ppm.One) return nameof(TargetHealth) + " must be above 1";
        if (MaxPositionPortionPerWindow.Value <= 0 || MaxPositionPortionPerWindow > Ppm.One) return nameof(MaxPositionPortionPerWindow) + " must be within (0, 1]";
        if (MaxAccountNotionalPerWindow.Value <= 0) return nameof(MaxAccountNotionalPerWindow) + " must be positive";
        if (MarketCapacityPerWindow.Value <= 0) return nameof(MarketCapacityPerWindow) + " must be positive";
        if (WindowMs <= 0) return nameof(WindowMs) + " must be positive";
        if (MinimumNotional.IsNegative) return nameof(MinimumNotional) + " must not be negative";
        if (CriticalHealth.IsNegativeOrAbove(Ppm.One)) return nameof(CriticalHealth) + " must be within [0, 1]";
        if (SpreadToMaintenanceRatio.Value < 0) return nameof(SpreadToMaintenanceRatio) + " must not be negative";
        if (BankruptcyAdjustment.Value < 0) return nameof(BankruptcyAdjustment) + " must not be negative";
        if (MaxFeeRate.IsNegativeOrAbove(Ppm.One)) return nameof(MaxFeeRate) + " must be within [0, 1]";
        if (BaseFeeRate.IsNegativeOrAbove(MaxFeeRate)) return nameof(BaseFeeRate) + " must be within [0, MaxFeeRate]";
        if (FeeRatePerHealthDeficit.Value < 0) return nameof(FeeRatePerHealthDeficit) + " must not be negative";
        if (FeeRatePerMinute.Value < 0) return nameof(FeeRatePerMinute) + " must not be negative";
        if (MinimumReward.IsNegative) return nameof(MinimumReward) + " must not be negative";
        if (MinimumProfit.Value < 0) return nameof(MinimumProfit) + " must not be negative";
        if (KeeperShare.IsNegativeOrAbove(Ppm.One)) return nameof(KeeperShare) + " must be within [0, 1]";
        if (VolatilityPerWindow.IsNegativeOrAbove(Ppm.One)) return nameof(VolatilityPerWindow) + " must be within [0, 1]";
        if (InsuranceFund < 0) return nameof(InsuranceFund) + " must not be negative";
        if (!Enum.IsDefined(AuctionCurve)) return nameof(AuctionCurve) + " is not a known curve";
        if (AuctionStartPremium.IsNegativeOrAbove(Ppm.One)) return nameof(AuctionStartPremium) + " must be within [0, 1]";
        if (AuctionDurationMs <= 0) return nameof(AuctionDurationMs) + " must be positive";
        if (AuctionStepMs <= 0) return nameof(AuctionStepMs) + " must be positive";
        if (AuctionCut.Value <= 0 || AuctionCut >= Ppm.One) return nameof(AuctionCut) + " must be within (0, 1)";
        if (AuctionResetDrop.Value <= 0 || AuctionResetDrop >= Ppm.One) return nameof(AuctionResetDrop) + " must be within (0, 1)";
        if (AuctionMaxResets < 0) return nameof(AuctionMaxResets) + " must not be negative";
        if (AuctionTip.IsNegative) return nameof(AuctionTip) + " must not be negative";
        if (AuctionChip.IsNegativeOrAbove(Ppm.One)) return nameof(AuctionChip) + " must be within [0, 1]";
        if (MarketAuctionCap.IsNegative) return nameof(MarketAuctionCap) + " must not be negative";
        if (GlobalAuctionCap.IsNegative) return nameof(GlobalAuctionCap) + " must not be negative";
        if (BackstopHealth.IsNegativeOrAbove(Ppm.One)) return nameof(BackstopHealth) + " must be within [0, 1]";
        if (InsuranceFundFloor.IsNegative) return nameof(InsuranceFundFloor) + " must not be negative";
        if (InsurancePayoutCapPerWindow.IsNegative) return nameof(InsurancePayoutCapPerWindow) + " must not be negative";
        if (BookWindowsBeforeAuction < 1) return nameof(BookWindowsBeforeAuction) + " must be at least 1";
        if (FundUnwindMaxSlippage.Value < 0 || FundUnwindMaxSlippage >= Ppm.One) return nameof(FundUnwindMaxSlippage) + " must be within [0, 1)";
        if (FundUnwindPortionPerWindow.IsNegativeOrAbove(Ppm.One)) return nameof(FundUnwindPortionPerWindow) + " must be within [0, 1]";
        if (BackstopCapacity.Value < 0) return nameof(BackstopCapacity) + " must not be negative";
        if (FundUnwindDepthShare.Value <= 0 || FundUnwindDepthShare > Ppm.One) return nameof(FundUnwindDepthShare) + " must be within (0, 1]";
        return null;
    }
}
