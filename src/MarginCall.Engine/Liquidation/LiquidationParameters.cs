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
        return null;
    }
}
