using MarginCall.Core.Model;

namespace MarginCall.Engine.Risk;

/// <summary>
/// Finds the accounts a price move may have changed the state of. The engine re-evaluates exactly the candidates
/// (in slot order) and reports every evaluation back through <see cref="Track"/>; a detector is derived state and is
/// not part of the state hash, so any sound detector yields the same events as the full scan.
/// </summary>
public interface ILiquidationDetector
{
    /// <summary>Records an account's buffer after it was evaluated at <paramref name="prices"/>.</summary>
    void Track(int slot, Account account, long bufferPpm, Venue venue, PriceSet prices);

    /// <summary>Adds to <paramref name="candidates"/> the accounts to re-examine after price key <paramref name="key"/> moved to <paramref name="price"/> (unordered, possibly with repeats).</summary>
    void CollectCandidates(PriceKey key, long price, int accountCount, List<int> candidates);
}

/// <summary>A price the engine tracks: a market's mark price or an asset's price.</summary>
/// <param name="Value">Market id for markets; market count + asset id for assets.</param>
public readonly record struct PriceKey(int Value);
