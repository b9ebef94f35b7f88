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
    /// <summary>
    /// 150% warning, 0.1% expected fee (of notional), 20% exit buffer, margin calls lifted at 160%. With a 1% maintenance
    /// rate an account becomes liquidatable at health 1.1 and leaves liquidation at 1.2.
    /// </summary>
    public static RiskThresholds Default { get; } = new(new Ppm(1_500_000), new Ppm(1_000), new Ppm(200_000));

    /// <summary>
    /// Hysteresis of the margin call, in health points (ppm of one): a margin call stands until health reaches
    /// <see cref="WarningHealth"/> + this (<see cref="WarningClearHealth"/>), so an account hovering at the warning line
    /// gets one notice, not one per tick. Default 0.1 (150% → 160%); 0 lifts the call at the warning line itself.
    /// </summary>
    public Ppm WarningHysteresis { get; init; } = new(100_000);

    /// <summary>Health at which a standing margin call (or a recovery from Liquidatable/InLiquidation) ends: warning + hysteresis.</summary>
    public Ppm WarningClearHealth => new(WarningHealth.Value + WarningHysteresis.Value);

    /// <summary>The largest multiple of the maintenance requirement any threshold uses (for the index's sensitivity bound).</summary>
    public long MaxRequirementMultiplierPpm => Math.Max(WarningClearHealth.Value, Ppm.OneValue + ExitBuffer.Value);

    /// <summary>The first invalid field, or null.</summary>
    public string? Validate() =>
        WarningHealth <= Ppm.One ? nameof(WarningHealth) + " must be above 1"
        : ExpectedFeeRate.IsNegativeOrAbove(Ppm.One) ? nameof(ExpectedFeeRate) + " must be within [0, 1]"
        : ExitBuffer.Value <= 0 || Ppm.OneValue + ExitBuffer.Value > WarningHealth.Value ? nameof(ExitBuffer) + " must be positive and 1 + ExitBuffer at most WarningHealth"
        : WarningHysteresis.Value is < 0 or > 10 * Ppm.OneValue ? nameof(WarningHysteresis) + " must be within [0, 10]"
        : null;
}
