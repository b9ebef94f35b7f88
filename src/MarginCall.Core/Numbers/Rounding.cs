namespace MarginCall.Core.Numbers;

/// <summary>
/// The rounding rule a formula applies when an exact result is not representable in its unit.
/// Every ledger formula names one. Solvency decides which: requirements, fees and anything the account owes
/// round toward <see cref="Ceiling"/>; collateral value, payouts and anything owed to the account round toward
/// <see cref="Floor"/>.
/// </summary>
public enum Rounding
{
    /// <summary>Toward negative infinity (−2.5 → −3, 2.5 → 2).</summary>
    Floor,

    /// <summary>Toward positive infinity (−2.5 → −2, 2.5 → 3).</summary>
    Ceiling,
}
