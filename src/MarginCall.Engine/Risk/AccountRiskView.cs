using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;

namespace MarginCall.Engine.Risk;

/// <summary>
/// One account's standing against the state thresholds, taken over all its pools (cross and each isolated
/// position): the worst pool decides each predicate.
/// </summary>
/// <param name="Worst">Figures of the pool with the lowest health (the cross pool when none has a requirement).</param>
/// <param name="IsBankrupt">Some pool has negative equity.</param>
/// <param name="IsLiquidatable">Some pool has equity &lt; maintenance + expected fee.</param>
/// <param name="IsBelowWarning">Some pool has health under the warning level.</param>
/// <param name="IsBelowWarningClear">Some pool has health under the warning level plus its hysteresis (a standing margin call stays).</param>
/// <param name="MeetsExit">Every pool has equity ≥ maintenance × (1 + exit buffer).</param>
public readonly record struct AccountRiskView(
    MarginFigures Worst,
    bool IsBankrupt,
    bool IsLiquidatable,
    bool IsBelowWarning,
    bool IsBelowWarningClear,
    bool MeetsExit)
{
    /// <summary>Health of the worst pool.</summary>
    public Ppm? Health => Worst.Health;
}
