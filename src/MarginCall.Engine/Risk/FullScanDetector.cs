using MarginCall.Core.Model;

namespace MarginCall.Engine.Risk;

/// <summary>
/// The reference detector: every account is a candidate at every price move, as dYdX v4's liquidation daemon scans.
/// Kept as the oracle for the index's tests and the baseline of the benchmarks.
/// </summary>
internal sealed class FullScanDetector : ILiquidationDetector
{
    /// <inheritdoc />
    public bool UsesBands => false;

    /// <inheritdoc />
    public void Track(int slot, Account account, ReadOnlySpan<PriceBand> bands, Venue venue, PriceSet prices)
    {
    }

    /// <inheritdoc />
    public void AddMarket()
    {
    }

    /// <inheritdoc />
    public void CollectCandidates(PriceKey key, long price, int accountCount, List<int> candidates)
    {
        for (var slot = 0; slot < accountCount; slot++)
        {
            candidates.Add(slot);
        }
    }
}
