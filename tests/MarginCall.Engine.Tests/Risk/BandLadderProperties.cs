using CsCheck;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine.Tests.Risk;

/// <summary>
/// The candidate index's price ladder against a plain list: after any interleaving of pushes, version bumps (stale
/// entries), drains to a bound and compactions, a drain yields exactly the live entries at or under the bound, and the
/// ladder keeps every live entry above it. Keys cluster around a price that starts at a million (buckets ~1,000 wide, so a
/// bucket holds many keys and the boundary bucket is split) that now and then jumps by a factor of 2 to 8 (the buckets
/// are laid out again), on either sign (negated floors), with a few far away (clamped into the end buckets).
/// </summary>
public class BandLadderProperties
{
    [Fact]
    public void Drain_yields_exactly_the_live_edges_at_or_under_the_bound()
    {
        Gen.Int[0, int.MaxValue].Sample(
            seed =>
            {
                var random = new Random(seed);
                var ladder = new BandLadder();
                var versions = new int[64];
                var reference = new List<(long Key, int Slot, int Version)>();
                var drained = new List<int>();
                var sign = random.Next(2) == 0 ? 1L : -1L; // ceilings, or negated floors
                var price = 1_000_000L;
                for (var step = 0; step < 3_000; step++)
                {
                    if (random.Next(100) == 0)
                    {
                        price = random.Next(2) == 0 ? price * random.Next(2, 9) : Math.Max(1_000, price / random.Next(2, 9)); // the buckets move
                    }

                    var center = sign * price;
                    var action = random.Next(10);
                    if (action < 6)
                    {
                        var slot = random.Next(versions.Length);
                        if (random.Next(3) == 0)
                        {
                            versions[slot]++; // the account was re-tracked: its older edges are stale
                        }

                        var key = Key(random, center);
                        ladder.Push(key, center, slot, versions[slot], versions);
                        reference.Add((key, slot, versions[slot]));
                    }
                    else if (action < 9)
                    {
                        var bound = reference.Count > 0 && random.Next(4) == 0 ? reference[random.Next(reference.Count)].Key : Key(random, center);
                        drained.Clear();
                        ladder.Drain(bound, versions, drained);
                        var expected = reference.Where(e => e.Key <= bound && versions[e.Slot] == e.Version).Select(e => e.Slot).Order().ToList();
                        Assert.Equal(expected, drained.Order().ToList());
                        reference.RemoveAll(e => e.Key <= bound);
                    }
                    else
                    {
                        ladder.Compact(versions);
                        reference.RemoveAll(e => versions[e.Slot] != e.Version);
                        Assert.Equal(reference.Count, ladder.Count);
                    }
                }
            },
            iter: 60,
            threads: 1);
    }

    [Fact]
    public void Bucket_numbers_never_decrease_with_the_key()
    {
        Gen.Long.Sample(
            key =>
            {
                var next = key == long.MaxValue ? key : key + 1;
                Assert.True(BandLadder.BucketOf(key) <= BandLadder.BucketOf(next));
                Assert.True(BandLadder.BucketOf(key >> 1) <= BandLadder.BucketOf(key) || key < 0);
            },
            iter: 100_000);
    }

    /// <summary>Mostly within ±2% of the price (about 40 buckets), sometimes anywhere from −10¹² to 10¹² (the clamped end buckets), or small.</summary>
    private static long Key(Random random, long center) => random.Next(20) switch
    {
        0 => random.NextInt64(-1_000_000_000_000, 1_000_000_000_000),
        1 => random.NextInt64(-3_000, 3_000),
        _ => center + (random.NextInt64(-20_000, 20_000) * Math.Abs(center) / 1_000_000),
    };
}
