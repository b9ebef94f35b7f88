using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Risk;

/// <summary>
/// Venue-wide state thresholds (DESIGN §5.2). An account's pools are compared with them; the worst pool decides.
/// </summary>
/// <param name="WarningHealth">Margin call notice when health (equity / maintenance) falls under this.</param>
/// <param name="ExpectedFeeRate">Liquidatable when equity &lt; maintenance + ceil(notional × this): the expected liquidation reward.</param>
/// <param name="ExitBuffer">InLiquidation lasts until equity ≥ maintenance × (1 + this).</param>
public sealed record RiskThresholds(Ppm WarningHealth, Ppm ExpectedFeeRate, Ppm ExitBuffer)
{
    /// <summary>150% warning, 0.1% expected fee (of notional), 20% exit buffer. With a 1% maintenance rate an account becomes liquidatable at health 1.1 and leaves liquidation at 1.2.</summary>
    public static RiskThresholds Default { get; } = new(new Ppm(1_500_000), new Ppm(1_000), new Ppm(200_000));

    /// <summary>The largest multiple of the maintenance requirement any threshold uses (for the index's sensitivity bound).</summary>
    public long MaxRequirementMultiplierPpm => Math.Max(WarningHealth.Value, Ppm.OneValue + ExitBuffer.Value);

    /// <summary>The first invalid field, or null.</summary>
    public string? Validate() =>
        WarningHealth <= Ppm.One ? nameof(WarningHealth) + " must be above 1"
        : ExpectedFeeRate.IsNegativeOrAbove(Ppm.One) ? nameof(ExpectedFeeRate) + " must be within [0, 1]"
        : ExitBuffer.Value <= 0 || Ppm.OneValue + ExitBuffer.Value > WarningHealth.Value ? nameof(ExitBuffer) + " must be positive and 1 + ExitBuffer at most WarningHealth"
        : null;
}
