using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Risk;

/// <summary>
/// The engine's detector (DESIGN §4): each evaluated account gets, for every price it depends on, the edges of its
/// <see cref="PriceBand"/> around the price it was evaluated at: a floor P₀ × (1 − down) and a ceiling
/// P₀ × (1 + up), either absent when that side is unbounded (a healthy long has no ceiling: a rise cannot change its
/// state). Per price key, a heap of floors (highest first) and one of ceilings (lowest first); a move to P pops exactly
/// the edges it crossed, at O(affected × log n). A zero-width side puts its edge at P₀ itself, so any move that way
/// re-examines the account.
/// <para>Entries are never removed in place: each <see cref="Track"/> bumps the account's version and stale entries are
/// dropped when popped, or by an in-place compaction when a heap has doubled since its last compaction (see
/// <see cref="BandHeap"/>: flat arrays of 16-byte entries, no allocation but growth).</para>
/// </summary>
internal sealed class CandidateIndex : ILiquidationDetector
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

    /// <summary>Entries over all keys, live and stale (for memory reports).</summary>
    public long EntryCount
    {
        get
        {
            long count = 0;
            foreach (var key in keys)
            {
                count += key.Floors.Count + key.Ceilings.Count;
            }

            return count;
        }
    }

    /// <inheritdoc />
    public bool UsesBands => true;

    /// <summary>
    /// The live edges (stale ones left out) as (price key, floor or ceiling, edge price units, slot), sorted: the content
    /// of the index independent of its history, which tests compare between a live and a loaded engine.
    /// </summary>
    public List<(int Key, bool Ceiling, long Edge, int Slot)> LiveEdges()
    {
        var edges = new List<(int Key, bool Ceiling, long Edge, int Slot)>();
        var scratch = new List<(long Key, int Slot)>();
        for (var key = 0; key < keys.Length; key++)
        {
            scratch.Clear();
            keys[key].Floors.CopyLive(versions, scratch);
            foreach (var (edge, slot) in scratch)
            {
                edges.Add((key, false, -edge, slot));
            }

            scratch.Clear();
            keys[key].Ceilings.CopyLive(versions, scratch);
            foreach (var (edge, slot) in scratch)
            {
                edges.Add((key, true, edge, slot));
            }
        }

        edges.Sort();
        return edges;
    }

    /// <inheritdoc />
    public void Track(int slot, Account account, ReadOnlySpan<PriceBand> bands, Venue venue, PriceSet prices)
    {
        if (slot >= versions.Length)
        {
            Array.Resize(ref versions, Math.Max(slot + 1, versions.Length * 2));
        }

        var version = ++versions[slot];
        var positions = account.Positions;
        for (var i = 0; i < positions.Length; i++)
        {
            var market = positions[i].Market;
            Add(keys[market.Value], prices.Market(market).Units, slot, version, bands[i]);
        }

        var spots = account.SpotBalances;
        for (var j = 0; j < spots.Length; j++)
        {
            var asset = spots[j].Asset;
            if (asset != venue.Quote.Id)
            {
                Add(keys[marketCount + asset.Value], prices.Asset(asset).Units, slot, version, bands[positions.Length + j]);
            }
        }
    }

    /// <inheritdoc />
    public void CollectCandidates(PriceKey key, long price, int accountCount, List<int> candidates)
    {
        var index = keys[key.Value];
        index.Floors.Drain(-price, versions, candidates); // floors stored negated: crossed when price ≤ floor
        index.Ceilings.Drain(price, versions, candidates);
    }

    private void Add(KeyIndex index, long price, int slot, int version, PriceBand band)
    {
        // Narrow the band inward: each edge moves toward P₀ by the rounding, so any price strictly inside is within the band.
        if (band.DownPpm != long.MaxValue)
        {
            var width = Width(price, band.DownPpm);
            if (width < price)
            {
                index.Floors.Push(-(price - (long)width), slot, version, versions);
            }
        }

        if (band.UpPpm != long.MaxValue)
        {
            var width = Width(price, band.UpPpm);
            if ((Int128)price + width < long.MaxValue)
            {
                index.Ceilings.Push(price + (long)width, slot, version, versions);
            }
        }
    }

    /// <summary>floor(price × ppm / 10⁶), the band's half-width on one side in price units.</summary>
    private static Int128 Width(long price, long ppm) => FixedPoint.Divide(Math.BigMul(price, ppm), Ppm.OneValue, Rounding.Floor);

    private sealed class KeyIndex
    {
        public BandHeap Floors { get; } = new();

        public BandHeap Ceilings { get; } = new();
    }
}
