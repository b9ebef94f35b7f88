using System.Numerics;

namespace MarginCall.Engine.Risk;

/// <summary>
/// The band edges of one side of one price, for the candidate index: a "price ladder" of buckets, each holding the
/// edges whose keys fall in it, unordered. Push appends to one bucket (O(1)); a drain to a bound takes every bucket
/// wholly under the bound's bucket and checks the bound's own bucket entry by entry, so it touches only the edges it
/// removes plus one bucket. Stale entries (the account was re-tracked since) are dropped as buckets are scanned, and by
/// an in-place compaction once the ladder holds twice what was live at the last one.
/// <para>Buckets are geometric, about 0.1–0.2% of the key wide: the bucket of a key is its top
/// <see cref="MantissaBits"/> + 1 significant bits with the exponent in front — integer arithmetic, exactly monotone
/// (a smaller key never lands in a higher bucket), so the set a drain yields is exact whatever the bucket widths.
/// Keys under 2^10 get a bucket each; negative keys (negated floors) mirror the positive ones.</para>
/// <para>Entries live in one flat pool of 8-entry chunks (128 bytes) shared by the ladder's buckets, chained per bucket
/// and recycled through a free list when a bucket empties, so neither pushing, draining nor compacting allocates: only
/// growth of the pool (or of the bucket range) does.</para>
/// </summary>
internal sealed class BandLadder
{
    private const int MantissaBits = 9;
    private const int ChunkBits = 3;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private const int MinimumCompaction = 1024;
    private const int InitialBuckets = 256;
    private const int NoChunk = -1;
    private const int ReachBuckets = 2 << MantissaBits; // two doublings of the key each way from the anchor


    private BandEntry[] pool = new BandEntry[16 * ChunkSize];
    private int[] nextChunk = new int[16]; // the next chunk of a bucket's chain, or of the free list
    private int freeChunk = NoChunk;
    private int chunksUsed; // chunks ever handed out: the pool's high-water mark

    private BandBucket[] buckets = [];
    private int origin; // bucket number of buckets[0]
    private int anchor = int.MinValue; // bucket number of the price the buckets are laid around (int.MinValue: none yet)
    private int lowest = int.MaxValue; // no bucket under this one holds an entry
    private int highest = int.MinValue; // nor any over this one
    private int liveAfterCompaction;

    /// <summary>Entries held, live and stale.</summary>
    public int Count { get; private set; }

    /// <summary>The bucket number of a key: non-decreasing in the key, 512 buckets per doubling.</summary>
    public static int BucketOf(long key) => key >= 0 ? Magnitude(key) : -1 - Magnitude(~key);

    /// <summary>
    /// Adds an edge; compacts first when the ladder holds twice what was live at the last compaction.
    /// <paramref name="reference"/> is the current price as a key (the price, or its negation for floors): the buckets
    /// are laid around it.
    /// </summary>
    public void Push(long key, long reference, int slot, int version, int[] versions)
    {
        Follow(reference);
        if (Count >= Math.Max(MinimumCompaction, 2 * liveAfterCompaction))
        {
            Compact(versions);
        }

        Append(new BandEntry(key, slot, version));
    }

    /// <summary>Removes every entry with key ≤ <paramref name="bound"/>, adding the live ones' slots to <paramref name="candidates"/>.</summary>
    public void Drain(long bound, int[] versions, List<int> candidates)
    {
        if (Count == 0)
        {
            return;
        }

        Follow(bound);
        var boundary = Rung(bound);
        if (boundary < lowest)
        {
            return;
        }

        var last = Math.Min(boundary - 1, highest);
        for (var number = lowest; number <= last; number++)
        {
            ref var bucket = ref buckets[number - origin];
            if (bucket.Count > 0)
            {
                TakeAll(ref bucket, versions, candidates);
            }
        }

        if (boundary <= highest && buckets[boundary - origin].Count > 0)
        {
            Sift(ref buckets[boundary - origin], bound, versions, candidates);
        }

        lowest = boundary;
        if (Count == 0)
        {
            lowest = int.MaxValue;
            highest = int.MinValue;
        }
    }

