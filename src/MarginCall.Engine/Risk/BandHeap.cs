namespace MarginCall.Engine.Risk;

/// <summary>One edge of an account's band in a <see cref="BandHeap"/> (16 bytes).</summary>
/// <param name="Key">The heap key: the ceiling, or the negated floor.</param>
/// <param name="Slot">The account's slot.</param>
/// <param name="Version">The account's tracking version when the edge was recorded (stale once it moves on).</param>
internal readonly record struct BandEntry(long Key, int Slot, int Version);

/// <summary>
/// A 4-ary min-heap of band edges in one flat array of structs, built for the candidate index: push, pop every entry
/// whose key is at most a bound, and compaction in place (stale entries dropped, then Floyd's heapify) so neither
/// draining nor compacting allocates. Only growth of the array allocates.
/// <para>Four children per node: the four 16-byte children of a node share one 64-byte cache line, and the tree is half
/// as deep as a binary one, so a pop from a heap of a million edges touches about ten lines instead of twenty.</para>
/// </summary>
internal sealed class BandHeap
{
    private const int MinimumCompaction = 1024;

    private BandEntry[] items = new BandEntry[16];
    private int liveAfterCompaction;

    /// <summary>Entries held, live and stale.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the live entries (version current) as (key, slot) to <paramref name="destination"/>, in heap order.</summary>
    public void CopyLive(int[] versions, List<(long Key, int Slot)> destination)
    {
        for (var i = 0; i < Count; i++)
        {
            var entry = items[i];
            if (entry.Slot < versions.Length && versions[entry.Slot] == entry.Version)
            {
                destination.Add((entry.Key, entry.Slot));
            }
        }
    }

    /// <summary>Adds an edge; compacts first when the heap holds twice what was live at the last compaction.</summary>
    public void Push(long key, int slot, int version, int[] versions)
    {
        if (Count >= Math.Max(MinimumCompaction, 2 * liveAfterCompaction))
        {
            Compact(versions);
        }

        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        var i = Count++;
        var entry = new BandEntry(key, slot, version);
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            if (items[parent].Key <= key)
            {
                break;
            }

            items[i] = items[parent];
            i = parent;
        }

        items[i] = entry;
    }

    /// <summary>Removes every entry with key ≤ <paramref name="bound"/>, adding the live ones' slots to <paramref name="candidates"/>.</summary>
    public void Drain(long bound, int[] versions, List<int> candidates)
    {
        while (Count > 0 && items[0].Key <= bound)
        {
            var top = items[0];
            RemoveTop();
            if (versions[top.Slot] == top.Version)
            {
                candidates.Add(top.Slot);
            }
        }
    }

    /// <summary>Drops stale entries and restores the heap order, in place.</summary>
    public void Compact(int[] versions)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var entry = items[i];
            if (versions[entry.Slot] == entry.Version)
            {
                items[kept++] = entry;
            }
        }

        Array.Clear(items, kept, Count - kept);
        Count = kept;
        for (var i = (Count - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, items[i]);
        }

        liveAfterCompaction = Count;
    }

    private void RemoveTop()
    {
        var last = items[--Count];
        items[Count] = default;
        if (Count > 0)
        {
            SiftDown(0, last);
        }
    }

    private void SiftDown(int i, BandEntry entry)
    {
        while (true)
        {
            var first = (4 * i) + 1;
            if (first >= Count)
            {
                break;
            }

            var child = first;
            var last = Math.Min(first + 4, Count);
            for (var c = first + 1; c < last; c++)
            {
                if (items[c].Key < items[child].Key)
                {
                    child = c;
                }
            }

            if (entry.Key <= items[child].Key)
            {
                break;
            }

            items[i] = items[child];
            i = child;
        }

        items[i] = entry;
    }
}
