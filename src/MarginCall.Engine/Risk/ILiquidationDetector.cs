using MarginCall.Core.Model;

namespace MarginCall.Engine.Risk;

/// <summary>
/// Finds the accounts a price move may have changed the state of. The engine re-evaluates exactly the candidates
/// (in slot order) and reports every evaluation back through <see cref="Track"/>; a detector is derived state and is
/// not part of the state hash, so any sound detector yields the same events as the full scan.
/// </summary>
internal interface ILiquidationDetector
{
    /// <summary>Whether <see cref="Track"/> needs the bands (the full scan ignores them, so the engine skips computing them).</summary>
    bool UsesBands { get; }

    /// <summary>
    /// Records an account's bands after it was evaluated at <paramref name="prices"/>: <c>bands[i]</c> for
    /// <c>Positions[i]</c>, then one per spot balance (see <see cref="RiskEvaluator"/>).
    /// </summary>
    void Track(int slot, Account account, ReadOnlySpan<PriceBand> bands, Venue venue, PriceSet prices);

    /// <summary>A market was listed: its price key is the next market id, so asset keys move up by one.</summary>
    void AddMarket();

    /// <summary>Adds to <paramref name="candidates"/> the accounts to re-examine after price key <paramref name="key"/> moved to <paramref name="price"/> (unordered, possibly with repeats).</summary>
    void CollectCandidates(PriceKey key, long price, int accountCount, List<int> candidates);
}

/// <summary>A price the engine tracks: a market's mark price or an asset's price.</summary>
/// <param name="Value">Market id for markets; market count + asset id for assets.</param>
internal readonly record struct PriceKey(int Value);