    /// <summary>Drops stale entries, in place; chunks a bucket no longer needs go back to the free list.</summary>
    public void Compact(int[] versions)
    {
        var newLowest = int.MaxValue;
        var newHighest = int.MinValue;
        for (var number = lowest; number <= highest; number++)
        {
            ref var bucket = ref buckets[number - origin];
            if (bucket.Count == 0)
            {
                continue;
            }

            Sift(ref bucket, long.MinValue, versions, null);
            if (bucket.Count > 0)
            {
                newLowest = Math.Min(newLowest, number);
                newHighest = number;
            }
        }

        lowest = newLowest;
        highest = newHighest;
        liveAfterCompaction = Count;
    }

    /// <summary>
    /// Lays the buckets around the price again once it has moved more than one doubling from the anchor (re-bucketing
    /// every entry, O(n), once per doubling of the price): far from the anchor, the price's edges would crowd the clamped
    /// end buckets.
    /// </summary>
    private void Follow(long reference)
    {
        var center = BucketOf(reference);
        if (anchor == int.MinValue)
        {
            anchor = center;
        }
        else if (Math.Abs((long)center - anchor) > ReachBuckets / 2)
        {
            Reanchor(center);
        }
    }

    /// <summary>Moves every entry to its bucket around a new anchor, chunk by chunk (each chunk is read, then freed).</summary>
    private void Reanchor(int center)
    {
        var old = buckets;
        var oldOrigin = origin;
        var (oldLowest, oldHighest) = (lowest, highest);
        anchor = center;
        buckets = [];
        lowest = int.MaxValue;
        highest = int.MinValue;
        Count = 0;
        Span<BandEntry> moving = stackalloc BandEntry[ChunkSize];
        for (var number = oldLowest; number <= oldHighest; number++)
        {
            var bucket = old[number - oldOrigin];
            var chunk = bucket.Head;
            for (var remaining = bucket.Count; remaining > 0; remaining -= ChunkSize)
            {
                var count = Math.Min(remaining, ChunkSize);
                pool.AsSpan(chunk << ChunkBits, count).CopyTo(moving);
                var next = nextChunk[chunk];
                ReleaseChain(chunk, chunk);
                foreach (var entry in moving[..count])
                {
                    Append(entry);
                }

                chunk = next;
            }
        }
    }

    /// <summary>Appends an entry to its bucket's chain.</summary>
    private void Append(BandEntry entry)
    {
        var number = Rung(entry.Key);
        ref var bucket = ref Bucket(number);
        if (bucket.Count == 0)
        {
            bucket.Head = bucket.Tail = TakeChunk();
        }
        else if ((bucket.Count & ChunkMask) == 0)
        {
            var chunk = TakeChunk();
            nextChunk[bucket.Tail] = chunk;
            bucket.Tail = chunk;
        }

        pool[(bucket.Tail << ChunkBits) + (bucket.Count & ChunkMask)] = entry;
        bucket.Count++;
        Count++;
        lowest = Math.Min(lowest, number);
        highest = Math.Max(highest, number);
    }

    /// <summary>
    /// The bucket a key goes to: its <see cref="BucketOf"/>, clamped to within <see cref="ReachBuckets"/> of the
    /// anchor's (a factor of four either way; see <see cref="Follow"/>), so that edges far from the price (a long's floor near zero) share the two
    /// end buckets instead of stretching the bucket array. Clamping keeps the numbering monotone, so drains stay exact;
    /// the end buckets are merely checked entry by entry when a bound falls in them.
    /// </summary>
    private int Rung(long key) => Math.Clamp(BucketOf(key), anchor - ReachBuckets, anchor + ReachBuckets);

    /// <summary>The key's top 10 significant bits, after the shift that leaves them, as one increasing number.</summary>
    private static int Magnitude(long value)
    {
        var shift = 63 - MantissaBits - BitOperations.LeadingZeroCount((ulong)value);
        return shift <= 0 ? (int)value : (shift << MantissaBits) + (int)(value >> shift);
    }

