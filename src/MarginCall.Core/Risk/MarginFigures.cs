using MarginCall.Core.Numbers;

namespace MarginCall.Core.Risk;

/// <summary>
/// The margin figures of one collateral pool (an account's cross pool, or one isolated position), in quote quantums.
/// </summary>
/// <param name="Equity">Net collateral value: spot balances at price + perp quote balances + position values + accrued funding. Values round down.</param>
/// <param name="InitialRequirement">Sum of initial requirements and spot haircuts; rounds up.</param>
/// <param name="MaintenanceRequirement">Sum of maintenance requirements and spot haircuts; rounds up.</param>
/// <param name="Notional">Sum of |position| × price over the pool's positions; rounds up.</param>
public readonly record struct MarginFigures(
    Quantums Equity,
    Quantums InitialRequirement,
    Quantums MaintenanceRequirement,
    Quantums Notional)
{
    /// <summary>Equity − initial requirement: what can be withdrawn or used to open more; negative when short.</summary>
    public Quantums FreeCollateral => Equity - InitialRequirement;

    /// <summary>Equity − maintenance requirement: the cushion before liquidation.</summary>
    public Quantums MaintenanceExcess => Equity - MaintenanceRequirement;

    /// <summary>Equity below the maintenance requirement.</summary>
    public bool IsBelowMaintenance => Equity < MaintenanceRequirement;

    /// <summary>Equity below zero: the pool cannot cover its losses.</summary>
    public bool IsBankrupt => Equity.IsNegative;

    /// <summary>
    /// Equity / maintenance requirement in ppm, rounded down (a pool never looks healthier than it is);
    /// null when there is no requirement. Saturates at long.MaxValue ppm.
    /// </summary>
    public Ppm? Health => MaintenanceRequirement.Value == 0 ? null : SaturatingRatio(Equity.Value, MaintenanceRequirement.Value, Rounding.Floor);

    /// <summary>Notional / equity in ppm, rounded up; null when equity is not positive (unbounded leverage).</summary>
    public Ppm? Leverage => Equity.Value <= 0 ? null : SaturatingRatio(Notional.Value, Equity.Value, Rounding.Ceiling);

    /// <summary>Sum of two pools' figures (checked).</summary>
    public static MarginFigures operator +(MarginFigures a, MarginFigures b) => new(
        a.Equity + b.Equity,
        a.InitialRequirement + b.InitialRequirement,
        a.MaintenanceRequirement + b.MaintenanceRequirement,
        a.Notional + b.Notional);

    private static Ppm SaturatingRatio(long numerator, long denominator, Rounding rounding)
    {
        var ratio = FixedPoint.Divide((Int128)numerator * Ppm.OneValue, denominator, rounding);
        return new Ppm(ratio > long.MaxValue ? long.MaxValue : ratio < long.MinValue ? long.MinValue : (long)ratio);
    }
}
