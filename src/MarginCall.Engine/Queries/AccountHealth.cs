using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Queries;

/// <summary>One entry of <see cref="EngineView.AccountsByHealth"/>.</summary>
/// <param name="Ordinal">Creation order of the account.</param>
/// <param name="Account">The account.</param>
/// <param name="Health">Health of its worst pool at the engine's marks; null when it has no requirement.</param>
/// <param name="State">Its liquidation state.</param>
public readonly record struct AccountHealth(int Ordinal, AccountId Account, Ppm? Health, LiquidationState State)
{
    /// <summary>Lowest health first, no health (nothing required) last, then by ordinal.</summary>
    public static IComparer<AccountHealth> LeastHealthyFirst { get; } = Comparer<AccountHealth>.Create(static (a, b) =>
        (a.Health, b.Health) switch
        {
            ({ } x, { } y) when x.Value != y.Value => x.Value.CompareTo(y.Value),
            (null, { }) => 1,
            ({ }, null) => -1,
            _ => a.Ordinal.CompareTo(b.Ordinal),
        });
}