    /// <summary>Empties a bucket, adding its live entries' slots; its whole chain goes back to the free list.</summary>
    private void TakeAll(ref BandBucket bucket, int[] versions, List<int> candidates)
    {
        var chunk = bucket.Head;
        for (var i = 0; i < bucket.Count; i++)
        {
            if (i > 0 && (i & ChunkMask) == 0)
            {
                chunk = nextChunk[chunk];
            }

            var entry = pool[(chunk << ChunkBits) + (i & ChunkMask)];
            if (versions[entry.Slot] == entry.Version)
            {
                candidates.Add(entry.Slot);
            }
        }

        ReleaseChain(bucket.Head, bucket.Tail);
        Count -= bucket.Count;
        bucket.Count = 0;
    }

    /// <summary>
    /// Keeps a bucket's live entries with key over <paramref name="bound"/>, packed to the front of its chain, and adds
    /// the slots of the live ones at or under it to <paramref name="candidates"/> (none when it is null: compaction,
    /// which keeps every live entry); stale entries go. Chunks past the last one still used are released.
    /// </summary>
    private void Sift(ref BandBucket bucket, long bound, int[] versions, List<int>? candidates)
    {
        var read = bucket.Head;
        var write = bucket.Head;
        var kept = 0;
        for (var i = 0; i < bucket.Count; i++)
        {
            if (i > 0 && (i & ChunkMask) == 0)
            {
                read = nextChunk[read];
            }

            var entry = pool[(read << ChunkBits) + (i & ChunkMask)];
            if (versions[entry.Slot] != entry.Version)
            {
                continue;
            }

            if (candidates is not null && entry.Key <= bound)
            {
                candidates.Add(entry.Slot);
                continue;
            }

            if (kept > 0 && (kept & ChunkMask) == 0)
            {
                write = nextChunk[write];
            }

            pool[(write << ChunkBits) + (kept & ChunkMask)] = entry;
            kept++;
        }

        if (kept == 0)
        {
            ReleaseChain(bucket.Head, bucket.Tail);
        }
        else if (write != bucket.Tail)
        {
            ReleaseChain(nextChunk[write], bucket.Tail);
            nextChunk[write] = NoChunk;
            bucket.Tail = write;
        }

        Count -= bucket.Count - kept;
        bucket.Count = kept;
    }

    private int TakeChunk()
    {
        int chunk;
        if (freeChunk != NoChunk)
        {
            chunk = freeChunk;
            freeChunk = nextChunk[chunk];
        }
        else
        {
            if (chunksUsed == nextChunk.Length)
            {
                Array.Resize(ref nextChunk, nextChunk.Length * 2);
                Array.Resize(ref pool, nextChunk.Length * ChunkSize);
            }

            chunk = chunksUsed++;
        }

        nextChunk[chunk] = NoChunk;
        return chunk;
    }

    /// <summary>Puts the chain from <paramref name="first"/> to <paramref name="last"/> on the free list (O(1)).</summary>
    private void ReleaseChain(int first, int last)
    {
        nextChunk[last] = freeChunk;
        freeChunk = first;
    }

    /// <summary>The bucket with the given number, growing the array (both ways) to reach it.</summary>
    private ref BandBucket Bucket(int number)
    {
        if (buckets.Length == 0)
        {
            buckets = new BandBucket[InitialBuckets];
            origin = number - (InitialBuckets / 2);
        }
        else if (number < origin || number >= origin + buckets.Length)
        {
            var low = Math.Min(origin, number);
            var high = Math.Max(origin + buckets.Length, number + 1);
            var length = Math.Max(2 * buckets.Length, high - low);
            var newOrigin = number < origin ? high - length : low;
            var grown = new BandBucket[length];
            Array.Copy(buckets, 0, grown, origin - newOrigin, buckets.Length);
            buckets = grown;
            origin = newOrigin;
        }

        return ref buckets[number - origin];
    }
}
