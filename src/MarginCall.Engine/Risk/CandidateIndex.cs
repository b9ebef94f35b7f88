using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Risk;

/// <summary>
/// The engine's detector (DESIGN §4): each evaluated account gets, for every price it depends on, a band
/// (P₀ × (1 − b), P₀ × (1 + b)) around the price it was evaluated at, b being its buffer from
/// <see cref="RiskEvaluator"/>. Per price key, a heap of band floors (highest first) and one of band ceilings (lowest first); a move to P
/// pops exactly the accounts whose band no longer contains P, at O(affected × log n). Accounts with a zero buffer sit in
/// a per-key list re-examined at every move of that key.
/// <para>Entries are never removed in place: each <see cref="Track"/> bumps the account's version and stale entries are
/// dropped when popped, or by an in-place compaction when a heap has doubled since its last compaction (see
/// <see cref="BandHeap"/>: flat arrays of 16-byte entries, no allocation but growth).</para>
/// </summary>
public sealed class CandidateIndex : ILiquidationDetector
{
    private readonly KeyIndex[] keys;
    private readonly int marketCount;
    private int[] versions = new int[1024];

    /// <summary>Creates an empty index for the venue's markets and assets.</summary>
    public CandidateIndex(Venue venue)
    {
        marketCount = venue.Markets.Count;
        keys = new KeyIndex[marketCount + venue.Assets.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new KeyIndex();
        }
    }

    /// <summary>Live entries over all keys (for memory reports).</summary>
    public long EntryCount
    {
        get
        {
            long count = 0;
            foreach (var key in keys)
            {
                count += key.Floors.Count + key.Ceilings.Count + key.Always.Count;
            }

            return count;
        }
    }

    /// <inheritdoc />
    public void Track(int slot, Account account, long bufferPpm, Venue venue, PriceSet prices)
    {
        if (slot >= versions.Length)
        {
            Array.Resize(ref versions, Math.Max(slot + 1, versions.Length * 2));
        }

        var version = ++versions[slot];
        foreach (ref readonly var position in account.Positions)
        {
            Add(position.Market.Value, prices.Market(position.Market).Units, slot, version, bufferPpm);
        }

        foreach (var spot in account.SpotBalances)
        {
            if (spot.Asset != venue.Quote.Id)
            {
                Add(marketCount + spot.Asset.Value, prices.Asset(spot.Asset).Units, slot, version, bufferPpm);
            }
        }
    }

    /// <inheritdoc />
    public void CollectCandidates(PriceKey key, long price, int accountCount, List<int> candidates)
    {
        var index = keys[key.Value];
        foreach (var (slot, version) in index.Always)
        {
            if (versions[slot] == version)
            {
                candidates.Add(slot);
            }
        }

        index.Always.Clear();
        index.Floors.Drain(-price, versions, candidates); // floors stored negated: crossed when price ≤ floor
        index.Ceilings.Drain(price, versions, candidates);
    }

    private void Add(int key, long price, int slot, int version, long bufferPpm)
    {
        var index = keys[key];
        if (bufferPpm == long.MaxValue)
        {
            return; // the account's state cannot depend on this price
        }

        if (bufferPpm <= 0)
        {
            index.Always.Add((slot, version));
            return;
        }

        // Narrow the band inward: floor rounds up, ceiling rounds down, so any price strictly inside is within b of P₀.
        var width = FixedPoint.Divide((Int128)price * bufferPpm, Ppm.OneValue, Rounding.Floor);
        var floor = width >= price ? 0 : price - (long)width;
        var ceiling = (Int128)price + width > long.MaxValue ? long.MaxValue : price + (long)width;
        if (floor > 0)
        {
            index.Floors.Push(-floor, slot, version, versions);
        }

        if (ceiling < long.MaxValue)
        {
            index.Ceilings.Push(ceiling, slot, version, versions);
        }
    }

    private sealed class KeyIndex
    {
        public BandHeap Floors { get; } = new();

        public BandHeap Ceilings { get; } = new();

        public List<(int Slot, int Version)> Always { get; } = [];
    }
}
