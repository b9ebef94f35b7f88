using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Risk;

/// <summary>
/// The engine's detector (DESIGN §4): each evaluated account gets, for every price it depends on, a band
/// (P₀ × (1 − b), P₀ × (1 + b)) around the price it was evaluated at, b being its buffer from
/// <see cref="RiskEvaluator"/>. Per price key, a max-heap of band floors and a min-heap of band ceilings; a move to P
/// pops exactly the accounts whose band no longer contains P, at O(affected × log n). Accounts with a zero buffer sit in
/// a per-key list re-examined at every move of that key.
/// <para>Entries are never removed in place: each <see cref="Track"/> bumps the account's version and stale entries are
/// dropped when popped, or by a compaction when a heap holds more than twice its live entries.</para>
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
        Drain(index.Floors, candidates, static (threshold, p) => p <= -threshold, price); // floors stored negated (max-heap)
        Drain(index.Ceilings, candidates, static (threshold, p) => p >= threshold, price);
    }

    private void Drain(PriorityQueue<(int Slot, int Version), long> heap, List<int> candidates, Func<long, long, bool> crossed, long price)
    {
        while (heap.TryPeek(out var entry, out var threshold) && crossed(threshold, price))
        {
            heap.Dequeue();
            if (versions[entry.Slot] == entry.Version)
            {
                candidates.Add(entry.Slot);
            }
        }
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
            index.Floors.Enqueue((slot, version), -floor);
        }

        if (ceiling < long.MaxValue)
        {
            index.Ceilings.Enqueue((slot, version), ceiling);
        }

        index.CompactIfNeeded(versions);
    }

    private sealed class KeyIndex
    {
        private int insertsSinceCompaction;

        public PriorityQueue<(int Slot, int Version), long> Floors { get; private set; } = new();

        public PriorityQueue<(int Slot, int Version), long> Ceilings { get; private set; } = new();

        public List<(int Slot, int Version)> Always { get; } = [];

        public void CompactIfNeeded(int[] versions)
        {
            // Stale entries accumulate as accounts are re-tracked; rebuild once the heaps have doubled since the last rebuild.
            if (++insertsSinceCompaction < 1024 || insertsSinceCompaction < Floors.Count)
            {
                return;
            }

            Floors = Rebuild(Floors, versions);
            Ceilings = Rebuild(Ceilings, versions);
            insertsSinceCompaction = 0;
        }

        private static PriorityQueue<(int Slot, int Version), long> Rebuild(PriorityQueue<(int Slot, int Version), long> heap, int[] versions)
        {
            var live = new List<((int Slot, int Version), long)>(heap.Count);
            foreach (var (element, priority) in heap.UnorderedItems)
            {
                if (versions[element.Slot] == element.Version)
                {
                    live.Add((element, priority));
                }
            }

            return new PriorityQueue<(int Slot, int Version), long>(live);
        }
    }
}
